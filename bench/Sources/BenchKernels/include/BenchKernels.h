#ifndef HEPCHAIN_BENCH_KERNELS_H
#define HEPCHAIN_BENCH_KERNELS_H

/// Whether this CPU runs the AVX2 + FMA paths below (else they fall back to scalar code).
int bench_has_avx2_fma(void);

/// `iterations` rounds of twelve independent 8-wide fused multiply-add chains (a = a * m + c), no memory traffic:
/// 192 FLOPs per round. Returns a checksum so the work cannot be dropped.
float bench_fma_chains(long iterations);

/// The sum of `count` floats, four 8-wide accumulators: one pass at the memory's read speed.
float bench_sum_floats(const float *values, long count);

#endif
