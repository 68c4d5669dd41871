// The AVX2 + FMA + F16C level (x86-64-v3 vector unit): 8-wide, fused multiply-adds, half floats widened in one
// instruction; panel tiles of 6 rows (two ymm accumulators each: 12 of the 16 registers).
#include "hepchain_vector_kernels.h"
#include <stdlib.h>
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)
#define LANES 8
#define HAS_FMA 1
#define HAS_F16C 1
#define PANEL_TILE_ROWS 6
#define LEVEL_NAME "avx2"
#define ACCESSOR hepchain_vector_kernels_avx2
#include "vector_kernels_body.h"
#pragma clang attribute pop
#else
const hepchain_vector_kernels *hepchain_vector_kernels_avx2(void) { return 0; }
#endif
