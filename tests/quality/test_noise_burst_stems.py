"""A noise burst on the bus is in the mix but in none of the stems (known answers: the sketch
engine's own noise_burst, rms 0.16 over 69 ms, on a dense jazz take: the mix's flatness barely
moves, so it was missed; the residual under the stems is that noise alone)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.audio import read_audio, write_flac
from engine.pipeline import SectionEvent
from engine.protocol import get_engine
from engine.sketch import imperfections
from engine.sketch.arrangement import Imperfection
from engine.take import StageRequest
from quality.analyze import analyze

pytestmark = pytest.mark.slow  # renders and scores whole sketch takes (~10 s each on a quiet machine)

EVENTS = [SectionEvent(type="intro", start=0, end=3), SectionEvent(type="verse", start=3, end=11),
          SectionEvent(type="chorus", start=11, end=20)]


def test_a_burst_the_stems_do_not_explain_is_heard_and_the_clean_take_has_none(tmp_path):
    req = StageRequest(stage_id="g", stage_type="generate", task="text2music", model="base", instruction="x",
                       caption="jazz, warm analog, upright bass, brushes, piano", lyrics="[Instrumental]",
                       vocal_language="en", bpm=100, keyscale="C major", timesignature="4/4", duration=20.0,
                       events=EVENTS, seed=1, steps=200)
    take = get_engine("sketch").run(req, [])
    assert not take.latent.imperfections
    stems = {n: read_audio(write_flac(tmp_path / f"{n}.flac", s)) for n, s in take.stems.items()}
    clean = read_audio(write_flac(tmp_path / "clean.flac", take.audio))
    assert not [d for d in analyze(clean, stems=stems).defects if d.kind.value == "noise_burst"]
    burst = Imperfection(kind="noise_burst", start_s=11.55, end_s=11.62, params={"rms": 0.16})
    noisy = imperfections.apply_mix(take.audio.copy(), {}, [burst], 1)
    heard = [d for d in analyze(read_audio(write_flac(tmp_path / "noisy.flac", noisy)), stems=stems).defects
             if d.kind.value == "noise_burst"]
    assert len(heard) == 1 and abs(heard[0].start_s - 11.55) < 0.05 and heard[0].severity >= 0.5, heard
    assert np.isclose(heard[0].end_s, 11.62, atol=0.05)
