"""Briefs as people write them when they say who they are: clock times, dates and prices that are
no lengths, counts or meters; tracklists written as tables; counts taken back mid-brief; and
the genre and length vocabulary around them."""

from __future__ import annotations

import pytest

from agent.planning.brief_text import parse_brief_text
from agent.planning.planner import plan_album
from agent.planning.reader import read_brief
from agent.planning.tables import untable
from engine.errors import ConfigError


@pytest.mark.parametrize("text", [
    "Hotel lobby, open 24/7, check-in from 3pm. 8 jazz tracks, 3 minutes each.",
    "The show is May 17 at 6:30pm in room 204. 8 jazz tracks, 3 minutes each.",
    "Lessons Mon/Wed at 9:15, class 3B. 8 jazz tracks, 3 minutes each.",
    "Gig is at 11:45pm, 250 capacity. 8 jazz tracks, 3 minutes each.",
    "Tocamos los viernes de 20:00 a 23:00. 8 temas de jazz, de 3 minutos cada uno.",
    "Ensayamos los sábados a las 5 y cuesta 300 pesos. 8 temas de jazz, de 3 minutos cada uno.",
    "Probe jeden Donnerstag um 20 Uhr, Beginn 15.09., 89 € pro Person. 8 Jazz-Stücke, je 3 Minuten.",
    "On joue le 24 juin à 21h. 8 morceaux de jazz, 3 minutes chacun.",
    "Aberta das 6h às 23h, mensalidade R$ 99. 8 faixas de jazz, 3 minutos cada.",
    "Showcase on 5/30, release 03/2025, PB is 23:41 lol. 8 jazz tracks, 3 minutes each.",
    "Our dancers are ages 6-12, I'm 63 years old. 8 jazz tracks, 3 minutes each.",
])
def test_clock_times_dates_and_prices_are_not_lengths_counts_or_meters(text):
    c = read_brief(text)
    assert c.track_count.value == 8
    assert c.duration.value == 180
    assert c.total_duration is None and c.timesignature is None and c.bpm is None


@pytest.mark.parametrize("text, field, value", [
    ("ambient, 2:30 to 3:30 each, 5 tracks", "duration_range", (150, 210)),  # a range of lengths stays one
    ("un set de 2h de techno", "total_duration", 7200),  # two hours of music, not a clock time
    ("a waltz album in 6/8, 3 songs", "timesignature", "6/8"),  # the meter written as one wins over the style's
    ("a jazz waltz album, 3 songs", "timesignature", "3/4"),
])
def test_lengths_and_meters_that_look_like_times_are_kept(text, field, value):
    assert getattr(read_brief(text), field).value == value


def test_a_table_of_tracks_is_a_tracklist():
    text = """Cues for the teaser (release 03/2025):
Track | BPM | vocals | length
1 | 70 | no | 0:45
2 | 100 | no | 0:40
3 | 140 | choir | 0:50
All epic orchestral."""
    c = read_brief(text)
    assert c.track_count.value == 3
    tracks = {t.index: t for t in c.tracks}
    assert [tracks[i].bpm.value for i in (1, 2, 3)] == [70, 100, 140]
    assert [tracks[i].duration.value for i in (1, 2, 3)] == [45, 40, 50]
    assert [tracks[i].vocal.value for i in (1, 2, 3)] == [False, False, True]
    assert tracks[3].voice.value == "choir"


@pytest.mark.parametrize("text, voices", [
    ("Canción | BPM | voz\n1 | 70 | masculina\n2 | 75 | femenina\n3 | 72 | instrumental", ["male", "female", None]),
    ("| Nr | Tanz | BPM | Gesang |\n|---|---|---|---|\n| 1 | Tango | 128 | nein |\n| 2 | Jive | 168 | ja, männlich |",
     [None, "male"]),
])
def test_table_shapes_and_voice_columns(text, voices):
    plan = plan_album(parse_brief_text(text), llm=None, seed=1)
    assert len(plan.tracks) == len(voices)
    for t, voice in zip(plan.tracks, voices, strict=True):
        assert t.vocal == (voice is not None)
        assert voice is None or voice in t.caption


def test_text_that_is_no_table_is_left_alone():
    text = "rock | pop | jazz, whatever you like\n4 tracks"
    assert untable(text) == text
    assert untable("a | b\n1 | 2") == "a | b\n1 | 2"  # one row is no tracklist


@pytest.mark.parametrize("text, count", [
    ("7 tracks of boom bap, each 2-3 min. actually make that 6, i already got an intro.", 6),
    ("on voudrait 5 morceaux... non, finalement 4 :\n1. piano solo\n2. jazz manouche\n3. pop\n4. disco", 4),
    ("Lo-Fi Tape: acht Tracks. Gesamtlänge ungefähr 20 Minuten. Ah warte – mach lieber zehn Tracks.", 10),
    ("Queria uma playlist: sete faixas... na verdade oito. Música eletrônica.", 8),
])
def test_a_count_taken_back_mid_brief(text, count):
    assert read_brief(text).track_count.value == count


def test_taking_a_count_back_keeps_the_lengths_around_it():
    c = read_brief("acht Tracks. Gesamtlänge ungefähr 20 Minuten. Ah warte – mach lieber zehn Tracks.")
    assert c.track_count.value == 10 and c.total_duration.value == 1200


def test_members_are_not_songs_and_a_range_of_tracks_is_sung():
    c = read_brief("Der Jodlerklub (18 Mitglieder) möchte sechs Lieder aufnehmen. Lieder 1 bis 5 mit Gesang, "
                   "das sechste ist ein reines Instrumentalstück.")
    assert c.track_count.value == 6
    sung = {t.index: t.vocal.value for t in c.tracks if t.vocal is not None}
    assert sung == {1: True, 2: True, 3: True, 4: True, 5: True, 6: False}


@pytest.mark.parametrize("text, genre, style", [
    ("I manage front-of-house at a hotel: 8 tracks of mellow jazz", "jazz", None),
    ("a gospel hymn sung by a choir", "rnb", "gospel"),
    ("3 tracks: UK garage, grime and dancehall", "electronic", "uk garage"),
    ("80s Japanese city pop, four songs, 4 minutes each", "pop", "city pop"),
    ("seis temas: vallenato con acordeón", "latin", "vallenato"),
])
def test_genre_words_in_context(text, genre, style):
    plan = plan_album(parse_brief_text(text), llm=None, seed=1)
    assert plan.tracks[0].genre == genre
    if style:
        assert style in plan.tracks[0].caption.lower()


def test_a_decade_is_no_length():
    assert read_brief("80s Japanese city pop, four songs, roughly 4 minutes each").duration.value == 240


def test_a_total_without_a_count_sets_the_count():
    plan = plan_album(parse_brief_text("about 45 minutes of calm ambient music in total, instrumental"), llm=None, seed=1)
    assert abs(sum(t.duration for t in plan.tracks) - 2700) < 1
    assert all(t.duration <= 600 for t in plan.tracks) and len(plan.tracks) >= 5
    assert any(a.field == "track count" for a in plan.assumptions)


def test_lengths_that_cannot_make_the_total_are_refused_naming_it():
    with pytest.raises(ConfigError, match="total"):
        plan_album(parse_brief_text("5 tracks for yoga, each exactly 10 minutes, 20 minutes total"), llm=None, seed=1)


@pytest.mark.parametrize("text, instrument", [
    ("rancheras con vihuela y guitarrón", "vihuela"),
    ("rancheras con vihuela y guitarrón", "guitarron"),
    ("Volksmusik mit Hackbrett", "hammered dulcimer"),
])
def test_instruments_of_this_round(text, instrument):
    assert instrument in [r.value for r in read_brief(text).instruments]


def test_a_waltz_among_the_tracks_is_that_tracks_style_and_meter():
    text = "Tanzschule:\n1. Langsamer Walzer, 84 bpm\n2. Cha-Cha-Cha, 120 bpm\n3. Tango, 128 bpm\n4. Wiener Walzer, 174 bpm"
    plan = plan_album(parse_brief_text(text), llm=None, seed=1)
    assert [t.timesignature for t in plan.tracks] == ["3/4", "4/4", "4/4", "3/4"]
    assert "viennese waltz" in plan.tracks[3].caption.lower() and "cha-cha-cha" in plan.tracks[1].caption.lower()


@pytest.mark.parametrize("text, groups", [
    ("quiero tres canciones: primero un vals lento instrumental, y luego dos de reguetón con voz femenina, "
     "en español, de unos 3 minutos cada una", {1: False, 2: True, 3: True}),
    ("five tracks: first a slow instrumental intro, then four rap songs with male vocals", {1: False, 5: True}),
])
def test_groups_of_tracks_in_order(text, groups):
    plan = plan_album(parse_brief_text(text), llm=None, seed=1)
    assert {i: plan.tracks[i - 1].vocal for i in groups} == groups


def test_parts_that_do_not_add_up_to_the_count_are_refused():
    with pytest.raises(ConfigError, match="make 5 tracks, but the brief asks for 4"):
        parse_brief_text("Quiero 4 canciones de salsa: dos con voz masculina y tres instrumentales.")
    assert parse_brief_text("Six songs, two with vocals and four instrumentals").vocal_tracks == 2


@pytest.mark.parametrize("text, lo, hi", [
    ("Cada faixa com pelo menos 3 e no máximo 4 minutos. 8 faixas", 180, 240),
    ("seis piezas. Que ninguna dure más de 3 minutos pero tampoco menos de 2.", 120, 180),
    ("5 songs, each at least 2 minutes and at most 3 minutes", 120, 180),
    ("vier Stücke, mindestens 3 und höchstens 4 Minuten", 180, 240),
])
def test_two_bounds_on_one_length_are_a_range(text, lo, hi):
    assert read_brief(text).duration_range.value == (lo, hi)


@pytest.mark.parametrize("text, vocal", [
    ("a couple of short beats, 30 secs each, trap, fast, nothing sung", False),
    ("um trio de faixas bem lentas, sem nada cantado, só sintetizador e piano", False),
])
def test_nothing_sung_is_instrumental(text, vocal):
    assert read_brief(text).vocal.value is vocal


@pytest.mark.parametrize("text, voice", [
    ("4 músicas gospel, cantadas pelo coral", "choir"),
    ("un EP deep house de 5 tracks, vocals féminins sur les tracks 1 et 3", "female"),
])
def test_voice_words(text, voice):
    plan = plan_album(parse_brief_text(text), llm=None, seed=1)
    assert any(voice in t.caption for t in plan.tracks if t.vocal)


def test_a_track_numbers_own_voice_is_no_count_of_sung_tracks():
    plan = plan_album(parse_brief_text("3 Tracks, Chillout, Track 2 mit weiblichem Gesang auf Englisch, die anderen "
                                       "instrumental."), llm=None, seed=1)
    assert [t.vocal for t in plan.tracks] == [False, True, False]


def test_sung_on_some_after_a_comma():
    plan = plan_album(parse_brief_text("Maybe 10 songs? With a nice crooner singing, a man's voice, on 7 of them and "
                                       "the other 3 just the orchestra."), llm=None, seed=1)
    assert sum(t.vocal for t in plan.tracks) == 7


def test_chanson_is_a_folk_style_and_chansons_are_songs():
    plan = plan_album(parse_brief_text("un album de chanson française de 10 titres, voix masculine"), llm=None, seed=1)
    assert plan.tracks[0].genre == "folk" and "chanson" in plan.tracks[0].caption
    assert plan_album(parse_brief_text("Cinq chansons pop, une voix de femme"), llm=None, seed=1).tracks[0].genre == "pop"


def test_an_exception_to_a_tempo_is_not_one_to_the_voice():
    plan = plan_album(parse_brief_text("5 k-pop songs, girl group style, Korean lyrics, all at 120 bpm except track 4 "
                                       "which is a slow ballad"), llm=None, seed=1)
    assert all(t.vocal for t in plan.tracks)
    assert [t.bpm for t in plan.tracks if t.index != 4] == [120] * 4 and plan.tracks[3].bpm < 110


@pytest.mark.parametrize("text, sung", [
    ("6 pistas de jazz suave, la mitad con voz y la otra mitad instrumentales, 80 bpm", 3),
    ("8 songs, half with vocals, the other half instrumental", 4),
])
def test_half_sung_and_the_other_half_not(text, sung):
    assert sum(t.vocal for t in plan_album(parse_brief_text(text), llm=None, seed=1).tracks) == sung


def test_latin_lyrics_are_in_latin_and_latin_pop_is_a_genre():
    assert read_brief("trois pièces a cappella pour chœur, paroles en latin").lyrics_language.value == "la"
    c = read_brief("latin pop, 4 songs, spanish lyrics")
    assert c.lyrics_language.value == "es" and c.genre.value == "latin pop"


def test_pieces_of_a_pack_keep_their_own_lengths():
    plan = plan_album(parse_brief_text("Music pack for a podcast: intro theme (30 seconds), outro (45 seconds), and 4 "
                                       "short stingers of around 10 seconds each. Dark electronic."), llm=None, seed=1)
    assert [t.duration for t in plan.tracks] == [30, 45, 10, 10, 10, 10]


def test_groups_that_follow_a_reference_to_the_first_tracks():
    c = read_brief("Jazz-Trio-Album, zwölf Titel. Die ersten vier Balladen (langsam), dann vier Swing-Nummern um "
                   "160 BPM, zum Schluss vier Bossa-Nova-Stücke.")
    tracks = {t.index: t for t in c.tracks}
    assert [tracks[i].tempo.value for i in (1, 4)] == ["slow", "slow"]
    assert [tracks[i].bpm.value for i in (5, 8)] == [160, 160] and tracks[4].bpm is None
    assert [tracks[i].genre.value for i in (9, 12)] == ["bossa nova", "bossa nova"]


def test_a_piece_about_each_track_ends_a_track_reference():
    c = read_brief("4 sons de rap français, trap 140bpm, le 2e plus lent genre 90 bpm, 2min30 chacun")
    assert c.duration.value == 150 and [t.index for t in c.tracks if t.duration is not None] == []


def test_an_instruments_kind_is_no_voice():
    c = read_brief("Jazz quartet: piano, upright bass, tenor sax. Seven tunes. Singing only on track 4, a female crooner.")
    assert c.voice.value == "female" and "tenor saxophone" in [x.value for x in c.instruments]


def test_an_item_that_opens_with_the_same_repeats_the_one_before():
    plan = plan_album(parse_brief_text("Boleros, 3 canciones:\n1. Lento, voz masculina, con requinto y maracas.\n"
                                       "2. Igual pero a dúo.\n3. Instrumental, solo guitarra."), llm=None, seed=1)
    one, two = plan.tracks[0], plan.tracks[1]
    assert "requinto" in two.caption and "duet" in two.caption and one.bpm < 80 and two.bpm < 80  # both slow


def test_a_table_of_settings_is_no_tracklist():
    text = "Field | Value\nGenre | Jazz\nTracks | 8\nVocals | female"
    assert untable(text) == "Field: Value.\nGenre: Jazz.\nTracks: 8.\nVocals: female."
    c = read_brief(text)
    assert c.track_count.value == 8 and c.genre.value == "jazz"


@pytest.mark.parametrize("text, count", [
    ("Genre: Jazz\nTracks: 8\nVocals: female", 8),
    ("- Género: cumbia\n- Número de canciones: 6", 6),
    ("Anzahl Stücke: 5. Stil: Volksmusik", 5),
    ("A 25-minute synthwave EP, 5 tracks: one fast, two slow, two mid-tempo", 5),  # no label: a count's list
])
def test_a_count_given_as_a_setting(text, count):
    assert read_brief(text).track_count.value == count


def test_a_vocal_cell_is_read_by_its_words():
    text = "Track | BPM | vocals\n1 | 120 | yodel\n2 | 90 | yes, female\n3 | 100 | -"
    assert untable(text).splitlines() == ["1. 120 bpm, vocals yodel", "2. 90 bpm, vocals: female", "3. 100 bpm, instrumental"]


def test_two_bounds_past_the_engine_are_still_each_tracks_range():
    # like "10-12 minutes each", a range that reaches past 600 s is every track's, met at the limit
    assert read_brief("3 ambient pieces, each at least 8 and at most 12 minutes").duration_range.value == (480, 720)
