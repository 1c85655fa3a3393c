"""Phase issues: inverted or cancelling stereo content.

Sustained negative correlation between L and R (broadband, or below 150 Hz where
a good mix is near mono) cancels in mono. Source: correlation-meter practice
(sustained readings below 0 indicate phase problems).

Wide orchestral and ambient recordings (spaced microphones, decorrelated reverb,
stereo synth pads) read -0.2..-0.7 for seconds at a time although nothing is wrong
(packaged game music, the calibration half of bench/real_corpus.py). A polarity
fault differs in being a *change of every band at once*: a channel flipped over a
range turns each band's correlation c into -c, so both the whole band and the low
band (below 150 Hz, where music is near mono) read far below the CONTEXT_S around
the range; a wide passage decorrelates some bands (reverb highs, a stereo synth
bass) and leaves the others. So a negative range is a fault when both bands sit at
least MIN_CONTRAST below their context, when it is extreme (EXTREME_CORRELATION),
or when the whole file reads below MAX_CORRELATION with its low band under
WHOLE_LOW_CORRELATION (one channel inverted throughout: no clean context). A negative
file whose bass is still near mono may be an anti-phase effect over a mono-compatible
mix (a soundfont player's chorus); there a range that reads *positive* is a candidate
too (an inverted range of such a file), a fault only by the flip score below. Other negative ranges are reported at
NOT_FAULT_SEVERITY (a mono-compatibility note the agent does not act on).

Per band. On a wide orchestral mix the whole band's context reads only 0.1-0.25, so a
flip moves it by 0.2-0.5, under MIN_CONTRAST, while a clean wide passage that turns
its low octaves negative moves both bands as far. Split into octaves (BAND_EDGES_HZ),
the same mix still has bands its context holds clearly correlated (strings' low
octaves, a lossy codec's joint-stereo top octave: 0.3-0.99), and a flip reverses
every one of them, where a wide passage reverses some and keeps others. So when the
context holds at least MIN_INFORMATIVE_BANDS bands with |correlation| >=
INFORMATIVE_CORRELATION, the range's band correlations u are read against the
context's v: flip score -sum(u v) / sum(v v) over those bands (1: every band
reversed, 0: decorrelated, < 0: the same image); a fault when it is >= MIN_FLIP_SCORE
(or the reading is extreme, or the file negative); the full/low contrast rule decides
only without such bands.
"""

from __future__ import annotations

import numpy as np

from quality.detectors.base import Context, defect, mask_ranges
from quality.features import BLOCK, LOWBAND_BLOCK
from quality.report import Defect, DefectKind

WINDOW_S = 0.5
MAX_CORRELATION = -0.2  # sustained correlation below this is a phase problem
MIN_S = 1.0
MIN_LOW_S = 2.0  # low band: clean recordings show 1 s dips to -0.3 (bass panning, reverb)
MIN_RMS_DBFS = -45.0  # ignore near-silence
NOT_FAULT_SEVERITY = 0.15  # a wide passage that is the track's own image: below what the agent acts on (0.25)
CONTEXT_S = 10.0  # the track's own stereo image: windows this far either side of the range
# Calibration (bench/real_corpus.py, calibration half, 41 tracks): clean wide orchestral
# and ambient passages flip one band at most (the other within 0.52 of its context; one
# electronic track: 0.57), planted inversions on decorrelated tracks flip both by 0.59-0.6,
# correlated tracks by 1-1.9. Calibration half: clean 1/41 flagged, planted found 37/41.
MIN_CONTRAST = 0.55
EXTREME_CORRELATION = -0.8  # clean recordings' 0.5 s windows stay above -0.75 (one ufoai track)
# Per-band flip score (module docstring). Octave bands, 20 Hz-20 kHz, from 2048-point Hann
# spectra of both channels over the range and CONTEXT_S either side. Tune split
# (bench/quality_real.py --split tune, 128 excerpts, on the ranges the detector reports):
# clean excerpts' negative ranges score <= 0.11 (72 ranges; a flare title passage whose low
# octaves turn negative: -0.25, its top octave still +0.87), planted inversions' ranges >= 0.37,
# median 1.0 (bench/transient_study.py); recall 117 -> 122/128, clean excerpts at severity
# >= 0.5 1 -> 0, at >= 0.25 3 -> 1 (a range with under 2 octaves to read, the contrast rule's).
BAND_EDGES_HZ = (20.0, 150.0, 300.0, 600.0, 1200.0, 2400.0, 4800.0, 9600.0, 20000.0)
BAND_FFT = 2048
# Frames side by side (no overlap): a pass over a minute of audio costs ~30-60 ms (numpy's FFT),
# paid only where a range is negative. Every other frame (half the cost) moves 1 s ranges'
# low-octave readings enough to lose a plant and score a clean range (tune split).
BAND_HOP = BAND_FFT
INFORMATIVE_CORRELATION = 0.3  # |context correlation| of a band whose reversal can be told (0.2: one clean range at 0.50)
MIN_INFORMATIVE_BANDS = 2
MIN_FLIP_SCORE = 0.5
# A file negative throughout (under MAX_CORRELATION) is one channel inverted throughout, a fault with no clean
# context, when its low band (below 150 Hz, the whole file) reads under this too: music keeps its bass near mono
# (--split all's clean excerpts: low band median +0.90, 10th percentile +0.45), so an inverted file's low band turns
# negative with the rest. Over it the file is a wide effect over a mix whose bass is still mono, such as a soundfont
# player's anti-phase chorus (fresh12's fluidsynth renders: -0.22..-0.68 over the minute, low band -0.27..+0.86 in
# 7 of 10; their mono sum holds the dry mix's level in every octave within -0.5..+3.6 dB, bench/midi_effects_study.py):
# its ranges are judged like any other, and a range inverted in it, which reads positive, is looked for (RISING).
# Calibrated on fresh12 (clean phase faults 10 -> 4); checked on --split all (README, critic20b): of its 616 clean
# excerpts with the right channel inverted throughout, 589 read under MAX_CORRELATION and 576 of them under this.
WHOLE_LOW_CORRELATION = -0.3


def windowed_correlation(sums: np.ndarray, *, per: int) -> tuple[np.ndarray, np.ndarray]:
    """(correlation, energy dB) per window of ``per`` blocks from block sums (LL, RR, LR)."""
    nw = sums.shape[0] // per
    w = sums[: nw * per].reshape(nw, per, 3).sum(axis=1)
    den = np.sqrt(w[:, 0] * w[:, 1])
    corr = np.where(den > 0, w[:, 2] / np.maximum(den, 1e-30), 1.0)
    energy = 10 * np.log10(np.maximum((w[:, 0] + w[:, 1]) / (2 * per), 1e-20))
    return corr, energy


def _corr(sums: np.ndarray, idx: np.ndarray) -> float | None:
    """Correlation over the blocks ``idx`` of block sums (LL, RR, LR); None if silent."""
    if idx.size == 0:
        return None
    w = sums[idx].sum(axis=0)
    den = float(np.sqrt(w[0] * w[1]))
    return float(w[2] / den) if den > 0 else None


def _contrast(sums: np.ndarray, block_s: float, start_s: float, end_s: float) -> tuple[float | None, float | None]:
    """(correlation over [start_s, end_s), over the CONTEXT_S either side) from block sums."""
    n = sums.shape[0]
    a, b = int(start_s / block_s), min(n, int(np.ceil(end_s / block_s)))
    c = int(CONTEXT_S / block_s)
    ctx = np.r_[max(0, a - c) : a, b : min(n, b + c)]
    return _corr(sums, np.arange(a, b)), _corr(sums, ctx)


def detect(sums: np.ndarray, *, block_n: int, sr: int, band: str) -> list[dict]:
    """Negative-correlation ranges from block sums (LL, RR, LR) of ``block_n`` samples."""
    per = max(1, int(WINDOW_S * sr / block_n))
    corr, en = windowed_correlation(sums, per=per)
    ws = per * block_n / sr
    en_db = en - 10 * np.log10(block_n)
    mask = (corr < MAX_CORRELATION) & (en_db > MIN_RMS_DBFS)
    return [{"start_s": s * ws, "end_s": e * ws, "correlation": float(np.median(corr[s:e])), "band": band}
            for s, e in mask_ranges(mask, merge_gap=1, min_len=max(1, int(MIN_S / ws)))]


def band_sums(y: np.ndarray, a: int, b: int, *, sr: int) -> np.ndarray:
    """(frames, bands, 3): per BAND_EDGES_HZ band the sums LL, RR, Re(L R*) of the Hann
    spectra of samples [a, b) of ``y`` (2, n), frames of BAND_FFT every BAND_HOP from ``a``."""
    a, b = max(0, a), min(y.shape[1], b)
    n = (b - a) // BAND_HOP
    nb = len(BAND_EDGES_HZ) - 1
    if n < 1:
        return np.zeros((0, nb, 3))
    frames = y[:, a : a + n * BAND_HOP].reshape(2, n, BAND_HOP)[:, :, :BAND_FFT]
    spec_l, spec_r = np.fft.rfft(frames * np.hanning(BAND_FFT).astype(np.float32), axis=2)
    edges = np.searchsorted(np.fft.rfftfreq(BAND_FFT, 1.0 / sr), BAND_EDGES_HZ)
    per_bin = np.stack([spec_l.real**2 + spec_l.imag**2, spec_r.real**2 + spec_r.imag**2,
                        spec_l.real * spec_r.real + spec_l.imag * spec_r.imag], axis=2)
    return np.add.reduceat(per_bin[:, edges[0] : edges[-1]], edges[:-1] - edges[0], axis=1)


def _band_corr(sums: np.ndarray) -> np.ndarray:
    """Correlation per band of (frames, bands, 3) sums (0 where silent)."""
    w = sums.sum(axis=0)
    den = np.sqrt(w[:, 0] * w[:, 1])
    return np.where(den > 0, w[:, 2] / np.maximum(den, 1e-30), 0.0)


def flip_score(y: np.ndarray, start_s: float, end_s: float, *, sr: int,
               sums: tuple[np.ndarray, int] | None = None) -> float | None:
    """The module docstring's per-band flip score of [start_s, end_s) of ``y`` (2, n) against
    CONTEXT_S either side; None when the context has under MIN_INFORMATIVE_BANDS bands.
    ``sums``: (band_sums of a span covering them, its first sample), to share one pass."""
    a, b, c = int(start_s * sr), int(end_s * sr), int(CONTEXT_S * sr)
    if sums is None:
        sums = (band_sums(y, a - c, b + c, sr=sr), max(0, a - c))
    s, first = sums
    lo, i0, i1, hi = ((max(first, v) - first) // BAND_HOP for v in (a - c, a, b, b + c))
    if i1 <= i0 or i0 >= s.shape[0]:
        return None
    u = _band_corr(s[i0:i1])
    v = _band_corr(np.concatenate([s[lo:i0], s[i1:hi]]))
    m = np.abs(v) >= INFORMATIVE_CORRELATION
    if int(m.sum()) < MIN_INFORMATIVE_BANDS:
        return None
    return float(-(u[m] * v[m]).sum() / (v[m] ** 2).sum())


def _spans(found: list[dict], *, sr: int) -> list[tuple[int, int]]:
    """The ranges with CONTEXT_S either side, in samples, overlapping ones merged: the band
    spectra are computed once over each (only where the music reads negative)."""
    c = int(CONTEXT_S * sr)
    out: list[list[int]] = []
    for a, b in sorted((max(0, int(g["start_s"] * sr) - c), int(g["end_s"] * sr) + c) for g in found):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def is_fault(g: dict, *, whole: float, whole_low: float = -1.0) -> bool:
    """The module docstring's rule: an extreme reading or a negative file; else the per-band
    flip score where the context has bands to read; else a flip of the whole band *and*
    of the low band against the context."""
    if g.get("rising"):  # a positive range in a negative file: a fault only as a flip of its bands
        return g.get("flip_score") is not None and g["flip_score"] >= MIN_FLIP_SCORE
    if g["correlation"] <= EXTREME_CORRELATION or inverted_file(whole, whole_low):
        return True
    if g.get("flip_score") is not None:
        return g["flip_score"] >= MIN_FLIP_SCORE
    flips = [c - r for r, c in (g["full"], g["low"]) if r is not None and c is not None]
    return len(flips) == 2 and min(flips) >= MIN_CONTRAST


def inverted_file(whole: float, whole_low: float) -> bool:
    """One channel inverted throughout: the whole file and its low band negative (WHOLE_LOW_CORRELATION)."""
    return whole < MAX_CORRELATION and whole_low < WHOLE_LOW_CORRELATION


def run(ctx: Context) -> list[Defect]:
    f = ctx.feats
    b = f.blocks
    found = detect(np.ascontiguousarray(b[:, [0, 1, 2]]), block_n=BLOCK, sr=f.sr, band="full")
    found += [g for g in detect(f.lowband_sums, block_n=LOWBAND_BLOCK, sr=f.sr, band="low") if g["end_s"] - g["start_s"] >= MIN_LOW_S]
    full_sums = np.ascontiguousarray(b[:, [0, 1, 2]])
    whole = _corr(full_sums, np.arange(full_sums.shape[0]))
    whole = 1.0 if whole is None else whole
    whole_low = _corr(f.lowband_sums, np.arange(f.lowband_sums.shape[0]))
    whole_low = 1.0 if whole_low is None else whole_low
    if whole < MAX_CORRELATION and not inverted_file(whole, whole_low):  # RISING: an inverted range reads positive
        for g in detect(full_sums * np.array([1.0, 1.0, -1.0]), block_n=BLOCK, sr=f.sr, band="full"):
            g["correlation"], g["rising"] = -g["correlation"], True  # its own (positive) reading
            found.append(g)
    spans = _spans(found, sr=f.sr)
    shared = [(band_sums(f.y, a, b, sr=f.sr), a, b) for a, b in spans]  # one pass over each
    out = []
    for g in found:
        g["full"] = _contrast(full_sums, BLOCK / f.sr, g["start_s"], g["end_s"])
        g["low"] = _contrast(f.lowband_sums, LOWBAND_BLOCK / f.sr, g["start_s"], g["end_s"])
        a = int(g["start_s"] * f.sr)
        own = next((sh, lo) for sh, lo, hi in shared if lo <= a < hi)
        g["flip_score"] = flip_score(f.y, g["start_s"], g["end_s"], sr=f.sr, sums=own)
        g["is_fault"] = is_fault(g, whole=whole, whole_low=whole_low)
        reading = -g["correlation"] if g.get("rising") else g["correlation"]  # how far past the line, either way
        sev = 0.3 + 0.7 * min(1.0, (MAX_CORRELATION - reading) / 0.6)
        if not g["is_fault"]:
            sev = min(sev, NOT_FAULT_SEVERITY)  # reported (a mono-compatibility note), not acted on
        ev = {"correlation": g["correlation"], "band": g["band"] + (" rising" if g.get("rising") else "")}
        if g["flip_score"] is not None:
            ev["flip_score"] = g["flip_score"]
        for name in ("full", "low"):
            r, c = g[name]
            if r is not None and c is not None:
                ev[f"{name}_range"], ev[f"{name}_context"] = r, c
        out.append(defect(DefectKind.phase_issue, g["start_s"], g["end_s"], sev, ctx, **ev))
    return out
