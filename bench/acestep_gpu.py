"""ACE-Step 1.5 on a GPU in one command: every checkpoint, every task, one JSON summary.

    .venv/bin/python bench/acestep_gpu.py [--checkpoints DIR] [--seconds 30] [--budget-s 540] [--out FILE]
    .venv/bin/python bench/acestep_gpu.py --allow-cpu --checkpoints /tmp/tiny --seconds 10 --models turbo

For each usable checkpoint (turbo variants first), on a clip of ``--seconds`` (30):
generate with the plan's sections as lyric structure tags, generate with
``structure: guided`` (a sketch of the plan covered at strength 0.5; models that can
cover), then on the tags take every other task the model supports: refine, cover
(0.7), repaint (middle third), extract / lego / complete (base models). Per stage:
real-time factor (render seconds / audio seconds; < 1 is faster than real time),
peak VRAM (torch's max allocated), output RMS and peak in dBFS (silent: peak below
-60 dBFS; clipped: a sample at full scale), and for the two generates the critic's
structure score (0-10) against the plan. A stage that fails is recorded with its
error, not fatal. Models are skipped once ``--budget-s`` is spent, so a GPU session
stays under 10 minutes.

Prints one JSON object on stdout (and writes it to ``--out``). Without a CUDA GPU it
prints ``{"skipped": "..."}`` and exits 0; ``--allow-cpu`` runs anyway (tiny test
checkpoints), to check the script itself.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CAPTION = "energetic indie rock, driving drums, bright electric guitars, male vocals"
LYRICS = "[verse]\nCity lights are calling out my name\n\n[chorus]\nWe run, we run, we run"
PLAN = [("intro", 0.0, 0.2), ("verse", 0.2, 0.47), ("chorus", 0.47, 0.8), ("outro", 0.8, 1.0)]  # fractions


def _events(seconds: float):
    from engine.pipeline import SectionEvent

    return [SectionEvent(type=k, start=round(a * seconds, 2), end=round(b * seconds, 2)) for k, a, b in PLAN]


def _request(info, seconds: float, **kw):
    from engine.take import StageRequest

    d = dict(stage_id="bench", stage_type="generate", task="text2music", model=info.name, instruction=None,
             caption=CAPTION, lyrics=LYRICS, bpm=128, keyscale="E minor", timesignature="4/4", duration=seconds,
             vocal_language="en", events=_events(seconds), seed=1, steps=info.default_steps,
             shift=info.default_shift, guidance_scale=info.default_guidance)
    d.update(kw)
    return StageRequest(**d)


def _source_stages(info, seconds: float) -> list[tuple[str, dict]]:
    from engine.constants import Task

    third = round(seconds / 3, 2)
    stages = [
        ("refine", Task.text2music, dict(stage_type="refine", denoise=0.5)),
        ("cover", Task.cover, dict(stage_type="cover", task="cover", audio_cover_strength=0.7)),
        ("repaint", Task.repaint, dict(stage_type="repaint", task="repaint", repainting_start=third,
                                       repainting_end=2 * third)),
        ("extract", Task.extract, dict(stage_type="extract", task="extract", track_name="vocals")),
        ("lego", Task.lego, dict(stage_type="lego", task="lego", track_name="guitar")),
        ("complete", Task.complete, dict(stage_type="complete", task="complete",
                                         complete_track_classes=["bass", "drums"])),
    ]
    return [(name, kw) for name, task, kw in stages if info.supports(task)]


def _levels(audio) -> dict:
    import numpy as np

    peak = float(np.abs(audio).max()) if audio.size else 0.0
    rms = float(np.sqrt(np.mean(np.square(audio, dtype=np.float64)))) if audio.size else 0.0
    db = lambda x: round(20 * float(np.log10(max(x, 1e-12))), 2)  # noqa: E731
    return {"rms_dbfs": db(rms), "peak_dbfs": db(peak), "silent": peak < 1e-3, "clipped": peak >= 0.999}


def _timed(engine, request, sources, cuda: bool) -> tuple[object | None, dict]:
    import torch

    from engine.errors import AceprodError

    if cuda:
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    try:
        take = engine.run(request, sources)
    except AceprodError as exc:
        return None, {"error": str(exc)[:300]}
    if cuda:
        torch.cuda.synchronize()
    secs = time.perf_counter() - t0
    row = {"render_s": round(secs, 3), "rtf": round(secs / request.duration, 4) if request.duration else None,
           "peak_vram_gib": round(torch.cuda.max_memory_allocated() / 2**30, 3) if cuda else None}
    row.update(_levels(take.audio))
    return take, row


def _structure_score(take, seconds: float) -> float | None:
    from quality.analyze import analyze

    report = analyze(take.audio, sr=take.sr, events=_events(seconds), planned_duration_s=seconds)
    return None if report.structure is None else report.structure.score


def bench_model(engine, info, seconds: float, cuda: bool) -> dict:
    from engine.constants import Task

    rows: list[dict] = []
    scores: dict[str, float | None] = {}
    tags_take = None
    for structure in ("tags", "guided"):
        if structure == "guided" and not info.supports(Task.cover):
            continue
        take, row = _timed(engine, _request(info, seconds, structure=structure, structure_strength=0.5), [], cuda)
        if take is not None:
            scores[structure] = row["structure_score"] = _structure_score(take, seconds)
        rows.append({"stage": f"generate ({structure})", **row})
        tags_take = take if structure == "tags" else tags_take
    for name, kw in _source_stages(info, seconds) if tags_take is not None else []:
        _, row = _timed(engine, _request(info, seconds, **kw), [tags_take], cuda)
        rows.append({"stage": name, **row})
    done = [r for r in rows if "error" not in r]
    return {
        "model": info.name, "steps": info.default_steps, "stages": rows,
        "structure_score_tags": scores.get("tags"), "structure_score_guided": scores.get("guided"),
        "max_rtf": max((r["rtf"] for r in done), default=None),
        "max_peak_vram_gib": max((r["peak_vram_gib"] or 0.0 for r in done), default=None) if cuda else None,
        "silent_or_clipped": [r["stage"] for r in done if r["silent"] or r["clipped"]],
        "errors": [r["stage"] for r in rows if "error" in r],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoints", default=None, help="folder of acestep-v15-*-diffusers/ (default: as aceprod)")
    ap.add_argument("--seconds", type=float, default=30.0, help="clip length (10-600)")
    ap.add_argument("--models", nargs="*", default=None, help="only these model names")
    ap.add_argument("--budget-s", type=float, default=540.0, help="start no new model after this many seconds")
    ap.add_argument("--offload", action="store_true", help="diffusers' model CPU offload")
    ap.add_argument("--allow-cpu", action="store_true", help="run without a GPU (only sensible on tiny checkpoints)")
    ap.add_argument("--out", type=Path, default=None, help="also write the JSON summary here")
    args = ap.parse_args(argv)
    summary = run(args)
    text = json.dumps(summary, indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)
    return 0


def run(args) -> dict:
    try:
        import torch
    except ImportError:
        return {"skipped": "torch is not installed (pip install torch, then pip install -e .[acestep])"}
    cuda = torch.cuda.is_available()
    if not cuda and not args.allow_cpu:
        return {"skipped": "no CUDA GPU visible to torch; this benchmark measures the GPU path "
                           "(--allow-cpu exercises it on tiny checkpoints)"}
    from engine.acestep.engine import AceStepEngine
    from engine.errors import AceprodError

    t0 = time.perf_counter()
    try:
        engine = AceStepEngine(args.checkpoints, offload=args.offload)
    except AceprodError as exc:
        return {"skipped": str(exc)}
    caps = engine.capabilities()
    models = [m for m in caps.models if args.models is None or m.name in args.models]
    results, skipped = [], []
    for info in models:
        if time.perf_counter() - t0 > args.budget_s:
            skipped.append(info.name)
            continue
        results.append(bench_model(engine, info, args.seconds, cuda))
    engine.unload()
    return {
        "device": torch.cuda.get_device_name() if cuda else "cpu", "dtype": str(engine.dtype).removeprefix("torch."),
        "engine": engine.version, "offload": engine.offload, "seconds": args.seconds, "models": results,
        "skipped_for_time": skipped, "wall_s": round(time.perf_counter() - t0, 1),
    }


if __name__ == "__main__":
    sys.exit(main())
