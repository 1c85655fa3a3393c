"""The plan's single-fault forms and the novelty channel of bench/structure_hypotheses.py (the fifteenth
round's study; not in the critic).

Known answers: the forms of a three-section plan, laid out as the engine renders them; and a take of
three sections that differ in their cell features, whose changes the novelty channel reads at the
moved times of a dropped section and not at the plan's.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from structure_hypotheses import Novelty, hypotheses  # noqa: E402

CELL_S = 0.128


def test_the_forms_of_a_plan_are_laid_out_as_the_engine_renders_them():
    forms = hypotheses(["intro", "verse", "chorus"], [4.0, 8.0, 8.0], 20.0, 2.0)
    assert forms[0] == ("plan", -1, 0.0, ["intro", "verse", "chorus"], [0.0, 4.0, 12.0])
    got = {(kind, k, move): (ts, st) for kind, k, move, ts, st in forms[1:]}
    assert got[("dropped", 0, -4.0)] == (["verse", "chorus"], [0.0, 8.0])
    assert got[("dropped", 1, -8.0)] == (["intro", "chorus"], [0.0, 4.0])
    assert got[("swapped", 0, 4.0)] == (["verse", "intro", "chorus"], [0.0, 8.0, 12.0])
    assert got[("stretched", 1, 2.0)] == (["intro", "verse", "chorus"], [0.0, 4.0, 14.0])
    assert got[("stretched", 1, -4.0)] == (["intro", "verse", "chorus"], [0.0, 4.0, 8.0])
    # moves under MIN_MOVE_S, or squeezes below STRETCH_RANGE's share of the section, are the plan / no form
    assert ("stretched", 0, -2.0) in got and ("stretched", 1, -6.0) not in got
    assert not [f for f in forms if f[0] == "swapped" and f[1] == 1 and f[3][1] == f[3][2]]


def _feats(layout, dur: float, seed: int = 2) -> dict[str, np.ndarray]:
    """Standardised cell features: each type its own mean in every group, with noise."""
    rng = np.random.default_rng(seed)
    n = int(dur / CELL_S)
    means = {"intro": -1.0, "verse": 0.0, "chorus": 1.0}
    dims = {"timbre": 12, "harmony": 12, "density": 1, "loudness": 1, "rhythm": 2}
    out = {}
    for g, d in dims.items():
        x = rng.standard_normal((d, n))
        for t, a, b in layout:
            x[:, int(a / CELL_S): int(b / CELL_S)] += 1.5 * means[t]
        out[g] = (x - x.mean(axis=1, keepdims=True)) / x.std(axis=1, keepdims=True)
    return out


@pytest.mark.parametrize("dropped", [False, True])
def test_the_novelty_channel_favours_the_form_the_take_plays(dropped):
    plan_types, plan_len, dur = ["intro", "verse", "chorus"], [6.0, 8.0, 10.0], 24.0
    forms = hypotheses(plan_types, plan_len, dur, 2.0)
    drop = next(f for f in forms if f[0] == "dropped" and f[1] == 1)
    ts, st = (drop[3], drop[4]) if dropped else (forms[0][3], forms[0][4])
    layout = [(t, a, b) for t, a, b in zip(ts, st, [*st[1:], dur], strict=True)]
    nov = Novelty(_feats(layout, dur), CELL_S, forms[0][4], dur, dur)
    plan = nov.changes(forms[0][3], forms[0][4])
    gain = nov.gain(plan, nov.changes(drop[3], drop[4]))
    # the change at 6 s both predict cancels; the plan's at 14 s counts -log(evidence) there: about
    # nothing to gain where nothing changes (evidence near the take's own noise), -log Z_CAP where it does
    assert (gain > 0.1) if dropped else (gain < -1.0), gain
