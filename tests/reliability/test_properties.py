"""Property-based tests over every text and file boundary (Hypothesis).

Each property: the command either succeeds or exits 2 with an `error:` message; never
a traceback, never a file outside its folder, never a catalog that no longer opens.
`make test` runs a bounded number of examples per boundary (ACEPROD_FUZZ_EXAMPLES,
default 20, derandomized; REPL sessions 60% of that); `bench/fuzz.py` runs many more with random seeds.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliab_kit import aceprod, assert_clean_exit

EXAMPLES = int(os.environ.get("ACEPROD_FUZZ_EXAMPLES", "20"))
SQL_RUNS = max(2, EXAMPLES // 8)  # end-to-end `catalog sql` runs start a worker process each
COUNTS: Counter[str] = Counter()  # examples tried per boundary (bench/fuzz.py reports them)
PROFILE = settings(max_examples=EXAMPLES, deadline=None, database=None,
                   derandomize=os.environ.get("ACEPROD_FUZZ_RANDOM") is None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.function_scoped_fixture])

# --------------------------------------------------------------------------- text pieces
HOSTILE_TEXT = st.sampled_from(["[/]", "[bold]", "\x1b[2J", "\x1b]0;x\x07", "../../etc/passwd", "/etc/passwd",
                                "'; drop table runs; --", "nan", "inf", "-1", "0", "1e308", "\u202e", "\x00",
                                "C:\\x", "~", "$HOME", "{{x}}", "%s", "é" * 70, "\U0001d4d0" * 40, ""])
TEXT = st.one_of(st.text(max_size=40), HOSTILE_TEXT)
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), TEXT)
JSONISH = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12)


@pytest.fixture(scope="module", autouse=True)
def _report_counts():
    """bench/fuzz.py reads how many examples each boundary tried (ACEPROD_FUZZ_COUNTS=path)."""
    yield
    if os.environ.get("ACEPROD_FUZZ_COUNTS"):
        Path(os.environ["ACEPROD_FUZZ_COUNTS"]).write_text(json.dumps(COUNTS, indent=1))


def _field_dict(keys: list[str]):
    return st.dictionaries(st.one_of(st.sampled_from(keys), TEXT), JSONISH, max_size=8)


def _new_files(folder: Path, before: set[Path]) -> set[Path]:
    return {p for p in folder.rglob("*")} - before


# --------------------------------------------------------------------------- pipeline YAML
STAGE_KEYS = ["id", "type", "model", "steps", "shift", "guidance_scale", "seed", "input_stage", "src_stage",
              "src_audio", "denoise", "audio_cover_strength", "repainting_start", "repainting_end", "track_name",
              "complete_track_classes", "sources", "caption", "lyrics"]
PIPE_KEYS = ["name", "caption", "lyrics", "bpm", "keyscale", "timesignature", "duration", "events", "batch_size",
             "seed", "seeds", "stages", "model", "vocal_language"]
STAGE = st.fixed_dictionaries({"id": TEXT, "type": st.sampled_from(["generate", "refine", "cover", "repaint",
                                                                    "extract", "lego", "complete", "mix", "x"])},
                              optional={k: JSONISH for k in STAGE_KEYS if k not in ("id", "type")})
PIPELINE = st.fixed_dictionaries({"name": TEXT, "stages": st.lists(STAGE, max_size=4)},
                                 optional={k: JSONISH for k in PIPE_KEYS if k not in ("name", "stages")})


@PROFILE
@given(doc=st.one_of(PIPELINE, _field_dict(PIPE_KEYS), TEXT))
def test_pipeline_yaml(doc):
    COUNTS["pipeline YAML"] += 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.yaml"
        path.write_text(doc if isinstance(doc, str) else yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        before = {p for p in Path(tmp).rglob("*")}
        r = aceprod("validate", path, "--json")
        assert_clean_exit(r)
        assert not _new_files(Path(tmp), before)


# --------------------------------------------------------------------------- briefs
BRIEF_KEYS = ["brief", "title", "genre", "tags", "track_count", "vocal_tracks", "vocal_style", "language", "bpm",
              "keyscale", "timesignature", "track_duration", "album_duration", "candidates", "tracks"]
TRACK = _field_dict(["title", "idea", "caption", "lyrics", "vocal", "bpm", "keyscale", "timesignature",
                     "duration", "events"])
BRIEF = st.fixed_dictionaries({"brief": TEXT}, optional={k: JSONISH for k in BRIEF_KEYS if k != "brief"} | {
    "tracks": st.lists(TRACK, max_size=3), "track_count": st.integers(-2, 40), "bpm": st.integers(-5, 500),
    "track_duration": st.floats(-10, 700)})
WORDS = st.lists(st.one_of(st.sampled_from(["jazz", "album", "tracks", "3", "bpm", "120", "minutes", "vocals",
                                            "female", "in", "F#", "minor", "7/8", "4 tracks", "0 tracks",
                                            "99 tracks", "1 minute", "instrumental", "metal", "lofi"]), TEXT),
                 max_size=30).map(" ".join)


@PROFILE
@given(doc=BRIEF)
def test_album_brief_yaml(doc):
    COUNTS["album briefs"] += 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "brief.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        before = {p for p in Path(tmp).rglob("*")}
        r = aceprod("plan", path, "--llm", "none", "--json")
        assert_clean_exit(r)
        if r.code == 0:
            assert json.loads(r.out)["tracks"]
        assert not _new_files(Path(tmp), before)


@PROFILE
@given(text=st.one_of(WORDS, st.text(min_size=1, max_size=300), st.text(min_size=3990, max_size=4100)))
def test_free_text_brief(text):
    COUNTS["free-text briefs"] += 1
    if not text.strip():
        text = "x" + text
    r = aceprod("plan", text, "--llm", "none")
    assert_clean_exit(r)


# --------------------------------------------------------------------------- REPL lines
COMMAND_WORDS = ["plan", "edit", "score", "repair", "approve", "reject", "pick", "history", "pairs", "export",
                 "reference", "mode", "heuristics", "help", "a", "r", "?", "/edit", "/plan", "takes", "ref"]
EDIT_ARGS = st.lists(st.one_of(
    st.builds(lambda k, v: f"{k}={v}", st.sampled_from(["bpm", "duration", "key", "timesig", "vocal", "steps",
                                                         "shift", "guidance", "cfg", "model", "candidates",
                                                         "title", "caption", "lyrics", "album", "refine", "x"]),
              st.one_of(st.sampled_from(["0", "-120", "nan", "inf", "1e9", "92", "30", "F minor", "'", '"', "yes",
                                         "7/8", "0/0", "base", ""]), TEXT)),
    st.sampled_from(["1", "2", "all", "99", "t01r1", "over"]), TEXT), max_size=5).map(" ".join)
REPL_LINE = st.one_of(st.builds(lambda w, a: f"{w} {a}", st.sampled_from(COMMAND_WORDS), EDIT_ARGS), WORDS, TEXT)


@pytest.fixture(scope="module")
def repl_home(tmp_path_factory):
    return tmp_path_factory.mktemp("repl")


@settings(PROFILE, max_examples=max(2, EXAMPLES * 3 // 5))
@given(lines=st.lists(REPL_LINE, min_size=1, max_size=4))
def test_repl_lines(repl_home, lines):
    from agent.repl.loop import run_line
    from agent.repl.session import Session
    from agent.terminal import SafeConsole

    COUNTS["REPL lines"] += 1
    console = SafeConsole(file=io.StringIO(), width=160)
    session = Session(console=console, reader=None, llm_spec="none", out=repl_home / "out",  # type: ignore[arg-type]
                      catalog=None, checkpoints=repl_home / "ckpt")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ACEPROD_HOME", str(repl_home / "home"))
        mp.chdir(repl_home)
        for line in ["a jazz ballad, 1 track, 30 seconds, instrumental", *lines]:
            word = line.strip().split(" ")[0].lstrip("/").lower() if line.strip() else ""
            if word in ("generate", "gen", "resume", "quit", "exit", "q"):
                continue  # these start or leave runs; the album tests cover them
            assert run_line(session, line) in (True, False)
    text = console.file.getvalue()
    assert "unexpected error" not in text, text[-1500:]
    assert "\x1b" not in text
    assert not list(repl_home.glob("*.part"))


# --------------------------------------------------------------------------- catalog sql
SQL_PIECES = st.sampled_from([
    "select * from takes", "select count(*) from generations", "delete from runs", "drop table pairs",
    "copy generations to 'x.csv'", "explain analyze copy (select 1) to 'y.csv'", "explain select 1",
    "explain analyze select 1", "pragma table_info('runs')", "pragma enable_profiling", "install httpfs",
    "load httpfs", "attach 'z.duckdb' as z", "set threads=64", "call pragma_version()", "checkpoint",
    "create table t as select 1", "select * from read_csv('/etc/passwd')", "export database 'dump'",
    "with recursive t(n) as (select 1 union all select n+1 from t where n < 50) select max(n) from t",
    "select $$'$$", "select 'a''b'", "begin", "commit", "vacuum", "update runs set status = 'x'",
    "insert into runs (run_id) values ('x')", "select * from 'cat.duckdb'", "pragma profile_output='p.txt'",
    "select * from duckdb_settings()", "detach z", "use z", "summarize generations"])
SQL = st.lists(st.one_of(SQL_PIECES, TEXT), min_size=1, max_size=3).map("; ".join)


@PROFILE
@given(sql=SQL)
def test_sql_statements_are_checked(sql):
    from catalog.sql import check_statements
    from engine.errors import CatalogError

    COUNTS["catalog sql (parse)"] += 1
    try:
        queries = check_statements(sql)
    except CatalogError as exc:
        assert "\n" not in str(exc)
        return
    for q in queries:
        head = q.strip().split(None, 1)[0].lower()
        assert head in ("select", "with", "explain", "pragma", "from", "values", "table", "(", "summarize",
                        "describe", "show") or q.strip().startswith("("), q


@pytest.fixture(scope="module")
def sql_catalog(tmp_path_factory):
    from catalog.store import Catalog

    path = tmp_path_factory.mktemp("sql") / "catalog.duckdb"
    Catalog.open(path).close()
    return path


@settings(PROFILE, max_examples=SQL_RUNS)
@given(sql=SQL)
def test_sql_end_to_end(sql_catalog, sql):
    from catalog.sql import run_sql
    from catalog.store import Catalog
    from engine.errors import CatalogError

    COUNTS["catalog sql (run)"] += 1
    before = set(sql_catalog.parent.iterdir())
    try:
        run_sql(sql_catalog, sql, timeout_s=5)
    except CatalogError:
        pass
    assert set(sql_catalog.parent.iterdir()) == before
    with Catalog.open(sql_catalog, read_only=True) as cat:
        assert cat._scalar("select count(*) from runs") == 0


# --------------------------------------------------------------------------- ingest sidecars
@pytest.fixture(scope="module")
def ingest_env(tmp_path_factory):
    from catalog.store import Catalog

    root = tmp_path_factory.mktemp("ingest")
    Catalog.open(root / "cat" / "catalog.duckdb").close()
    outside = root / "outside.flac"
    sf.write(outside, np.zeros((480, 2), dtype=np.float32), 48_000, format="FLAC")
    return root


SIDE_KEYS = ["schema_version", "run_id", "pipeline", "engine", "engine_version", "checkpoint_hash", "request",
             "sources", "sample_rate", "duration_s", "audio_path", "sha256", "stems", "timings_s", "created_at"]
PATHS = st.sampled_from(["../outside.flac", "../../outside.flac", "/etc/passwd", "OUTSIDE", "gen.b0.flac", "",
                         ".", "..", "sub/../gen.b0.flac", "gen.b0.flac/", "\x00x", "~/x.flac"])


@PROFILE
@given(changes=_field_dict(SIDE_KEYS), audio_path=st.one_of(PATHS, TEXT), stems=st.dictionaries(TEXT, PATHS, max_size=2),
       raw=st.one_of(st.none(), st.binary(max_size=64), TEXT))
def test_ingest_sidecars(ingest_env, changes, audio_path, stems, raw):
    from catalog_testkit import write_take

    from catalog.store import Catalog

    COUNTS["ingest sidecars"] += 1
    with tempfile.TemporaryDirectory(dir=ingest_env) as tmp:
        folder = Path(tmp) / "takes"
        write_take(folder, "gen.b0", seed=int.from_bytes(os.urandom(4), "little"))
        side = folder / "gen.b0.json"
        if raw is not None:
            side.write_bytes(raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass"))
        else:
            data = json.loads(side.read_text())
            data.update(changes)
            data["audio_path"] = str(ingest_env / "outside.flac") if audio_path == "OUTSIDE" else audio_path
            data["stems"] = stems
            side.write_text(json.dumps(data, default=str))
        with Catalog.open(ingest_env / "cat" / "catalog.duckdb") as cat:
            summary = cat.ingest(folder, score=False)
            for gid in summary.gen_ids:
                stored = cat.resolve(cat.get(gid).audio_path)
                assert stored.is_relative_to(folder.resolve()), stored
    with Catalog.open(ingest_env / "cat" / "catalog.duckdb", read_only=True) as cat:
        assert cat._scalar("select count(*) from generations") >= 0


# --------------------------------------------------------------------------- audio headers
FORMATS = [("WAV", "PCM_16"), ("WAV", "PCM_24"), ("WAV", "FLOAT"), ("WAV", "ULAW"), ("FLAC", "PCM_16"),
           ("FLAC", "PCM_24"), ("OGG", "VORBIS"), ("AIFF", "PCM_16")]


@PROFILE
@given(fmt=st.sampled_from(FORMATS), rate=st.sampled_from([8_000, 11_025, 22_050, 44_100, 48_000, 96_000, 192_000]),
       channels=st.integers(1, 8), frames=st.integers(0, 3000),
       flips=st.lists(st.tuples(st.integers(0, 80), st.integers(0, 255)), max_size=4),
       cut=st.one_of(st.none(), st.integers(0, 200)), fill=st.sampled_from([0.0, 0.5, 1.5]))
def test_audio_headers(fmt, rate, channels, frames, flips, cut, fill):
    from engine.audio import read_audio
    from engine.errors import AudioInputError

    COUNTS["audio headers"] += 1
    container, subtype = fmt
    if container == "FLAC" and channels > 8 or container == "OGG" and frames == 0:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"a.{container.lower()}"
        sf.write(path, np.full((frames, channels), fill, dtype=np.float32), rate, format=container, subtype=subtype)
        raw = bytearray(path.read_bytes())
        for pos, value in flips:
            if pos < len(raw):
                raw[pos] = value
        if cut is not None:
            raw = raw[:cut]
        path.write_bytes(bytes(raw))
        try:
            y = read_audio(path)
        except AudioInputError as exc:
            assert "fix:" in str(exc) or "holds no samples" in str(exc), str(exc)
            return
        assert y.dtype == np.float32 and y.ndim == 2 and y.shape[0] == 2 and np.isfinite(y).all()
        assert y.shape[1] <= 48_000 * 3 + 64
