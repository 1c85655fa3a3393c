"""The take store: typed take ids, typed defect summaries, and a take's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import ConfigError
from quality.report import Defect, DefectKind, QualityReport
from tools.take_id import TakeId, TakeKind, track_key
from tools.take_records import DefectSummary, TakeRecord, defect_summary
from tools.take_store import TakeFiles, report_key


@pytest.mark.parametrize(("text", "tid"), [
    ("t01c2", TakeId.candidate(1, 2)),
    ("t12r3", TakeId.repair(12, 3)),
    ("t01r1v2", TakeId.repair(1, 1, variant=2)),
    ("t104c1", TakeId.candidate(104, 1)),
])
def test_take_id_formats_and_parses_back(text, tid):
    assert str(tid) == text
    assert TakeId.parse(text) == tid
    assert tid.track_key == track_key(tid.track)


def test_take_id_kinds_and_variants():
    tid = TakeId.parse("T03R2")
    assert tid.kind is TakeKind.repair and tid.track == 3 and tid.number == 2
    assert str(tid.with_variant(3)) == "t03r2v3" and str(tid.with_variant(1)) == "t03r2"


@pytest.mark.parametrize("bad", ["", "t1c2", "t01x2", "01c2", "t01c", "t01c2v", "t01c0"])
def test_a_string_that_is_no_take_id_is_a_clear_error(bad):
    with pytest.raises((ConfigError, ValueError)):
        TakeId.parse(bad)


@pytest.mark.parametrize("bad", ["t01c0", "T01C1", "take-1"])
def test_a_record_refuses_a_take_id_that_is_none(bad):
    with pytest.raises(ValueError, match="is not a take id"):
        TakeRecord(take_id=bad, track=1, kind="candidate", run_dir="r", audio="a", sidecar="s", report="q",
                   sha256="0" * 64, overall=5.0)


def test_take_files_are_named_from_the_audio():
    f = TakeFiles.of_stage(Path("run"), "gen", 0)
    assert f.audio == Path("run/gen.b0.flac")
    assert f.sidecar == Path("run/gen.b0.json") and f.report == Path("run/gen.b0.quality.json")
    assert f.stem("drums") == Path("run/gen.b0.stems/drums.flac")
    assert TakeFiles.of_sidecar(f.sidecar) == f
    assert report_key(f.report) == Path("run/gen.b0") and report_key(f.sidecar) is None


def test_defect_summaries_are_typed_worst_first_and_print_as_before():
    report = QualityReport.model_construct(defects=[
        Defect(kind=DefectKind.clipping, start_s=12.34, end_s=12.9, severity=0.8, stem=None),
        Defect(kind=DefectKind.noise_burst, start_s=1.0, end_s=2.0, severity=0.3, stem=None),
    ], stems=[])
    out = defect_summary(report)
    assert [d.kind for d in out] == ["clipping", "noise_burst"]
    assert str(out[0]) == "clipping@12.3-12.9s sev 0.80"


def test_records_written_with_string_defects_still_load():
    legacy = {"take_id": "t01c1", "track": 1, "kind": "candidate", "run_dir": "x", "audio": "a", "sidecar": "s",
              "report": "r", "sha256": "0", "overall": 5.0,
              "defects": ["clipping@12.3-12.9s sev 0.80 (drums)", "noise_burst@1.0-2.0s sev 0.30"]}
    rec = TakeRecord.model_validate(legacy)
    assert rec.defects[0] == DefectSummary(kind="clipping", start_s=12.3, end_s=12.9, severity=0.8, stem="drums")
    assert rec.defects[1].stem is None and rec.id == TakeId.candidate(1, 1)
    assert TakeRecord.model_validate(rec.model_dump(mode="json")) == rec
