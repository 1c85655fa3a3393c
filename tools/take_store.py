"""A take on disk: its files, and reading and scoring them.

A take is written by the executor into a run folder as ``<stage>.b<batch>.flac``
with, beside it, its engine stems in ``<stage>.b<batch>.stems/<track>.flac``, its
sidecar ``<stage>.b<batch>.json`` (written last: a take exists exactly when its
sidecar does) and, once scored, its report ``<stage>.b<batch>.quality.json``. This
module is the one place that knows those names; the executor writes through
``TakeFiles``, and `aceprod score`, the album graph's nodes, catalog ingest and the
dataset builder read through the loaders below.

Missing stems: ``load_stems(..., missing="raise")`` (scoring a take as the critic
hears it) fails with the stem's name and a fix; ``missing="skip"`` (catalog ingest,
re-reading an earlier take as a source) keeps the stems that are there.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from engine.errors import AudioInputError, ConfigError

if TYPE_CHECKING:
    import numpy as np

    from engine.pipeline import SectionEvent
    from engine.take import TakeSidecar
    from quality.report import QualityReport

SIDECAR_SUFFIX = ".json"
REPORT_SUFFIX = ".quality.json"
STEMS_SUFFIX = ".stems"
STEM_MODES = ("engine", "dsp", "spleeter", "demucs", "none")


def take_name(stage_id: str, batch_index: int) -> str:
    """A take's file name without suffix: stage ``gen``, batch item 0 -> ``gen.b0``."""
    return f"{stage_id}.b{batch_index}"


@dataclass(frozen=True)
class TakeFiles:
    """The files of one take, named from its audio file."""

    audio: Path

    @classmethod
    def of_stage(cls, run_dir: Path, stage_id: str, batch_index: int) -> TakeFiles:
        return cls(run_dir / f"{take_name(stage_id, batch_index)}.flac")

    @classmethod
    def of_sidecar(cls, sidecar: Path) -> TakeFiles:
        """The take a sidecar describes, when the sidecar does not name its audio."""
        return cls(sidecar.with_suffix(".flac"))

    @property
    def sidecar(self) -> Path:
        return self.audio.with_suffix(SIDECAR_SUFFIX)

    @property
    def report(self) -> Path:
        return self.audio.with_suffix(REPORT_SUFFIX)

    @property
    def stems_dir(self) -> Path:
        return self.audio.with_suffix(STEMS_SUFFIX)

    def stem(self, name: str) -> Path:
        return self.stems_dir / f"{name}.flac"


def report_path_for(audio: Path) -> Path:
    """``x.flac`` -> ``x.quality.json`` (where `aceprod score --save` writes it)."""
    return TakeFiles(audio).report


def report_key(path: Path) -> Path | None:
    """``x.quality.json`` -> ``x`` (the take it belongs to, without suffix); None for other files."""
    return path.with_name(path.name[: -len(REPORT_SUFFIX)]) if path.name.endswith(REPORT_SUFFIX) else None


def read_sidecar(path: Path) -> TakeSidecar:
    """The sidecar at ``path`` (a pydantic ValidationError or OSError when it is not one). The
    sidecar's models (the pipeline's) are imported here: `aceprod score x.flac` never needs them."""
    from engine.take import TakeSidecar

    return TakeSidecar.model_validate_json(path.read_text(encoding="utf-8"))


def sidecar_beside(audio: Path) -> TakeSidecar | None:
    """The sidecar of ``audio`` (same name, .json), or None when there is none. A JSON
    there that is not a sidecar (e.g. a plan) is ignored; a broken sidecar is an error."""
    side = TakeFiles(audio).sidecar
    try:
        if not side.is_file():
            return None
    except (OSError, ValueError):  # not a usable path (a name too long): read_audio says what is wrong
        return None
    try:
        return read_sidecar(side)
    except (OSError, ValueError):
        try:
            raw = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = None
        if isinstance(raw, dict) and "request" in raw and "engine" in raw:
            raise ConfigError(f"{side} looks like a take sidecar but does not validate "
                              "(fix: re-render the take or remove the file)") from None
        return None


def stem_paths(sidecar: TakeSidecar, base: Path) -> dict[str, Path]:
    """Track name -> stem file, relative paths taken from ``base`` (the sidecar's folder)."""
    return {name: (Path(rel) if Path(rel).is_absolute() else base / rel) for name, rel in sidecar.stems.items()}


def load_stems(sidecar: TakeSidecar, base: Path, *, missing: Literal["raise", "skip"]) -> dict[str, np.ndarray]:
    """The stems a sidecar lists, decoded (see the module docstring for ``missing``)."""
    from engine.audio import read_audio

    out = {}
    for name, p in stem_paths(sidecar, base).items():
        if not p.is_file():
            if missing == "skip":
                continue
            raise AudioInputError(f"stem {name!r} listed in the take sidecar in {base} is missing: {p} "
                                  "(fix: restore it, re-render the take, or score with --stems dsp)")
        out[name] = read_audio(p)
    return out


def load_report(path: Path) -> QualityReport:
    from quality.report import QualityReport

    return QualityReport.model_validate_json(path.read_text(encoding="utf-8"))


def score_take(audio: Path, sidecar: TakeSidecar, *, events: list[SectionEvent] | None,
               planned_duration_s: float | None) -> QualityReport:
    """Analyse a written take with its engine stems and planned events (the critic's hearing)."""
    from engine.audio import read_audio
    from quality.analyze import analyze

    stems = load_stems(sidecar, audio.parent, missing="raise")
    return analyze(read_audio(audio), stems=stems or None, stem_source="engine", events=events,
                   planned_duration_s=planned_duration_s, path=str(audio))


def score_file(path: Path, *, stems_mode: str | None, events: list | None) -> tuple[QualityReport, np.ndarray]:
    """(report, audio) of any audio file, with its sidecar's stems and plan when it is a take.

    ``stems_mode``: "engine" (the sidecar's stems; the default when it lists some), "dsp",
    "spleeter" or "demucs" (separate first) or "none"."""
    from engine.audio import discard_ahead, read_ahead, read_audio, sha256_file
    from quality.analyze import analyze

    read_ahead(path)  # decode, then hash in a background thread: the hash runs beside the analysis
    try:
        side = sidecar_beside(path)
        planned = None
        evs = events
        if side is not None:
            planned = side.request.duration or None
            if evs is None and side.request.events:
                evs = [e.model_dump() for e in side.request.events]
        mode = stems_mode or ("engine" if side is not None and side.stems else "none")
        y = read_audio(path)
        stems = None
        source = "engine"
        if mode == "engine":
            if side is None or not side.stems:
                raise ConfigError(f"--stems engine: {path} has no take sidecar listing stems "
                                  "(fix: use --stems dsp, spleeter or demucs)")
            stems = load_stems(side, path.parent, missing="raise")
        elif mode != "none":
            from quality.separate import separate

            stems = separate(y, method=mode)
            source = mode
        t0 = time.perf_counter()
        rep = analyze(y, stems=stems, stem_source=source, events=evs, planned_duration_s=planned, path=str(path))
    except BaseException:
        discard_ahead(path)  # nothing of this file is kept
        raise
    rep.sha256 = sha256_file(path)
    rep.analysis_seconds = round(rep.analysis_seconds or (time.perf_counter() - t0), 3)
    return rep, y
