/* The analysis loops numpy would make temporaries for, in plain C (no Python API).
 *
 * Built into a shared library when the package is installed (setup.py: pip install / make
 * setup) and called through ctypes from quality/kernels.py, which documents shapes and
 * units. Every pointer is a C-contiguous array the caller allocated; outputs are written in
 * full (the caller need not zero them). Arithmetic follows the numpy/numba versions these
 * replace (float32 products where the inputs are float32, float64 state and sums), so
 * results match to the last bits except where summation order differs.
 *
 * AQ_SOURCE_HASH (set by the build, quality/_build.py) names the source it was built from:
 * the loader refuses a library built from another version of this file.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#define EXPORT __declspec(dllexport)
#else
#define EXPORT __attribute__((visibility("default")))
#endif

#ifndef AQ_SOURCE_HASH
#define AQ_SOURCE_HASH "unknown"
#endif

EXPORT const char *aq_source_hash(void) { return AQ_SOURCE_HASH; }

/* One biquad of a cascade, direct form II transposed, float64 state. */
#define BIQUAD(c, z1, z2, v)                                   \
    do {                                                       \
        double o_ = (c)[0] * (v) + (z1);                       \
        (z1) = (c)[1] * (v) - (c)[3] * o_ + (z2);              \
        (z2) = (c)[2] * (v) - (c)[4] * o_;                     \
        (v) = o_;                                              \
    } while (0)

#define MAX_SECTIONS 8

/* Two doubles side by side (GCC/Clang vector extension: SSE2 on x86-64, NEON on arm64): lane-wise
 * IEEE arithmetic (no fused multiply-add: -ffp-contract=off), so each lane gets exactly the values
 * of the scalar code in the same order. Two channels, or two filter phases, at once. */
typedef double v2d __attribute__((vector_size(16)));

/* Mean square per block of x (n,) filtered through k biquads coefs (k, 5) =
 * [b0, b1, b2, a1, a2]; out (n / block,). Returns -1 when k > MAX_SECTIONS. */
EXPORT int64_t aq_biquad_block_power(const float *x, int64_t n, const double *coefs, int64_t k, int64_t block,
                                     double *out) {
    double z1[MAX_SECTIONS] = {0}, z2[MAX_SECTIONS] = {0};
    if (k > MAX_SECTIONS) return -1;
    int64_t nb = n / block;
    for (int64_t b = 0; b < nb; b++) {
        double acc = 0.0;
        for (int64_t i = b * block; i < (b + 1) * block; i++) {
            double v = (double)x[i];
            for (int64_t j = 0; j < k; j++) BIQUAD(coefs + 5 * j, z1[j], z2[j], v);
            acc += v * v;
        }
        out[b] = acc / (double)block;
    }
    return 0;
}

/* Both channels (the lanes of v) through the same k-biquad cascade cv (k, 5) (each coefficient in both
 * lanes); states z1, z2 (k,). */
static inline __attribute__((always_inline)) v2d pair_cascade(const v2d *cv, int64_t k, v2d *z1, v2d *z2, v2d v) {
    for (int64_t j = 0; j < k; j++) {
        const v2d *c = cv + 5 * j;
        v2d o = c[0] * v + z1[j];
        z1[j] = c[1] * v - c[3] * o + z2[j];
        z2[j] = c[2] * v - c[4] * o;
        v = o;
    }
    return v;
}

/* coefs (k, 5) with each coefficient in both lanes: out (k * 5,). */
static void broadcast(const double *coefs, int64_t k, v2d *out) {
    for (int64_t i = 0; i < 5 * k; i++) out[i] = (v2d){coefs[i], coefs[i]};
}

/* aq_time_pass's loop for cascades of kk and kl sections. Inlined with the K-weighting's and the low
 * band's 2 sections as constants, the filter states live in registers (with a run-time count they
 * are arrays in memory, and every sample's recurrence waits on a store and a load). */
static inline __attribute__((always_inline)) void time_pass_k(const float *y, int64_t n, const double *kc, int64_t kk,
                                                              const double *lc, int64_t kl, int64_t block,
                                                              int64_t kblock, int64_t lblock, double *blocks,
                                                              double *kpow, double *low, float *mono) {
    v2d kz1[MAX_SECTIONS] = {{0}}, kz2[MAX_SECTIONS] = {{0}}, lz1[MAX_SECTIONS] = {{0}}, lz2[MAX_SECTIONS] = {{0}};
    v2d kcv[5 * MAX_SECTIONS], lcv[5 * MAX_SECTIONS];
    broadcast(kc, kk, kcv);
    broadcast(lc, kl, lcv);
    const float *L = y, *R = y + n;
    int64_t nb = (n + block - 1) / block, nk = n / kblock, nl = n / lblock;
    v2d kacc = {0.0, 0.0}, lacc = {0.0, 0.0};
    double la2 = 0.0;
    int64_t kcount = 0, kb = 0, lcount = 0, lb = 0;
    for (int64_t b = 0; b < nb; b++) {
        int64_t s0 = b * block, s1 = s0 + block < n ? s0 + block : n;
        double ll = 0.0, rr = 0.0, lr = 0.0, ml = 0.0, mr = 0.0, sl = 0.0, sr = 0.0, mm = 0.0;
        for (int64_t i = s0; i < s1; i++) {
            float a = L[i], c = R[i];
            ll += (double)(a * a);
            rr += (double)(c * c);
            lr += (double)(a * c);
            sl += (double)a;
            sr += (double)c;
            float m = 0.5f * (a + c);
            if (mono) mono[i] = m;
            mm += (double)(m * m);
            double aa = fabs((double)a), cc = fabs((double)c);
            if (aa > ml) ml = aa;
            if (cc > mr) mr = cc;
        }
        /* the filters over the same block's samples (still in the L1 cache), in a loop of their own:
         * with the block sums beside them, the filter states did not fit in the registers */
        for (int64_t i = s0; i < s1; i++) {
            v2d v = {(double)L[i], (double)R[i]};
            if (kb < nk) {
                v2d o = pair_cascade(kcv, kk, kz1, kz2, v);
                kacc += o * o;
                if (++kcount == kblock) {
                    kpow[kb++] = kacc[0] / (double)kblock + kacc[1] / (double)kblock;
                    kcount = 0;
                    kacc = (v2d){0.0, 0.0};
                }
            }
            if (lb < nl) {
                v2d o = pair_cascade(lcv, kl, lz1, lz2, v);
                lacc += o * o;
                la2 += o[0] * o[1];
                if (++lcount == lblock) {
                    low[3 * lb] = lacc[0];
                    low[3 * lb + 1] = lacc[1];
                    low[3 * lb + 2] = la2;
                    lb++;
                    lcount = 0;
                    lacc = (v2d){0.0, 0.0};
                    la2 = 0.0;
                }
            }
        }
        double *o = blocks + 8 * b;
        o[0] = ll, o[1] = rr, o[2] = lr, o[3] = ml, o[4] = mr, o[5] = sl, o[6] = sr, o[7] = mm;
    }
}

/* One pass over stereo y (2, n): blocks (ceil(n / block), 8) block sums, kpow (n / kblock,)
 * K-weighted mean square summed over the channels, low (n / lblock, 3) low-band L^2, R^2,
 * L*R, mono (n,) (L + R) / 2 (NULL: not written). Returns -1 when a cascade is too long. */
EXPORT int64_t aq_time_pass(const float *y, int64_t n, const double *kc, int64_t kk, const double *lc, int64_t kl,
                            int64_t block, int64_t kblock, int64_t lblock, double *blocks, double *kpow, double *low,
                            float *mono) {
    if (kk > MAX_SECTIONS || kl > MAX_SECTIONS) return -1;
    if (kk == 2 && kl == 2)
        time_pass_k(y, n, kc, 2, lc, 2, block, kblock, lblock, blocks, kpow, low, mono);
    else
        time_pass_k(y, n, kc, kk, lc, kl, block, kblock, lblock, blocks, kpow, low, mono);
    return 0;
}

static double abs_peak(const float *x, int64_t a, int64_t b) {
    double pk = 0.0;
    for (int64_t i = a; i < b; i++) {
        double v = fabs((double)x[i]);
        if (v > pk) pk = v;
    }
    return pk;
}

/* Per-block peak of the 4x-oversampled x (n,): out (ceil(n / block),) float32. phases (4, taps)
 * is the polyphase FIR; a block whose neighbourhood sample peak times l1 stays below threshold
 * keeps its sample peak. Phases 0, 1 and 2, 3 are computed as vector pairs (each lane summed in
 * the scalar order). Returns -1 when out of memory. */
EXPORT int64_t aq_true_peak_blocks(const float *x, int64_t n, const double *phases, int64_t taps, int64_t block,
                                   double threshold, double l1, float *out) {
    v2d *h = malloc(sizeof(v2d) * (size_t)(2 * (taps > 0 ? taps : 1))); /* h[2t] phases 0, 1; h[2t + 1] 2, 3 */
    if (!h) return -1;
    for (int64_t t = 0; t < taps; t++) {
        h[2 * t] = (v2d){phases[t], phases[taps + t]};
        h[2 * t + 1] = (v2d){phases[2 * taps + t], phases[3 * taps + t]};
    }
    int64_t nb = (n + block - 1) / block;
    for (int64_t b = 0; b < nb; b++) {
        int64_t s0 = b * block, s1 = s0 + block < n ? s0 + block : n;
        int64_t lo = s0 - taps > 0 ? s0 - taps : 0;
        if (abs_peak(x, lo, s1) * l1 < threshold) {
            out[b] = (float)abs_peak(x, s0, s1);
            continue;
        }
        double best = 0.0;
        for (int64_t i = s0; i < s1; i++) {
            double a = fabs((double)x[i]);
            if (a > best) best = a;
            int64_t tmax = i + 1 < taps ? i + 1 : taps; /* x[i - t] exists */
            v2d acc01 = {0.0, 0.0}, acc23 = {0.0, 0.0};
            for (int64_t t = 0; t < tmax; t++) {
                double v = (double)x[i - t];
                v2d vv = {v, v};
                acc01 += h[2 * t] * vv;
                acc23 += h[2 * t + 1] * vv;
            }
            double p[4] = {fabs(acc01[0]), fabs(acc01[1]), fabs(acc23[0]), fabs(acc23[1])};
            for (int k = 0; k < 4; k++)
                if (p[k] > best) best = p[k];
        }
        out[b] = (float)best;
    }
    free(h);
    return 0;
}

/* Runs of min_run+ consecutive samples with |y| >= level and one sign in each channel of
 * y (ch, n): (start, length, channel) rows into out (cap, 3). Returns the number of runs (when
 * larger than cap, only cap were written: call again with a larger out). */
EXPORT int64_t aq_flat_runs(const float *y, int64_t nch, int64_t n, double level, int64_t min_run, int64_t *out,
                            int64_t cap) {
    int64_t count = 0;
    for (int64_t ch = 0; ch < nch; ch++) {
        const float *x = y + ch * n;
        int64_t run = 0, start = 0;
        int sign = 0;
        for (int64_t i = 0; i <= n; i++) {
            int s = 0;
            if (i < n) {
                double v = (double)x[i];
                s = v >= level ? 1 : (v <= -level ? -1 : 0);
            }
            if (s != 0 && s == sign) {
                run++;
            } else {
                if (run >= min_run && sign != 0) {
                    if (count < cap) {
                        out[3 * count] = start;
                        out[3 * count + 1] = run;
                        out[3 * count + 2] = ch;
                    }
                    count++;
                }
                run = s != 0 ? 1 : 0;
                sign = s;
                start = i;
            }
        }
    }
    return count;
}

/* The k-th smallest of a (n,), reordering a so that a[0..k) <= a[k] (Wirth's selection). */
static double select_kth(double *a, int64_t n, int64_t k) {
    int64_t l = 0, m = n - 1;
    while (l < m) {
        double x = a[k];
        int64_t i = l, j = m;
        do {
            while (a[i] < x) i++;
            while (x < a[j]) j--;
            if (i <= j) {
                double t = a[i];
                a[i] = a[j];
                a[j] = t;
                i++;
                j--;
            }
        } while (i <= j);
        if (j < k) l = i;
        if (k < i) m = j;
    }
    return a[k];
}

static double median(double *a, int64_t n) {
    double hi = select_kth(a, n, n / 2);
    if (n % 2) return hi;
    double lo = a[0];
    for (int64_t i = 1; i < n / 2; i++)
        if (a[i] > lo) lo = a[i];
    return 0.5 * (lo + hi);
}

/* Second-difference scan of x (n,) per block: out (n / block, 4) = peak |d2|, its index,
 * the block's d2 RMS, the median d2 RMS of `neighbours` blocks each side (the block and its
 * direct neighbours excluded; its own RMS when there are none). */
EXPORT int64_t aq_click_scan(const float *x, int64_t n, int64_t block, int64_t neighbours, double *out) {
    int64_t nb = n / block;
    double *rms = malloc(sizeof(double) * (size_t)(nb > 0 ? nb : 1));
    double *tmp = malloc(sizeof(double) * (size_t)(2 * neighbours + 1));
    if (!rms || !tmp) {
        free(rms);
        free(tmp);
        return -1;
    }
    for (int64_t b = 0; b < nb; b++) {
        double acc = 0.0, m = 0.0;
        int64_t a = b * block;
        for (int64_t i = (b * block > 2 ? b * block : 2); i < (b + 1) * block; i++) {
            double d = (double)x[i] - 2.0 * (double)x[i - 1] + (double)x[i - 2];
            acc += d * d;
            if (fabs(d) > m) {
                m = fabs(d);
                a = i;
            }
        }
        rms[b] = sqrt(acc / (double)block);
        out[4 * b] = m;
        out[4 * b + 1] = (double)a;
        out[4 * b + 2] = rms[b];
    }
    for (int64_t b = 0; b < nb; b++) {
        int64_t k = 0;
        for (int64_t j = b - neighbours - 1; j < b + neighbours + 2; j++) {
            if (j < 0 || j >= nb || (j - b <= 1 && b - j <= 1)) continue;
            tmp[k++] = rms[j];
        }
        if (k == 0) {
            out[4 * b + 3] = rms[b];
            continue;
        }
        out[4 * b + 3] = median(tmp, k);
    }
    free(rms);
    free(tmp);
    return 0;
}

/* Amplitude shape per win-sample window of x (n,): out (n / win, 4) = RMS, peak, kurtosis,
 * share of samples within `near` of the peak (all about the window's mean). */
EXPORT void aq_window_shape_stats(const float *x, int64_t n, int64_t win, double near, double *out) {
    int64_t nw = n / win;
    for (int64_t w = 0; w < nw; w++) {
        const float *s = x + w * win;
        double mean = 0.0, m2 = 0.0, m4 = 0.0, pk = 0.0;
        for (int64_t i = 0; i < win; i++) mean += (double)s[i];
        mean /= (double)win;
        for (int64_t i = 0; i < win; i++) {
            double v = (double)s[i] - mean, v2 = v * v;
            m2 += v2;
            m4 += v2 * v2;
            if (fabs(v) > pk) pk = fabs(v);
        }
        m2 /= (double)win;
        m4 /= (double)win;
        double lvl = near * pk;
        int64_t cnt = 0;
        for (int64_t i = 0; i < win; i++) cnt += fabs((double)s[i] - mean) >= lvl;
        double *o = out + 4 * w;
        o[0] = sqrt(m2);
        o[1] = pk;
        o[2] = m2 > 0 ? m4 / (m2 * m2) : 0.0;
        o[3] = (double)cnt / (double)win;
    }
}

/* Frames first .. first + nframes of x, n_fft samples every hop, times win (n_fft,): out
 * (nframes, n_fft) float64, the STFT's input. */
EXPORT void aq_windowed_frames(const float *x, int64_t first, int64_t nframes, int64_t n_fft, int64_t hop,
                               const double *win, double *out) {
    for (int64_t f = 0; f < nframes; f++) {
        const float *s = x + (first + f) * hop;
        double *o = out + f * n_fft;
        for (int64_t k = 0; k < n_fft; k++) o[k] = (double)s[k] * win[k];
    }
}

/* One pass over the complex spectrogram z (frames, bins) (interleaved float64 re, im):
 * power (frames, bins) float32 |z|^2 (rounded once); stats (frames, nbands + 3) band sums, total, centroid,
 * flatness over bins [flat_lo, flat_hi); mel (frames, nm) float32, filter m over bins
 * [mel_start[m], mel_stop[m]) with weights mel_w[mel_off[m] ...]. */
EXPORT void aq_spectral_pass(const double *z, int64_t nf, int64_t nbins, const int64_t *edges, int64_t nbands,
                             const double *freqs, int64_t flat_lo, int64_t flat_hi, const int64_t *mel_start,
                             const int64_t *mel_stop, const float *mel_w, const int64_t *mel_off, int64_t nm,
                             float *power, double *stats, float *mel) {
    const double eps = 1e-12;
    int64_t m_flat = flat_hi - flat_lo;
    for (int64_t f = 0; f < nf; f++) {
        const double *zr = z + 2 * nbins * f;
        float *row = power + nbins * f;
        double *o = stats + (nbands + 3) * f;
        double tot = 0.0, cen = 0.0;
        for (int64_t k = 0; k < nbins; k++) {
            double re = zr[2 * k], im = zr[2 * k + 1];
            float p = (float)(re * re + im * im);
            row[k] = p;
            tot += (double)p;
            cen += (double)p * freqs[k];
        }
        for (int64_t b = 0; b < nbands; b++) {
            double acc = 0.0;
            for (int64_t k = edges[b]; k < edges[b + 1]; k++) acc += (double)row[k];
            o[b] = acc;
        }
        o[nbands] = tot;
        o[nbands + 1] = cen / (tot + eps);
        /* geometric mean: log of products of 16 terms (each in [1e-12, ~1e8]: no under- or
         * overflow), one log per 16 bins */
        double lg = 0.0, ar = 0.0;
        int64_t k = flat_lo;
        while (k < flat_hi) {
            double prod = 1.0;
            int64_t stop = k + 16 < flat_hi ? k + 16 : flat_hi;
            for (; k < stop; k++) {
                double p = (double)row[k] + eps;
                prod *= p;
                ar += p;
            }
            lg += log(prod);
        }
        o[nbands + 2] = m_flat > 0 ? exp(lg / (double)m_flat) / (ar / (double)m_flat) : 0.0;
        float *mo = mel + nm * f;
        for (int64_t m = 0; m < nm; m++) {
            float acc = 0.0f;
            const float *w = mel_w + mel_off[m] - mel_start[m];
            for (int64_t j = mel_start[m]; j < mel_stop[m]; j++) acc += w[j] * row[j];
            mo[m] = acc;
        }
    }
}

/* The beat tracker's dynamic programme over local (n,): backlink (n,) and cum (n,). For each
 * frame the best previous beat half .. 2 * fpb frames back, nearest first on ties, scored
 * cum - tightness * (log(gap) - log(fpb))^2; -1 before the first frame whose local score
 * reaches 1 % of the maximum. T is the envelope's precision (cum is stored in it). */
#define BEAT_DP(NAME, T)                                                                              \
    EXPORT int64_t NAME(const T *local, int64_t n, double fpb, int64_t half, double tightness,       \
                        int64_t *backlink, T *cum) {                                                  \
        if (n <= 0) return 0;                                                                         \
        int64_t maxgap = 2 * (int64_t)fpb;                                                            \
        double *pen = malloc(sizeof(double) * (size_t)(maxgap + 2));                                  \
        if (!pen) return -1;                                                                          \
        double lf = log(fpb);                                                                         \
        pen[0] = INFINITY;                                                                            \
        for (int64_t d = 1; d <= maxgap; d++) {                                                       \
            double e_ = log((double)d) - lf;                                                          \
            pen[d] = tightness * (e_ * e_);                                                           \
        }                                                                                             \
        double mx = local[0];                                                                         \
        for (int64_t i = 1; i < n; i++)                                                               \
            if (local[i] > mx) mx = local[i];                                                         \
        double thresh = 0.01 * mx;                                                                    \
        int first = 1;                                                                                \
        for (int64_t i = 0; i < n; i++) {                                                             \
            double best = -INFINITY;                                                                  \
            int64_t loc_best = -1;                                                                    \
            for (int64_t loc = i - half; loc > i - maxgap - 1 && loc >= 0; loc--) {                   \
                double v = (double)cum[loc] - pen[i - loc];                                           \
                if (v > best) {                                                                       \
                    best = v;                                                                         \
                    loc_best = loc;                                                                   \
                }                                                                                     \
            }                                                                                         \
            cum[i] = loc_best >= 0 ? (T)((double)local[i] + best) : local[i];                         \
            if (first && (double)local[i] < thresh) {                                                 \
                backlink[i] = -1;                                                                     \
            } else {                                                                                  \
                backlink[i] = loc_best;                                                               \
                first = 0;                                                                            \
            }                                                                                         \
        }                                                                                             \
        free(pen);                                                                                    \
        return 0;                                                                                     \
    }

BEAT_DP(aq_beat_dp_f32, float)
BEAT_DP(aq_beat_dp_f64, double)
