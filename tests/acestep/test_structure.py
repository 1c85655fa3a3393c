"""Planned sections reach ACE-Step: structure tags in the lyrics, and `structure: guided`."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from acestep_helpers import copy_variant, make_request

from engine.acestep.structure import is_instrumental, lyrics_with_structure, section_type, tag
from engine.errors import ConfigError
from engine.pipeline import SectionEvent, parse_pipeline

FORM = ["intro", "verse", "pre-chorus", "chorus", "verse", "chorus", "bridge", "chorus", "outro"]


def events(kinds: list[str], length: float = 10.0) -> list[SectionEvent]:
    return [SectionEvent(type=k, start=i * length, end=(i + 1) * length) for i, k in enumerate(kinds)]


def tags_in(lyrics: str) -> list[str]:
    return [line for line in lyrics.splitlines() if line.startswith("[")]


def test_tag_names():
    assert tag("pre-chorus") == "[Pre-Chorus]" and tag("Verse 2") == "[Verse]" and tag("drop") == "[Drop]"
    assert section_type("Pre Chorus") == "pre-chorus" and section_type("chorus-2") == "chorus"


def test_instrumental_plan_becomes_tags_in_order():
    out = lyrics_with_structure("[Instrumental]", events(FORM))
    assert tags_in(out) == [tag(k) for k in FORM] and out.split() == tags_in(out)
    assert is_instrumental(out) and is_instrumental("") and not is_instrumental("[verse]\nhi")


def test_lyric_blocks_go_to_their_sections_and_nothing_is_lost():
    lyrics = "[verse]\nline a\n\n[chorus]\nsing it\n\n[verse 2]\nline c\n\n[bridge]\nbr\n\n[outro]\nbye now"
    out = lyrics_with_structure(lyrics, events(FORM))
    assert tags_in(out) == [tag(k) for k in FORM]
    blocks = out.split("\n\n")
    assert blocks[1] == "[Verse]\nline a" and blocks[4] == "[Verse]\nline c"
    assert blocks[3] == blocks[5] == blocks[7] == "[Chorus]\nsing it"  # the chorus repeats
    assert blocks[6] == "[Bridge]\nbr" and blocks[8] == "[Outro]\nbye now"
    untagged = lyrics_with_structure("one\ntwo\n\n[Hook]\nthree", events(["intro", "verse"]))
    assert "one\ntwo" in untagged and "three" in untagged  # leftovers join the last vocal section


def test_no_events_leaves_lyrics_alone():
    assert lyrics_with_structure("[verse]\nhi", []) == "[verse]\nhi"


def test_conditioning_carries_the_plan_tags(engine, spy):
    ev = events(["intro", "verse", "chorus", "outro"], length=2.5)
    engine.run(make_request(lyrics="[verse]\nwalking home\n\n[chorus]\nla la", events=ev), [])
    lyrics = spy[0]["lyrics"]
    assert tags_in(lyrics) == ["[Intro]", "[Verse]", "[Chorus]", "[Outro]"]
    _, formatted = engine.cache.pipe._format_prompt(prompt="c", lyrics=lyrics, vocal_language="en")
    ids = engine.cache.pipe.tokenizer(formatted)["input_ids"]
    decoded = engine.cache.pipe.tokenizer.decode(ids)
    assert decoded.index("[Intro]") < decoded.index("[Verse]") < decoded.index("[Chorus]") < decoded.index("[Outro]")


def test_guided_pipeline_runs_end_to_end(engine, spy, tmp_path):
    from engine.executor import run_pipeline
    from engine.validate import validate_pipeline

    config = parse_pipeline({
        "caption": "bright synth pop", "lyrics": "[Instrumental]", "bpm": 120, "duration": 12,
        "structure": "guided", "structure_strength": 0.5,
        "events": [{"type": "intro", "start": 0, "end": 4}, {"type": "chorus", "start": 4, "end": 9},
                   {"type": "outro", "start": 9, "end": 12}],
        "stages": [{"id": "g", "type": "generate", "model": "turbo"}],
    })
    result = run_pipeline(validate_pipeline(config, engine.capabilities()), engine=engine, run_dir=tmp_path / "r")
    assert result.status == "ok" and result.takes[0].duration_s == pytest.approx(12.0)
    # the sketch render conditions the first half of the steps, text2music the rest
    assert [c["task_type"] for c in spy] == ["cover", "text2music"] and spy[0]["_stop_after"] == 4
    assert spy[0]["src_audio"].shape == (2, 12 * 48_000)
    assert np.abs(spy[0]["src_audio"].numpy()).max() > 0.01  # a real render, not silence
    assert tags_in(spy[0]["lyrics"]) == ["[Intro]", "[Chorus]", "[Outro]"]
    sidecar = json.loads((tmp_path / "r" / "g.b0.json").read_text())
    assert sidecar["request"]["structure"] == "guided" and sidecar["request"]["structure_strength"] == 0.5


@pytest.mark.slow
def test_guided_strength_changes_the_take(engine):
    ev = events(["intro", "chorus"], length=5.0)
    a = engine.run(make_request(events=ev, structure="guided", structure_strength=0.25), [])
    b = engine.run(make_request(events=ev, structure="guided", structure_strength=0.75), [])
    assert a.audio.shape == b.audio.shape == (2, 480_000) and not np.allclose(a.audio, b.audio)


def test_structure_option_is_validated():
    with pytest.raises(ConfigError, match="structure"):
        parse_pipeline({"structure": "timed", "stages": [{"id": "g", "type": "generate"}]})
    with pytest.raises(ConfigError, match="structure_strength"):
        parse_pipeline({"structure_strength": 1.5, "stages": [{"id": "g", "type": "generate"}]})


def test_guided_needs_a_model_that_can_cover(tiny_root, tmp_path):
    from engine.acestep.engine import AceStepEngine

    folder = copy_variant(tiny_root, tmp_path)
    for sub in ("audio_tokenizer", "audio_token_detokenizer"):
        shutil.rmtree(folder / sub)
    index = json.loads((folder / "model_index.json").read_text())
    index["audio_tokenizer"] = index["audio_token_detokenizer"] = [None, None]
    (folder / "model_index.json").write_text(json.dumps(index))
    with pytest.raises(ConfigError, match="guided covers a sketch.*structure: tags"):
        AceStepEngine(str(tmp_path)).run(make_request(structure="guided", events=events(["verse"])), [])
