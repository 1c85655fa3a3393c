"""sketch engine, generate: determinism, tempo, key, sections, genres, levels, model routing."""

from __future__ import annotations

import librosa
import numpy as np
import pytest
import soxr

from engine.constants import TRACK_NAMES
from engine.errors import EngineError
from engine.pipeline import SectionEvent
from engine.sketch import fx
from engine.sketch.analysis import estimate_key

SR = 48000


def onset_bpm(x: np.ndarray, lo: float = 60.0, hi: float = 200.0) -> float:
    """Tempo from the autocorrelation of a spectral-flux-like onset envelope of ``x`` ``(2, n)``."""
    hop = 256
    m = x.mean(axis=0)
    frames = m[: m.size // hop * hop].reshape(-1, hop)
    energy = np.log1p(100 * np.sqrt((frames ** 2).mean(axis=1)))
    env = np.maximum(0.0, np.diff(energy))
    env -= env.mean()
    ac = np.correlate(env, env, mode="full")[env.size - 1:]
    fps = SR / hop
    lags = np.arange(int(fps * 60 / hi), int(fps * 60 / lo) + 1)
    best = lags[np.argmax(ac[lags])]
    return 60.0 * fps / best


def chroma_of(x: np.ndarray) -> np.ndarray:
    y = soxr.resample(x.mean(axis=0), SR, 22050)
    return librosa.feature.chroma_cqt(y=y, sr=22050)


def test_deterministic_per_seed(sketch_engine, sketch_request):
    a = sketch_engine.run(sketch_request(seed=7), [])
    b = sketch_engine.run(sketch_request(seed=7), [])
    assert np.array_equal(a.audio, b.audio)
    assert a.diagnostics == b.diagnostics
    c = sketch_engine.run(sketch_request(seed=8), [])
    assert not np.array_equal(a.audio, c.audio)


def test_take_shape_stems_and_levels(sketch_song):
    t = sketch_song
    assert t.audio.dtype == np.float32 and t.audio.shape == (2, 12 * SR)
    assert set(t.stems) <= set(TRACK_NAMES) and {"drums", "bass", "keyboard", "vocals"} <= set(t.stems)
    assert all(s.shape == t.audio.shape for s in t.stems.values())
    assert np.max(np.abs(t.audio)) < 10 ** (-1.0 / 20)  # clean takes peak well below full scale
    assert -19.0 <= fx.loudness_lufs(t.audio) <= -13.0
    corr = np.corrcoef(t.audio[0], t.audio[1])[0, 1]
    assert 0.3 < corr < 0.999  # stereo, not mono, not out of phase


@pytest.mark.parametrize("bpm", [90, 128])
def test_tempo_follows_bpm(sketch_engine, sketch_request, bpm):
    take = sketch_engine.run(sketch_request(caption="rock band", bpm=bpm, duration=12.0, seed=3, steps=1000), [])
    measured = onset_bpm(take.stems["drums"])
    ratios = [measured / bpm, measured / (2 * bpm), measured / (bpm / 2)]
    assert min(abs(r - 1) for r in ratios) < 0.03, measured


@pytest.mark.parametrize("key,expected", [("D major", (2, "major")), ("F# minor", (6, "minor"))])
def test_key_follows_keyscale(sketch_engine, sketch_request, key, expected):
    take = sketch_engine.run(sketch_request(caption="pop ballad, piano, strings", keyscale=key, duration=12.0,
                                            steps=1000, seed=4), [])
    harmonic = sum(s for n, s in take.stems.items() if n not in ("drums", "percussion"))
    chroma = chroma_of(harmonic)
    tonic, mode = expected
    triad = {tonic, (tonic + (4 if mode == "major" else 3)) % 12, (tonic + 7) % 12}
    order = np.argsort(chroma.mean(axis=1))[::-1].tolist()
    assert tonic in order[:3] and triad <= set(order[:6]), (triad, order)
    relative = ((tonic + 9) % 12, "minor") if mode == "major" else ((tonic + 3) % 12, "major")
    assert estimate_key(chroma)[:2] in (expected, relative)


def test_sections_follow_events(sketch_engine, sketch_request):
    events = [SectionEvent(type="intro", start=0, end=5), SectionEvent(type="chorus", start=5, end=10)]
    take = sketch_engine.run(sketch_request(events=events, duration=10.0, steps=1000, seed=2), [])
    rms = lambda a, b: float(np.sqrt(np.mean(take.audio[:, int(a * SR):int(b * SR)] ** 2)))  # noqa: E731
    assert rms(5.5, 9.5) > 1.5 * rms(0.5, 4.5)
    assert np.max(np.abs(take.stems["drums"][:, : int(4.9 * SR)])) < 1e-6  # the intro is sparse: no drums


def test_no_events_gives_a_song_form(sketch_engine, sketch_request):
    take = sketch_engine.run(sketch_request(duration=40.0, steps=1000, seed=2), [])
    kinds = [s.kind for s in take.latent.arrangement.sections]
    assert kinds[0] == "intro" and "chorus" in kinds and len(kinds) >= 3


def _centroid(x: np.ndarray) -> float:
    spec = np.abs(np.fft.rfft(x.mean(axis=0)[: 8 * SR]))
    f = np.fft.rfftfreq(8 * SR, 1 / SR)
    return float((spec * f).sum() / spec.sum())


def test_genres_differ(sketch_engine, sketch_request):
    metal = sketch_engine.run(sketch_request(caption="thrash metal, heavy", bpm=None, keyscale=None, duration=10.0,
                                             steps=1000), [])
    ambient = sketch_engine.run(sketch_request(caption="ambient drone, ethereal", bpm=None, keyscale=None,
                                               duration=10.0, steps=1000), [])
    assert _centroid(metal.audio) > 1.5 * _centroid(ambient.audio)
    assert "drums" in metal.stems and "drums" not in ambient.stems
    assert metal.latent.arrangement.bpm > ambient.latent.arrangement.bpm


@pytest.mark.parametrize("caption", ["smooth jazz trio", "deep house", "lofi hip hop", "classical orchestra",
                                     "acoustic folk", "latin salsa", "hip hop", "rock"])
def test_every_genre_renders(sketch_engine, sketch_request, caption):
    take = sketch_engine.run(sketch_request(caption=caption, bpm=None, keyscale=None, duration=6.0, steps=1000), [])
    assert np.isfinite(take.audio).all() and np.max(np.abs(take.audio)) > 0.05
    assert take.latent.arrangement.profile.genre != "pop"


@pytest.mark.parametrize("ts", ["3/4", "6/8"])
def test_triple_meters(sketch_engine, sketch_request, ts):
    take = sketch_engine.run(sketch_request(timesignature=ts, duration=8.0, steps=1000), [])
    assert take.latent.arrangement.beats_per_bar == 3.0
    assert np.max(np.abs(take.stems["drums"])) > 0.01


def test_turbo_refuses_base_only_tasks(sketch_engine, sketch_request, sketch_song):
    with pytest.raises(EngineError, match="model: base"):
        sketch_engine.run(sketch_request("extract", model="turbo", track_name="bass"), [sketch_song])
    caps = sketch_engine.capabilities()
    assert caps.has_stems and caps.default_model == "turbo"
    assert caps.model("turbo").default_steps == 8 and caps.model("base").default_steps == 50
