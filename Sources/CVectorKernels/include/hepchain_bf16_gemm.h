// A linear layer y = x · Wᵀ + b in bfloat16 with float32 accumulation, for CPUs with AVX512-BF16 (`vdpbf16ps`).
// The weight W (n outputs, k inputs) is rounded to bfloat16 once, into panels of 32 output columns holding pairs
// of inputs side by side (the operand layout of `vdpbf16ps`); the input x is rounded per call, a block of rows
// at a time. Compiled with a function-level `target` attribute, so any x86-64 machine can build it; call
// `hepchain_bf16_gemm_compiled()` and check the CPU's flags (LinearAlgebra's `BFloat16Weight`) before running it.
#ifndef HEPCHAIN_BF16_GEMM_H
#define HEPCHAIN_BF16_GEMM_H

#include <stdint.h>

/// Output columns per panel.
#define HEPCHAIN_BF16_PANEL_WIDTH 32

/// 1 when this binary has the kernel (x86-64 builds), 0 otherwise.
int hepchain_bf16_gemm_compiled(void);

/// Number of `uint16_t` the packed form of an (n, k) weight takes: ⌈n/32⌉ panels × ⌈k/2⌉ pairs × 64.
long hepchain_bf16_packed_count(long n, long k);

/// Rounds W to bfloat16 (to nearest, ties to even) into `packed` (`hepchain_bf16_packed_count(n, k)` values):
/// W[j, i] is read at `w[j * stride_out + i * stride_in]`, so (out, in) storage passes (k, 1) and (in, out)
/// storage passes (1, n). Element (panel p, pair q, column c, half t) is at ((p·⌈k/2⌉ + q)·32 + c)·2 + t and holds
/// W[32p + c, 2q + t]; padding columns and the odd input's partner are zero. Plain C: runs on any CPU.
void hepchain_bf16_pack(const float *w, long n, long k, long stride_out, long stride_in, uint16_t *packed);

/// y[r, j] = bias[j] + Σᵢ bf16(x[r, i]) · W[j, i] for rows r < `rows` and output columns j of panels
/// `panel_begin ..< panel_end` (all panels: 0 ..< ⌈n/32⌉). x is (rows, k) and y (rows, n), both dense row-major
/// float32; `bias` may be NULL. Products are exact in float32 and summed in float32. Needs AVX512-F/BW/VL and
/// AVX512-BF16; keeps a per-thread scratch of ≤ ~300 KB (freed when the thread ends).
void hepchain_bf16_linear(const float *x, long rows, long k, const uint16_t *packed, long n, const float *bias,
                          float *y, long panel_begin, long panel_end);

/// Rounds `count` floats to bfloat16 as the kernel rounds its input (to nearest, ties to even), widened back to
/// float: what the kernel multiplies, for tests.
void hepchain_bf16_round(const float *x, float *rounded, long count);

#endif
