// The bfloat16 linear layer (see hepchain_bf16_gemm.h). Structure:
//
// - Rows go in blocks small enough that the block's rounded input (block rows × ⌈k/2⌉ pairs × 4 bytes) stays in L2
//   (~256 KB); each block is rounded once (`vcvtne2ps2bf16`), then multiplied by every panel of the range.
// - Within a block, each 32-column panel (⌈k/2⌉ × 128 bytes: 24 KB for k = 384, in L1) meets the block's rows in
//   tiles of at most 12: a tile keeps 12 × 2 zmm accumulators and, per input pair, loads the panel's two zmm and
//   broadcasts each row's pair (one 32-bit load) into `vdpbf16ps`, 24 of them per pair.
// - A block's rows are split into tiles as evenly as possible (13 rows: 7 + 6, not 12 + 1), each tile size a
//   constant in its own instantiation, so the accumulators are registers and the loops are unrolled.
#include "hepchain_bf16_gemm.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/// float → bfloat16 bits as `vcvtne2ps2bf16` computes them: NaN stays a quiet NaN, subnormals become zero of the
/// same sign, everything else rounds to nearest with ties to even.
static inline uint16_t round_to_bf16(float value) {
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    if ((bits & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((bits >> 16) | 0x40u);
    if ((bits & 0x7f800000u) == 0) return (uint16_t)((bits >> 16) & 0x8000u);
    bits += 0x7fffu + ((bits >> 16) & 1u);
    return (uint16_t)(bits >> 16);
}

long hepchain_bf16_packed_count(long n, long k) {
    long panels = (n + HEPCHAIN_BF16_PANEL_WIDTH - 1) / HEPCHAIN_BF16_PANEL_WIDTH;
    return panels * ((k + 1) / 2) * HEPCHAIN_BF16_PANEL_WIDTH * 2;
}

void hepchain_bf16_pack(const float *w, long n, long k, long stride_out, long stride_in, uint16_t *packed) {
    const long width = HEPCHAIN_BF16_PANEL_WIDTH;
    const long pairs = (k + 1) / 2;
    memset(packed, 0, (size_t)hepchain_bf16_packed_count(n, k) * sizeof *packed);
    for (long j = 0; j < n; j++) {
        uint16_t *column = packed + (j / width) * pairs * width * 2 + (j % width) * 2;
        for (long i = 0; i < k; i++) column[(i / 2) * width * 2 + (i % 2)] = round_to_bf16(w[j * stride_out + i * stride_in]);
    }
}

void hepchain_bf16_round(const float *x, float *rounded, long count) {
    for (long i = 0; i < count; i++) {
        uint32_t bits = (uint32_t)round_to_bf16(x[i]) << 16;
        memcpy(rounded + i, &bits, sizeof bits);
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

int hepchain_bf16_gemm_compiled(void) { return 1; }

#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx512bf16,avx2,fma"))), apply_to = function)

enum { tile_limit = 12, block_bytes = 256 * 1024 };

/// Rows `rows` of x (k floats each) rounded to bfloat16 pairs: row r's pair q at pairs_out[r·⌈k/2⌉ + q]; an odd k's
/// last pair has a zero partner.
static void round_rows(const float *x, long rows, long k, uint32_t *pairs_out) {
    const long pairs = (k + 1) / 2;
    for (long r = 0; r < rows; r++) {
        const float *source = x + r * k;
        uint16_t *target = (uint16_t *)(pairs_out + r * pairs);
        long i = 0;
        for (; i + 32 <= k; i += 32) {
            __m512bh converted = _mm512_cvtne2ps_pbh(_mm512_loadu_ps(source + i + 16), _mm512_loadu_ps(source + i));
            _mm512_storeu_si512(target + i, (__m512i)converted);
        }
        if (i < k) {
            long left = k - i;  // 1 ..< 32
            __mmask16 low = (__mmask16)(left >= 16 ? 0xffffu : (1u << left) - 1);
            __mmask16 high = (__mmask16)(left <= 16 ? 0 : (1u << (left - 16)) - 1);
            __m512bh converted = _mm512_cvtne2ps_pbh(_mm512_maskz_loadu_ps(high, source + i + 16), _mm512_maskz_loadu_ps(low, source + i));
            long halves = (left + 1) / 2 * 2;  // the zero partner of an odd k is written too
            __mmask32 store = (__mmask32)(halves >= 32 ? 0xffffffffu : (1u << halves) - 1);
            _mm512_mask_storeu_epi16(target + i, store, (__m512i)converted);
        }
    }
}

/// One tile: `ROWS` rows of rounded pairs (`a`, ⌈k/2⌉ per row) times one panel, plus bias, into `columns` (≤ 32)
/// output columns of y (row stride `ldy`).
static inline __attribute__((always_inline)) void tile(const int ROWS, const uint32_t *a, long pairs, const uint16_t *panel,
                                                       const float *bias, float *y, long ldy, long columns) {
    __m512 low[tile_limit], high[tile_limit];
#pragma clang loop unroll(full)
    for (int r = 0; r < ROWS; r++) {
        low[r] = _mm512_setzero_ps();
        high[r] = _mm512_setzero_ps();
    }
    for (long q = 0; q < pairs; q++) {
        __m512bh w_low = (__m512bh)_mm512_load_si512(panel + q * 64);
        __m512bh w_high = (__m512bh)_mm512_load_si512(panel + q * 64 + 32);
#pragma clang loop unroll(full)
        for (int r = 0; r < ROWS; r++) {
            __m512bh pair = (__m512bh)_mm512_set1_epi32((int)a[r * pairs + q]);
            low[r] = _mm512_dpbf16_ps(low[r], pair, w_low);
            high[r] = _mm512_dpbf16_ps(high[r], pair, w_high);
        }
    }
    __mmask16 low_mask = (__mmask16)(columns >= 16 ? 0xffffu : (1u << columns) - 1);
    __mmask16 high_mask = (__mmask16)(columns <= 16 ? 0 : columns >= 32 ? 0xffffu : (1u << (columns - 16)) - 1);
    __m512 bias_low = bias ? _mm512_maskz_loadu_ps(low_mask, bias) : _mm512_setzero_ps();
    __m512 bias_high = bias ? _mm512_maskz_loadu_ps(high_mask, bias + 16) : _mm512_setzero_ps();
#pragma clang loop unroll(full)
    for (int r = 0; r < ROWS; r++) {
        _mm512_mask_storeu_ps(y + r * ldy, low_mask, _mm512_add_ps(low[r], bias_low));
        _mm512_mask_storeu_ps(y + r * ldy + 16, high_mask, _mm512_add_ps(high[r], bias_high));
    }
}

#define TILE_CASE(R) \
    case R: tile(R, a, pairs, panel, bias, y, ldy, columns); break;

static void tile_of(int rows, const uint32_t *a, long pairs, const uint16_t *panel, const float *bias, float *y, long ldy,
                    long columns) {
    switch (rows) {
        TILE_CASE(1) TILE_CASE(2) TILE_CASE(3) TILE_CASE(4) TILE_CASE(5) TILE_CASE(6)
        TILE_CASE(7) TILE_CASE(8) TILE_CASE(9) TILE_CASE(10) TILE_CASE(11) TILE_CASE(12)
        default: break;
    }
}

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

typedef struct scratch {
    size_t bytes;
    void *memory;
} scratch;

static void free_scratch(void *value) {
    scratch *s = value;
    free(s->memory);
    free(s);
}

static void make_scratch_key(void) { pthread_key_create(&scratch_key, free_scratch); }

/// This thread's scratch, at least `bytes` long and 64-byte aligned; NULL if memory runs out.
static void *thread_scratch(size_t bytes) {
    pthread_once(&scratch_once, make_scratch_key);
    scratch *s = pthread_getspecific(scratch_key);
    if (!s) {
        s = calloc(1, sizeof *s);
        if (!s) return NULL;
        pthread_setspecific(scratch_key, s);
    }
    if (s->bytes < bytes) {
        free(s->memory);
        size_t rounded = (bytes + 63) / 64 * 64;
        s->memory = aligned_alloc(64, rounded);
        s->bytes = s->memory ? rounded : 0;
    }
    return s->memory;
}

void hepchain_bf16_linear(const float *x, long rows, long k, const uint16_t *packed, long n, const float *bias, float *y,
                          long panel_begin, long panel_end) {
    const long width = HEPCHAIN_BF16_PANEL_WIDTH;
    const long pairs = (k + 1) / 2;
    if (rows <= 0 || n <= 0 || panel_begin >= panel_end) return;
    if (k <= 0) {
        for (long r = 0; r < rows; r++)
            for (long j = panel_begin * width; j < n && j < panel_end * width; j++) y[r * n + j] = bias ? bias[j] : 0;
        return;
    }
    // Rows per block: as many whole tiles as keep the block's pairs within `block_bytes`, at least one tile.
    long block = block_bytes / (pairs * 4) / tile_limit * tile_limit;
    if (block < tile_limit) block = tile_limit;
    if (block > rows) block = rows;
    uint32_t *a = thread_scratch((size_t)(block * pairs) * 4);
    if (!a) abort();  // out of memory for ≤ a few hundred KB: nothing sensible is left to do
    for (long first = 0; first < rows; first += block) {
        long count = rows - first < block ? rows - first : block;
        round_rows(x + first * k, count, k, a);
        long tiles = (count + tile_limit - 1) / tile_limit;
        for (long p = panel_begin; p < panel_end; p++) {
            const uint16_t *panel = packed + p * pairs * width * 2;
            long columns = n - p * width < width ? n - p * width : width;
            const float *panel_bias = bias ? bias + p * width : NULL;
            long row = 0;
            for (long t = 0; t < tiles; t++) {
                // Tiles as even as possible: the first (count mod tiles) get one row more.
                int size = (int)(count / tiles + (t < count % tiles ? 1 : 0));
                tile_of(size, a + row * pairs, pairs, panel, panel_bias, y + (first + row) * n + p * width, n, columns);
                row += size;
            }
        }
    }
}

#pragma clang attribute pop

#else

int hepchain_bf16_gemm_compiled(void) { return 0; }

void hepchain_bf16_linear(const float *x, long rows, long k, const uint16_t *packed, long n, const float *bias, float *y,
                          long panel_begin, long panel_end) {
    (void)x, (void)rows, (void)k, (void)packed, (void)n, (void)bias, (void)y, (void)panel_begin, (void)panel_end;
    abort();  // never called: hepchain_bf16_gemm_compiled() is 0
}

#endif
