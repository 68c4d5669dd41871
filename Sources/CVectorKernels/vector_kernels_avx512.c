// The AVX-512 level (x86-64-v4: F, BW, DQ, VL): 16-wide zmm vectors, fused multiply-adds. The generic x86-64
// tuning these functions get does not prefer 256-bit vectors, so 16-float vectors stay one zmm register.
#include "hepchain_vector_kernels.h"
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx2,fma"))), apply_to = function)
#define LANES 16
#define HAS_FMA 1
#define LEVEL_NAME "avx512"
#define ACCESSOR hepchain_vector_kernels_avx512
#include "vector_kernels_body.h"
#pragma clang attribute pop
#else
const hepchain_vector_kernels *hepchain_vector_kernels_avx512(void) { return 0; }
#endif
