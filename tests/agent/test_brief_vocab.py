"""The reader's vocabulary beyond the core tables: world instruments, kinds after an instrument,
genre qualifiers in Romance word order, and exclusions with an exception."""

from __future__ import annotations

import pytest

from agent.planning.brief_text import parse_brief_text
from agent.planning.planner import plan_album
from agent.planning.reader import read_brief
from engine.genres import genre


@pytest.mark.parametrize("text, wanted", [
    ("forró com sanfona, zabumba e triângulo", ["accordion", "zabumba", "triangle"]),
    ("samba: surdo, tamborim, cuíca, repinique", ["surdo", "tambourine", "cuica", "repinique"]),
    ("afrobeats with talking drum and log drum", ["talking drum", "log drum"]),
    ("boleros con requinto", ["requinto"]),
    ("modão com viola caipira", ["viola caipira"]),
    ("hymns with pipe organ", ["pipe organ"]),
    ("salsa con congas y timbales", ["congas", "timbales"]),
    ("dub with melodica", ["melodica"]),
    ("indie pop with whistling and ukulele", ["whistling", "ukulele"]),
    ("rock con guitarra distorsionada", ["distorted guitar"]),
])
def test_world_instruments_and_kinds_after_the_noun(text, wanted):
    assert sorted(r.value for r in read_brief(text).instruments) == sorted(wanted)


@pytest.mark.parametrize("text, excluded", [
    ("6 faixas, sem guitarra distorcida", ["distorted guitar"]),
    ("bossa nova, nada de bateria eletrônica", ["drum machine"]),  # not "no drums": brushes are welcome
    ("ein Album, keine verzerrten Gitarren", ["distorted guitar"]),
])
def test_an_excluded_instrument_keeps_its_kind(text, excluded):
    assert [r.value for r in read_brief(text).excluded] == excluded


@pytest.mark.parametrize("text, style, family", [
    ("Quiero un disco de tango electrónico de ocho pistas", "electronic tango", "latin"),
    ("EP de house latino, 4 tracks", "latin house", "electronic"),
    ("5 morceaux de jazz manouche", "gypsy jazz", "jazz"),
    ("música andina, 12 piezas", "andean", "folk"),  # a style of its own, not "música" qualified
    ("an album of latin jazz, 5 tracks", "latin jazz", "jazz"),
])
def test_a_qualifier_after_a_genre_makes_an_english_style(text, style, family):
    c = read_brief(text)
    if style is None:
        assert c.genre is None
        return
    assert c.genre.value == style and genre(c.genre.value).name == family


def test_an_exclusion_with_an_exception_leaves_the_named_track_its_instrument():
    brief = parse_brief_text("4 pistes, synthwave. Piste 1 = opening, 2 min. Piste 2 = poursuite, 150 bpm. "
                             "Piste 3 = amour. Piste 4 = générique. Pas de guitare électrique sauf sur la 2.")
    plan = plan_album(brief, seed=1)
    for t in plan.tracks:
        assert ("no electric guitar" in t.caption) == (t.index != 2), (t.index, t.caption)
    assert "electric guitar" in plan.tracks[1].caption


@pytest.mark.parametrize("text, family, style", [
    ("Un disco de rock de diez canciones", "rock", None),  # Spanish "disco" is the record
    ("Um disco de folk com sete canções", "folk", None),
    ("6 upbeat disco tracks for a wedding", "electronic", "disco"),
    ("6 kurze Kinderlieder auf Deutsch", "pop", "children's music"),
    ("a surprise DnB set, 7 tracks", "electronic", "drum and bass"),  # "surprise" makes no style
    ("4 tracks of 124 bpm house", "electronic", "house"),
    ("Pop punk record, 8 songs", "rock", "pop punk"),
    ("5 hymns for Advent", "classical", "hymn"),
])
def test_genre_words_in_context(text, family, style):
    plan = plan_album(parse_brief_text(text), seed=1)
    assert (plan.tracks[0].genre, plan.tracks[0].style) == (family, style)


def test_a_date_is_no_track():
    brief = parse_brief_text("We need a pair of background tracks, no singing. "
                             "We hope to have drafts before the offsite on the 14th.")
    assert len(plan_album(brief, seed=1).tracks) == 2
    with pytest.raises(Exception, match="track 5"):  # a track the brief asks something of still counts
        parse_brief_text("3 songs for my band's demo, and the fifth one should be a slow ballad with vocals.")
