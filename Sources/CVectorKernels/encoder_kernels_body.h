// The encoder's per-query kernels of one instruction-set level: the packed-panel products of the linear layers
// and of attention, LayerNorm and mean pooling. Part of vector_kernels_body.h (included once per level, inside
// that level's `target` attribute), so it uses its `vf`, `load`, `madd`, … and adds:
//
// - PANEL_TILE_ROWS: rows per register tile, as many as the level's vector registers hold accumulators for:
//   12 on AVX-512 (one zmm per row, 12 of 32 registers), 6 on AVX2 (two ymm per row, 12 of 16), 3 on SSE2.
// - HAS_F16C: whether half floats widen in one instruction (`vcvtph2ps`) or by integer arithmetic.
//
// A panel holds 16 output columns for every input, input-major (PackedWeight in LinearAlgebra/PackedLinear.swift),
// so one input's 16 weights are one `v16`: one zmm, two ymm or four xmm; clang splits the same source per level.

typedef float v16 __attribute__((ext_vector_type(16)));
typedef uint16_t u16x16 __attribute__((ext_vector_type(16)));
typedef uint32_t u32x16 __attribute__((ext_vector_type(16)));

enum { panel_width = HEPCHAIN_PANEL_WIDTH };

// `v16` values never cross a call that is not inlined (outside AVX-512 they would go through memory), so clang's
// warning that their calling convention differs between levels does not apply.
#define V16_INLINE static inline __attribute__((always_inline))
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wpsabi"

V16_INLINE v16 load16(const float *p) {
    v16 v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

V16_INLINE void store16(float *p, v16 v) { __builtin_memcpy(p, &v, sizeof v); }

/// The first `count` (≤ 16) values at p, zeros after. AVX-512 masks the lanes (attention's score rows of a
/// 13-token query are all partial); the other levels go lane by lane.
V16_INLINE v16 load16_partial(const float *p, long count) {
    if (count == panel_width) return load16(p);
#if LANES == 16
    return (v16)_mm512_maskz_loadu_ps((__mmask16)((1u << count) - 1), p);
#else
    v16 v = (v16)0.0f;
    for (long i = 0; i < count; i++) v[i] = p[i];
    return v;
#endif
}

V16_INLINE void store16_partial(float *p, v16 v, long count) {
    if (count == panel_width) {
        store16(p, v);
        return;
    }
#if LANES == 16
    _mm512_mask_storeu_ps(p, (__mmask16)((1u << count) - 1), (__m512)v);
#else
    for (long i = 0; i < count; i++) p[i] = v[i];
#endif
}

/// The 16 IEEE half floats at p, widened exactly to float.
V16_INLINE v16 widen_halves(const uint16_t *p) {
#if HAS_F16C
    typedef _Float16 h16 __attribute__((ext_vector_type(16)));
    h16 halves;
    __builtin_memcpy(&halves, p, sizeof halves);
    return __builtin_convertvector(halves, v16);
#else
    // Without F16C a conversion would be a library call per value. Instead: exponent and mantissa moved into a
    // float's places give the value times 2⁻¹¹², exactly (subnormal halves included); scale back, then restore
    // infinities and NaNs (exponent 31 → 255) and the sign.
    u16x16 halves;
    __builtin_memcpy(&halves, p, sizeof halves);
    u32x16 bits = __builtin_convertvector(halves, u32x16);
    u32x16 magnitude = (bits & 0x7fffu) << 13;
    v16 scaled = (v16)magnitude * 0x1p112f;
    u32x16 special = (u32x16)((bits & 0x7c00u) == 0x7c00u) & 0x7f800000u;
    return (v16)((u32x16)scaled | special | ((bits & 0x8000u) << 16));
#endif
}

V16_INLINE v16 madd16(v16 a, v16 b, v16 c) {
#if HAS_FMA
    return __builtin_elementwise_fma(a, b, c);
#else
    return a * b + c;
#endif
}

/// How a tile gets its weights, fixed per instantiation so the inner loop tests nothing.
enum tile_weights {
    /// The float panel `w`.
    floats,
    /// The halves at `halves`, widened and also written to `w` (scratch) for the panel's other tiles.
    widened_halves,
};

/// y[r, 0 ..< columns] = bias[0 ..< columns] + Σₖ x[r·x_stride + k] · w[k] for the rows r < ROWS (a constant after
/// inlining): ROWS accumulators, one broadcast and one multiply-add per row and input. When `PREFETCH`, one line of
/// the next panel per input (at `next`, every `next_stride` bytes) is asked into L2 meanwhile, so that it is there
/// when its turn comes; attention, whose panels are in L1 already, asks for nothing. `w` is written only when
/// SOURCE is `widened_halves` (float panels come with their const cast away); `bias` (16 values) may be NULL.
V16_INLINE void panel_tile(
    const int ROWS, const enum tile_weights SOURCE, const int PREFETCH, const float *x, long x_stride, long inputs, float *w,
    const uint16_t *halves, const char *next, long next_stride, const float *bias, float *y, long y_stride, long columns) {
    v16 sums[PANEL_TILE_ROWS];
#pragma clang loop unroll(full)
    for (int r = 0; r < ROWS; r++) sums[r] = (v16)0.0f;
    for (long k = 0; k < inputs; k++) {
        if (PREFETCH) __builtin_prefetch(next + k * next_stride, 0, 2);
        v16 weights;
        if (SOURCE == widened_halves) {
            weights = widen_halves(halves + k * panel_width);
            store16(w + k * panel_width, weights);
        } else {
            weights = load16(w + k * panel_width);
        }
#pragma clang loop unroll(full)
        for (int r = 0; r < ROWS; r++) sums[r] = madd16((v16)x[r * x_stride + k], weights, sums[r]);
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < ROWS; r++) store16_partial(y + r * y_stride, bias ? sums[r] + load16(bias) : sums[r], columns);
}

// `panel_tile` for a run-time row count ≤ PANEL_TILE_ROWS: one function per weight source and prefetch choice,
// one case per row count.
#define TILE_CASE(R, S, P) \
    case R: panel_tile(R, S, P, x, x_stride, inputs, w, halves, next, next_stride, bias, y, y_stride, columns); break;
#define TILE_CASES_3(S, P) TILE_CASE(1, S, P) TILE_CASE(2, S, P) TILE_CASE(3, S, P)
#define TILE_CASES_6(S, P) TILE_CASES_3(S, P) TILE_CASE(4, S, P) TILE_CASE(5, S, P) TILE_CASE(6, S, P)
#define TILE_CASES_12(S, P) \
    TILE_CASES_6(S, P) TILE_CASE(7, S, P) TILE_CASE(8, S, P) TILE_CASE(9, S, P) TILE_CASE(10, S, P) TILE_CASE(11, S, P) \
    TILE_CASE(12, S, P)
#if PANEL_TILE_ROWS == 3
#define TILE_CASES TILE_CASES_3
#elif PANEL_TILE_ROWS == 6
#define TILE_CASES TILE_CASES_6
#elif PANEL_TILE_ROWS == 12
#define TILE_CASES TILE_CASES_12
#endif
#define TILE_FUNCTION(name, S, P) \
    static void name(int rows, const float *x, long x_stride, long inputs, float *w, const uint16_t *halves, \
                     const char *next, long next_stride, const float *bias, float *y, long y_stride, long columns) { \
        switch (rows) { TILE_CASES(S, P) } \
    }
TILE_FUNCTION(prefetching_float_tile, floats, 1)
TILE_FUNCTION(prefetching_widening_tile, widened_halves, 1)
TILE_FUNCTION(float_tile, floats, 0)
#undef TILE_FUNCTION
#undef TILE_CASES
#undef TILE_CASES_12
#undef TILE_CASES_6
#undef TILE_CASES_3
#undef TILE_CASE

/// Rows of tile `t` when `rows` rows are cut into ⌈rows / PANEL_TILE_ROWS⌉ tiles as even as possible (13 rows: 5 + 4
/// + 4 on AVX2, 7 + 6 on AVX-512): a tile of R rows costs at least max(R, FMA latency × pipes) cycles per input, so
/// one near-empty tile costs nearly as much as a full one.
static inline int tile_rows(long rows, long tiles, long t) { return (int)(rows / tiles + (t < rows % tiles ? 1 : 0)); }

/// One panel against all `rows` rows of x, in even tiles, nothing prefetched; the rest as in `panel_tile`.
static void panel_product(const float *x, long x_stride, long rows, long inputs, const float *w, float *y, long y_stride,
                          long columns) {
    long tiles = (rows + PANEL_TILE_ROWS - 1) / PANEL_TILE_ROWS;
    for (long t = 0, row = 0; t < tiles; t++) {
        int size = tile_rows(rows, tiles, t);
        float_tile(size, x + row * x_stride, x_stride, inputs, (float *)w, NULL, NULL, 0, NULL, y + row * y_stride, y_stride,
                   columns);
        row += size;
    }
}

static void packed_linear(const float *x, long rows, const void *panels, int halves, long inputs, long outputs,
                          const float *bias, float *y, long panel_begin, long panel_end) {
    if (rows <= 0 || panel_begin >= panel_end) return;
    const long panel_bytes = inputs * panel_width * (halves ? 2 : 4);
    // Every tile asks for the next panel, one line per input: a float panel's input is one 64-byte line, a half
    // panel's half a line (asking twice is cheap; skipping every other input is not simpler).
    const long next_stride = halves ? 32 : 64;
    // Half panels: the first tile widens each panel into this scratch (≤ 96 KB, stays in L2) as it multiplies, and
    // the others read it. (Widening in every tile made the kernel compute-bound; a separate pass cost ~10 % of a query.)
    float *scratch = halves ? aligned_alloc(64, (size_t)((inputs * panel_width * 4 + 63) / 64 * 64)) : NULL;
    if (halves && !scratch) __builtin_trap();  // out of memory for ≤ 96 KB: nothing sensible is left to do
    const long tiles = (rows + PANEL_TILE_ROWS - 1) / PANEL_TILE_ROWS;
    for (long p = panel_begin; p < panel_end; p++) {
        const char *panel = (const char *)panels + p * panel_bytes;
        // The last panel "prefetches" itself: harmless, and the loop stays one shape.
        const char *next = p + 1 < panel_end ? panel + panel_bytes : panel;
        const long first = p * panel_width;
        const long columns = outputs - first < panel_width ? outputs - first : panel_width;
        float padded_bias[panel_width];  // 16 values, zeros past the last column
        if (bias) store16(padded_bias, load16_partial(bias + first, columns));
        const float *panel_bias = bias ? padded_bias : NULL;
        for (long t = 0, row = 0; t < tiles; t++) {
            int size = tile_rows(rows, tiles, t);
            const float *x_tile = x + row * inputs;
            float *y_tile = y + row * outputs + first;
            if (!halves)
                prefetching_float_tile(size, x_tile, inputs, inputs, (float *)panel, NULL, next, next_stride, panel_bias,
                                       y_tile, outputs, columns);
            else if (t == 0)
                prefetching_widening_tile(size, x_tile, inputs, inputs, scratch, (const uint16_t *)panel, next, next_stride,
                                          panel_bias, y_tile, outputs, columns);
            else
                prefetching_float_tile(size, x_tile, inputs, inputs, scratch, NULL, next, next_stride, panel_bias, y_tile,
                                       outputs, columns);
            row += size;
        }
    }
    free(scratch);
}

static void attention(const float *qkv, long length, long heads, long head_size, float *scores, float *panels,
                      float *context) {
    if (length <= 0 || head_size <= 0) return;
    const long hidden = heads * head_size, qkv_width = 3 * hidden;
    const float scale = 1.0f / __builtin_sqrtf((float)head_size);
    const long key_panels = (length + panel_width - 1) / panel_width;
    const long value_panels = (head_size + panel_width - 1) / panel_width;
    float *const keys = panels, *const values = panels + key_panels * panel_width * head_size;
    for (long head = 0; head < heads; head++) {
        const float *q = qkv + head * head_size, *k = q + hidden, *v = q + 2 * hidden;
        // Key panel p, input-major: keys[(p·d + i)·16 + j] = scale · K[16p + j, i] (zero past the last key).
        for (long p = 0; p < key_panels; p++) {
            float *target = keys + p * head_size * panel_width;
            long count = length - p * panel_width < panel_width ? length - p * panel_width : panel_width;
            for (long i = 0; i < head_size; i++) {
                float *row = target + i * panel_width;
                const float *source = k + p * panel_width * qkv_width + i;
                for (long j = 0; j < count; j++) row[j] = source[j * qkv_width] * scale;
                for (long j = count; j < panel_width; j++) row[j] = 0;
            }
        }
        // Value panel c: values[(c·L + t)·16 + j] = V[t, 16c + j].
        for (long c = 0; c < value_panels; c++) {
            long count = head_size - c * panel_width < panel_width ? head_size - c * panel_width : panel_width;
            for (long t = 0; t < length; t++)
                store16(values + (c * length + t) * panel_width, load16_partial(v + t * qkv_width + c * panel_width, count));
        }
        // scores (L, L) = Q_h (L, d) · (scale · K_h)ᵀ, Q_h read in place through the qkv row stride.
        for (long p = 0; p < key_panels; p++) {
            long count = length - p * panel_width < panel_width ? length - p * panel_width : panel_width;
            panel_product(q, qkv_width, length, head_size, keys + p * head_size * panel_width, scores + p * panel_width,
                          length, count);
        }
        for (long row = 0; row < length; row++) softmax(scores + row * length, length);
        // context (L, d) at column head·d = P (L, L) · V_h (L, d)
        for (long c = 0; c < value_panels; c++) {
            long count = head_size - c * panel_width < panel_width ? head_size - c * panel_width : panel_width;
            panel_product(scores, length, length, length, values + c * length * panel_width,
                          context + head * head_size + c * panel_width, hidden, count);
        }
    }
}

// MARK: - Normalisation and pooling

/// Σ p[i] over `count` values, and Σ (p[i] − center)² when `squares`.
static inline float sum_of(const float *p, long count, float center, int squares) {
    vf sums = (vf)0.0f;
    long i = 0;
    for (; i + LANES <= count; i += LANES) {
        vf d = load(p + i) - center;
        sums = squares ? madd(d, d, sums) : sums + d;
    }
    float total = sum_lanes(sums);
    for (; i < count; i++) {
        float d = p[i] - center;
        total += squares ? d * d : d;
    }
    return total;
}

static void add_layer_norm(float *x, const float *residual, long rows, long columns, const float *gamma, const float *beta,
                           float epsilon) {
    for (long row = 0; row < rows; row++) {
        float *v = x + row * columns;
        if (residual) {
            const float *r = residual + row * columns;
            long j = 0;
            for (; j + LANES <= columns; j += LANES) store(v + j, load(v + j) + load(r + j));
            for (; j < columns; j++) v[j] += r[j];
        }
        const float mean = sum_of(v, columns, 0, 0) / (float)columns;
        const float inverse_deviation = 1.0f / __builtin_sqrtf(sum_of(v, columns, mean, 1) / (float)columns + epsilon);
        long j = 0;
        for (; j + LANES <= columns; j += LANES)
            store(v + j, madd((load(v + j) - mean) * inverse_deviation, load(gamma + j), load(beta + j)));
        for (; j < columns; j++) v[j] = (v[j] - mean) * inverse_deviation * gamma[j] + beta[j];
    }
}

static void mean_pool_normalized(const float *x, long rows, long columns, float *out) {
    for (long j = 0; j < columns; j++) out[j] = 0;
    if (rows <= 0) return;
    for (long row = 0; row < rows; row++) {
        const float *r = x + row * columns;
        long j = 0;
        for (; j + LANES <= columns; j += LANES) store(out + j, load(out + j) + load(r + j));
        for (; j < columns; j++) out[j] += r[j];
    }
    // The mean's 1/rows cancels in the normalisation; it is kept so the norm is taken of the mean, as before.
    const float inverse_rows = 1.0f / (float)rows;
    for (long j = 0; j < columns; j++) out[j] *= inverse_rows;
    const float norm = __builtin_sqrtf(inner_product(out, out, columns));
    if (norm > 0) {
        const float inverse_norm = 1.0f / norm;
        for (long j = 0; j < columns; j++) out[j] *= inverse_norm;
    }
}

#pragma clang diagnostic pop
