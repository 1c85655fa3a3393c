"""The sketch engine recognises its own takes read back from FLAC, and repaints
bring new flaws in proportion to the share of the take they re-render."""

from __future__ import annotations

import numpy as np

from engine.executor import load_source_take, run_pipeline
from engine.pipeline import PipelineConfig, StageConfig
from engine.sketch import imperfections
from engine.sketch.tasks.common import recall
from engine.validate import validate_pipeline


def _flawed_take(sketch_engine, tmp_path):
    """A 10 s take (run through the executor, so it is on disk) with a planted local flaw."""
    for seed in range(200):
        cfg = PipelineConfig(name=f"g{seed}", caption="indie rock, guitars, drums", duration=10.0, seed=seed,
                             stages=[StageConfig(id="gen", type="generate", model="turbo", steps=2)])
        v = validate_pipeline(cfg, sketch_engine.capabilities(), base_dir=tmp_path, source="test")
        run_dir = tmp_path / f"g{seed}"
        run_pipeline(v, engine=sketch_engine, run_dir=run_dir)
        take = load_source_take(run_dir / "gen.b0.flac")
        lat = recall(take)
        local = [i for i in lat.imperfections if i.kind in ("dropout", "click", "noise_burst")]
        if local and len(lat.imperfections) == len(local):
            return take, lat, local[0]
    raise AssertionError("no take with only a local flaw in 200 seeds")


def test_own_take_from_file_keeps_its_latent_and_a_repaint_its_flaws_outside(sketch_engine, sketch_request, tmp_path):
    take, lat, flaw = _flawed_take(sketch_engine, tmp_path)
    assert take.latent is None and take.sidecar is not None  # read from disk: only the sidecar names it
    # repaint somewhere else: the flaw stays (the engine knows it is still there)
    a = 0.5 if flaw.start_s > 3.0 else 8.0
    other = sketch_engine.run(sketch_request("repaint", duration=10.0, repainting_start=a, repainting_end=a + 1.0,
                                             steps=1000), [take])
    assert any(d["kind"] == flaw.kind and abs(d["start_s"] - flaw.start_s) < 0.01 for d in other.diagnostics)
    # repaint the flaw's range: gone
    fixed = sketch_engine.run(sketch_request("repaint", duration=10.0, repainting_start=max(0.0, flaw.start_s - 1.0),
                                             repainting_end=min(10.0, flaw.end_s + 1.0), steps=1000), [take])
    assert not any(d["kind"] == flaw.kind and abs(d["start_s"] - flaw.start_s) < 0.01 for d in fixed.diagnostics)
    # another process (a resumed run, a Ray worker) re-renders the same latent from the sidecar's request
    from engine.sketch.tasks import common

    with common._recall_lock:
        common._recall.clear()
    again = recall(take)
    assert again is not None and again.imperfections == lat.imperfections
    # an edited file is not mistaken for the engine's take
    louder = take.model_copy(update={"audio": take.audio * 0.5})
    assert recall(louder) is None
    short = take.model_copy(update={"audio": take.audio[:, : take.audio.shape[1] // 2]})
    assert recall(short) is None


def test_repaint_flaw_rate_scales_with_the_repainted_share():
    assert np.isclose(imperfections.window_scale(8, 1.0), 1.0)
    p = imperfections.imperfection_rate(8)
    assert np.isclose(imperfections.window_scale(8, 0.1) * p, 1 - (1 - p) ** 0.1)
    assert imperfections.window_scale(8, 0.0) == 0.0
