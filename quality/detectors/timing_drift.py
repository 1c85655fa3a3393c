"""Timing drift: the local tempo wanders away from the track's own tempo.

The onset envelope's autocorrelation (ACF) over lags LAG_S is a fingerprint of the
rhythm: a peak at every beat, bar and syncopation the pattern has. Over 8 s
windows (hop 2 s) the local ACF is compared with the whole track's ACF stretched
by a factor r (r in 1 +- SEARCH): the r that matches best is the window's tempo
relative to the track. Matching the whole ACF shape, not one peak near an assumed
beat lag, keeps syncopated patterns (a strong 3.5-beat peak) and wrong global
tempo estimates from reading as drift (the earlier peak-picking version reported
11-19 % "drifts" on clean sketch takes and 6-15 % on packaged recordings).

A window off by more than MAX_DEVIATION for MIN_S or longer is a drift. Source:
tempo-stability practice (human steadiness ~1-2 %); calibrated on synthetic drifts
(fixtures: 8-12 %, sketch engine: a 4-8 % ramp across one section).

Windows are 4 s (hop 1 s): a ramp across one 4-9 s section averages only half its end
deviation, and an 8 s window also averages in steady music around it, so the sketch
engine's drifts read 0.2-2.5 % there (0 of 5 heard on the tune split). At 4 s they read
2-4.7 % over 2+ windows, clean sketch takes stay within 0.5 %, and on the packaged
recordings (calibrate split, 41 excerpts of 60 s) single windows reach 2-8 % (an
upbeat, a fill) but no two consecutive windows pass 1.5 %: so a drift needs two.

Except at the take's end: a drift in the last section (4-5 s) ramps to its largest deviation
where the take stops, so only the last window holds it, and its ramp smears the window's ACF
under MIN_MATCH (a pop take's last 4.4 s at 0.94 x: -4 %, match 0.48, 0.04 unstretched). The
last window alone is a drift when the track's own rhythm does not fit it unstretched but a
stretched one does (best - unstretched match > EDGE_GAIN). Tune split (60 sketch takes at 8
steps): 4 of 4 drifts heard (was 2: both missed ones were last sections), no new alarm on the
56 clean takes; the packaged recordings' calibrate split (41 clean excerpts): none, as before.

Without a plan (no planned duration and no planned sections: a user's file) the track's own
median tempo is the only reference, and real music leaves it on purpose: a section at another
tempo, rubato, a ritardando. On the tune split of bench/real_corpus.py (calibrate + heldout +
fresh_calibrate, 128 clean excerpts of published game music) the detector finds 4 such ranges,
3-10 % off the track's tempo (one the first 7 s of an orchestral excerpt, 10 % slower, whose
rhythm does not fit the rest unstretched at all), as far off as the drifts it is calibrated to
find (the sketch engine's 2-4.7 %, the fixtures' 4-12 %): the onset rhythm cannot tell a
deliberate change from a drift, only a plan says which tempo was meant. So without a plan a
drift is reported for a listen, from MIN_SEVERITY to UNPLANNED_MAX_SEVERITY (the agent
looks at >= 0.25, a fault is >= 0.5), never as a fault; with a plan (the engine's takes) its
severity is as before.

``section_stretches`` asks the same of a whole planned section against the rest of the
take, over a wider range (0.7-1.43 x): the structure check uses it to predict how far a
section played at another tempo moves every later section (``quality.structure_bars``).
"""

from __future__ import annotations

import numpy as np

from quality.detectors.base import Context, defect, mask_ranges
from quality.report import Defect, DefectKind
from quality.tempo import acf

WINDOW_S = 4.0
HOP_S = 1.0
LAG_S = (0.15, 3.0)  # ACF lags compared (covers 1-4 beats from 80 to 160 bpm)
MAX_DEVIATION = 0.018  # off the track tempo (clean sketch takes <= 0.5 %; recordings: one window at most)
MIN_S = 5.0  # two windows
SEARCH = 0.15  # stretch factors searched; a best match on the edge is rejected
STEP = 0.0025  # stretch resolution
MIN_MATCH = 0.5  # correlation of the stretched ACFs needed to trust a window
MIN_GAIN = 0.02  # the best stretch must match this much better than r = 1
EDGE_GAIN = 0.2  # the take's last window alone: its best stretch must match this much better than r = 1
# severity: from MIN_SEVERITY at MAX_DEVIATION to MAX_SEVERITY at SEVERITY_SPAN past it (planned takes)
MIN_SEVERITY = 0.3
MAX_SEVERITY = 0.9
SEVERITY_SPAN = 0.07
# without a plan (see the docstring): the same deviation maps into this range, under the fault line 0.5; the tune
# split's 4 clean ranges (3-10 % off: 0.40-0.90 as planned) read 0.33-0.45
UNPLANNED_MAX_SEVERITY = 0.45


def local_stretch(env: np.ndarray, *, frame_s: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(window start times s, local tempo ratio r, match at r, match at 1) over the onset envelope."""
    win = int(WINDOW_S / frame_s)
    hop = int(HOP_S / frame_s)
    lo, hi = int(LAG_S[0] / frame_s), int(LAG_S[1] / frame_s)
    g = acf(env, int(hi * (1 + SEARCH)) + 3)
    lags = np.arange(lo, hi)
    rs = np.arange(1 - SEARCH, 1 + SEARCH + STEP / 2, STEP)
    # global ACF at lag / r (a window r times faster has its peaks at lag / r of the track's)
    ref = np.stack([np.interp(lags * r, np.arange(g.size), g) for r in rs])  # (n_r, n_lags): local lag l <-> global l*r
    ref = ref - ref.mean(axis=1, keepdims=True)
    ref /= np.maximum(np.linalg.norm(ref, axis=1, keepdims=True), 1e-12)
    i1 = int(np.argmin(np.abs(rs - 1.0)))
    starts, ratio, best, at1 = [], [], [], []
    for s in range(0, max(1, env.size - win + 1), hop):
        a = acf(env[s : s + win], hi)[lo:hi]
        a = a - a.mean()
        na = np.linalg.norm(a)
        starts.append(s * frame_s)
        if na <= 0:
            ratio.append(np.nan), best.append(0.0), at1.append(0.0)
            continue
        c = ref @ (a / na)
        k = int(np.argmax(c))
        edge = k == 0 or k == rs.size - 1
        ratio.append(np.nan if edge else float(rs[k]))
        best.append(float(c[k]))
        at1.append(float(c[i1]))
    return np.array(starts), np.array(ratio), np.array(best), np.array(at1)


def drift_runs(starts: np.ndarray, ratio: np.ndarray, best: np.ndarray,
               at1: np.ndarray) -> list[tuple[int, int, np.ndarray]]:
    """(first window, end window, deviation per window) of every drift in ``local_stretch``'s
    windows: off the track's tempo by MAX_DEVIATION over two windows (MIN_S), or over the take's
    last window alone when the unstretched rhythm does not fit it at all (see the docstring)."""
    ok = np.isfinite(ratio) & (best > MIN_MATCH)
    if ok.sum() < 3:
        return []
    last = starts.size - 1
    edge = bool(np.isfinite(ratio[last]) and best[last] - at1[last] > EDGE_GAIN)
    ref = float(np.median(ratio[ok]))
    ok[last] |= edge
    dev = np.where(ok, ratio / ref - 1.0, 0.0)
    mask = (np.abs(dev) > MAX_DEVIATION) & (best - at1 > MIN_GAIN)
    need = max(1, int((MIN_S - WINDOW_S) / HOP_S) + 1)
    return [(s, e, dev) for s, e in mask_ranges(mask, merge_gap=1, min_len=1)
            if e - s >= need or (edge and e == last + 1)]


def run(ctx: Context) -> list[Defect]:
    f = ctx.feats
    if f.duration_s < 2 * WINDOW_S:
        return []
    env = f.onset_env
    if not np.any(env > 0):
        return []
    starts, ratio, best, at1 = local_stretch(env, frame_s=f.frame_s)
    tempo, _ = f.beats
    planned = ctx.planned_duration_s is not None or bool(ctx.planned_boundaries_s)
    top = MAX_SEVERITY if planned else UNPLANNED_MAX_SEVERITY
    out = []
    for s, e, dev in drift_runs(starts, ratio, best, at1):
        d = float(dev[s:e][np.argmax(np.abs(dev[s:e]))])
        sev = MIN_SEVERITY + (top - MIN_SEVERITY) * min(1.0, (abs(d) - MAX_DEVIATION) / SEVERITY_SPAN)
        out.append(defect(DefectKind.timing_drift, starts[s], starts[e - 1] + WINDOW_S, sev, ctx,
                          tempo_bpm=tempo, local_tempo_bpm=tempo * (1 + d), deviation=d, planned=planned,
                          match=float(np.median(best[s:e])), match_unstretched=float(np.median(at1[s:e]))))
    return out


SECTION_SEARCH = (0.7, 1.43)  # a whole section at another tempo: wider than a drift around the track's tempo
SECTION_STEP = 0.005
ALIAS_MARGIN = 0.05  # other local best matches this close to the best are candidates too (a steady beat
# matches at r and 1.5 r, or r / 1.5, almost equally)


def _acf_raw(e: np.ndarray, n_lags: int, mean: float) -> np.ndarray:
    """Unnormalised autocorrelation of ``e - mean`` at lags 0..n_lags-1 (zeros past its length)."""
    out = np.zeros(n_lags)
    if e.size < 4:
        return out
    x = e - mean
    n = 1 << int(np.ceil(np.log2(2 * x.size)))
    f = np.fft.rfft(x, n)
    ac = np.fft.irfft(f * np.conj(f), n)[: min(n_lags, x.size)]
    out[: ac.size] = ac
    return out


def section_stretches(env: np.ndarray, *, frame_s: float,
                      spans: list[tuple[float, float]]) -> list[tuple[list[float], float, float]]:
    """Per span (start_s, end_s): (tempo ratios r of the span to the rest of the take, best
    match, match at 1): the span's onset ACF against the rest's ACF stretched by r in
    SECTION_SEARCH (r > 1: the span plays faster); every local best within ALIAS_MARGIN of
    the best is a candidate, nearest 1 first. The rest's ACF is the take's minus the span's
    (the cross terms at the two joins are a lag's worth of frames). No ratio when the best
    match is on the search's edge or either part is shorter than 1.5 x the longest lag."""
    lo, hi = int(LAG_S[0] / frame_s), int(LAG_S[1] / frame_s)
    n_ref = int(hi * SECTION_SEARCH[1]) + 3
    mean = float(env.mean()) if env.size else 0.0
    total = _acf_raw(env, n_ref, mean)
    lags = np.arange(lo, hi)
    rs = np.arange(SECTION_SEARCH[0], SECTION_SEARCH[1] + SECTION_STEP / 2, SECTION_STEP)
    pos = (lags[None, :] * rs[:, None]).ravel()
    i0 = np.minimum(pos.astype(int), n_ref - 2)
    frac = pos - i0
    i1 = int(np.argmin(np.abs(rs - 1.0)))
    out = []
    for start_s, end_s in spans:
        a, b = max(0, int(start_s / frame_s)), min(env.size, int(end_s / frame_s))
        if b - a < 1.5 * hi or env.size - (b - a) < 1.5 * hi:
            out.append(([], 0.0, 0.0))
            continue
        own = _acf_raw(env[a:b], n_ref, mean)
        rest = total - own
        loc = own[lo:hi] - own[lo:hi].mean()
        if rest[0] <= 0 or not np.any(loc):
            out.append(([], 0.0, 0.0))
            continue
        ref = (rest[i0] * (1 - frac) + rest[i0 + 1] * frac).reshape(rs.size, lags.size)
        ref = ref - ref.mean(axis=1, keepdims=True)
        ref /= np.maximum(np.linalg.norm(ref, axis=1, keepdims=True), 1e-12)
        c = ref @ (loc / max(float(np.linalg.norm(loc)), 1e-12))
        k = int(np.argmax(c))
        peaks = np.flatnonzero((c[1:-1] >= c[:-2]) & (c[1:-1] >= c[2:]) & (c[1:-1] >= c[k] - ALIAS_MARGIN)) + 1
        cands = [] if k in (0, rs.size - 1) else sorted((float(rs[j]) for j in peaks), key=lambda r: abs(np.log(r)))
        out.append((cands, float(c[k]), float(c[i1])))
    return out
