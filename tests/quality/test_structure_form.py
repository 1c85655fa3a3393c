"""The layout fit: do the sections of one planned type sound alike where a layout puts them?

Synthetic cell features with a known answer: types A, B, A, each with its own mean and
unit noise; the plan puts B's start a second early.
"""

from __future__ import annotations

import numpy as np
import pytest

from quality.structure_form import LayoutFit

CELL_S = 0.128


def _feats(starts_s: list[float], types: list[str], dur_s: float, seed: int = 1) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = int(dur_s / CELL_S)
    means = {"A": 0.0, "B": 1.5}
    mu = np.zeros(n)
    for t, a in zip(types, starts_s, strict=True):
        mu[int(a / CELL_S):] = means[t]
    return {g: mu + rng.standard_normal((d, n)) for g, d in (("timbre", 12), ("harmony", 12), ("density", 1),
                                                              ("rhythm", 2), ("loudness", 1))}


def test_the_layout_where_each_type_sounds_alike_fits_best():
    types = ["A", "B", "A"]
    fit = LayoutFit(_feats([0.0, 10.0, 20.0], types, 30.0), CELL_S, 30.0)
    planned = np.array([0.0, 9.0, 19.0])  # every change a second early in the plan
    right = np.array([0.0, 10.0, 20.0])
    wrong = np.array([0.0, 8.0, 18.0])
    g = fit.gain(types, planned, right)
    assert g > 5.0  # two seconds of cells labelled better: about 16 cells, noise aside
    assert fit.gain(types, planned, wrong) < 0.0
    assert fit.gain(types, planned, planned) == pytest.approx(0.0)


def test_loudness_alone_is_no_evidence():
    """An outro's fade moves its loudness, not its sound: the fit reads the level-free groups."""
    types = ["A", "B"]
    f = _feats([0.0, 10.0], types, 20.0)
    flat = {g: (x if g == "loudness" else np.random.default_rng(2).standard_normal(x.shape)) for g, x in f.items()}
    fit = LayoutFit(flat, CELL_S, 20.0)
    assert abs(fit.gain(types, np.array([0.0, 8.0]), np.array([0.0, 10.0]))) < 3.0


def test_music_after_the_end_is_left_out():
    types = ["A", "B"]
    fit = LayoutFit(_feats([0.0, 10.0], types, 20.0), CELL_S, end_s=9.0)
    assert fit.gain(types, np.array([0.0, 10.0]), np.array([0.0, 12.0])) == pytest.approx(0.0)
