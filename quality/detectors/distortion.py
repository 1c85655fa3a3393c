"""Distortion: saturated, flat-topped stretches (soft or hard clipping of a part).

Blind measure on 100 ms windows of the mid channel: saturation piles samples up
near the window peak (high near-peak fraction) and flattens the amplitude
distribution (low kurtosis). Music windows: near-peak fraction 0.2-2 %,
kurtosis 3-10; a tanh-saturated mix: 5-30 % and < 2.5. Thresholds calibrated on
the clean and planted corpora (bench/quality_pr.py).

On the mix each channel is also judged on its own (``channel_stats``) and the ranges of the
mid and both channels are joined: a saturating bus, limiter or converter flattens each channel's own peaks, and in a
wide, decorrelated recording (orchestral, acoustic, ambient) the mid channel, the mean of two
differently flat-topped waves, keeps its peaks round. Calibration half of bench/real_corpus.py
(tanh drive 4-12 over 2-6 s): found on the mid channel 32/41, per channel 38/41, clean
excerpts flagged 0/41 either way.

On stems two more rules: flat tops below full scale (``plateau_fraction``) and square edges at the
zero crossings (``quality.detectors.square_edges``: a part clipped far under its peak, then brightened).
"""

from __future__ import annotations

import numpy as np

from quality.detectors import square_edges
from quality.detectors.base import Context, defect, mask_ranges
from quality.features import SHAPE_WIN
from quality.report import Defect, DefectKind

MIN_NEAR_PEAK_FRACTION = 0.05
MAX_KURTOSIS = 2.2
MIN_RMS_DBFS = -30.0
MIN_S = 0.3  # 3 windows
# a window's channels are judged on their own where the mid channel's kurtosis is under this
# (saturated wide recordings, calibration half: mid 1.6-2.5 where the channels are flat-topped;
# most music windows 2.5-10): the sum of two flat-topped channels is flat too, so nothing is lost
CHANNEL_GATE_KURTOSIS = 2.6
SEVERITY_FULL_FRACTION = 0.25
# A pure tone is not distorted, yet a sine has near-peak fraction 0.20 and kurtosis 1.5.
# Saturation spreads energy over harmonics: a window whose frames hold more than
# MAX_TONE_PURITY of their power within +-TONE_BINS bins of the strongest bin is one
# clean tone (a sine: ~0.99; a saturated mix: < 0.5).
MAX_TONE_PURITY = 0.9
TONE_BINS = 3
# An isolated stem is often one sine-like voice (sine bass, formant voice): clean sketch
# stems measure near-peak fraction 0.05-0.31 with kurtosis 1.15-1.8, a deliberately
# saturated hip-hop bass up to 0.62; a hard-clipped stem 0.9+. On stems the near-peak
# fraction must pass STEM_MIN_NEAR_PEAK_FRACTION, severity full at STEM_FULL_FRACTION.
STEM_MIN_NEAR_PEAK_FRACTION = 0.75
STEM_FULL_FRACTION = 0.95
# A part clipped hard and then turned down (or brightened after the clip, which moves the
# peak to the edges and defeats the near-peak fraction) keeps its flat tops: runs of
# PLATEAU_RUN+ identical samples (within PLATEAU_TOL of the window's peak, or half a 24-bit step)
# at a level of the music (|x| >= PLATEAU_MIN_LEVEL x the window's RMS; silence is flat
# too). A rendered instrument never holds a value for 4 samples mid-note: clean sketch
# stems (48 takes, 5 genres) have 0.0 % of any 100 ms window on such plateaus, a sine bass
# at 55 Hz (16-bit) < 1 %; a stem clipped at half its RMS 7-80 %. On stems only (the mix
# of several parts has no plateaus left; packaged recordings are judged on the mix).
PLATEAU_RUN = 4
PLATEAU_TOL = 1e-6
PLATEAU_FLOOR = 6e-8  # half a 24-bit step
PLATEAU_MIN_LEVEL = 0.5
PLATEAU_MIN_FRACTION = 0.04  # of a window's samples
PLATEAU_FULL_FRACTION = 0.3  # severity 1
PLATEAU_MIN_RMS_DBFS = -50.0
# A part's quiet tail (a sub bass dying out at the end of a take, 27 dB under its body) holds
# near-equal values too (a slow wave near its peak moves less than a 24-bit step); clipping
# happens where the part is loud: windows more than PLATEAU_MIN_REL_DB under the stem's loud
# windows (90th percentile RMS) are not judged.
PLATEAU_MIN_REL_DB = -20.0
# Without stems: a passage driven into soft saturation (a tanh-like drive over a whole mix) keeps each
# window's peak a single sample, so the near-peak fraction stays under MIN_NEAR_PEAK_FRACTION, but its
# crest factor (peak over RMS) falls against the same recording around it. Per 100 ms window of the
# mid channel: the crest's running median over CREST_SHORT_WINDOWS (1.1 s) less its median over
# CREST_LONG_WINDOWS (+-10 s; at the file's ends over the windows there are). bench/burst_study.py on
# `--split all` before fresh4 (develop) and fresh4 + fresh5 (check): planted passages the shape rule
# misses fall 2.8-7.5 dB; with a fall of >= 3 dB over >= 1.5 s: clean excerpts with such a passage
# develop 0/251, check 2/102 (3.3-4.4 dB, severity < 0.4), plants found develop 233 -> 236, check
# 89 -> 93 (with the ends padded by their edge value: clean 3 and 4, all in an excerpt's last 2 s);
# 2.5 dB: clean 10 and 6 (padded); 4 dB: plants +1 and +2.
CREST_SHORT_WINDOWS = 11
CREST_LONG_WINDOWS = 201
CREST_DROP_DB = 3.0
CREST_MIN_S = 1.5
# severity 0.25 at CREST_DROP_DB, rising to 0.75 at CREST_FULL_DROP_DB
CREST_FULL_DROP_DB = 8.0
# Without stems: a flat-topped timbre the recording holds in other passages too (a square-wave lead, a hard synth
# waveform: Tecnoballz's MODs, Titanion) is its sound, a saturation written into one passage is not. A shape range's
# passage is the run of flat-topped windows it lies in (the shape rule's near-peak, kurtosis and level tests on the
# mid or either channel, without the tone test), joined over gaps up to RECUR_PASSAGE_GAP_S, with RECUR_CONTEXT_S
# around it; when more than RECUR_SHARE of the file's windows outside it are flat-topped too, the range is reported
# at RECUR_FACTOR of its severity. Developed on the distortion-planted and clean copies of bench/real_corpus.py's
# splits up to fresh8 (develop) and checked on fresh9, fresh10 and tracker_tune: the planted passage's range read
# 0.000 in 90 % of copies (0.004 at the 95th percentile: a written drive is one passage), the clean ranges at >= 0.4
# 0.018 (Titanion's ttn3, develop's one clean fault, 0.53) and 0.026 (Tecnoballz's area4-game, the check's, 0.51).
# 0.01 is the round share under ttn3's, 0.8 the mildest factor that puts it under the fault line; on develop no
# planted passage falls under 0.25 or 0.5 (461 and 389 of 490), 0.6 loses three at 0.5. Check: clean faults 1 -> 0,
# planted found 100 (75 at 0.5) of 106, unchanged. Without the passage join (other pieces of one planted drive
# counting as elsewhere) the planted ranges read up to 0.044 at the 99th percentile.
RECUR_PASSAGE_GAP_S = 2.0
RECUR_CONTEXT_S = 1.0
RECUR_SHARE = 0.01
RECUR_FACTOR = 0.8


def detect(shape: np.ndarray, *, window_s: float, purity=None,
           min_near_peak_fraction: float = MIN_NEAR_PEAK_FRACTION) -> list[dict]:
    """Saturated ranges from per-window (rms, peak, kurtosis, near_peak_fraction).
    ``purity(i)``, when given, is window i's tone purity (see MAX_TONE_PURITY)."""
    if shape.shape[0] == 0:
        return []
    mask = flat_windows(shape, min_near_peak_fraction)
    if purity is not None:
        for i in np.flatnonzero(mask):
            mask[i] = purity(int(i)) <= MAX_TONE_PURITY
    out = []
    for s, e in mask_ranges(mask, merge_gap=2, min_len=max(1, int(MIN_S / window_s))):
        out.append({"start_s": s * window_s, "end_s": e * window_s, "near_peak_fraction": float(np.median(shape[s:e, 3])),
                    "kurtosis": float(np.median(shape[s:e, 2])), "covered": float(mask[s:e].mean())})
    return out


def flat_windows(shape: np.ndarray, min_near_peak_fraction: float = MIN_NEAR_PEAK_FRACTION) -> np.ndarray:
    """The windows the shape rule calls flat-topped (near-peak fraction, kurtosis and level; no tone test)."""
    rms_db = 20 * np.log10(np.maximum(shape[:, 0], 1e-10))
    return (shape[:, 3] > min_near_peak_fraction) & (shape[:, 2] < MAX_KURTOSIS) & (rms_db > MIN_RMS_DBFS)


def recurring_share(g: dict, flat: np.ndarray, *, window_s: float) -> float:
    """The share of the file's windows outside range ``g``'s passage that are flat-topped (``flat``): the passage is
    ``g`` with RECUR_CONTEXT_S on each side, joined with the runs of flat windows (bridged over RECUR_PASSAGE_GAP_S)
    it touches."""
    pad = int(round(RECUR_CONTEXT_S / window_s))
    a, b = max(0, int(g["start_s"] / window_s) - pad), int(np.ceil(g["end_s"] / window_s)) + pad
    for s, e in mask_ranges(flat, merge_gap=int(round(RECUR_PASSAGE_GAP_S / window_s))):
        if s < b and a < e:
            a, b = min(a, s), max(b, e)
    away = np.ones(flat.size, dtype=bool)
    away[a:b] = False
    return float(flat[away].mean()) if away.any() else 0.0


def plateau_fraction(x: np.ndarray, *, window: int) -> np.ndarray:
    """Per ``window``-sample window of ``x`` (n,): the share of samples on flat plateaus
    (PLATEAU_RUN+ samples equal within PLATEAU_TOL of the window's peak, at
    PLATEAU_MIN_LEVEL x the window's RMS or more)."""
    n = x.size // window
    if n == 0:
        return np.zeros(0)
    m = np.asarray(x[: n * window], dtype=np.float64)
    w = m.reshape(n, window)
    tol = np.repeat(np.maximum(PLATEAU_TOL * np.abs(w).max(axis=1), PLATEAU_FLOOR), window)[1:]
    eq = np.concatenate([[0], (np.abs(np.diff(m)) <= tol).astype(np.int8), [0]])
    d = np.diff(eq)
    starts, ends = np.flatnonzero(d == 1), np.flatnonzero(d == -1)  # runs of equal neighbours
    keep = ends - starts >= PLATEAU_RUN - 1
    marks = np.zeros(m.size + 1, dtype=np.int32)
    np.add.at(marks, starts[keep], 1)
    np.add.at(marks, ends[keep] + 1, -1)
    flat = np.cumsum(marks[:-1]) > 0
    rms = np.sqrt(np.mean(w * w, axis=1))
    share = (flat.reshape(n, window) & (np.abs(w) >= PLATEAU_MIN_LEVEL * rms[:, None])).mean(axis=1)
    share[~judged(rms)] = 0.0
    return share


def judged(rms: np.ndarray) -> np.ndarray:
    """Windows of a stem loud enough to judge: over PLATEAU_MIN_RMS_DBFS and within
    PLATEAU_MIN_REL_DB of the stem's loud windows (90th percentile RMS)."""
    if rms.size == 0:
        return np.zeros(0, dtype=bool)
    loud = float(np.percentile(rms, 90))
    return (rms >= 10 ** (PLATEAU_MIN_RMS_DBFS / 20)) & (rms >= loud * 10 ** (PLATEAU_MIN_REL_DB / 20))


def plateaus(share: np.ndarray, *, window_s: float) -> list[dict]:
    """Ranges of windows whose plateau share passes PLATEAU_MIN_FRACTION, as ``detect`` returns them."""
    mask = share >= PLATEAU_MIN_FRACTION
    out = []
    for s, e in mask_ranges(mask, merge_gap=2, min_len=max(1, int(MIN_S / window_s))):
        out.append({"start_s": s * window_s, "end_s": e * window_s, "plateau_fraction": float(np.median(share[s:e][mask[s:e]])),
                    "covered": float(mask[s:e].mean())})
    return out


def _local_median(x: np.ndarray, size: int) -> np.ndarray:
    """Median of the ``size`` (odd) values centred on each value of ``x``; near the ends, of the
    values there are (an edge value repeated would stand for the whole missing half)."""
    from quality.dsp import running_median

    h = size // 2
    if x.size <= size:
        return np.full(x.size, float(np.median(x))) if x.size else x.copy()
    out = running_median(x, size)
    for i in list(range(h)) + list(range(x.size - h, x.size)):
        out[i] = np.median(x[max(0, i - h): i + h + 1])
    return out


def crest_drops(shape: np.ndarray, *, window_s: float) -> list[dict]:
    """Passages whose crest factor fell CREST_DROP_DB under the recording around them (see CREST_*),
    from per-window (rms, peak, kurtosis, near_peak_fraction), as ``detect`` returns them."""
    if shape.shape[0] < CREST_SHORT_WINDOWS:
        return []
    rms_db = 20 * np.log10(np.maximum(shape[:, 0], 1e-10))
    crest = 20 * np.log10(np.maximum(shape[:, 1], 1e-10)) - rms_db
    rel = _local_median(crest, CREST_SHORT_WINDOWS) - _local_median(crest, CREST_LONG_WINDOWS)
    mask = (rel <= -CREST_DROP_DB) & (rms_db > MIN_RMS_DBFS)
    out = []
    for s, e in mask_ranges(mask, merge_gap=2, min_len=max(1, int(round(CREST_MIN_S / window_s)))):
        out.append({"start_s": s * window_s, "end_s": e * window_s, "crest_drop_db": float(-rel[s:e].mean()),
                    "near_peak_fraction": float(np.median(shape[s:e, 3])), "kurtosis": float(np.median(shape[s:e, 2])),
                    "covered": float(mask[s:e].mean())})
    return out


def _overlaps(g: dict, ranges: list[dict]) -> bool:
    return any(p["start_s"] < g["end_s"] and g["start_s"] < p["end_s"] for p in ranges)


def tone_purity(f, i: int) -> float:
    """Median over the STFT frames inside SHAPE_WIN window ``i`` of the power within
    +-TONE_BINS of each frame's strongest bin over the frame's power."""
    from quality.features import HOP, N_FFT

    a = max(0, (i * SHAPE_WIN - N_FFT // 2) // HOP)
    b = max(a + 1, ((i + 1) * SHAPE_WIN - N_FFT // 2) // HOP)
    p = f.power[a:b].astype(np.float64)
    if p.size == 0:
        return 0.0
    k = np.argmax(p, axis=1)
    c = np.cumsum(np.pad(p, ((0, 0), (1, 0))), axis=1)
    lo = np.maximum(k - TONE_BINS, 0)
    hi = np.minimum(k + TONE_BINS + 1, p.shape[1])
    rows = np.arange(p.shape[0])
    near = c[rows, hi] - c[rows, lo]
    return float(np.median(near / np.maximum(c[:, -1], 1e-30)))


def channel_stats(y: np.ndarray, mid: np.ndarray) -> list[np.ndarray]:
    """Per channel of ``y`` (channels, n): ``kernels.window_shape_stats`` over SHAPE_WIN windows,
    computed only where the mid channel's stats ``mid`` are already flat enough
    (kurtosis < CHANNEL_GATE_KURTOSIS: a sum of two flat-topped channels is flat too); other
    windows keep the mid's stats, which fail the kurtosis rule anyway."""
    from quality import kernels
    from quality.features import NEAR_PEAK

    cand = np.flatnonzero(mid[:, 2] < CHANNEL_GATE_KURTOSIS)
    out = []
    for c in y:
        st = mid.copy()
        if cand.size:
            w = np.ascontiguousarray(c[: mid.shape[0] * SHAPE_WIN].reshape(mid.shape[0], SHAPE_WIN)[cand]).ravel()
            st[cand] = kernels.window_shape_stats(w, SHAPE_WIN, NEAR_PEAK)
        out.append(st)
    return out


def _join(ranges: list[dict]) -> list[dict]:
    """Overlapping ranges (found on different channels) joined into one, keeping the evidence of
    the range with the most samples near the peak."""
    out: list[dict] = []
    for g in sorted(ranges, key=lambda g: g["start_s"]):
        if out and g["start_s"] <= out[-1]["end_s"]:
            last = out[-1]
            best = dict(g if g["near_peak_fraction"] > last["near_peak_fraction"] else last)
            best.update(start_s=last["start_s"], end_s=max(last["end_s"], g["end_s"]), covered=max(last["covered"], g["covered"]))
            out[-1] = best
        else:
            out.append(dict(g))
    return out


def run(ctx: Context) -> list[Defect]:
    f = ctx.feats
    shape = f.shape_stats
    if ctx.stem is not None:
        found = detect(shape, window_s=SHAPE_WIN / f.sr, min_near_peak_fraction=STEM_MIN_NEAR_PEAK_FRACTION)
    else:
        purity = {}  # per window, shared by the channels
        pure = lambda i: purity[i] if i in purity else purity.setdefault(i, tone_purity(f, i))  # noqa: E731
        streams = [shape, *channel_stats(f.y, shape)]
        found = _join([g for st in streams for g in detect(st, window_s=SHAPE_WIN / f.sr, purity=pure)])
        flat = np.any([flat_windows(st) for st in streams], axis=0)
        for g in found:
            g["recurring"] = recurring_share(g, flat, window_s=SHAPE_WIN / f.sr)
    out = []
    lo, full = (STEM_MIN_NEAR_PEAK_FRACTION, STEM_FULL_FRACTION) if ctx.stem is not None else (MIN_NEAR_PEAK_FRACTION, SEVERITY_FULL_FRACTION)
    for g in found:
        g["sev"] = (0.3 + 0.7 * (g["near_peak_fraction"] - lo) / (full - lo)) * (0.5 + 0.5 * g["covered"])
    if ctx.stem is None and not ctx.stems:  # a user's file: with the engine's stems each part is judged on its own
        for g in crest_drops(shape, window_s=SHAPE_WIN / f.sr):
            sev = 0.25 + 0.5 * float(np.clip((g["crest_drop_db"] - CREST_DROP_DB) / (CREST_FULL_DROP_DB - CREST_DROP_DB), 0.0, 1.0))
            same = [h for h in found if _overlaps(h, [g])]
            if any(h["sev"] >= sev for h in same):
                continue  # the passage is reported once, by its strongest evidence
            found = [h for h in found if not any(h is x for x in same)]
            out.append(defect(DefectKind.distortion, g["start_s"], g["end_s"], sev, ctx, crest_drop_db=g["crest_drop_db"],
                              kurtosis=g["kurtosis"], rule="crest factor fallen against the passage around it"))
    if ctx.stem is not None:
        flat = plateaus(plateau_fraction(f.mono, window=SHAPE_WIN), window_s=SHAPE_WIN / f.sr)
        steep, jump = square_edges.crossings(f.mono, window=SHAPE_WIN, judge=judged(shape[:, 0]))
        edges = [g for g in square_edges.square_ranges(steep, jump, shape[:, 2], window_s=SHAPE_WIN / f.sr)
                 if not _overlaps(g, flat)]
        found = [g for g in found if not _overlaps(g, flat + edges)]
        for g in flat:
            sev = 0.3 + 0.7 * min(1.0, (g["plateau_fraction"] - PLATEAU_MIN_FRACTION) / (PLATEAU_FULL_FRACTION - PLATEAU_MIN_FRACTION))
            sev *= 0.5 + 0.5 * g["covered"]
            out.append(defect(DefectKind.distortion, g["start_s"], g["end_s"], sev, ctx,
                              plateau_fraction=g["plateau_fraction"], rule="flat tops below full scale"))
        for g in edges:
            out.append(defect(DefectKind.distortion, g["start_s"], g["end_s"], square_edges.severity(g), ctx,
                              steepness=g["steepness"], rule="square edges at zero crossings"))
    for g in found:
        if "recurring" not in g:
            out.append(defect(DefectKind.distortion, g["start_s"], g["end_s"], g["sev"], ctx,
                              near_peak_fraction=g["near_peak_fraction"], kurtosis=g["kurtosis"]))
            continue
        sev = min(1.0, g["sev"]) * (RECUR_FACTOR if g["recurring"] > RECUR_SHARE else 1.0)  # the recording's timbre
        out.append(defect(DefectKind.distortion, g["start_s"], g["end_s"], sev, ctx, near_peak_fraction=g["near_peak_fraction"],
                          kurtosis=g["kurtosis"], recurring_share=round(g["recurring"], 4)))
    return out
