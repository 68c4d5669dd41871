// The AVX-512 level (x86-64-v4: F, BW, DQ, VL): 16-wide zmm vectors, fused multiply-adds, F16C; panel tiles of
// 12 rows (one zmm accumulator each: 12 of the 32 registers). The generic x86-64 tuning these functions get does
// not prefer 256-bit vectors, so 16-float vectors stay one zmm register.
#include "hepchain_vector_kernels.h"
#include <immintrin.h>
#include <stdlib.h>
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c"))), apply_to = function)
#define LANES 16
#define HAS_FMA 1
#define HAS_F16C 1
#define PANEL_TILE_ROWS 12
#define LEVEL_NAME "avx512"
#define ACCESSOR hepchain_vector_kernels_avx512
#include "vector_kernels_body.h"
#pragma clang attribute pop
#else
const hepchain_vector_kernels *hepchain_vector_kernels_avx512(void) { return 0; }
#endif
