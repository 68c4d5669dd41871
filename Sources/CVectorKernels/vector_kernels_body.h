// The kernels of one instruction-set level. Included once by each vector_kernels_<level>.c, which defines
// LANES (floats per vector: 4 for SSE2, 8 for AVX2, 16 for AVX-512), HAS_FMA, HAS_F16C, PANEL_TILE_ROWS,
// LEVEL_NAME and ACCESSOR (and includes <stdlib.h> before its target attribute), inside a
// `#pragma clang attribute` that gives every function here that level's `target`. Clang's vector extensions
// then compile the same source to xmm, ymm or zmm code. Everything is static except the accessor.
#include "hepchain_vector_kernels.h"

typedef float vf __attribute__((ext_vector_type(LANES)));
typedef uint32_t vu __attribute__((ext_vector_type(LANES)));
typedef int8_t vb __attribute__((ext_vector_type(LANES)));

static inline vf load(const float *p) {
    vf v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

static inline void store(float *p, vf v) { __builtin_memcpy(p, &v, sizeof v); }

/// The first `count` (< LANES) values at p, the other lanes set to `fill`.
static inline vf load_partial(const float *p, long count, float fill) {
    vf v = (vf)fill;
    for (long i = 0; i < count; i++) v[i] = p[i];
    return v;
}

static inline void store_partial(float *p, vf v, long count) {
    for (long i = 0; i < count; i++) p[i] = v[i];
}

/// a·b + c, fused where the level has FMA (the baseline has none: a call to fmaf per lane would be slower).
static inline vf madd(vf a, vf b, vf c) {
#if HAS_FMA
    return __builtin_elementwise_fma(a, b, c);
#else
    return a * b + c;
#endif
}

static inline float sum_lanes(vf v) {
    float total = 0;
    for (int i = 0; i < LANES; i++) total += v[i];
    return total;
}

static inline float max_lanes(vf v) {
    float result = v[0];
    for (int i = 1; i < LANES; i++) result = result > v[i] ? result : v[i];
    return result;
}

// MARK: - Distances

static float inner_product(const float *a, const float *b, long count) {
    vf sum0 = (vf)0.0f, sum1 = (vf)0.0f;
    long i = 0;
    for (; i + 2 * LANES <= count; i += 2 * LANES) {
        sum0 = madd(load(a + i), load(b + i), sum0);
        sum1 = madd(load(a + i + LANES), load(b + i + LANES), sum1);
    }
    for (; i + LANES <= count; i += LANES) sum0 = madd(load(a + i), load(b + i), sum0);
    float total = sum_lanes(sum0 + sum1);
    for (; i < count; i++) total += a[i] * b[i];
    return total;
}

static float squared_l2(const float *a, const float *b, long count) {
    vf sum0 = (vf)0.0f, sum1 = (vf)0.0f;
    long i = 0;
    for (; i + 2 * LANES <= count; i += 2 * LANES) {
        vf d0 = load(a + i) - load(b + i);
        vf d1 = load(a + i + LANES) - load(b + i + LANES);
        sum0 = madd(d0, d0, sum0);
        sum1 = madd(d1, d1, sum1);
    }
    for (; i + LANES <= count; i += LANES) {
        vf d = load(a + i) - load(b + i);
        sum0 = madd(d, d, sum0);
    }
    float total = sum_lanes(sum0 + sum1);
    for (; i < count; i++) {
        float d = a[i] - b[i];
        total += d * d;
    }
    return total;
}

static void inner_product_4(const float *q, const float *a, const float *b, const float *c, const float *d,
                            long count, float *out) {
    vf sa = (vf)0.0f, sb = (vf)0.0f, sc = (vf)0.0f, sd = (vf)0.0f;
    long i = 0;
    for (; i + LANES <= count; i += LANES) {
        vf x = load(q + i);
        sa = madd(x, load(a + i), sa);
        sb = madd(x, load(b + i), sb);
        sc = madd(x, load(c + i), sc);
        sd = madd(x, load(d + i), sd);
    }
    float ta = sum_lanes(sa), tb = sum_lanes(sb), tc = sum_lanes(sc), td = sum_lanes(sd);
    for (; i < count; i++) {
        ta += q[i] * a[i];
        tb += q[i] * b[i];
        tc += q[i] * c[i];
        td += q[i] * d[i];
    }
    out[0] = ta;
    out[1] = tb;
    out[2] = tc;
    out[3] = td;
}

static void squared_l2_4(const float *q, const float *a, const float *b, const float *c, const float *d,
                         long count, float *out) {
    vf sa = (vf)0.0f, sb = (vf)0.0f, sc = (vf)0.0f, sd = (vf)0.0f;
    long i = 0;
    for (; i + LANES <= count; i += LANES) {
        vf x = load(q + i);
        vf da = x - load(a + i), db = x - load(b + i), dc = x - load(c + i), dd = x - load(d + i);
        sa = madd(da, da, sa);
        sb = madd(db, db, sb);
        sc = madd(dc, dc, sc);
        sd = madd(dd, dd, sd);
    }
    float ta = sum_lanes(sa), tb = sum_lanes(sb), tc = sum_lanes(sc), td = sum_lanes(sd);
    for (; i < count; i++) {
        float ea = q[i] - a[i], eb = q[i] - b[i], ec = q[i] - c[i], ed = q[i] - d[i];
        ta += ea * ea;
        tb += eb * eb;
        tc += ec * ec;
        td += ed * ed;
    }
    out[0] = ta;
    out[1] = tb;
    out[2] = tc;
    out[3] = td;
}

static float int8_inner_product(const float *q, const int8_t *codes, long count) {
    vf sum = (vf)0.0f;
    long i = 0;
    for (; i + LANES <= count; i += LANES) {
        vb packed;
        __builtin_memcpy(&packed, codes + i, sizeof packed);
        sum = madd(load(q + i), __builtin_convertvector(packed, vf), sum);
    }
    float total = sum_lanes(sum);
    for (; i < count; i++) total += q[i] * (float)codes[i];
    return total;
}

// MARK: - Element-wise

/// eˣ lane by lane (Cephes expf: range reduction by ln 2 in two parts, degree-5 polynomial); inputs are
/// clamped to [-87.3, 88.376], so the result is finite and normal.
static inline vf vexp(vf x) {
    x = __builtin_elementwise_min(__builtin_elementwise_max(x, (vf)-87.3f), (vf)88.3762626647949f);
    // n = round(x / ln2) by adding and subtracting 1.5·2²³.
    const vf shift = (vf)12582912.0f;
    vf n = madd(x, (vf)1.44269504088896341f, shift) - shift;
    vf r = madd(n, (vf)-0.693359375f, x);
    r = madd(n, (vf)2.12194440e-4f, r);
    vf p = madd((vf)1.9875691500e-4f, r, (vf)1.3981999507e-3f);
    p = madd(p, r, (vf)8.3334519073e-3f);
    p = madd(p, r, (vf)4.1665795894e-2f);
    p = madd(p, r, (vf)1.6666665459e-1f);
    p = madd(p, r, (vf)5.0000001201e-1f);
    vf y = madd(p, r * r, r + 1.0f);
    // 2ⁿ: in 2²³ + (n + 127) the low mantissa bits hold n + 127; shifted up, they become the exponent.
    vu biased = (vu)(n + 8388735.0f) << 23;
    return y * (vf)biased;
}

/// erf(x) lane by lane (Abramowitz & Stegun 7.1.26, absolute error ≤ 1.5e-7).
static inline vf verf(vf x) {
    vf magnitude = __builtin_elementwise_abs(x);
    vf t = 1.0f / madd(magnitude, (vf)0.3275911f, (vf)1.0f);
    vf r = madd((vf)1.061405429f, t, (vf)-1.453152027f);
    r = madd(r, t, (vf)1.421413741f);
    r = madd(r, t, (vf)-0.284496736f);
    r = madd(r, t, (vf)0.254829592f);
    vf value = madd(-(r * t), vexp(-(magnitude * magnitude)), (vf)1.0f);
    return __builtin_elementwise_copysign(value, x);
}

static inline vf vgelu(vf v) { return v * 0.5f * (1.0f + verf(v * 0.70710678118654752f)); }

static void gelu(float *x, long count) {
    long i = 0;
    for (; i + LANES <= count; i += LANES) store(x + i, vgelu(load(x + i)));
    if (i < count) store_partial(x + i, vgelu(load_partial(x + i, count - i, 0.0f)), count - i);
}

static void softmax(float *x, long count) {
    if (count <= 0) return;
    vf maxima = (vf)(-__builtin_inff());
    long i = 0;
    for (; i + LANES <= count; i += LANES) maxima = __builtin_elementwise_max(maxima, load(x + i));
    if (i < count) maxima = __builtin_elementwise_max(maxima, load_partial(x + i, count - i, -__builtin_inff()));
    const vf maximum = (vf)max_lanes(maxima);
    vf sums = (vf)0.0f;
    for (i = 0; i + LANES <= count; i += LANES) {
        vf e = vexp(load(x + i) - maximum);
        store(x + i, e);
        sums += e;
    }
    float total = sum_lanes(sums);
    if (i < count) {
        vf e = vexp(load_partial(x + i, count - i, 0.0f) - maximum);
        store_partial(x + i, e, count - i);
        for (long j = 0; j < count - i; j++) total += e[j];
    }
    const vf inverse = (vf)(1.0f / total);
    for (i = 0; i + LANES <= count; i += LANES) store(x + i, load(x + i) * inverse);
    for (; i < count; i++) x[i] *= inverse[0];
}

#include "encoder_kernels_body.h"

static const hepchain_vector_kernels kernels = {
    .name = LEVEL_NAME,
    .inner_product = inner_product,
    .squared_l2 = squared_l2,
    .inner_product_4 = inner_product_4,
    .squared_l2_4 = squared_l2_4,
    .int8_inner_product = int8_inner_product,
    .gelu = gelu,
    .softmax = softmax,
    .packed_linear = packed_linear,
    .attention = attention,
    .add_layer_norm = add_layer_norm,
    .mean_pool_normalized = mean_pool_normalized,
};

const hepchain_vector_kernels *ACCESSOR(void) { return &kernels; }
