"""Where the structure misses sit (bench/structure_misses.py, the sixteenth round's study; not in the critic).

Known answers: which later boundaries a move makes testable on a four-section plan; the moves a fault makes;
the cells a single-fault form labels otherwise; and a take of three types that differ in their cell features,
rendered with its verse squeezed, whose relabelled span sounds like the chorus the true form gives it and not
like the verse a wrong form keeps there.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from engine.sketch.arrangement import Imperfection

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from structure_misses import chord_family, fault_moves, labels, later_testable, relabelled_spans, span_score, swap_move  # noqa: E402

CELL_S = 0.128
STARTS = [0.0, 8.0, 16.0, 28.0, 36.0]  # intro, verse, chorus, outro; the take ends at 36 s
NAMES = ["chorus", "intro", "outro", "verse"]


def test_a_move_is_testable_where_it_lands_inside_the_music_and_off_the_plan():
    assert later_testable(STARTS, 1, -6.0, 36.0) == 2  # 16 -> 10, 28 -> 22
    assert later_testable(STARTS, 1, -8.0, 36.0) == 1  # 16 -> 8 is the planned change there
    assert later_testable(STARTS, 1, 9.0, 36.0) == 1  # 28 -> 37 is past the music
    assert later_testable(STARTS, 2, -6.0, 36.0) == 1  # only the outro's start is later


def test_the_moves_of_a_fault():
    assert swap_move([0.0, 4.0, 24.0, 32.0], 0) == 16.0  # a 4 s intro traded with a 20 s verse
    assert swap_move(STARTS, 0) == 0.0  # two sections of one length keep their change
    drop = Imperfection(kind="section_dropped", start_s=8.0, end_s=36.0, params={"length_s": 8.0, "move_s": -8.0})
    assert fault_moves(drop, STARTS, 1) == {2: -8.0, 3: -8.0}
    swap = Imperfection(kind="sections_swapped", start_s=8.0, end_s=28.0)
    assert fault_moves(swap, STARTS, 1) == {2: 4.0}


def test_the_cells_a_form_labels_otherwise():
    n = int(36.0 / CELL_S)
    plan = labels(["intro", "verse", "chorus", "outro"], STARTS[:-1], n, CELL_S, NAMES)
    squeezed = labels(["intro", "verse", "chorus", "outro"], [0.0, 8.0, 12.0, 24.0], n, CELL_S, NAMES)
    assert plan[0] == NAMES.index("intro") and plan[-1] == NAMES.index("outro")
    spans = relabelled_spans(plan, squeezed)
    assert len(spans) == 2
    for (a, b), (ta, tb) in zip(spans, [(12.0, 16.0), (24.0, 28.0)], strict=True):
        assert abs(a * CELL_S - ta) <= CELL_S and abs(b * CELL_S - tb) <= CELL_S
    assert relabelled_spans(plan, plan) == []


def _take(layout: list[tuple[str, float, float]], seed: int = 3) -> np.ndarray:
    """Cell features (8 dims): each type its own mean, unit noise."""
    rng = np.random.default_rng(seed)
    means = {t: 2.0 * rng.standard_normal(8) for t in NAMES}
    x = rng.standard_normal((8, int(layout[-1][2] / CELL_S)))
    for t, a, b in layout:
        x[:, int(a / CELL_S): int(b / CELL_S)] += means[t][:, None]
    return x


def test_the_squeezed_verses_span_sounds_like_the_chorus_the_true_form_puts_there():
    heard = [("intro", 0.0, 8.0), ("verse", 8.0, 12.0), ("chorus", 12.0, 24.0), ("outro", 24.0, 36.0)]
    x = _take(heard)
    n = x.shape[1]
    types = ["intro", "verse", "chorus", "outro"]
    plan = labels(types, STARTS[:-1], n, CELL_S, NAMES)
    true = labels(types, [0.0, 8.0, 12.0, 24.0], n, CELL_S, NAMES)  # the verse 4 s short, every later change 4 s early
    wrong = labels(types, [0.0, 8.0, 20.0, 32.0], n, CELL_S, NAMES)  # the verse 4 s long
    assert span_score(x, CELL_S, plan, true) > 1.0
    assert span_score(x, CELL_S, plan, wrong) < 0.0  # its spans are chorus and outro music it calls verse and chorus
    assert span_score(x, CELL_S, plan, plan) is None


def test_the_engines_chord_families():
    assert chord_family("verse") == chord_family("intro") == chord_family("pre-chorus") == "verse"
    assert chord_family("outro") == chord_family("chorus") == "chorus"
    assert chord_family("solo") == "bridge"
