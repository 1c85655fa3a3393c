"""sketch engine imperfections: the rate formula, and that every kind shows in the audio."""

from __future__ import annotations

import numpy as np
import pytest

from engine.sketch.arrangement import Imperfection
from engine.sketch.compose import compose
from engine.sketch.imperfections import apply_stems, decide, imperfection_rate, refine_keep_prob
from engine.sketch.render import render

SR = 48000


@pytest.fixture(scope="module")
def sketch_arr():
    return compose(caption="pop band", lyrics="[verse] oh la la", bpm=120, keyscale="A minor",
                   timesignature="4/4", duration_s=10.0, events=[], seed=3)


@pytest.fixture(scope="module")
def sketch_clean(sketch_arr):
    return render(sketch_arr, 3, [])


def test_rate_falls_with_steps_and_matches_formula(sketch_arr):
    names = [t.name for t in sketch_arr.profile.tracks]
    rates = {}
    for steps in (8, 50):
        hits = sum(bool(decide(seed, steps, sketch_arr, names)) for seed in range(600))
        rates[steps] = hits / 600
        assert abs(rates[steps] - imperfection_rate(steps)) < 0.06, (steps, rates[steps])
    assert rates[8] > rates[50] + 0.15
    assert 0.4 < imperfection_rate(8) < 0.6 and 0.15 < imperfection_rate(50) < 0.25


def test_refine_keeps_few_flaws():
    assert 0.15 < refine_keep_prob(0.5, 8) < 0.35
    assert refine_keep_prob(0.9, 50) < refine_keep_prob(0.3, 50) < refine_keep_prob(0.3, 8)


def test_decide_is_pure(sketch_arr):
    names = [t.name for t in sketch_arr.profile.tracks]
    assert decide(11, 8, sketch_arr, names) == decide(11, 8, sketch_arr, names)


def _imp(kind: str, start: float, end: float, stem: str | None = None, **params: float) -> list[Imperfection]:
    return [Imperfection(kind=kind, stem=stem, start_s=start, end_s=end, params=params)]


def _runs_at_full_scale(x: np.ndarray) -> int:
    full = (np.abs(x) >= 0.999).astype(np.int8)
    edges = np.diff(np.concatenate([[0], full, [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return int(np.sum(ends - starts >= 3))


def test_clipping_makes_flat_tops(sketch_arr, sketch_clean):
    mix, _ = render(sketch_arr, 3, _imp("clipping", 3.0, 7.0, gain_db=9.0))
    assert _runs_at_full_scale(mix[0, 3 * SR:7 * SR]) > 10
    assert _runs_at_full_scale(sketch_clean[0][0]) == 0
    assert np.array_equal(mix[:, : 3 * SR], sketch_clean[0][:, : 3 * SR])


def test_dropout_is_a_silent_gap(sketch_arr):
    mix, _ = render(sketch_arr, 3, _imp("dropout", 5.0, 5.1))
    assert np.max(np.abs(mix[:, int(5.0 * SR) + 1:int(5.1 * SR) - 1])) == 0.0


def test_click_and_noise_burst(sketch_arr, sketch_clean):
    mix, _ = render(sketch_arr, 3, _imp("click", 4.0, 4.001, amplitude=0.9, samples=2))
    d = np.abs(np.diff(mix[0]))
    assert np.argmax(d) in range(int(4.0 * SR) - 2, int(4.0 * SR) + 3)
    mix, _ = render(sketch_arr, 3, _imp("noise_burst", 6.0, 6.1, rms=0.3))
    seg = slice(int(6.0 * SR), int(6.1 * SR))
    assert np.std(mix[:, seg] - sketch_clean[0][:, seg]) > 0.2


def test_phase_issue_inverts_one_stem(sketch_arr, sketch_clean):
    mix, stems = render(sketch_arr, 3, _imp("phase_issue", 0.0, 10.0, stem="bass"))
    assert np.corrcoef(stems["bass"][0], stems["bass"][1])[0, 1] < -0.9
    corr = lambda a: np.corrcoef(a[0], a[1])[0, 1]  # noqa: E731
    assert corr(mix) < corr(sketch_clean[0]) - 0.2


def test_distortion_is_harsh(sketch_arr, sketch_clean):
    _, stems = render(sketch_arr, 3, _imp("distortion", 0.0, 10.0, stem="keyboard", drive=0.9))
    def hf(x):  # share of power above 2.5 kHz (10 s -> 10 bins per Hz)
        p = np.abs(np.fft.rfft(x[0])) ** 2
        return p[25000:].sum() / p.sum()
    assert hf(stems["keyboard"]) > 2.0 * hf(sketch_clean[1]["keyboard"])


def test_muddy_mix_boosts_low_mids(sketch_arr, sketch_clean):
    mix, _ = render(sketch_arr, 3, _imp("muddy_mix", 0.0, 10.0, freq_hz=300.0, gain_db=12.0))
    def ratio(x):
        spec = np.abs(np.fft.rfft(x.mean(axis=0))) ** 2
        f = np.fft.rfftfreq(x.shape[1], 1 / SR)
        return spec[(f > 200) & (f < 500)].sum() / spec.sum()
    assert ratio(mix) > 2.0 * ratio(sketch_clean[0])


def test_early_ending_leaves_silence(sketch_arr):
    mix, stems = render(sketch_arr, 3, _imp("early_ending", 6.0, 10.0))
    assert np.max(np.abs(mix[:, int(6.3 * SR):])) < 1e-3
    assert np.max(np.abs(mix[:, : int(5.5 * SR)])) > 0.1


def test_timing_drift_moves_the_beat(sketch_arr, sketch_clean):
    _, stems = render(sketch_arr, 3, _imp("timing_drift", 2.0, 10.0, ratio=1.07))
    def onsets(x):
        env = np.abs(x.mean(axis=0))
        frames = env[: env.size // 480 * 480].reshape(-1, 480).max(axis=1)
        return np.flatnonzero(np.diff((frames > 0.5 * frames.max()).astype(int)) == 1) * 0.01
    a, b = onsets(sketch_clean[1]["drums"]), onsets(stems["drums"])
    late_a, late_b = a[a > 8.0], b[b > 8.0]
    assert late_a.size and late_b.size
    assert np.min(np.abs(late_b[:, None] - late_a[None, :]), axis=1).mean() > 0.02


# ---- structural faults (engine/sketch/structural_faults.py) ---------------------------

@pytest.fixture(scope="module")
def planned_arr():
    from engine.pipeline import SectionEvent

    ev = [SectionEvent(type=t, start=a, end=b) for t, a, b in
          [("intro", 0, 4), ("verse", 4, 12), ("chorus", 12, 20), ("bridge", 20, 24), ("outro", 24, 30)]]
    return compose(caption="pop band", lyrics="[Instrumental]", bpm=120, keyscale="A minor",
                   timesignature="4/4", duration_s=30.0, events=ev, seed=5)


def _form(arr):
    return [(s.kind, round(s.start_s, 2), round(s.end_s, 2)) for s in arr.sections]


def test_structural_faults_change_the_form(planned_arr):
    from engine.sketch.structural_faults import apply

    a = planned_arr
    dropped = apply(a, _imp("section_dropped", 12.0, 30.0, length_s=8.0))
    assert _form(dropped) == [("intro", 0, 4), ("verse", 4, 12), ("bridge", 12, 16), ("outro", 16, 30)]
    swapped = apply(a, _imp("sections_swapped", 4.0, 20.0))
    assert [k for k, _, _ in _form(swapped)] == ["intro", "chorus", "verse", "bridge", "outro"]
    stretched = apply(a, _imp("section_stretched", 4.0, 30.0, factor=1.5))
    assert _form(stretched)[1] == ("verse", 4, 16) and _form(stretched)[2][1] == 16
    tempo = apply(a, _imp("section_tempo", 12.0, 30.0, ratio=0.8))
    # the chorus keeps its 16 beats: a 2 s ramp to 0.8 x, then 6 s of music at 0.8 x (7.5 s)
    assert _form(tempo)[2][:2] == ("chorus", 12) and 21.6 < _form(tempo)[2][2] < 21.8
    assert tempo.drift is not None and tempo.drift.ratio == 0.8
    for arr in (dropped, swapped, stretched, tempo):  # the form tiles the take; chords follow it
        assert arr.sections[-1].end_s == 30.0 and arr.chords[-1].beat + arr.chords[-1].beats >= 60
    assert apply(a, []) is a


def test_planted_moves_are_whole_bars_or_the_tempo_map_and_all_parts_move_together(planned_arr):
    """What is rendered is what the diagnostics say: a stretch adds or removes whole bars, a
    tempo fault moves the later sections to where the drifted beats put them; every later
    section then starts on a bar line (drums, chords and melody switch there together), by
    more than two beats (the critic's tolerance)."""
    from engine.sketch import structural_faults as sf

    a = planned_arr
    seen = set()
    for seed in range(40):
        for kind in ("section_stretched", "section_tempo", "section_dropped"):
            imp = sf.make(kind, np.random.default_rng(seed), a)
            k = next((i for i, s in enumerate(a.sections) if imp and abs(s.start_s - imp.start_s) < 0.01), -9)
            if imp is None or (kind == "section_dropped" and k + 2 >= len(a.sections)):
                continue
            seen.add(kind)
            new = sf.apply(a, [imp])
            later = a.sections[k + 1] if kind != "section_dropped" else a.sections[k + 2]
            moved = next(s for s in new.sections if s.kind == later.kind and s.start_s > imp.start_s)
            assert moved.start_s - later.start_s == pytest.approx(imp.params["move_s"], abs=0.01)
            assert abs(imp.params["move_s"]) >= max(sf.MIN_MOVE_S, sf.MIN_MOVE_BEATS * 60 / a.bpm)
            grid = new.beat_times()
            beat = float(new.beat_of(moved.start_s, grid))
            assert abs(beat / new.beats_per_bar - round(beat / new.beats_per_bar)) < 0.01  # on a bar line
            assert any(abs(c.beat - beat) < 0.01 for c in new.chords)  # the harmony changes there too
            if kind == "section_stretched":
                bars = imp.params["move_s"] / sf.bar_s(a)
                assert abs(bars - round(bars)) < 1e-3 and round(bars) != 0
    assert seen == {"section_stretched", "section_tempo", "section_dropped"}


def test_structural_faults_are_drawn_for_some_imperfect_takes_only(planned_arr):
    from engine.sketch import structural_faults as sf

    names = [t.name for t in planned_arr.profile.tracks]
    draws = [decide(seed, 8, planned_arr, names) for seed in range(600)]
    hits = sum(bool(d) for d in draws)
    assert abs(hits / 600 - imperfection_rate(8)) < 0.06  # the rate formula still holds
    faulted = [d for d in draws if any(i.kind in sf.KINDS for i in d)]
    assert 0.04 * hits < len(faulted) < 0.25 * hits
    assert all(len(d) >= 2 for d in faulted)  # always on top of another imperfection
    assert not any(i.kind in sf.KINDS for seed in range(300)
                   for i in decide(seed, 8, planned_arr, names, kinds=("click", "dropout"), window=(2.0, 6.0)))


def test_a_dropped_section_is_heard_later_in_the_audio(planned_arr):
    """The bridge's sparse texture comes at 12 s instead of 20 s."""
    clean, _ = render(planned_arr, 5, [])
    faulty, _ = render(planned_arr, 5, _imp("section_dropped", 12.0, 30.0, length_s=8.0))
    seg = slice(13 * SR, 19 * SR)
    rms = lambda x: float(np.sqrt(np.mean(x[:, seg] ** 2)))  # noqa: E731
    assert abs(20 * np.log10(rms(faulty) / rms(clean))) > 1.0


def test_a_stem_flaw_on_a_part_that_does_not_play_is_not_recorded(sketch_arr):
    # the take's record is what a listener could hear: distorting a part that is silent over the
    # range changes no sample, so it is no flaw of the take (the benchmark's truth reads this record)
    stems = {"strings": np.zeros((2, 10 * SR), np.float32),
             "keys": np.zeros((2, 10 * SR), np.float32)}
    stems["keys"][:, 6 * SR:] = 0.2 * np.sin(np.arange(4 * SR) * 2 * np.pi * 440 / SR)
    imps = [Imperfection(kind="distortion", stem="strings", start_s=0.0, end_s=10.0, params={"drive": 0.8}),
            Imperfection(kind="distortion", stem="keys", start_s=1.0, end_s=5.0, params={"drive": 0.8}),
            Imperfection(kind="phase_issue", stem="keys", start_s=0.0, end_s=10.0),
            Imperfection(kind="click", start_s=2.0, end_s=2.001, params={"amplitude": 0.7, "samples": 2})]
    apply_stems(stems, imps)
    assert [(i.kind, i.stem) for i in imps] == [("phase_issue", "keys"), ("click", None)]
    assert not stems["strings"].any()
