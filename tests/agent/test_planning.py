"""Brief parsing and code-derived plans: known answers, contradictions refused."""

from __future__ import annotations

import pytest

from agent.planning.brief_text import parse_brief_text
from agent.planning.derive import check_events, derive_skeletons, section_template
from agent.planning.genres import GENRES
from agent.planning.planner import load_brief, plan_album
from agent.plans import AlbumBrief, TrackBrief
from engine.errors import ConfigError
from engine.pipeline import SectionEvent


@pytest.mark.parametrize("text, expected", [
    ("jazz album, 8 tracks, warm analog, female vocals on 3",
     dict(genre="jazz", track_count=8, vocal_tracks=3, vocal_style="female vocals")),
    ("a 90 bpm lofi hip hop track with dusty piano and vinyl crackle, 2 minutes",
     dict(genre="lofi hip hop", track_count=1, bpm=90, track_duration=120.0)),
    ("álbum de jazz con 6 canciones, 3 con voz femenina, en re menor",
     dict(genre="jazz", track_count=6, vocal_tracks=3, language="es", keyscale="D minor")),
    ("album électronique de cinq pistes, instrumental, 3:30 chacune",
     dict(genre="electronic", track_count=5, vocal_tracks=0, language="fr", track_duration=210.0)),
    ("ambient EP, four pieces, each 3 minutes, in D minor, 3/4",
     dict(genre="ambient", track_count=4, keyscale="D minor", timesignature="3/4", track_duration=180.0)),
    ("12 tracks in a 1-minute album", dict(track_count=12, album_duration=60.0)),
    ("90 bpm track", dict(bpm=90, track_count=1)),  # a singular track noun is one track
])
def test_brief_text_numbers(text, expected):
    brief = parse_brief_text(text)
    for key, value in expected.items():
        assert getattr(brief, key) == value, key


def test_contradictions_are_refused_with_fixes():
    with pytest.raises(ConfigError, match=r"12 tracks in a 60 s album leave 5.0 s per track.*ask for at most 6"):
        derive_skeletons(parse_brief_text("12 tracks in a 1-minute album"))
    with pytest.raises(ConfigError, match="vocals on 5 tracks were asked for, but the album has 3"):
        derive_skeletons(parse_brief_text("rock album, 3 tracks, vocals on 5"))
    with pytest.raises(ConfigError, match="the brief is empty"):
        derive_skeletons(parse_brief_text("   "))
    with pytest.raises(ConfigError, match="longer than the engine allows"):
        derive_skeletons(AlbumBrief(text="x", track_duration=500), max_duration_s=240)
    with pytest.raises(ConfigError, match="2 tracks are described but track_count is 1"):
        derive_skeletons(AlbumBrief(text="x", track_count=1, tracks=[TrackBrief(), TrackBrief()]))


def test_numbers_are_derived_and_checked():
    skeletons = derive_skeletons(parse_brief_text("jazz album, 8 tracks, warm analog, female vocals on 3"), seed=5)
    assert len(skeletons) == 8
    assert sum(s.vocal for s in skeletons) == 3
    lo, hi = GENRES["jazz"].bpm
    assert all(lo <= s.bpm <= hi for s in skeletons)
    assert all(a.keyscale != b.keyscale for a, b in zip(skeletons, skeletons[1:], strict=False))
    for s in skeletons:
        assert check_events(s.events, s.duration, "events") == []


@pytest.mark.parametrize("duration,bpm,ts", [(12, 60, "4/4"), (30, 96, "3/4"), (95.5, 133, "6/8"), (600, 200, "4/4")])
def test_section_template_tiles_the_duration(duration, bpm, ts):
    events = section_template(duration=duration, bpm=bpm, timesignature=ts, vocal=True)
    assert check_events(events, duration, "e") == []
    assert events[-1].end == pytest.approx(duration)


def test_explicit_fields_win_and_bad_events_are_named(tmp_path):
    brief = tmp_path / "b.yaml"
    brief.write_text("brief: rock album, 2 tracks\nbpm: 101\ntracks:\n  - keyscale: f# min\n    duration: 20\n"
                     "    events: [{type: intro, start: 0, end: 5}, {type: verse, start: 6, end: 20}]\n")
    with pytest.raises(ConfigError, match=r"tracks\[0\].events\[1\].start: 'verse' starts at 6 s"):
        plan_album(load_brief(str(brief)))
    brief.write_text("brief: rock album, 2 tracks\nbpm: 101\ntracks:\n  - keyscale: f# min\n    duration: 20\n")
    plan = plan_album(load_brief(str(brief)))
    assert [t.bpm for t in plan.tracks] == [101, 101]
    assert plan.tracks[0].keyscale == "F# minor" and plan.tracks[0].duration == 20


def test_rule_plan_is_complete_and_honest():
    plan = plan_album(parse_brief_text("pop album, 3 tracks, vocals on 2, in Spanish"), seed=1)
    assert plan.planner == "rules"
    vocal = [t for t in plan.tracks if t.vocal]
    assert len(vocal) == 2 and all("[chorus]" in t.lyrics for t in vocal)
    assert all(t.lyrics == "[Instrumental]" and "instrumental" in t.caption for t in plan.tracks if not t.vocal)
    assert any("rule-based lyrics are English" in n for n in plan.notes)


def test_yaml_brief_errors(tmp_path):
    with pytest.raises(ConfigError, match="brief file not found"):
        load_brief(str(tmp_path / "missing.yaml"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("brief: x\ntrack_count: 99\n")
    with pytest.raises(ConfigError, match="track_count"):
        load_brief(str(bad))


def test_event_check_catches_overrun():
    ev = [SectionEvent(type="a", start=0, end=10), SectionEvent(type="b", start=10, end=35)]
    assert "the last section ends at 35 s, the track lasts 30 s" in str(check_events(ev, 30, "e")[0])


def test_titles_that_only_name_the_genre_or_echo_the_prompt_are_refused():
    from agent.planning.words import check_title

    for bad in ("Jazz", "The Jazz", "Jazz Music", "Mood: A Memory", "Track 3 of 8"):
        with pytest.raises(ValueError):
            check_title(bad)
    assert check_title("Blue Hour Walk") == "Blue Hour Walk"
