"""Items 5, 6, 10 and 11: long briefs, decompression bombs, REPL edit values, missing
LLM files and long unicode titles each get a clear error or a safe fallback."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest
import soundfile as sf
from reliab_kit import aceprod, assert_clean_exit

from engine.audio import MAX_DECODED_SAMPLES, read_audio
from engine.errors import AudioInputError, ConfigError, LLMError


def _patch_streaminfo(path, *, rate: int, channels: int, frames: int) -> None:
    """Rewrite a FLAC file's STREAMINFO header (what a crafted file claims)."""
    raw = bytearray(path.read_bytes())
    assert raw[:4] == b"fLaC"
    off = 8 + 10  # fLaC + block header + min/max block size + min/max frame size
    bits = int.from_bytes(raw[off:off + 8], "big")
    bps = (bits >> 36) & 0x1F
    bits = (rate << 44) | ((channels - 1) << 41) | (bps << 36) | frames
    raw[off:off + 8] = bits.to_bytes(8, "big")
    path.write_bytes(bytes(raw))


def test_a_small_many_channel_file_decodes_in_blocks(tmp_path):
    """10 s of 192 kHz, 8 channels: 15 M samples (61 MB) once decoded; kept: two channels at 48 kHz (4 MB)."""
    path = tmp_path / "wide.flac"
    n = 192_000 * 10
    t = np.arange(n, dtype=np.float32) / 192_000
    tone = (0.1 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    with sf.SoundFile(path, "w", samplerate=192_000, channels=8, format="FLAC", subtype="PCM_16") as fh:
        for start in range(0, n, 1 << 18):
            block = tone[start:start + (1 << 18)]
            fh.write(np.repeat(block[:, None], 8, axis=1))
    del t, tone
    tracemalloc.start()
    y = read_audio(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert y.shape == (2, 48_000 * 10) and y.dtype == np.float32
    assert peak < 20e6, f"peak {peak / 1e6:.0f} MB (the whole file would be {n * 8 * 4 / 1e6:.0f} MB)"
    assert abs(float(np.sqrt(np.mean(y[0, 48_000:-48_000] ** 2))) - 0.1 / math.sqrt(2)) < 0.01


def test_a_lying_header_is_refused_before_decoding(tmp_path):
    path = tmp_path / "bomb.flac"
    sf.write(path, np.zeros((4800, 2), dtype=np.float32), 48_000, format="FLAC")
    _patch_streaminfo(path, rate=192_000, channels=8, frames=192_000 * 1190)
    with pytest.raises(AudioInputError, match="would decode to") as err:
        read_audio(path)
    assert f"{MAX_DECODED_SAMPLES / 1e6:.0f} M" in str(err.value) and "fix:" in str(err.value)
    r = aceprod("score", path)  # reachable from the CLI: one clear line
    assert_clean_exit(r)
    assert r.code == 2 and "would decode to" in r.err


@pytest.mark.parametrize("rate,channels", [(655_350, 2), (200, 1)])
def test_odd_rates_are_refused(tmp_path, rate, channels):
    path = tmp_path / "odd.flac"
    sf.write(path, np.zeros((4800, 2), dtype=np.float32), 48_000, format="FLAC")
    _patch_streaminfo(path, rate=rate, channels=channels, frames=4800)
    with pytest.raises(AudioInputError):
        read_audio(path)


def test_a_wav_with_a_truncated_body_is_a_clear_error_or_short(tmp_path):
    path = tmp_path / "short.wav"
    sf.write(path, 0.1 * np.ones((48_000, 2), dtype=np.float32), 48_000, subtype="PCM_16")
    raw = path.read_bytes()
    path.write_bytes(raw[:44] + raw[44:1044])  # header says 1 s, body holds 250 frames
    try:
        y = read_audio(path)
    except AudioInputError as exc:
        assert "fix:" in str(exc)
    else:
        assert y.shape[0] == 2 and y.shape[1] <= 48_000


@pytest.mark.parametrize("edit,expect", [
    ("bpm=0", "bpm: 0 is out of range"), ("bpm=-120", "out of range"), ("duration=nan", "out of range"),
    ("duration=inf", "out of range"), ("steps=-5", "steps=-5 is out of range"), ("shift=nan", "shift=nan"),
    ("guidance=1e9", "guidance=1e9"), ("steps=2.5", "not a number"), ("title=" + "x" * 200, "too long"),
])
def test_repl_edit_values_are_checked(edit, expect):
    from agent.planning.planner import plan_album
    from agent.plans import AlbumBrief
    from agent.repl.planedit import edit_plan
    from engine.protocol import get_engine

    plan = plan_album(AlbumBrief(genre="jazz", track_count=1, track_duration=30))
    caps = get_engine("sketch").capabilities()
    with pytest.raises(ConfigError, match=expect.replace("(", r"\(")) as err:
        edit_plan(plan, edit, caps=caps, presets={}, learned={})
    assert "fix:" in str(err.value)


def test_llm_path_is_used_as_given(tmp_path):
    from agent.llm.runtime import resolve_gguf

    (tmp_path / "model.gguf").write_bytes(b"GGUF")
    with pytest.raises(LLMError, match="not found: /nonexistent/model.gguf"):
        resolve_gguf("/nonexistent/model.gguf", tmp_path)
    assert resolve_gguf("model.gguf", tmp_path) == tmp_path / "model.gguf"  # a bare name: looked up


def test_long_unicode_titles_make_short_file_names(tmp_path):
    from engine.audio import write_flac
    from engine.files import safe_filename

    title = "\U0001d4d0" * 60 + " and more words" * 10
    name = f"01 - {safe_filename(title)}.flac"
    assert len(name.encode()) <= 200
    write_flac(tmp_path / name, np.zeros((2, 480), dtype=np.float32))
    assert (tmp_path / name).is_file() and not list(tmp_path.glob("*.part"))


def test_a_brief_too_long_for_the_llm_context_falls_back_to_rules():
    from agent.llm.runtime import load_llm
    from agent.planning.planner import load_brief, plan_album

    brief = load_brief("爵士乐专辑，两首歌，温暖的钢琴。" * 225)  # 3,600 CJK characters, inside the 4,000 limit
    assert len(brief.text) == 3600
    llm = load_llm(None)
    plan = plan_album(brief, llm=llm)
    assert plan.tracks and any("context" in n or "rule-based" in n for n in plan.notes)


@pytest.mark.parametrize("field,value", [("tags", ["x" * 41]), ("tags", ["ok"] * 33), ("vocal_style", "v" * 81),
                                         ("genre", "g" * 61)])
def test_brief_fields_are_bounded(tmp_path, field, value):
    import yaml

    path = tmp_path / "b.yaml"
    path.write_text(yaml.safe_dump({"brief": "jazz", field: value}))
    r = aceprod("plan", path, "--llm", "none")
    assert_clean_exit(r)
    assert r.code == 2 and field in r.err


def test_a_free_text_brief_over_the_limit_is_one_clear_error():
    r = aceprod("plan", "jazz " * 1000, "--llm", "none")
    assert_clean_exit(r)
    assert r.code == 2 and "brief" in r.err and "at most" in r.err


def test_ingest_skips_a_file_too_big_to_decode(tmp_path):
    import json

    from catalog_testkit import write_take

    from catalog.store import Catalog

    flac = write_take(tmp_path / "takes", "gen.b0", overall=None)
    _patch_streaminfo(flac, rate=192_000, channels=8, frames=192_000 * 1190)
    side = flac.with_suffix(".json")
    side.write_text(json.dumps({**json.loads(side.read_text()), "sha256": None}))
    with Catalog.open(tmp_path / "cat.duckdb") as cat:
        summary = cat.ingest(tmp_path / "takes", score=False)
    assert summary.added == 0 and "would decode to" in summary.skipped[0].reason
