"""Do the sections of one planned type sound alike where a layout puts them?

The plan names every section's type (chorus, verse, ...), and sections of one type
share their chords, instruments and melody; sections of different types differ in
some of them. A layout of the take (the plan's boundaries, or the plan with every
change from one boundary on moved) labels every cell of the music with a type; the
layout that fits the take's sound best is the one whose cells of each type lie
closest to that type's mean (the within-type sum of squares, from cumulative sums: a
few microseconds per layout).

``LayoutFit.gain`` of a moved layout over the plan's is the drop of that sum of
squares in units of the plan's mean per-cell residual: about the number of cells the
move labels better. It is evidence independent of the change at a boundary (the
novelty ``quality.structure_plan`` reads): a boundary moved by a bar relabels a bar of
music, and if the moved bar sounds like the type the move gives it, the sum drops
wherever that type plays in the take.

Features: the level-free groups of ``structure_plan.cell_features`` (timbre, harmony,
density, rhythm), each weighing alike: an outro's fade moves its mean loudness, not
its sound, and would make the outro's first bars look like another type.
"""

from __future__ import annotations

import numpy as np

from quality.structure_cells import LEVEL_FREE_GROUPS, stacked


class LayoutFit:
    """Within-type fit of layouts of one take: ``feats`` are the standardised cell
    features by group (``groups`` of them), ``cell_s`` the cell length, ``end_s`` where the music ends."""

    def __init__(self, feats: dict[str, np.ndarray], cell_s: float, end_s: float,
                 groups: tuple[str, ...] = LEVEL_FREE_GROUPS) -> None:
        x = stacked(feats, groups)
        self.cell_s = cell_s
        self.n = max(1, min(x.shape[1], int(end_s / cell_s)))
        self.total = float((x[:, : self.n] ** 2).sum())
        self.cum = np.concatenate([np.zeros((x.shape[0], 1)), np.cumsum(x[:, : self.n], axis=1)], axis=1)

    def fit(self, types: list[str], starts: np.ndarray) -> float:
        """Sum over types of |sum of the type's cells|^2 / their count (higher: each type
        sounds more alike): section i of type ``types[i]`` from ``starts[i]`` to the next
        start (the last to the end of the music)."""
        edges = np.clip(np.round(np.append(starts, np.inf) / self.cell_s), 0, self.n).astype(int)
        sums: dict[str, np.ndarray] = {}
        counts: dict[str, int] = {}
        for t, a, b in zip(types, edges[:-1], edges[1:], strict=True):
            if b > a:
                sums[t] = sums.get(t, 0.0) + (self.cum[:, b] - self.cum[:, a])
                counts[t] = counts.get(t, 0) + int(b - a)
        return sum(float(s @ s) / counts[t] for t, s in sums.items())

    def gain(self, types: list[str], planned: np.ndarray, moved: np.ndarray) -> float:
        """How many cells' worth the layout ``moved`` fits better than ``planned`` (same
        types, section starts in seconds, the first at 0)."""
        f0 = self.fit(types, planned)
        resid = max(self.total - f0, 1e-9) / self.n
        return (self.fit(types, moved) - f0) / resid
