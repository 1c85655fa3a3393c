"""sketch engine, audio-to-audio stages: refine, cover, repaint, extract, lego, complete, mix."""

from __future__ import annotations

import numpy as np
import pytest

from engine.sketch.imperfections import decide
from engine.take import Take

SR = 48000


def test_refine_keeps_arrangement_and_drops_most_flaws(sketch_engine, sketch_request):
    flawed = [sketch_engine.run(sketch_request(seed=s, steps=8, duration=6.0), []) for s in range(40)]
    flawed = [t for t in flawed if t.diagnostics][:6]
    assert flawed
    kept = 0
    for t in flawed:
        out = sketch_engine.run(sketch_request("refine", denoise=0.5, steps=8, duration=6.0, seed=t.latent.render_seed), [t])
        assert out.latent.arrangement.chords == t.latent.arrangement.chords
        kept += sum(d in out.diagnostics for d in t.diagnostics)
    assert kept < sum(len(t.diagnostics) for t in flawed)


def test_cover_strength(sketch_engine, sketch_request, sketch_song):
    high = sketch_engine.run(sketch_request("cover", audio_cover_strength=1.0, caption="smooth jazz trio",
                                            bpm=90, keyscale="Eb major"), [sketch_song])
    src = sketch_song.latent.arrangement
    assert (high.latent.arrangement.bpm, high.latent.arrangement.tonic) == (src.bpm, src.tonic)
    assert high.latent.arrangement.profile.genre == "jazz"
    low = sketch_engine.run(sketch_request("cover", audio_cover_strength=0.0, caption="smooth jazz trio",
                                           bpm=90, keyscale="Eb major"), [sketch_song])
    assert (low.latent.arrangement.bpm, low.latent.arrangement.tonic) == (90, 3)


def test_cover_strips_texture_flaws(sketch_engine, sketch_request):
    src = None
    for seed in range(80):
        t = sketch_engine.run(sketch_request(seed=seed, steps=2, duration=6.0), [])
        if any(d["kind"] == "clipping" for d in t.diagnostics):
            src = t
            break
    assert src is not None
    out = sketch_engine.run(sketch_request("cover", audio_cover_strength=0.95, steps=1000, duration=6.0), [src])
    assert not any(d["kind"] == "clipping" for d in out.diagnostics)


def test_repaint_outside_range_is_bit_identical(sketch_engine, sketch_request, sketch_song):
    out = sketch_engine.run(sketch_request("repaint", repainting_start=4.0, repainting_end=7.0), [sketch_song])
    a, b = 4 * SR, 7 * SR
    assert np.array_equal(out.audio[:, :a], sketch_song.audio[:, :a])
    assert np.array_equal(out.audio[:, b:], sketch_song.audio[:, b:])
    assert not np.array_equal(out.audio[:, a:b], sketch_song.audio[:, a:b])
    assert np.array_equal(out.stems["drums"][:, :a], sketch_song.stems["drums"][:, :a])


def test_repaint_uploaded_audio(sketch_engine, sketch_request, sketch_song):
    src = Take(audio=sketch_song.audio.copy())
    out = sketch_engine.run(sketch_request("repaint", repainting_start=6.0, repainting_end=None), [src])
    assert np.array_equal(out.audio[:, : 6 * SR], src.audio[:, : 6 * SR])


def test_extract_returns_the_exact_stem(sketch_engine, sketch_request, sketch_song):
    out = sketch_engine.run(sketch_request("extract", track_name="bass"), [sketch_song])
    assert np.array_equal(out.audio, sketch_song.stems["bass"]) and list(out.stems) == ["bass"]


def test_extract_separates_uploaded_audio(sketch_engine, sketch_request, sketch_song):
    src = Take(audio=sketch_song.audio.copy())
    drums = sketch_engine.run(sketch_request("extract", track_name="drums"), [src]).audio
    bass = sketch_engine.run(sketch_request("extract", track_name="bass"), [src]).audio
    corr = lambda x, y: np.corrcoef(x.mean(0), y.mean(0))[0, 1]  # noqa: E731
    assert corr(drums, sketch_song.stems["drums"]) > corr(drums, sketch_song.stems["bass"])
    assert corr(bass, sketch_song.stems["bass"]) > corr(bass, sketch_song.stems["drums"])


@pytest.mark.parametrize("stage,kw,new", [("lego", {"track_name": "strings"}, ["strings"]),
                                          ("complete", {"complete_track_classes": ["brass", "percussion"]},
                                           ["brass", "percussion"])])
def test_lego_and_complete_add_stems(sketch_engine, sketch_request, sketch_song, stage, kw, new):
    out = sketch_engine.run(sketch_request(stage, steps=1000, **kw), [sketch_song])
    assert set(out.stems) == set(sketch_song.stems) | set(new)
    added = sum(out.stems[n] for n in new)
    assert np.allclose(out.audio, sketch_song.audio + added, atol=1e-5)
    assert np.max(np.abs(added)) > 0.01


def test_mix_sums_and_merges_latent(sketch_engine, sketch_request, sketch_song):
    bass = sketch_engine.run(sketch_request("extract", track_name="bass"), [sketch_song])
    drums = sketch_engine.run(sketch_request("extract", track_name="drums"), [sketch_song])
    out = sketch_engine.run(sketch_request("mix", source_gains_db=[0.0, -6.0]), [bass, drums])
    assert np.allclose(out.audio, bass.audio + 10 ** (-6 / 20) * drums.audio, atol=1e-6)
    assert {t.name for t in out.latent.arrangement.profile.tracks} == {"bass", "drums"}


def test_decide_used_by_generate(sketch_engine, sketch_request):
    take = sketch_engine.run(sketch_request(seed=5, steps=8, duration=6.0), [])
    arr = take.latent.arrangement
    assert [i.as_diagnostic() for i in decide(5, 8, arr, [t.name for t in arr.profile.tracks])] == take.diagnostics
