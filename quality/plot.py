"""A one-page picture of a report: waveform, spectrogram, loudness, defects, sections.

    from quality.plot import plot_report
    plot_report(audio, report, "take.png")
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.audio import to_stereo_48k
from engine.constants import SAMPLE_RATE, TARGET_LUFS
from engine.errors import OutputError
from quality.report import DefectKind, QualityReport

MAX_POINTS = 4000  # waveform envelope resolution
SPEC_FFT = 2048
SPEC_MAX_FRAMES = 2000
BOUNDARY_COLOURS = {"hit": "green", "shifted": "darkorange", "missing": "red", "weak": "goldenrod", "same": "grey",
                    "cut": "grey"}


def _colour(kind: DefectKind) -> str:
    palette = ["#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf", "#1f77b4"]
    return palette[list(DefectKind).index(kind) % len(palette)]


def plot_report(audio: np.ndarray, report: QualityReport, out_png: str | Path, *, sr: int = SAMPLE_RATE) -> Path:
    """Write a PNG of ``audio`` ((n,), (2, n) or (n, 2) at ``sr``) with ``report`` on top."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import scipy.fft

    from quality.loudness import loudness

    y = to_stereo_48k(audio, sr, name="audio")
    mono = y.mean(axis=0)
    dur = y.shape[1] / SAMPLE_RATE
    fig, axes = plt.subplots(4, 1, figsize=(13, 9), sharex=True, gridspec_kw={"height_ratios": [1.2, 2, 1, 0.6]})
    ax_w, ax_s, ax_l, ax_d = axes
    # 1. waveform envelope (min/max per column)
    per = max(1, mono.size // MAX_POINTS)
    nb = mono.size // per
    seg = mono[: nb * per].reshape(nb, per) if nb else mono[None, :]
    tt = (np.arange(seg.shape[0]) + 0.5) * per / SAMPLE_RATE
    ax_w.fill_between(tt, seg.min(axis=1), seg.max(axis=1), color="#444", lw=0)
    ax_w.set_ylim(-1.05, 1.05)
    ax_w.set_ylabel("waveform")
    ax_w.set_title(f"{Path(report.path).name if report.path else 'take'}  overall {report.overall:.1f}/10   "
                   f"{report.metrics.integrated_lufs} LUFS   TP {report.metrics.true_peak_dbtp} dBTP")
    # 2. spectrogram (log frequency axis)
    hop = max(SPEC_FFT // 2, mono.size // SPEC_MAX_FRAMES)
    if mono.size >= SPEC_FFT:
        fr = np.lib.stride_tricks.sliding_window_view(mono, SPEC_FFT)[::hop] * np.hanning(SPEC_FFT)
        spec = 10 * np.log10(np.abs(scipy.fft.rfft(fr, axis=1)) ** 2 + 1e-10).T
        freqs = np.fft.rfftfreq(SPEC_FFT, 1 / SAMPLE_RATE)
        ts = (np.arange(spec.shape[1]) * hop + SPEC_FFT / 2) / SAMPLE_RATE
        vmax = spec.max()
        ax_s.pcolormesh(ts, freqs[1:], spec[1:], shading="auto", vmin=vmax - 90, vmax=vmax, cmap="magma")
        ax_s.set_yscale("log")
        ax_s.set_ylim(30, SAMPLE_RATE / 2)
    ax_s.set_ylabel("Hz")
    # 3. loudness curves
    lo = loudness(y)
    if lo.momentary_lufs.size:
        t_m = (np.arange(lo.momentary_lufs.size) + 4) * lo.step_s
        ax_l.plot(t_m, np.maximum(lo.momentary_lufs, -60), lw=0.6, color="#888", label="momentary")
    if lo.short_term_lufs.size > 1:
        t_s = (np.arange(lo.short_term_lufs.size) + 30) * lo.step_s
        ax_l.plot(t_s, np.maximum(lo.short_term_lufs, -60), lw=1.2, color="#1f77b4", label="short-term")
    ax_l.axhline(TARGET_LUFS, color="green", ls="--", lw=0.8, label=f"{TARGET_LUFS:g} LUFS target")
    ax_l.set_ylabel("LUFS")
    ax_l.legend(loc="lower right", fontsize=7)
    # 4. defects lane + shading on every panel, sections
    all_defects = report.all_defects
    kinds = sorted({d.kind for d in all_defects}, key=list(DefectKind).index)
    for d in all_defects:
        c = _colour(d.kind)
        end = max(d.end_s, d.start_s + dur / 400)
        for ax in (ax_w, ax_s, ax_l):
            ax.axvspan(d.start_s, end, color=c, alpha=0.12 + 0.25 * d.severity, lw=0)
        row = kinds.index(d.kind)
        ax_d.barh(row, end - d.start_s, left=d.start_s, color=c, alpha=0.4 + 0.6 * d.severity)
    ax_d.set_yticks(range(len(kinds)))
    ax_d.set_yticklabels([k.value + ("*" if any(x.kind is k and x.stem for x in all_defects) else "") for k in kinds], fontsize=7)
    ax_d.set_ylim(-0.6, max(0.6, len(kinds) - 0.4))
    ax_d.set_xlabel("time (s)   (defects: darker = more severe; * = in a stem)")
    if report.structure:
        heard = {round(b.planned_s, 2): b for b in report.structure.boundaries}
        for b in report.structure.planned_boundaries_s:
            ev = heard.get(round(b, 2))
            colour = BOUNDARY_COLOURS.get(ev.status if ev else "", "green")
            for ax in axes:
                ax.axvline(b, color=colour, lw=1.2, ls="--")
            if ev is not None and ev.status != "hit":
                ax_w.annotate(ev.status, (b, 1.0), fontsize=7, color=colour, ha="center", va="bottom")
                if ev.status == "shifted" and ev.found_s is not None:
                    ax_w.annotate("", (ev.found_s, 0.9), (b, 0.9), arrowprops={"arrowstyle": "->", "color": colour})
        for b in report.structure.detected_boundaries_s:
            for ax in axes:
                ax.axvline(b, color="white" if ax is ax_s else "black", lw=0.9, ls=":")
        ax_w.plot([], [], color="green", ls="--", label="planned boundary (heard)")
        if any(b.status in ("missing", "shifted", "weak") for b in report.structure.boundaries):
            ax_w.plot([], [], color="red", ls="--", label="planned boundary missing (red) / shifted (orange)")
        ax_w.plot([], [], color="black", ls=":", label="detected boundary")
        ax_w.legend(loc="upper right", fontsize=7)
    ax_d.set_xlim(0, dur)
    fig.tight_layout()
    out = Path(out_png)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(out, dpi=100)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror} (fix: choose a writable folder)") from exc
    finally:
        plt.close(fig)
    return out
