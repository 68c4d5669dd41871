// Distance, element-wise and encoder kernels compiled once per x86-64 instruction-set level (baseline SSE2,
// AVX2 + FMA + F16C, AVX-512), from one source (vector_kernels_body.h and encoder_kernels_body.h) with per-function
// `target` attributes, so one binary carries all of them whatever machine built it. LinearAlgebra's `KernelLevel` picks one table at start from
// /proc/cpuinfo; tests call every table the CPU can run. On other architectures only the baseline exists.
#ifndef HEPCHAIN_VECTOR_KERNELS_H
#define HEPCHAIN_VECTOR_KERNELS_H

#include <stdint.h>

/// Output columns per panel of a packed weight (LinearAlgebra's `PackedWeight`): panel p holds columns
/// 16p ..< 16p + 16 for every input, input-major, so input i's 16 weights are contiguous; the last panel is
/// zero-padded. As floats a panel is `inputs · 16` floats, as halves `inputs · 16` IEEE half floats.
#define HEPCHAIN_PANEL_WIDTH 16

typedef struct hepchain_vector_kernels {
    /// "baseline", "avx2" or "avx512".
    const char *name;
    /// Σ a[i]·b[i] over `count` values.
    float (*inner_product)(const float *a, const float *b, long count);
    /// Σ (a[i] − b[i])² over `count` values.
    float (*squared_l2)(const float *a, const float *b, long count);
    /// out[r] = Σ q[i]·row_r[i] for the four rows a, b, c, d (one pass over q).
    void (*inner_product_4)(const float *q, const float *a, const float *b, const float *c, const float *d,
                            long count, float *out);
    /// out[r] = Σ (q[i] − row_r[i])² for the four rows a, b, c, d.
    void (*squared_l2_4)(const float *q, const float *a, const float *b, const float *c, const float *d,
                         long count, float *out);
    /// Σ q[i]·codes[i] with 8-bit codes.
    float (*int8_inner_product)(const float *q, const int8_t *codes, long count);
    /// x ← x · ½ · (1 + erf(x / √2)) in place (erf by Abramowitz & Stegun 7.1.26, exp by the Cephes polynomial).
    void (*gelu)(float *x, long count);
    /// x ← softmax(x) in place, the maximum subtracted first.
    void (*softmax)(float *x, long count);

    // The encoder's per-query kernels (encoder_kernels_body.h).

    /// y[r, j] = bias[j] + Σᵢ x[r, i] · W[j, i] for rows r < `rows` and the output columns j of panels
    /// `panel_begin ..< panel_end`, against W packed into panels (`halves`: IEEE half floats, widened exactly).
    /// x is (rows, inputs), y (rows, outputs), dense row-major; `bias` may be NULL.
    void (*packed_linear)(const float *x, long rows, const void *panels, int halves, long inputs, long outputs,
                          const float *bias, float *y, long panel_begin, long panel_end);
    /// Multi-head self-attention of one sequence of `length` rows: `qkv` is (length, 3·heads·head_size), each row
    /// [q | k | v] with heads side by side; `context` (length, heads·head_size) receives softmax(Q_h K_hᵀ/√d) V_h
    /// per head. Scratch: `scores` length² floats, `panels` ⌈length/16⌉·16·head_size + ⌈head_size/16⌉·16·length.
    void (*attention)(const float *qkv, long length, long heads, long head_size, float *scores, float *panels,
                      float *context);
    /// x ← LayerNorm(x + residual) per row of `columns`: (v − mean) / √(variance + ε) · γ + β; `residual` may be NULL.
    void (*add_layer_norm)(float *x, const float *residual, long rows, long columns, const float *gamma,
                           const float *beta, float epsilon);
    /// out (columns) ← the mean of the `rows` rows of x, scaled to unit L2 norm (a zero mean stays zero).
    void (*mean_pool_normalized)(const float *x, long rows, long columns, float *out);
} hepchain_vector_kernels;

/// The kernels for each level; NULL when this architecture has no such level (non-x86-64 builds).
const hepchain_vector_kernels *hepchain_vector_kernels_baseline(void);
const hepchain_vector_kernels *hepchain_vector_kernels_avx2(void);
const hepchain_vector_kernels *hepchain_vector_kernels_avx512(void);

#endif
