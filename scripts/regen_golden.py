"""Regenerate the golden QualityReports of tests/quality/golden/ (the only way they change).

    python scripts/regen_golden.py        # rewrite, then review `git diff tests/quality/golden`
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GOLDEN = ROOT / "tests" / "quality" / "golden"
CASES = ("clean_song", "clipped_sine", "dropout_50ms", "dc_offset", "inverted_channel", "truncated_ending")


def golden_report(case: str):
    """The report of one fixture case, with machine-dependent fields blanked."""
    import numpy as np

    from quality import fixtures as F
    from quality.analyze import analyze

    y, stems, ev = F.song(duration_s=20.0, seed=7)
    planned = None
    if case == "clean_song":
        audio, kw = y, {"stems": stems, "events": ev}
        planned = 20.0
    elif case == "clipped_sine":
        t = np.arange(4 * F.SR) / F.SR
        s = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
        audio, kw = F.plant_clipping(np.stack([s, s]), start_s=1.5, dur_s=0.5, drive_db=6.0)[0], {}
    elif case == "dropout_50ms":
        audio, kw = F.plant_dropout(y, start_s=9.3, dur_s=0.05)[0], {}
    elif case == "dc_offset":
        audio, kw = F.plant_dc(y, dc=0.02)[0], {}
    elif case == "inverted_channel":
        audio, kw = F.plant_phase(y, start_s=6.0, dur_s=5.0)[0], {}
    elif case == "truncated_ending":
        audio, kw = F.plant_truncation(y, keep_s=14.0)[0], {"events": ev}
        planned = 20.0
    else:
        raise KeyError(case)
    rep = analyze(audio, planned_duration_s=planned, path=f"{case}.flac", **kw)
    rep.analysis_seconds = None
    return rep


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        (GOLDEN / f"{case}.json").write_text(golden_report(case).model_dump_json(indent=2) + "\n")
        print(f"wrote {GOLDEN / case}.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
