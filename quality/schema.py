"""Write ``quality/report.schema.json`` from the QualityReport model.

    python -m quality.schema          # rewrite the committed schema
    python -m quality.schema --check  # exit 1 if the committed file is stale
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from quality.report import QualityReport

SCHEMA_PATH = Path(__file__).with_name("report.schema.json")


def schema_text() -> str:
    return json.dumps(QualityReport.model_json_schema(), indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = schema_text()
    if "--check" in argv:
        ok = SCHEMA_PATH.exists() and SCHEMA_PATH.read_text() == text
        print("schema up to date" if ok else f"{SCHEMA_PATH} is stale: run python -m quality.schema")
        return 0 if ok else 1
    SCHEMA_PATH.write_text(text)
    print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
