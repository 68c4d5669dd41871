// Types and prototypes only: HepChain does not link OpenBLAS at build time.
// LinearAlgebra opens libopenblas with dlopen after choosing OPENBLAS_CORETYPE,
// because OpenBLAS reads that variable once, when the library initialises.
#include <cblas.h>
#include <dlfcn.h>

typedef void (*hepchain_sgemm_fn)(const enum CBLAS_ORDER, const enum CBLAS_TRANSPOSE, const enum CBLAS_TRANSPOSE,
                                  const blasint, const blasint, const blasint, const float, const float *,
                                  const blasint, const float *, const blasint, const float, float *, const blasint);
typedef void (*hepchain_sgemv_fn)(const enum CBLAS_ORDER, const enum CBLAS_TRANSPOSE, const blasint, const blasint,
                                  const float, const float *, const blasint, const float *, const blasint,
                                  const float, float *, const blasint);
typedef void (*hepchain_sbgemm_fn)(const enum CBLAS_ORDER, const enum CBLAS_TRANSPOSE, const enum CBLAS_TRANSPOSE,
                                   const blasint, const blasint, const blasint, const float, const bfloat16 *,
                                   const blasint, const bfloat16 *, const blasint, const float, float *, const blasint);
typedef char *(*hepchain_corename_fn)(void);
typedef void (*hepchain_set_threads_fn)(int);
typedef int (*hepchain_get_threads_fn)(void);
