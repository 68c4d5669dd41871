// Types only, no prototypes and no library: HepChain never links OpenBLAS. LinearAlgebra's `BLAS` chooses
// OPENBLAS_CORETYPE and then opens libopenblas with dlopen, because OpenBLAS reads that variable once, in its
// library constructor; a NEEDED entry would run that constructor before `main`, so the choice would come too
// late (Tests/LinearAlgebraTests/OpenBLASLoadingTests.swift fails any executable that lists libopenblas).
//
// Self-contained on purpose (no <cblas.h>): building needs no OpenBLAS headers or pkg-config. The values are
// those of the CBLAS standard; `blasint` is a 32-bit int in Debian's (LP64, not ILP64) OpenBLAS and bfloat16
// is its 16-bit storage type.
#ifndef HEPCHAIN_OPENBLAS_SHIM_H
#define HEPCHAIN_OPENBLAS_SHIM_H

#include <stdint.h>

typedef int32_t hepchain_blasint;
typedef uint16_t hepchain_bfloat16;

/// CBLAS_ORDER and CBLAS_TRANSPOSE values (an enum is passed as an int in the C calling convention).
#define HEPCHAIN_CBLAS_ROW_MAJOR 101
#define HEPCHAIN_CBLAS_NO_TRANS 111
#define HEPCHAIN_CBLAS_TRANS 112

/// cblas_sgemm(order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)
typedef void (*hepchain_sgemm_fn)(int, int, int, hepchain_blasint, hepchain_blasint, hepchain_blasint, float,
                                  const float *, hepchain_blasint, const float *, hepchain_blasint, float, float *,
                                  hepchain_blasint);
/// cblas_sgemv(order, trans, M, N, alpha, A, lda, X, incX, beta, Y, incY)
typedef void (*hepchain_sgemv_fn)(int, int, hepchain_blasint, hepchain_blasint, float, const float *,
                                  hepchain_blasint, const float *, hepchain_blasint, float, float *,
                                  hepchain_blasint);
/// cblas_sbgemm: as sgemm with bfloat16 A and B (OpenBLAS ≥ 0.3.10).
typedef void (*hepchain_sbgemm_fn)(int, int, int, hepchain_blasint, hepchain_blasint, hepchain_blasint, float,
                                   const hepchain_bfloat16 *, hepchain_blasint, const hepchain_bfloat16 *,
                                   hepchain_blasint, float, float *, hepchain_blasint);
/// openblas_get_corename, openblas_set_num_threads, openblas_get_num_threads
typedef char *(*hepchain_corename_fn)(void);
typedef void (*hepchain_set_threads_fn)(int);
typedef int (*hepchain_get_threads_fn)(void);

#endif
