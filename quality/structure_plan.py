"""Is there a change of section near each planned boundary, in the planned order?

The plan-aware structure check (the blind boundary detector in ``quality.structure``
stays for takes without a plan). It reads only the audio's shared features and the
planned events, so it runs the same on any engine's output.

1. Cell features (``quality.structure_cells``): the shared spectrogram pooled into 128 ms
   cells, five groups: timbre (MFCC 1-12), harmony (chroma), density (onset strength),
   loudness (frame energy, dB) and rhythm (high-band flux and how peaky the onsets are).
   Each dimension is standardised over the take.
2. Novelty at a point: for each group, the difference of the mean features in the
   windows just before and after it over its standard error (a Welch t statistic per
   dimension, with a variance floor; root-mean-square over the group's dimensions). The
   windows are as long as the neighbouring planned sections allow
   (MIN_WINDOW_S-MAX_WINDOW_S).
3. "Elsewhere": the same novelty at points whose windows lie inside one planned
   section (windows shrink until MIN_NULL_S of such points exist). Each group is
   scaled by its median there and capped at GROUP_CAP; the groups combine by
   root-mean-square; a boundary's ``evidence`` is its combined novelty over the
   NULL_QUANTILE of the combined novelty elsewhere.
4. Per boundary: ``shifted`` when a step-like change inside the two neighbouring
   sections (away from every planned boundary) reaches OTHER_HIT and is OTHER_RATIO x
   the change at the planned time (the section change moved there); ``hit`` when the
   evidence within SHIFT_BEATS beats of the planned time reaches HIT; ``shifted`` when
   it is only reached further off within the search radius; ``missing`` below MISS;
   else ``weak`` (too little to tell either way).
5. Sections: heard length between the changes found; order: a section must not sound
   more like another planned type of a different energy rank than like its own type
   (fingerprint distances, ORDER_MARGIN, by more than their own spread: ORDER_SPREAD), nor be
   louder (by ORDER_DB, and busier) than at least half of the sections the plan puts above
   it in energy (a chorus over a verse, a verse over an intro), or the reverse; and two
   neighbours of different energy rank must not be SWAP_DB the other way round (a swap of
   two sections of equal length keeps every boundary where planned: only the levels tell).
6. Last, ``quality.structure_bars`` asks whether all boundaries from one on sound a bar or
   two early or late (a section run long or short moves every later change by whole bars,
   which the long windows of step 2 still read as on time), or moved as far as a section
   heard at another tempo predicts, and marks them ``shifted`` (on short plans only when the
   moved layout also makes each planned section type sound more alike: ``quality.structure_form``).
7. Then ``quality.structure_same`` (no type repeated: does the sound change at each change of type?)
   and ``quality.structure_repeats``: do the planned repeats of a type line up bar for bar?
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from quality.features import HOP, N_FFT, Features
from quality.report import BoundaryEvidence, SectionCheck
from quality.structure_cells import CELL_FRAMES, GROUPS, cell_features  # noqa: F401  (cell_features re-exported)
from quality.structure_same import check_rank_changes, check_same_sound

if TYPE_CHECKING:  # annotations only: the pipeline's models cost `aceprod score x.flac` ~0.1 s to import
    from engine.pipeline import SectionEvent

MIN_WINDOW_S = 0.75
MAX_WINDOW_S = 6.0
MIN_NULL_S = 3.0  # windows shrink until this much of the take lies inside planned sections
MAX_RADIUS_S = 3.0  # search this far from the planned time (the 3 s hit window)
RADIUS_FRACTION = 0.4  # ... and at most this fraction of the shorter neighbouring section
SHIFT_BEATS = 2.0  # a change within two beats of the plan is on time
MIN_SHIFT_S = 0.6  # (never stricter than this, whatever the tempo)
NULL_QUANTILE = 75
GROUP_CAP = 4.0  # one feature group alone can count this many times its typical change
HIT = 1.0  # evidence calibrated on the sketch corpus' tuning split (bench/structure.py)
WEAK = 0.8
MISS = 0.7
FLOOR_VAR = 0.05  # variance floor of the effect size (standardised units)
ORDER_MARGIN = 0.6  # own-type distance must be below other-type distance / this
# ... by more than the three sections' own spread (the distance of each one's two halves' fingerprints) x this:
# not fitted (one spread); on tune + tune2 seeds 1-4 of bench/structure.py the clean takes the rule flagged
# had gaps of 0.1-0.7 spreads, the faults only it found 0.3-1.7 (README, fourteenth round).
ORDER_SPREAD = 1.0
ORDER_DB = 2.0  # a section at least this much louder (and busier) than one the plan wants above it ...
ORDER_VOTES = 0.5  # ... for at least half of the sections of another energy rank: out of order
SWAP_DB = 2.0  # a section this much quieter than a neighbour the plan wants below it: the two swapped places
CUT_MARGIN_S = 1.0
OTHER_MARGIN_S = 0.75  # "inside a section": this far (or a beat or two) from its planned boundaries
NEIGHBOUR_MARGINS = 2.0  # ... this far from their far ends (a change there is the neighbour's: tune2 seed 2)
OTHER_HIT = 1.5  # a change inside the neighbouring sections this strong ...
STEP_PROMINENCE = 2.0
OTHER_RATIO = 2.0  # ... and twice the one at the planned time: the boundary moved (1.5 on the tuning split
# found one more fault for two more falsely flagged clean takes; on held-out it flagged as many and found
# 1-2 tempo drifts fewer: README)
ENERGY_RANK = {"intro": 0, "outro": 0, "breakdown": 0, "interlude": 0, "verse": 1, "bridge": 1, "pre-chorus": 1,
               "prechorus": 1, "build": 1, "chorus": 2, "hook": 2, "drop": 2, "solo": 2}


def running_sums(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative sums of ``x`` (d, n) and of its squares, each (d, n+1) from 0."""
    d = x.shape[0]
    return (np.concatenate([np.zeros((d, 1)), np.cumsum(x, axis=1)], axis=1),
            np.concatenate([np.zeros((d, 1)), np.cumsum(x * x, axis=1)], axis=1))


def contrast(x: np.ndarray, w: int, sums: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Novelty (n+1,) at every cell edge p (between cells p-1 and p) of ``x`` (d, n):
    RMS over dimensions of the effect size of the windows [p-w, p) and [p, p+w)
    (shortened at the ends; 0 where a side has fewer than 2 cells). ``sums``: ``running_sums(x)``
    when already computed (one take's novelty reads them at many window lengths)."""
    d, n = x.shape
    s1, s2 = sums if sums is not None else running_sums(x)
    p = np.arange(n + 1)
    wl, wr = np.minimum(w, p), np.minimum(w, n - p)
    ok = (wl >= 2) & (wr >= 2)
    wl1, wr1 = np.maximum(wl, 1), np.maximum(wr, 1)
    ml = (s1[:, p] - s1[:, p - wl]) / wl1
    mr = (s1[:, p + wr] - s1[:, p]) / wr1
    vl = (s2[:, p] - s2[:, p - wl]) / wl1 - ml * ml
    vr = (s2[:, p + wr] - s2[:, p]) / wr1 - mr * mr
    es = (ml - mr) ** 2 / (np.maximum(vl, 0) / wl1 + np.maximum(vr, 0) / wr1 + FLOOR_VAR / np.minimum(wl1, wr1))
    out = np.sqrt(es.mean(axis=0))
    out[~ok] = 0.0
    return out


class _Novelty:
    """Combined novelty curves per window length, each scaled by the take's own
    novelty inside its planned sections."""

    def __init__(self, feats: dict[str, np.ndarray], cell_s: float, bounds: list[float]) -> None:
        self.feats, self.cell_s = feats, cell_s
        self.n = next(iter(feats.values())).shape[1]
        self.bounds = np.array(bounds, dtype=float)
        self._cache: dict[int, tuple[np.ndarray, dict[str, np.ndarray], float]] = {}
        self.edges_t = np.asarray(self.edge_time(np.arange(self.n + 1)), dtype=float)
        self._gap_s: np.ndarray | None = None
        self._sums = {g: running_sums(x) for g, x in feats.items()}

    def edge_time(self, p: np.ndarray | int) -> np.ndarray | float:
        return (np.asarray(p) * CELL_FRAMES * HOP + N_FFT / 2 - HOP / 2) / 48000.0

    def cell_of(self, t: float) -> int:
        return int(round((t * 48000.0 - N_FFT / 2 + HOP / 2) / (CELL_FRAMES * HOP)))

    def cells_of(self, t: np.ndarray) -> np.ndarray:
        return np.round((np.asarray(t) * 48000.0 - N_FFT / 2 + HOP / 2) / (CELL_FRAMES * HOP)).astype(int)

    def _gap(self) -> np.ndarray:
        """Distance (s) of every cell edge to the nearest planned boundary (computed once)."""
        if self._gap_s is None:
            t = self.edges_t
            if self.bounds.size == 0:
                self._gap_s = np.full(t.shape, np.inf)
            else:
                b = np.sort(self.bounds)
                i = np.clip(np.searchsorted(b, t), 1, b.size) if b.size > 1 else np.ones(t.size, dtype=int)
                lo, hi = b[np.maximum(i - 1, 0)], b[np.minimum(i, b.size - 1)]
                self._gap_s = np.minimum(np.abs(t - lo), np.abs(t - hi))
        return self._gap_s

    def inside(self, w: int) -> np.ndarray:
        """Edges whose two windows of ``w`` cells both lie inside one planned section."""
        p = np.arange(self.n + 1)
        return (self._gap() >= w * self.cell_s) & (p >= w) & (p <= self.n - w)

    def window_for(self, want_s: float) -> int:
        """The longest window up to ``want_s`` that leaves MIN_NULL_S of "elsewhere"."""
        w = max(2, int(round(want_s / self.cell_s)))
        lo = max(2, int(round(MIN_WINDOW_S / self.cell_s)))
        while w > lo and self.inside(w).sum() * self.cell_s < MIN_NULL_S:
            w = max(lo, int(w * 0.8))
        return w

    def curve(self, w: int) -> tuple[np.ndarray, dict[str, np.ndarray], float]:
        """(combined curve, scaled group curves, the null quantile of the combined curve)."""
        if w in self._cache:
            return self._cache[w]
        far = self.inside(w)
        if far.sum() < 5:  # no section long enough: all points away from the plan's boundaries
            p = np.arange(self.n + 1)
            far = (self._gap() >= 0.5 * w * self.cell_s) & (p >= 2) & (p <= self.n - 2)
        groups = {}
        for g, x in self.feats.items():
            c = contrast(x, w, self._sums[g])
            ref = c[far] if far.sum() >= 3 else c[c > 0]
            groups[g] = np.minimum(c / max(float(np.median(ref)) if ref.size else 1.0, 1e-3), GROUP_CAP)
        comb = np.sqrt(np.mean([v * v for v in groups.values()], axis=0))
        ref = comb[far] if far.sum() >= 3 else comb[comb > 0]
        q = max(float(np.percentile(ref, NULL_QUANTILE)) if ref.size else 1.0, 1e-3)
        self._cache[w] = (comb, groups, q)
        return self._cache[w]


def _types(events: list[SectionEvent], dur: float) -> list[SectionEvent]:
    return [e for e in sorted(events, key=lambda e: e.start) if e.start < dur - 0.05 and e.end > e.start]


def check_boundaries(f: Features, events: list[SectionEvent], *, content_end_s: float,
                     feats: tuple[dict[str, np.ndarray], float] | None = None) -> list[BoundaryEvidence]:
    """Evidence at every planned boundary between two consecutive events."""
    dur = f.duration_s
    ev = _types(events, dur)
    pairs = [(a, b) for a, b in zip(ev, ev[1:], strict=False) if 0.5 < b.start < dur - 0.5]
    if not pairs:
        return []
    fx, cell_s = feats or cell_features(f)
    if next(iter(fx.values())).shape[1] < 8:  # under a second of audio
        return []
    nov = _Novelty(fx, cell_s, [b.start for _, b in pairs])
    tol = shift_tolerance_s(f)
    out: list[BoundaryEvidence] = []
    starts = [e.start for e in ev] + [dur]
    for a, b in pairs:
        t0 = b.start
        len_a, len_b = t0 - a.start, min(b.end, dur) - t0
        short = max(0.1, min(len_a, len_b))
        if t0 > content_end_s - CUT_MARGIN_S:
            out.append(BoundaryEvidence(planned_s=round(t0, 3), before=a.type, after=b.type, status="cut", evidence=0.0))
            continue
        radius = min(MAX_RADIUS_S, RADIUS_FRACTION * short)
        w = nov.window_for(float(np.clip(short - radius, MIN_WINDOW_S, MAX_WINDOW_S)))
        comb, groups, q = nov.curve(w)
        z = comb / q
        pc = nov.cell_of(t0)
        r = max(1, int(round(radius / cell_s)))
        rt = max(1, min(r, int(round(tol / cell_s))))
        lo, hi = max(0, pc - r), min(z.size, pc + r + 1)
        a_lo, a_hi = max(0, pc - rt), min(z.size, pc + rt + 1)
        e_near, e_at = float(z[lo:hi].max(initial=0.0)), float(z[a_lo:a_hi].max(initial=0.0))
        # the strongest change inside the two neighbouring sections, away from every planned boundary
        margin = max(tol, OTHER_MARGIN_S)
        k = starts.index(b.start)
        span_lo, span_hi = starts[k - 1] + NEIGHBOUR_MARGINS * margin, min(starts[k + 1], content_end_s) - NEIGHBOUR_MARGINS * margin
        te = nov.edges_t
        inner = (te > span_lo) & (te < span_hi) & (np.abs(te - t0) > radius) & (te > 1.0) & (te < dur - 1.0)
        inner &= _steps(z, w)  # a change, not a ramp (a fade, a build) that reads high everywhere
        e_other = float(z[inner].max(initial=0.0))
        if e_other >= OTHER_HIT and e_other >= OTHER_RATIO * e_at:
            p, status = int(np.flatnonzero(inner)[np.argmax(z[inner])]), "shifted"
        elif e_at >= HIT:
            p, status = a_lo + int(np.argmax(z[a_lo:a_hi])), "hit"
        elif e_near >= HIT and e_at < WEAK:
            p, status = lo + int(np.argmax(z[lo:hi])), "shifted"
        else:
            p = lo + int(np.argmax(z[lo:hi]))
            status = "missing" if e_near < MISS else "weak"
        if a.type == b.type and status != "hit":
            status = "same"
        found = float(nov.edge_time(p))
        strongest = max(GROUPS, key=lambda g: float(groups[g][p]))
        out.append(BoundaryEvidence(planned_s=round(t0, 3), before=a.type, after=b.type, status=status,
                                    evidence=round(e_at if status == "hit" else max(e_near, e_other if status == "shifted" else 0.0), 3),
                                    elsewhere=round(e_other, 3), found_s=round(found, 3), shift_s=round(found - t0, 3),
                                    strongest=strongest))
    from quality.structure_bars import check_bar_moves, section_tempo_moves

    check_bar_moves(nov, out, tempo_bpm=f.beats[0], tol_s=tol, content_end_s=content_end_s,
                    tempo_moves=section_tempo_moves(f, out, content_end_s=content_end_s))
    check_same_sound(fx, cell_s, ev, out, content_end_s=content_end_s)
    check_rank_changes(fx, cell_s, ev, out, content_end_s=content_end_s, db_per_unit=_db_scale(f), ranks=ENERGY_RANK)
    return out


def _steps(z: np.ndarray, w: int) -> np.ndarray:
    """Where the curve stands STEP_PROMINENCE x above itself one window to either side:
    a step change decays to nothing a window away, a ramp does not."""
    left = np.concatenate([np.full(w, np.inf), z[:-w]]) if z.size > w else np.full(z.size, np.inf)
    right = np.concatenate([z[w:], np.full(w, np.inf)]) if z.size > w else np.full(z.size, np.inf)
    side = np.maximum(np.where(np.isfinite(left), left, 0.0), np.where(np.isfinite(right), right, 0.0))
    return z >= STEP_PROMINENCE * side


def section_prints(fx: dict[str, np.ndarray], cell_s: float, ev: list[SectionEvent],
                   music_end: float) -> tuple[list[np.ndarray], list[float], list[tuple[float, float]]]:
    """Per section of ``ev`` (``_types``), over its middle (15 % trimmed at either end, up to
    ``music_end``): its fingerprint (mean of every cell feature group), its spread (how far
    apart its two halves' fingerprints are; inf under 2 cells) and its level (mean loudness,
    mean density), from the standardised cell features ``fx``."""
    n = next(iter(fx.values())).shape[1]
    allx = np.vstack([fx[g] for g in GROUPS])
    loud, dens = fx["loudness"][0], fx["density"][0]
    prints, spread, level = [], [], []
    for e in ev:
        a, b = e.start, max(e.start + cell_s, min(e.end, music_end))
        trim = 0.15 * (b - a)
        i0 = int((a + trim) / cell_s)
        i1 = max(i0 + 1, min(n, int((b - trim) / cell_s)))
        i0 = min(i0, n - 1)
        prints.append(allx[:, i0:i1].mean(axis=1))
        m = (i0 + i1 + 1) // 2  # its spread: how far apart its two halves' fingerprints are
        half = allx[:, i0:m].mean(axis=1) - allx[:, m:i1].mean(axis=1) if i1 - i0 >= 2 else np.full(1, np.inf)
        spread.append(float(np.sqrt(np.mean(half * half))))
        level.append((float(loud[i0:i1].mean()), float(dens[i0:i1].mean())))
    return prints, spread, level


def print_distances(prints: list[np.ndarray]) -> np.ndarray:
    """RMS distance between every two section fingerprints (``section_prints``), (n, n)."""
    pr = np.array(prints)
    return np.sqrt(((pr[:, None, :] - pr[None, :, :]) ** 2).mean(axis=2))


def type_rivals(ev: list[SectionEvent], heard: list[bool], i: int) -> tuple[list[int], list[int]]:
    """The heard sections the order rule compares section ``i`` with: (those of its own type,
    those of another type and another energy rank)."""
    e = ev[i]
    same = [j for j in range(len(ev)) if j != i and ev[j].type == e.type and heard[j]]
    rank = ENERGY_RANK.get(e.type)  # sounding like a type of the same energy is no evidence
    other = [j for j in range(len(ev)) if ev[j].type != e.type and heard[j]
             and (rank is None or ENERGY_RANK.get(ev[j].type) != rank)]
    return same, other


def check_sections(f: Features, events: list[SectionEvent], boundaries: list[BoundaryEvidence], *,
                   feats: tuple[dict[str, np.ndarray], float], content_end_s: float | None = None) -> list[SectionCheck]:
    """Heard length and order (sounds like its own type) of every planned section; the
    order only over the music (sections after ``content_end_s`` are the early ending's)."""
    dur = f.duration_s
    music_end = min(dur, content_end_s if content_end_s is not None else dur)
    ev = _types(events, dur)
    fx, cell_s = feats
    found = {round(b.planned_s, 3): b for b in boundaries}
    prints, spread, level = section_prints(fx, cell_s, ev, music_end)
    out: list[SectionCheck] = []
    for e in ev:
        ends = [_heard_edge(found.get(round(e.start, 3)), e.start), _heard_edge(found.get(round(e.end, 3)), min(e.end, dur))]
        heard = None if None in ends else round(float(ends[1] - ends[0]), 3)
        out.append(SectionCheck(type=e.type, start_s=round(e.start, 3), end_s=round(min(e.end, dur), 3), heard_length_s=heard))
    if len(ev) < 2:
        return out
    heard = [e.start < music_end - CUT_MARGIN_S for e in ev]
    dist = print_distances(prints)
    for i in range(len(ev)):
        if not heard[i]:
            continue
        same, other = type_rivals(ev, heard, i)
        if same and other:
            j_other, j_same = min(other, key=lambda j: dist[i, j]), min(same, key=lambda j: dist[i, j])
            gap = dist[i, j_same] - dist[i, j_other]
            if (dist[i, j_other] < ORDER_MARGIN * dist[i, j_same]
                    and gap >= ORDER_SPREAD * max(spread[k] for k in (i, j_same, j_other))):
                out[i].order_ok, out[i].sounds_like = False, ev[j_other].type
    db_per_unit = _db_scale(f)
    ranks = [ENERGY_RANK.get(e.type) for e in ev]
    for i in range(len(ev)):
        if ranks[i] is None or not out[i].order_ok or not heard[i]:
            continue
        votes = [j for j in range(len(ev)) if ranks[j] is not None and ranks[j] != ranks[i] and heard[j]]
        # louder and busier than a section the plan wants more energetic (or the reverse)
        rev = {j: np.sign(ranks[j] - ranks[i]) * (level[j][0] - level[i][0]) * db_per_unit for j in votes}
        bad = [j for j in votes if rev[j] < -ORDER_DB and np.sign(ranks[j] - ranks[i]) * (level[j][1] - level[i][1]) < 0]
        if len(votes) >= 2 and len(bad) >= max(2.0, ORDER_VOTES * len(votes)):
            out[i].order_ok, out[i].sounds_like = False, ev[min(bad, key=lambda j: rev[j])].type
    for i in range(len(ev) - 1):  # two neighbours the other way round (a swap keeps the boundaries)
        j = i + 1
        if None in (ranks[i], ranks[j]) or ranks[i] == ranks[j] or not (heard[i] and heard[j]):
            continue
        up = np.sign(ranks[j] - ranks[i])
        if up * (level[j][0] - level[i][0]) * db_per_unit < -SWAP_DB:
            for a, b in ((i, j), (j, i)):
                if out[a].order_ok:
                    out[a].order_ok, out[a].sounds_like = False, ev[b].type
    return out


def _heard_edge(b: BoundaryEvidence | None, planned: float) -> float | None:
    """Where a section edge is heard: the change found; the planned time at the take's
    ends, between two sections of one type and where the evidence is too weak to tell;
    None where no change was heard or the music had ended."""
    if b is None or b.status in ("same", "weak"):
        return planned
    return b.found_s if b.status in ("hit", "shifted") else None


def _db_scale(f: Features) -> float:
    """dB per standardised loudness unit of this take (the std of cell energy in dB)."""
    n = f.frame_energy.size // CELL_FRAMES
    e = 10.0 * np.log10(f.frame_energy[: n * CELL_FRAMES].reshape(n, CELL_FRAMES).mean(axis=1) + 1e-12)
    return float(e.std()) if e.size else 1.0


def shift_tolerance_s(f: Features) -> float:
    """How far a change may sit from the planned time and still be on time: SHIFT_BEATS
    beats at the take's tempo (never below MIN_SHIFT_S; 1 s when no tempo is found)."""
    tempo = f.beats[0]
    return max(MIN_SHIFT_S, SHIFT_BEATS * 60.0 / tempo) if tempo > 0 else 1.0
