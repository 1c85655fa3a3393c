"""One pass over a take: metrics, defects, stems, structure, score, repairs.

    from quality.analyze import analyze, analyze_file
    report = analyze(audio, sr=48000, stems={"drums": d, ...}, events=plan_events)

Audio is converted once to float32 stereo 48 kHz (mono is upmixed, other rates
resampled, NaN/inf refused with AudioInputError); every detector reads the same
``Features``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

# No librosa, numba or scipy here: importing them costs more than the analysis (librosa's
# numba ufuncs compile at import); quality.dsp holds numpy versions of the few pieces used and
# quality.kernels the loops, compiled C built at install.
import numpy as np

from engine.audio import read_audio, sha256_file, to_stereo_48k
from engine.constants import SAMPLE_RATE
from engine.errors import AudioInputError, ConfigError
from quality.detectors import DETECTORS, STEM_DETECTORS, Context
from quality.features import STEM_HOP, Features
from quality.metrics import compute_metrics
from quality.report import Defect, DefectKind, QualityReport, StemReport, StructureReport
from quality.routing import suggest
from quality.scoring import overall_score, stem_score
from quality.tonal import chroma as key_chroma

ANALYZER_VERSION = "aceprod-quality/1"
WORKER_THREADS = 2  # stems analysed in worker threads next to the mix (2-core machines)
# The mix's detectors run in the worker threads beside the others: their work is mostly C kernels,
# which release the GIL (click: the second-difference scan of both channels).
WORKER_DETECTORS = frozenset({DefectKind.click})
MIN_SECONDS = 0.05  # shorter audio cannot be analysed meaningfully


_blas_lock = threading.Lock()
_blas_users = 0
_blas_limits: Any = None


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """numpy's BLAS (OpenBLAS) on one thread while analyses run: the analysis runs its own
    threads, and OpenBLAS's second thread spin-waits beside them (the key chroma's small matrix
    product measured 0.10-0.14 CPU-s with two BLAS threads, 0.005 s with one). The limit is
    process-wide, so it is taken by the first analysis running and given back by the last."""
    global _blas_users, _blas_limits
    with _blas_lock:
        if _blas_users == 0:
            from threadpoolctl import threadpool_limits

            _blas_limits = threadpool_limits(limits=1, user_api="blas")
        _blas_users += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_users -= 1
            if _blas_users == 0:
                _blas_limits.restore_original_limits()
                _blas_limits = None


def _events(events: list[Any] | None) -> list[Any] | None:
    if not events:
        return None
    from engine.pipeline import SectionEvent  # (pulls in the pipeline schema: only with a plan)

    out = []
    for i, e in enumerate(events):
        try:
            out.append(e if isinstance(e, SectionEvent) else SectionEvent.model_validate(e))
        except Exception as exc:
            raise ConfigError(f"events[{i}] is not a {{type, start, end}} section ({exc.__class__.__name__}: {exc})".replace("\n", " ")) from exc
    return out


def _run_detectors(ctx: Context, kinds, pool: ThreadPoolExecutor | None = None) -> list[Defect]:
    """The detectors of ``kinds`` on ``ctx``, sorted by time; with a ``pool``, WORKER_DETECTORS run in
    it beside the others (the same defects in the same order)."""
    found: dict[DefectKind, Any] = {}
    if pool is not None:
        found = {k: pool.submit(DETECTORS[k], ctx) for k in kinds if k in WORKER_DETECTORS}
    out: list[Defect] = []
    for kind in kinds:
        out.extend(found[kind].result() if kind in found else DETECTORS[kind](ctx))
    return sorted(out, key=lambda d: (d.start_s, d.kind.value))


def _check_stem(name: str, y: np.ndarray, *, n_mix: int) -> None:
    if abs(y.shape[1] - n_mix) > SAMPLE_RATE:  # more than 1 s apart
        raise AudioInputError(f"stem {name!r} is {y.shape[1] / SAMPLE_RATE:.1f} s long but the mix is {n_mix / SAMPLE_RATE:.1f} s "
                              "(fix: pass the stems rendered with this take)")


def _analyze_stem(name: str, y: np.ndarray, *, source: str) -> StemReport:
    """A stem's report: the STEM_DETECTORS and whole-file metrics. Stems run in worker
    threads next to the mix (the C kernels release the GIL)."""
    f = Features(y, hop=STEM_HOP)  # the stem's spectrum feeds whole-file metrics only
    if f.peak == 0:
        metrics = compute_metrics(f, full=False)
        return StemReport(name=name, score=10.0, source=source, metrics=metrics, defects=[])
    defects = _run_detectors(Context(feats=f, stem=name), STEM_DETECTORS)
    return StemReport(name=name, score=stem_score(defects), source=source, metrics=compute_metrics(f, full=False), defects=defects)


def _sample_side(f: Features) -> None:
    """The mix's sample-domain features, computed in a worker thread (the C kernels release the
    GIL), then help with the spectral pass's chunks."""
    f._time  # noqa: B018
    f.true_peak_blocks  # noqa: B018
    f.shape_stats  # noqa: B018
    f.help_spectral()


def analyze(
    audio: np.ndarray,
    *,
    sr: int = SAMPLE_RATE,
    stems: dict[str, np.ndarray] | None = None,
    stem_source: str = "engine",
    events: list[Any] | None = None,
    planned_duration_s: float | None = None,
    path: str | None = None,
) -> QualityReport:
    """Analyse ``audio`` ((n,), (2, n) or (n, 2) float at ``sr`` Hz) and return its report.

    ``stems`` maps track names to arrays at ``sr`` of the same length; ``events`` are the
    planned sections ({type, start, end} in seconds); ``planned_duration_s`` the planned
    length. Raises AudioInputError for unusable audio, ConfigError for bad events.
    """
    t0 = time.perf_counter()
    y = to_stereo_48k(audio, sr, name=path or "audio")
    if y.shape[1] < MIN_SECONDS * SAMPLE_RATE:
        raise AudioInputError(f"{path or 'audio'} is {y.shape[1] / SAMPLE_RATE * 1000:.0f} ms long; at least "
                              f"{MIN_SECONDS * 1000:.0f} ms are needed (fix: use a longer file)")
    if planned_duration_s is not None and not (planned_duration_s > 0 and np.isfinite(planned_duration_s)):
        raise ConfigError(f"planned duration must be a positive number of seconds, got {planned_duration_s!r}")
    evs = _events(events)
    stems48 = {name: to_stereo_48k(np.asarray(a), sr, name=f"stem {name!r}") for name, a in (stems or {}).items()}
    for name, a in stems48.items():
        _check_stem(name, a, n_mix=y.shape[1])
    with _one_blas_thread():
        return _analyze(y, stems48, stem_source=stem_source, evs=evs, planned_duration_s=planned_duration_s,
                        path=path, t0=t0)


def _analyze(y: np.ndarray, stems48: dict[str, np.ndarray], *, stem_source: str, evs: list[Any] | None,
             planned_duration_s: float | None, path: str | None, t0: float) -> QualityReport:
    # Worker threads (our C kernels, FFTs and soxr release the GIL): the stems run next
    # to the mix's own pass.
    pool = ThreadPoolExecutor(max_workers=WORKER_THREADS)
    f = Features(y)
    silent = not y.any()  # == (f.peak == 0), without waiting for the sample pass
    key = not silent and y.shape[1] >= SAMPLE_RATE
    f.mono  # noqa: B018 (read by both threads below: computed once, first)
    # The mix's work on both cores: the sample-domain features (block stats, loudness, low band,
    # true peak, amplitude shape) in a worker thread, the key chroma (soxr and FFTs) here; then
    # both compute chunks of the spectral chain (STFT, band stats, mel) until it is done.
    if not silent:
        f.stft_job  # noqa: B018 (started before the worker may help with it)
    sample_pass = pool.submit(_sample_side, f)
    futures = [pool.submit(_analyze_stem, name, a, source=stem_source) for name, a in stems48.items()]
    try:
        structure: StructureReport | None = None
        chroma = key_chroma(f.mono, sr=SAMPLE_RATE) if key else None
        if not silent:
            f.frame_stats  # noqa: B018
        sample_pass.result()
        if silent:
            metrics = compute_metrics(f, full=False)
            defects: list[Defect] = []
        else:
            metrics = compute_metrics(f, full=True, chroma=chroma)
            from quality.structure import analyze_structure

            structure = analyze_structure(f, evs)
            ctx = Context(feats=f, planned_duration_s=planned_duration_s, structure=structure,
                          planned_boundaries_s=structure.planned_boundaries_s, stems=stems48 or None)
            defects = _run_detectors(ctx, DETECTORS, pool)
        stem_reports = [fu.result() for fu in futures]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    stem_defects = [d for s in stem_reports for d in s.defects]
    if silent:
        from quality.detectors.base import defect

        defects = [defect(DefectKind.dropout, 0.0, f.duration_s, 1.0, Context(feats=f), reason="all silence")]
    overall = 0.0 if silent else overall_score(defects, stem_defects, structure)  # a silent take is worthless
    return QualityReport(
        path=path,
        overall=overall,
        metrics=metrics,
        stems=stem_reports,
        structure=structure,
        defects=defects,
        suggested_repairs=suggest(defects, stem_reports, duration_s=f.duration_s),
        analysis_seconds=round(time.perf_counter() - t0, 3),
        analyzer_version=ANALYZER_VERSION,
    )


def analyze_file(
    path: str,
    *,
    stems: dict[str, np.ndarray] | None = None,
    events: list[Any] | None = None,
    planned_duration_s: float | None = None,
    separator: str | None = None,
) -> QualityReport:
    """Decode ``path`` (WAV/FLAC/OGG/MP3; any rate, mono or stereo) and analyse it.

    ``separator`` ("dsp" | "spleeter" | "demucs") separates stems first when no
    ``stems`` are given; stem arrays are at 48 kHz. ``analysis_seconds`` includes decoding.
    """
    t0 = time.perf_counter()
    y = read_audio(path)
    source = "engine"
    if separator and stems is None:
        from quality.separate import separate

        stems = separate(y, method=separator)
        source = separator
    rep = analyze(y, sr=SAMPLE_RATE, stems=stems, stem_source=source, events=events,
                  planned_duration_s=planned_duration_s, path=str(path))
    rep.sha256 = sha256_file(path)
    rep.analysis_seconds = round(time.perf_counter() - t0, 3)
    return rep
