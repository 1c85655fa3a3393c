"""Bad input, the schema file, golden reports, the score command, clean material."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from engine.errors import AceprodError, AudioInputError
from quality.analyze import analyze, analyze_file

from .conftest import SR, sine

GOLDEN = Path(__file__).parent / "golden"
REAL_MUSIC = sorted(Path("/usr/share/games/xmoto/Textures/Musics").glob("*.ogg"))


def _write(path: Path, y: np.ndarray, sr: int = SR, subtype: str = "PCM_24") -> Path:
    sf.write(str(path), np.asarray(y).T if np.asarray(y).ndim == 2 else y, sr, subtype=subtype)
    return path


@pytest.mark.parametrize("maker", ["empty", "text", "truncated"])
def test_unreadable_files_are_refused_clearly(tmp_path, maker):
    p = tmp_path / "bad.flac"
    if maker == "empty":
        p.write_bytes(b"")
    elif maker == "text":
        p.write_text("not audio at all")
    else:
        _write(tmp_path / "ok.flac", sine(seconds=3.0))
        p.write_bytes((tmp_path / "ok.flac").read_bytes()[:2000])
    with pytest.raises(AceprodError) as exc:
        analyze_file(str(p))
    assert "fix" in str(exc.value) or "cannot" in str(exc.value)


@pytest.mark.parametrize("sr", [8000, 44100, 96000])
def test_other_rates_and_mono_are_analysed(tmp_path, sr):
    t = np.arange(int(2.0 * sr)) / sr
    x = (0.3 * np.sin(2 * np.pi * 330 * t)).astype(np.float32)
    r = analyze_file(str(_write(tmp_path / f"m{sr}.wav", x, sr)))
    assert r.metrics.sample_rate == SR and abs(r.metrics.duration_s - 2.0) < 0.01


def test_nan_is_refused_and_silence_is_one_clear_defect():
    y = sine(seconds=1.0)
    y[0, 100] = np.nan
    with pytest.raises(AudioInputError):
        analyze(y)
    r = analyze(np.zeros((2, SR), dtype=np.float32))
    assert r.defects and r.overall < 5 and r.metrics.integrated_lufs is None


def test_one_second_and_tiny_inputs():
    assert analyze(sine(seconds=1.0)).metrics.duration_s == 1.0
    with pytest.raises(AudioInputError):
        analyze(np.zeros((2, 10), dtype=np.float32) + 0.1)


@pytest.mark.slow
def test_twenty_minute_file_is_bounded(tmp_path):
    rng = np.random.default_rng(0)
    x = (0.05 * rng.standard_normal(20 * 60 * SR)).astype(np.float32)
    p = _write(tmp_path / "long.flac", np.stack([x, x]), subtype="PCM_16")
    del x
    r = analyze_file(str(p))
    assert r.metrics.duration_s == pytest.approx(1200.0, abs=0.1)


def test_schema_file_is_current():
    from quality.schema import SCHEMA_PATH, schema_text

    assert SCHEMA_PATH.read_text() == schema_text(), "run: python -m quality.schema"


def test_golden_reports_match():
    import importlib.util

    spec = importlib.util.spec_from_file_location("regen_golden", Path(__file__).parents[2] / "scripts" / "regen_golden.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    CASES, golden_report = mod.CASES, mod.golden_report

    files = sorted(GOLDEN.glob("*.json"))
    assert {f.stem for f in files} == set(CASES), "run: python scripts/regen_golden.py"
    for f in files:
        want = json.loads(f.read_text())
        got = json.loads(golden_report(f.stem).model_dump_json())
        assert got == want, f"{f.name} differs: run python scripts/regen_golden.py and review the diff"


def test_clean_song_has_no_serious_defects(clean_report):
    bad = [d for d in clean_report.all_defects if d.severity >= 0.5]
    assert not bad and clean_report.overall >= 8.0


@pytest.mark.slow
@pytest.mark.skipif(not REAL_MUSIC, reason="apt package xmoto-data (CC/GPL game music) is not installed")
def test_packaged_recordings_have_few_serious_defects():
    serious = {}
    for p in REAL_MUSIC:
        r = analyze_file(str(p))
        serious[p.name] = sorted({d.kind.value for d in r.defects if d.severity >= 0.5})
    # Allowance, one file: legolodio.ogg has two isolated sample-start discontinuities (41.8 s,
    # 50.6 s) on unchanged music, peak 20-21 dB over what follows: by every rule they are clicks in
    # the recording (severity 0.51/0.61). A stricter rule (25 dB) drops them but leaves foxrun.ogg's
    # recurring clicky percussion below the recurrence count, so it was not taken.
    flagged = {k: v for k, v in serious.items() if v}
    assert set(flagged) <= {"legolodio.ogg"}, flagged


def test_score_cli_json_save_rank_events_and_sidecar(tmp_path, clean_song):
    from typer.testing import CliRunner

    from agent.cli import app
    from quality import fixtures as F

    y, stems, ev = clean_song
    good = _write(tmp_path / "good.flac", y)
    bad = _write(tmp_path / "bad.flac", F.plant_dropout(y, start_s=14.3, dur_s=0.2)[0])
    (tmp_path / "plan.json").write_text(json.dumps({"events": ev}))
    for name, s in stems.items():
        _write(tmp_path / f"good.{name}.flac", s)
    side = {
        "engine": "sketch",
        "request": {"stage_id": "s", "stage_type": "generate", "task": "text2music", "model": "sketch", "instruction": "x",
                    "caption": "c", "lyrics": "", "bpm": 120, "keyscale": "A minor", "timesignature": "4", "duration": 30.0,
                    "vocal_language": "en", "events": ev, "seed": 1},
        "stems": {n: f"good.{n}.flac" for n in stems},
    }
    (tmp_path / "good.json").write_text(json.dumps(side))
    runner = CliRunner()
    res = runner.invoke(app, ["score", str(good), str(bad), "--json", "--rank", "--save"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert [Path(r["path"]).name for r in out] == ["good.flac", "bad.flac"]
    assert {s["name"] for s in out[0]["stems"]} == set(stems) and out[0]["stems"][0]["source"] == "engine"
    assert out[0]["structure"]["planned_boundaries_s"]
    assert (tmp_path / "good.quality.json").exists() and (tmp_path / "bad.quality.json").exists()
    res = runner.invoke(app, ["score", str(bad), "--events", str(tmp_path / "plan.json"), "--plot", str(tmp_path / "r.png")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "r.png").stat().st_size > 10_000 and "dropout" in res.stdout
