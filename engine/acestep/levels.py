"""Output levels: full mixes at ACE-Step's -1 dBFS peak, stems at their source's level.

- A full mix (generate, refine, cover, repaint, complete) gets ACE-Step's own output
  level: a peak above full scale is divided out, then the take is scaled to a -1 dBFS
  peak - but only from a decode that holds music. A decode whose peak is below
  ``SILENT_DBFS`` is not scaled up (up to 10^6 gain made loud noise of it); it is an
  error.
- A stem (extract, lego) keeps its level relative to the source it came from: it gets
  exactly the gain the source's audio had over its latent's decode, so stems of one
  take sum back to about that take and ``mix`` does not clip. Only a peak above full
  scale is divided out. A stem whose peak stays below ``SILENT_DBFS`` (an extract of
  an instrument the source does not have) is an error, not a normalised noise floor.

Silent output raises ``SilentOutputError`` (an ``EngineError``): the executor records
the stage as failed with the message, the album loop counts the take as failed and
its critic/repair steps work from the remaining takes.
"""

from __future__ import annotations

import numpy as np

from engine.errors import EngineError

PEAK_DBFS = -1.0  # ACE-Step normalises every full mix to a -1 dBFS peak
SILENT_DBFS = -60.0  # below this peak an output holds nothing audible


class SilentOutputError(EngineError):
    """A stage decoded to silence or near-silence (the message names the stage and the fix)."""


def dbfs(x: float) -> float:
    return 20.0 * float(np.log10(max(x, 1e-12)))


def _silent(peak: float, what: str, hint: str) -> SilentOutputError:
    return SilentOutputError(
        f"{what} is silent (peak {dbfs(peak):.0f} dBFS, below {SILENT_DBFS:.0f} dBFS) (fix: {hint})"
    )


def full_mix(audio: np.ndarray, *, what: str) -> tuple[np.ndarray, float]:
    """ACE-Step's output level for a full mix: ``(audio at a -1 dBFS peak, gain applied)``."""
    peak = float(np.abs(audio).max()) if audio.size else 0.0
    if not np.isfinite(peak):
        raise EngineError(f"{what} decoded to non-finite samples (fix: run `aceprod checkpoints`; the weights may be "
                          "damaged, or use ACEPROD_DTYPE=fp32 if this GPU misbehaves in half precision)")
    if peak < 10.0 ** (SILENT_DBFS / 20.0):
        raise _silent(peak, what, "try another seed or caption; if every take is silent, check the checkpoint "
                                  "with `aceprod checkpoints`")
    gain = 10.0 ** (PEAK_DBFS / 20.0) / peak
    return (audio * gain).astype(np.float32), gain


def stem(audio: np.ndarray, *, source_gain: float, what: str, track: str) -> tuple[np.ndarray, float]:
    """A stem at its source's level: ``(audio * source_gain, guarded against clipping;
    gain applied)``."""
    out = audio * float(source_gain)
    peak = float(np.abs(out).max()) if out.size else 0.0
    if not np.isfinite(peak):
        raise EngineError(f"{what} decoded to non-finite samples (fix: run `aceprod checkpoints`)")
    if peak < 10.0 ** (SILENT_DBFS / 20.0):
        raise _silent(peak, what, f"the source probably has no {track}; extract or rebuild a track it contains")
    gain = float(source_gain) / max(1.0, peak)
    return (audio * gain).astype(np.float32), gain
