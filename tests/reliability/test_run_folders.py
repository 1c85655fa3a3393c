"""Item 3 and part of 12: run folders come from sanitised ids, --resume takes only an
id and uses the folder it names, and one process at a time works on a run."""

from __future__ import annotations

import json

import pytest

from agent.plans import AlbumBrief
from agent.runner import RUN_FILE, RunInfo, check_run_id, load_info, lock_run, new_run_id, save_info
from engine.errors import ConfigError


def _info(run_id: str, genre: str = "jazz") -> RunInfo:
    return RunInfo(run_id=run_id, brief=AlbumBrief(genre=genre), engine="sketch", llm="none", autonomy="autonomous",
                   candidates=1, seed=0, max_repairs=0, catalog=None, created_at="2026-11-29T00:00:00")


@pytest.mark.parametrize("genre", ["/../../../", "..", "jazz/../../x", "a b\\c", "\x00\x1b[2J", "ジャズ", ""])
def test_run_ids_are_plain_folder_names(tmp_path, genre):
    run_id = new_run_id(AlbumBrief(genre=genre or None))
    assert check_run_id(run_id) == run_id
    out = tmp_path / "a" / "b" / "out"
    save_info(out / run_id, _info(run_id))
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob(RUN_FILE)] == [f"a/b/out/{run_id}/{RUN_FILE}"]


@pytest.mark.parametrize("bad", ["../x", "/etc", "a/b", "..", ".hidden", "x" * 101, "", "run\n1"])
def test_resume_refuses_path_like_ids(tmp_path, bad):
    with pytest.raises(ConfigError, match="is not a run id"):
        load_info(tmp_path, bad)


def test_resume_uses_the_folder_given(tmp_path):
    save_info(tmp_path / "run-a", _info("run-a"))
    info = json.loads((tmp_path / "run-a" / RUN_FILE).read_text())
    info["run_id"] = "../../elsewhere"
    (tmp_path / "run-a" / RUN_FILE).write_text(json.dumps(info))
    with pytest.raises(ConfigError, match="damaged"):
        load_info(tmp_path, "run-a")
    info["run_id"] = "run-b"
    (tmp_path / "run-a" / RUN_FILE).write_text(json.dumps(info))
    with pytest.raises(ConfigError, match="belongs to run run-b"):
        load_info(tmp_path, "run-a")


def test_a_second_process_on_a_run_is_told_who_holds_it(tmp_path):
    import os
    import socket

    lock = lock_run(tmp_path / "run-a", "run-a")
    try:
        with pytest.raises(ConfigError) as err:
            lock_run(tmp_path / "run-a", "run-a")
        msg = str(err.value)
        assert f"PID {os.getpid()}" in msg and socket.gethostname() in msg and "in use" in msg
    finally:
        lock.release()
    lock_run(tmp_path / "run-a", "run-a").release()  # free again once released


def test_cli_resume_with_a_path_is_refused(tmp_path):
    from reliab_kit import aceprod, assert_clean_exit

    (tmp_path / "secret").mkdir()
    r = aceprod("album", "--resume", "../secret", "--out", tmp_path / "out")
    assert_clean_exit(r)
    assert r.code == 2 and "is not a run id" in r.err
