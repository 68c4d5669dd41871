// Distance and element-wise kernels compiled once per x86-64 instruction-set level (baseline SSE2, AVX2 + FMA,
// AVX-512), from one source (vector_kernels_body.h) with per-function `target` attributes, so one binary carries
// all of them whatever machine built it. LinearAlgebra's `KernelLevel` picks one table at start from
// /proc/cpuinfo; tests call every table the CPU can run. On other architectures only the baseline exists.
#ifndef HEPCHAIN_VECTOR_KERNELS_H
#define HEPCHAIN_VECTOR_KERNELS_H

#include <stdint.h>

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
} hepchain_vector_kernels;

/// The kernels for each level; NULL when this architecture has no such level (non-x86-64 builds).
const hepchain_vector_kernels *hepchain_vector_kernels_baseline(void);
const hepchain_vector_kernels *hepchain_vector_kernels_avx2(void);
const hepchain_vector_kernels *hepchain_vector_kernels_avx512(void);

#endif
