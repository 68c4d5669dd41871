#include "BenchKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

int bench_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

__attribute__((target("avx2,fma"))) static float fma_chains_avx2(long iterations) {
    const __m256 m = _mm256_set1_ps(0.999999f), c = _mm256_set1_ps(1e-7f);
    __m256 a[12];
    for (int i = 0; i < 12; i++) a[i] = _mm256_set1_ps(0.1f * (float)(i + 1));
    for (long n = 0; n < iterations; n++) {
        a[0] = _mm256_fmadd_ps(a[0], m, c); a[1] = _mm256_fmadd_ps(a[1], m, c); a[2] = _mm256_fmadd_ps(a[2], m, c);
        a[3] = _mm256_fmadd_ps(a[3], m, c); a[4] = _mm256_fmadd_ps(a[4], m, c); a[5] = _mm256_fmadd_ps(a[5], m, c);
        a[6] = _mm256_fmadd_ps(a[6], m, c); a[7] = _mm256_fmadd_ps(a[7], m, c); a[8] = _mm256_fmadd_ps(a[8], m, c);
        a[9] = _mm256_fmadd_ps(a[9], m, c); a[10] = _mm256_fmadd_ps(a[10], m, c); a[11] = _mm256_fmadd_ps(a[11], m, c);
    }
    __m256 sum = a[0];
    for (int i = 1; i < 12; i++) sum = _mm256_add_ps(sum, a[i]);
    float lanes[8];
    _mm256_storeu_ps(lanes, sum);
    return lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] + lanes[7];
}

__attribute__((target("avx2"))) static float sum_floats_avx2(const float *values, long count) {
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    long i = 0;
    for (; i + 32 <= count; i += 32) {
        s0 = _mm256_add_ps(s0, _mm256_loadu_ps(values + i));
        s1 = _mm256_add_ps(s1, _mm256_loadu_ps(values + i + 8));
        s2 = _mm256_add_ps(s2, _mm256_loadu_ps(values + i + 16));
        s3 = _mm256_add_ps(s3, _mm256_loadu_ps(values + i + 24));
    }
    float lanes[8];
    _mm256_storeu_ps(lanes, _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
    float total = lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] + lanes[7];
    for (; i < count; i++) total += values[i];
    return total;
}
#else
int bench_has_avx2_fma(void) { return 0; }
#endif

static float fma_chains_scalar(long iterations) {
    float a[12 * 8];
    for (int i = 0; i < 12 * 8; i++) a[i] = 0.1f * (float)(i / 8 + 1);
    for (long n = 0; n < iterations; n++) {
        for (int i = 0; i < 12 * 8; i++) a[i] = a[i] * 0.999999f + 1e-7f;
    }
    float total = 0;
    for (int i = 0; i < 12 * 8; i++) total += a[i];
    return total;
}

float bench_fma_chains(long iterations) {
#if defined(__x86_64__)
    if (bench_has_avx2_fma()) return fma_chains_avx2(iterations);
#endif
    return fma_chains_scalar(iterations);
}

float bench_sum_floats(const float *values, long count) {
#if defined(__x86_64__)
    if (bench_has_avx2_fma()) return sum_floats_avx2(values, count);
#endif
    float total = 0;
    for (long i = 0; i < count; i++) total += values[i];
    return total;
}
