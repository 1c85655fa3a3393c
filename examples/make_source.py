"""Render examples/audio/source.flac, the "uploaded song" the example pipelines use.

It is a sketch-engine take (pop rock with vocals, drums, bass, guitar and keys), so
every example runs offline. Regenerate with:  .venv/bin/python examples/make_source.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf

from engine.pipeline import SectionEvent
from engine.protocol import get_engine
from engine.take import StageRequest

OUT = Path(__file__).parent / "audio" / "source.flac"


def main() -> None:
    engine = get_engine("sketch")
    request = StageRequest(
        stage_id="source", stage_type="generate", task="text2music", model="base", instruction=None,
        caption="pop rock, electric guitar, drums, bass, piano, female vocals, upbeat",
        lyrics="[verse]\nCity lights are calling out my name\n[chorus]\nWe come alive tonight",
        bpm=112, keyscale="G major", timesignature="4/4", duration=24.0, vocal_language="en",
        events=[SectionEvent(type="intro", start=0, end=4.29), SectionEvent(type="verse", start=4.29, end=12.86),
                SectionEvent(type="chorus", start=12.86, end=21.43), SectionEvent(type="outro", start=21.43, end=24)],
        seed=1234, steps=50, shift=3.0, guidance_scale=7.0)
    take = engine.run(request, [])
    assert not take.diagnostics, "pick a seed whose take is clean"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    sf.write(OUT, np.clip(take.audio, -1, 1).T, take.sr, format="FLAC", subtype="PCM_16")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
