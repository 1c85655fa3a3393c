"""Whole-file metrics (``Metrics``) from the shared features."""

from __future__ import annotations

import numpy as np

from quality.detectors.base import db
from quality.detectors.narrow_stereo import side_mid_db
from quality.features import BAND_NAMES, BANDS, Features
from quality.report import Metrics


def _r(v: float | None, nd: int = 2) -> float | None:
    if v is None or not np.isfinite(v):
        return None
    return round(float(v), nd)


def compute_metrics(f: Features, *, full: bool = True, chroma: np.ndarray | None = None) -> Metrics:
    """Metrics of ``f``. ``full=False`` skips tempo, key and onsets (for stems)."""
    from quality.tonal import estimate_key

    b = f.blocks
    lo = f.loudness
    peak = f.peak
    rms = float(np.sqrt((b[:, 0].sum() + b[:, 1].sum()) / (2 * f.n)))
    tp = float(f.true_peak_blocks.max()) if f.true_peak_blocks.size else peak
    ll, rr, lr = b[:, 0].sum(), b[:, 1].sum(), b[:, 2].sum()
    corr = lr / np.sqrt(ll * rr) if ll > 0 and rr > 0 else None
    mono_loss = db(b[:, 7].sum() / max((ll + rr) / 2, 1e-20)) if ll + rr > 0 else None
    dc = float((b[:, 5].sum() if abs(b[:, 5].sum()) > abs(b[:, 6].sum()) else b[:, 6].sum()) / f.n)
    act = f.active_frames
    be = f.band_energy[act] if act.any() else f.band_energy
    tot = be.sum()
    bands = {name: round(float(db(be[:, i].sum() / tot)), 2) for i, name in enumerate(BAND_NAMES)} if tot > 0 else {}
    st = f.frame_stats
    nb = len(BANDS)
    w = st[act, nb] if act.any() else st[:, nb]
    cen = float((st[act, nb + 1] * w).sum() / w.sum()) if w.sum() > 0 else None
    flat = float(np.median(st[act, nb + 2])) if act.any() else None
    m = Metrics(
        duration_s=round(f.duration_s, 3),
        sample_rate=f.sr,
        integrated_lufs=_r(lo.integrated_lufs),
        loudness_range_lu=_r(lo.lra_lu),
        short_term_lufs_max=_r(float(lo.short_term_lufs.max())) if lo.short_term_lufs.size else None,
        true_peak_dbtp=_r(20 * np.log10(max(tp, 1e-10))) if peak > 0 else None,
        sample_peak_dbfs=_r(20 * np.log10(peak)) if peak > 0 else None,
        crest_factor_db=_r(20 * np.log10(peak / rms)) if rms > 0 else None,
        dc_offset=round(dc, 6),
        band_energy_db=bands,
        spectral_flatness=_r(flat, 4),
        spectral_centroid_hz=_r(cen, 1),
        stereo_correlation=_r(corr, 4) if corr is not None else None,
        mono_compat_loss_db=_r(max(0.0, -mono_loss)) if mono_loss is not None else None,
        side_mid_ratio_db=_r(side_mid_db(np.ascontiguousarray(b[:, [0, 1, 2]]))) if ll + rr > 0 else None,
    )
    if not full or peak == 0:
        return m
    tempo, beats = f.beats
    if tempo > 0 and beats.size > 4:
        ibi = np.diff(beats)
        m.tempo_bpm = _r(tempo, 1)
        m.beat_stability = _r(float(np.clip(1.0 - np.std(ibi) / np.mean(ibi), 0.0, 1.0)), 3)
    env = f.onset_env
    if env.size > 3:
        from quality.dsp import find_peaks

        pk = find_peaks(env, height=np.percentile(env, 75) + 0.5 * env.std(), distance=3)
        m.onset_density_per_s = _r(pk.size / f.duration_s, 2)
    if chroma is not None:
        m.key, m.key_confidence = estimate_key(chroma)
    return m
