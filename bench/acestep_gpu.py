"""ACE-Step 1.5 on a GPU: time every stage type at 30 / 120 / 240 s; real-time factors, peak memory.

    .venv/bin/python bench/acestep_gpu.py [--checkpoints DIR] [--durations 30 120 240] [--json]
    .venv/bin/python bench/acestep_gpu.py --allow-cpu --checkpoints /tmp/tiny --durations 10

Needs a CUDA GPU and real checkpoints (engine/acestep/README.md); without a GPU it
prints why and exits 0 (``--allow-cpu`` runs anyway, e.g. on tiny test checkpoints,
to check the script itself). For each duration: generate (turbo), then on that take
refine, cover (0.7), repaint (middle third) with turbo, and extract/lego/complete with
base when a base model is installed. RTF = render seconds / audio seconds (lower is
faster; < 1 is faster than real time). Peak memory is torch's max allocated per stage.
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def _request(**kw):
    from engine.take import StageRequest

    d = dict(stage_id="bench", stage_type="generate", task="text2music", model="turbo", instruction=None,
             caption="energetic indie rock, driving drums, bright electric guitars, male vocals",
             lyrics="[verse]\nCity lights are calling out my name\n[chorus]\nWe run, we run, we run",
             bpm=128, keyscale="E minor", timesignature="4/4", duration=30.0, vocal_language="en", events=[],
             seed=1, steps=8, shift=3.0, guidance_scale=0.0)
    d.update(kw)
    return StageRequest(**d)


def _stages(engine, duration: float) -> list[tuple[str, dict]]:
    caps = engine.capabilities()
    fast = caps.model("turbo") or caps.model(caps.default_model)
    base = caps.model("base") or caps.model("xl-base")
    common = dict(model=fast.name, steps=fast.default_steps, shift=fast.default_shift,
                  guidance_scale=fast.default_guidance)
    third = duration / 3
    out = [
        ("refine", dict(common, stage_type="refine", denoise=0.5)),
        ("cover", dict(common, stage_type="cover", task="cover", audio_cover_strength=0.7)),
        ("repaint", dict(common, stage_type="repaint", task="repaint", repainting_start=third,
                         repainting_end=2 * third)),
    ]
    if base is not None:
        b = dict(model=base.name, steps=base.default_steps, shift=base.default_shift,
                 guidance_scale=base.default_guidance)
        out += [
            ("extract", dict(b, stage_type="extract", task="extract", track_name="vocals")),
            ("lego", dict(b, stage_type="lego", task="lego", track_name="guitar")),
            ("complete", dict(b, stage_type="complete", task="complete", complete_track_classes=["bass", "drums"])),
        ]
    return [(name, kw) for name, kw in out if caps.model(kw["model"]).supports(kw.get("task") or "text2music")]


def _timed(engine, request, sources, cuda: bool):
    import torch

    if cuda:
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    take = engine.run(request, sources)
    if cuda:
        torch.cuda.synchronize()
    secs = time.perf_counter() - t0
    peak = torch.cuda.max_memory_allocated() / 2**30 if cuda else float("nan")
    return take, secs, peak


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoints", default=None)
    ap.add_argument("--durations", type=float, nargs="+", default=[30.0, 120.0, 240.0])
    ap.add_argument("--allow-cpu", action="store_true", help="run without a GPU (only sensible on tiny checkpoints)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    try:
        import torch
    except ImportError:
        print("skip: torch is not installed (pip install torch, then pip install -e .[acestep])")
        return 0
    cuda = torch.cuda.is_available()
    if not cuda and not args.allow_cpu:
        print("skip: no CUDA GPU visible to torch; this benchmark measures the GPU path "
              "(use --allow-cpu to exercise it on tiny checkpoints)")
        return 0
    from engine.acestep.engine import AceStepEngine
    from engine.errors import AceprodError

    try:
        engine = AceStepEngine(args.checkpoints)
    except AceprodError as exc:
        print(f"skip: {exc}")
        return 0
    gpu = torch.cuda.get_device_name() if cuda else "cpu"
    rows = []
    engine.load(engine.capabilities().default_model)
    for duration in args.durations:
        gen, secs, peak = _timed(engine, _request(duration=duration), [], cuda)
        rows.append(dict(stage="generate", duration_s=duration, seconds=secs, rtf=secs / duration, peak_gib=peak))
        for name, kw in _stages(engine, duration):
            _take, secs, peak = _timed(engine, _request(duration=duration, **kw), [gen], cuda)
            rows.append(dict(stage=name, duration_s=duration, seconds=secs, rtf=secs / duration, peak_gib=peak,
                             model=kw["model"], steps=kw["steps"]))
    if args.json:
        print(json.dumps({"device": gpu, "dtype": str(engine.dtype), "rows": rows}, indent=2))
        return 0
    print(f"ACE-Step 1.5 on {gpu} ({str(engine.dtype).removeprefix('torch.')}), {engine.version}")
    print(f"{'stage':<10}{'audio s':>9}{'render s':>10}{'RTF':>8}{'peak GiB':>10}")
    for r in rows:
        print(f"{r['stage']:<10}{r['duration_s']:>9.0f}{r['seconds']:>10.2f}{r['rtf']:>8.3f}{r['peak_gib']:>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
