"""Compile every numba kernel aceprod uses into numba's on-disk cache, in one process.

numba (ours and librosa's) compiles on first use and caches the machine code beside the
source. Several processes compiling the same function at once (parallel test workers,
or CLIs they start) can read each other's half-written cache files and crash. `make test`
runs this first, so parallel workers only ever read a complete cache. Takes ~30-60 s on
a cold cache, a few seconds when warm.

    .venv/bin/python scripts/warm_numba.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GENRES = ["jazz piano trio, brushed drums", "rock, electric guitar", "metal, distorted guitars",
          "deep house, synth bass", "lofi hip hop, dusty piano", "ambient pads, strings", "pop, synths",
          "classical orchestral, brass, woodwinds", "folk, acoustic guitar", "latin, congas, piano",
          "rnb, electric piano", "blues, organ"]


def main() -> None:
    started = time.perf_counter()
    from engine.audio import write_flac
    from engine.pipeline import SectionEvent
    from engine.protocol import get_engine
    from engine.take import StageRequest, Take
    from quality.analyze import analyze, analyze_file
    from quality.separate import separate
    from tools.mastering import master

    engine = get_engine("sketch")
    events = [SectionEvent(type="intro", start=0, end=2), SectionEvent(type="verse", start=2, end=5),
              SectionEvent(type="chorus", start=5, end=8)]

    def request(caption: str, stage: str = "generate", **kw) -> StageRequest:
        fields = dict(stage_id="warm", stage_type=stage, task="text2music", model="base", instruction=None,
                      caption=caption, lyrics="[verse]\nla la la la\n[chorus]\noh oh oh", bpm=110,
                      keyscale="A minor", timesignature="4/4", duration=8, vocal_language="en", events=events,
                      seed=3, steps=8, shift=3.0, guidance_scale=0.0)
        fields.update(kw)
        return StageRequest(**fields)

    takes = [engine.run(request(caption, seed=seed), []) for seed, caption in enumerate(GENRES)]
    take = takes[0]
    upload = Take(audio=take.audio)  # no stems, no latent: the analysis and separation paths
    engine.run(request("pop", "cover", task="cover", audio_cover_strength=0.7), [upload])
    engine.run(request("pop", "refine", denoise=0.5), [take])
    engine.run(request("pop", "repaint", task="repaint", repainting_start=2.0, repainting_end=4.0), [take])
    engine.run(request("pop", "extract", task="extract", track_name="drums"), [upload])
    engine.run(request("pop", "lego", task="lego", track_name="guitar"), [take])
    engine.run(request("pop", "complete", task="complete", complete_track_classes=["bass"]), [upload])
    for t in takes[:3]:
        analyze(t.audio, stems=t.stems, events=events, planned_duration_s=8.0)
    analyze(take.audio)
    separate(take.audio, method="dsp")
    with tempfile.TemporaryDirectory() as tmp:  # the file path: decode, resample, report
        analyze_file(write_flac(Path(tmp) / "w.flac", take.audio))
    master(take.audio)
    print(f"numba cache warm ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
