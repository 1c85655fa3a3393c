"""SIGKILL in the middle of an ingest transaction leaves whole generations only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from catalog_testkit import write_take

from catalog.store import Catalog

ROOT = Path(__file__).resolve().parents[2]


def test_kill_9_mid_ingest(tmp_path, cat_path):
    out = tmp_path / "out"
    for k in range(30):
        write_take(out, f"gen.b{k}", seed=k, overall=1.0 + k / 5, defects=3)
    driver = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        import catalog.ingest as ing
        from catalog.store import Catalog

        def hook(batch):
            print(f"in-txn {{batch}}", flush=True)
            if batch == 2:
                time.sleep(60)  # rows of batch 2 are written but not committed: killed here

        ing.after_batch_write = hook
        with Catalog.open({str(cat_path)!r}) as cat:
            cat.ingest({str(out)!r}, score=False, batch_size=5)
    """)
    proc = subprocess.Popen([sys.executable, "-c", driver], stdout=subprocess.PIPE, text=True)
    try:
        for line in proc.stdout:
            if line.strip() == "in-txn 2":
                break
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with Catalog.open(cat_path) as cat:  # the dead writer's lock is gone; the WAL is replayed
        assert cat._scalar("SELECT count(*) FROM generations") == 10  # batches 0 and 1, nothing of batch 2
        assert cat._scalar("SELECT count(*) FROM quality_reports") == 10
        assert cat._scalar("SELECT count(*) FROM defects") == 30
        assert cat._scalar(
            "SELECT count(*) FROM generations g LEFT JOIN quality_reports q USING (gen_id) WHERE q.gen_id IS NULL") == 0
        again = cat.ingest(out, score=False)
        assert again.added == 20
        assert cat._scalar("SELECT count(*) FROM defects") == 90
