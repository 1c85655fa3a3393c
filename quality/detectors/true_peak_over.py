"""True peak above -1 dBTP (EBU R 128 maximum true-peak level; BS.1770-4 4x meter)."""

from __future__ import annotations

import numpy as np

from quality.detectors.base import Context, defect, mask_ranges
from quality.loudness import TP_BLOCK
from quality.report import Defect, DefectKind

MAX_TRUE_PEAK_DBTP = -1.0  # EBU R 128 / AES TD1008 streaming ceiling
SEVERITY_SPAN_DB = 4.0  # +3 dBTP (4 dB over) means severity 1
MERGE_GAP_S = 2.0
MAX_RANGES = 8  # more ranges than this are reported as one span


def detect(tp_blocks: np.ndarray, *, block_s: float, max_dbtp: float = MAX_TRUE_PEAK_DBTP) -> list[tuple[float, float, float]]:
    """Ranges (start_s, end_s, peak_dbtp) where the per-block true peak ``tp_blocks``
    (linear) exceeds ``max_dbtp``."""
    tp_db = 20 * np.log10(np.maximum(tp_blocks, 1e-10))
    rs = mask_ranges(tp_db > max_dbtp, merge_gap=int(MERGE_GAP_S / block_s))
    if len(rs) > MAX_RANGES:
        rs = [(rs[0][0], rs[-1][1])]
    return [(s * block_s, e * block_s, float(tp_db[s:e].max())) for s, e in rs]


def run(ctx: Context) -> list[Defect]:
    out = []
    for s, e, pk in detect(ctx.feats.true_peak_blocks, block_s=TP_BLOCK / ctx.feats.sr):
        sev = (pk - MAX_TRUE_PEAK_DBTP) / SEVERITY_SPAN_DB
        out.append(defect(DefectKind.true_peak_over, s, e, max(0.05, sev), ctx, true_peak_dbtp=pk, limit_dbtp=MAX_TRUE_PEAK_DBTP))
    return out
