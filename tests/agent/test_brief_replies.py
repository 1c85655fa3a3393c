"""Briefs written as replies and voice notes, lists of pieces that sum to a count, numbers that name
tracks under a tracklist, and the words around them (an ordinal before a noun that is no track, a
voice joined to a refusal, a length whose unit the track before gave). Written in other words than the
briefs that taught the rules."""

from __future__ import annotations

import pytest

from agent.planning.brief_text import parse_brief_text
from agent.planning.planner import plan_album
from agent.planning.reader import read_brief
from engine.errors import ConfigError


def _tracks(c):
    return {t.index: t for t in c.tracks}


# -- replies to a quoted message -------------------------------------------------------------------
def test_a_reply_replaces_the_quoted_count_and_keeps_what_only_the_quote_said():
    c = read_brief("> Could you do 6 songs of surf rock?\n\nSix is a lot for us. Let's do 4, all instrumental.")
    assert c.track_count.value == 4
    assert c.genre.value == "surf rock" and c.vocal.value is False


def test_a_reply_in_german_with_its_own_number():
    c = read_brief("> Wir dachten an 10 Stücke Jazz.\nZehn sind zu viele, nehmen wir 5, mit Klavier.")
    assert c.track_count.value == 5 and c.genre.value == "jazz"
    assert [i.value for i in c.instruments] == ["piano"]


def test_a_reply_that_counts_with_its_noun_and_the_header_time_is_no_length():
    c = read_brief("On Tue, 4 Mar at 09:15, Ana wrote:\n> 3 tracks please, ambient\n\nActually five tracks, slow.")
    assert c.track_count.value == 5 and c.genre.value == "ambient" and c.tempo.value == "slow"
    assert c.duration is None and c.total_duration is None


def test_a_quote_with_nothing_written_under_it_is_read_as_the_brief():
    assert read_brief("> 5 tracks of dub, instrumental").track_count.value == 5


# -- notes on the message itself, counts corrected a few words on ---------------------------------
@pytest.mark.parametrize("text, count", [
    ("[Sprachmemo 2:05] Hallo, wir brauchen 4 Stücke Lo-Fi.", 4),
    ("(voice memo, 0:58) three jazz tunes for the bar", 3),
])
def test_a_recording_note_is_no_length_and_no_voice(text, count):
    c = read_brief(text)
    assert c.track_count.value == count
    assert c.duration is None and c.vocal is None


@pytest.mark.parametrize("text, count", [
    ("we want six songs, no wait, my partner just said seven songs, all folk.", 7),
    ("nueve canciones, no, pará, que me dice el jefe que ocho canciones.", 8),
])
def test_a_count_taken_back_with_words_before_the_new_one(text, count):
    assert read_brief(text).track_count.value == count


# -- names of tracks and ordinals that name no track ---------------------------------------------
def test_a_piece_said_to_be_a_numbered_track_is_that_track():
    c = read_brief("Five songs. The bride's entrance is track 2 and it is instrumental; the rest sung by a man.")
    tracks = _tracks(c)
    assert tracks[2].vocal.value is False
    assert 1 not in tracks  # "The bride's" is no first track


@pytest.mark.parametrize("text", ["Three songs; the first dance should be slow.",
                                  "Quatro faixas, o estúdio fica no 3º andar."])
def test_an_ordinal_before_a_moment_or_a_floor_names_no_track(text):
    c = read_brief(text)
    assert not [t for t in c.tracks if t.index in (1, 3)]


def test_a_portuguese_and_between_two_tracks_is_no_is():
    c = read_brief("8 faixas de samba, todas instrumentais, menos a faixa 2 e a faixa 6, que têm voz.")
    assert {i for i, t in _tracks(c).items() if t.vocal and t.vocal.value} == {2, 6}


# -- bare numbers under a tracklist ----------------------------------------------------------------
@pytest.mark.parametrize("text, sung, plain", [
    ("1. Dawn – 2:00\n2. Fields – 3:00\n3. Home – 2:30\n\nJo sings on 3 (male). 1 and 2 are instrumental.", {3}, {1, 2}),
    ("1. Mar – 3:00\n2. Sol – 2:40\n3. Lua – 4:00\n\nA 2 e a 3 são cantadas, a outra instrumental.", {2, 3}, {1}),
])
def test_numbers_after_a_tracklist_name_its_tracks(text, sung, plain):
    tracks = _tracks(read_brief(text))
    assert {i for i, t in tracks.items() if t.vocal and t.vocal.value} >= sung
    brief = parse_brief_text(text)
    assert {i + 1 for i, t in enumerate(brief.tracks) if t.vocal is False} == plain


def test_under_no_tracklist_vocals_on_a_number_still_counts_sung_tracks():
    assert read_brief("jazz album, 8 tracks, female vocals on 3").vocal_tracks.value == 3


# -- a list of pieces that sums to the count ---------------------------------------------------------
def test_a_list_of_pieces_is_the_count_and_a_piece_named_again_is_its_tracks():
    c = read_brief("For our platformer: a title theme, four level themes, a boss fight and the ending, in that order. "
                   "The boss fight should be fast.")
    assert c.track_count.value == 7
    assert _tracks(c)[6].tempo.value == "fast"


@pytest.mark.parametrize("text, count", [
    ("Need 3 songs, a logo and a poster for the launch.", 3),
    ("quatre morceaux de jazz, deux rapides et deux lents", 4),
    ("a singer, a drummer and three songs", 3),
])
def test_a_list_that_opens_with_the_count_or_names_no_pieces_is_no_sum(text, count):
    assert read_brief(text).track_count.value == count


# -- voices, exceptions and refusals -----------------------------------------------------------------
def test_voices_only_except_one_track_with_an_instrument():
    text = "Six songs for voices only, no instruments at all, except the last one, which has a harp."
    c = read_brief(text)
    assert not c.conflicts and [i.value for i in _tracks(c)[-1].instruments] == ["harp"]
    plan = plan_album(parse_brief_text(text), llm=None, seed=1)
    assert "harp" in plan.tracks[-1].caption and "harp" not in plan.tracks[0].caption
    assert all(t.vocal for t in plan.tracks)


@pytest.mark.parametrize("text", ["cuatro piezas ambient, sin batería ni voces", "four ambient pieces, no drums or vocals",
                                  "vier Stücke, weder Schlagzeug noch Gesang", "quatre pièces ambient. Aucune voix.",
                                  "cuatro piezas, ninguna voz"])
def test_a_voice_refused_beside_another_thing_is_instrumental(text):
    assert read_brief(text).vocal.value is False


def test_a_voice_in_the_exception_is_another_voice_not_an_instrumental():
    c = read_brief("5 chansons, toutes chantées par un homme, sauf la 2 pis la 4, c'est une femme qui chante.")
    tracks = _tracks(c)
    assert c.vocal.value is True and c.voice.value == "male"
    assert tracks[2].voice.value == "female" and tracks[4].voice.value == "female"


@pytest.mark.parametrize("text", ["7 Lieder. Männer- und Frauenstimme im Duett.", "4 songs, female voice in a duet"])
def test_a_duet_said_after_a_voice_is_the_duet(text):
    assert read_brief(text).voice.value == "duet"


def test_a_translation_in_french_is_no_music():
    with pytest.raises(ConfigError, match="not music"):
        parse_brief_text("Bonjour, pourriez-vous traduire cette lettre en anglais ? 2 pages, 40 € la page.")


# -- words of the five languages ---------------------------------------------------------------------
@pytest.mark.parametrize("text, field, value", [
    ("un recueil de six chants pour la messe", "track_count", 6),
    ("A capa do disco é azul; é tudo samba, 4 faixas.", "genre", "samba"),
    ("4 faixas, ritmo médio", "tempo", "mid-tempo"),
    ("Acht Volkslieder für das Sommerfest", "genre", "folk"),
])
def test_words(text, field, value):
    assert getattr(read_brief(text), field).value == value


@pytest.mark.parametrize("text, instrument", [("tres piezas con cuenco tibetano", "singing bowls"),
                                              ("duas faixas com guitarra clássica", "classical guitar")])
def test_instrument_names(text, instrument):
    assert [i.value for i in read_brief(text).instruments] == [instrument]


def test_positions_in_french():
    c = read_brief("10 tracks house, 124 bpm partout, sauf l'ouverture à 110 et la clôture à 130.")
    tracks = _tracks(c)
    assert tracks[1].bpm.value == 110 and tracks[-1].bpm.value == 130


# -- lengths ----------------------------------------------------------------------------------------
def test_a_length_takes_the_unit_of_the_track_before():
    c = read_brief("three tracks: the first with 2 min, the second with 3 and the last with 45 seconds")
    tracks = _tracks(c)
    assert (tracks[1].duration.value, tracks[2].duration.value, tracks[-1].duration.value) == (120, 180, 45)


def test_together_is_a_total_and_a_price_with_a_thousands_space_is_no_number():
    c = read_brief("Acht Lieder, zusammen etwa 30 Minuten. Das Budget: 1 500 €.")
    assert c.total_duration.value == 1800 and c.duration is None
    assert not c.unused


def test_a_verb_between_number_and_noun_counts_nothing():
    c = read_brief("Male vocals on all but the intro and outro, those two are instrumental. Seven songs in all.")
    assert c.track_count.value == 7


# -- round 19's rules ---------------------------------------------------------------------------------
def test_a_table_whose_rows_leave_their_last_cells_empty():
    text = ("trk | what | len | notes\n1 | opening sting | 0:20 | piano only\n2 | theme | 1:00 |\n"
            "3 | bed | 3:00 | slow, 70bpm\n\nEverything dark ambient.")
    tracks = _tracks(read_brief(text))
    assert (tracks[1].duration.value, tracks[2].duration.value, tracks[3].bpm.value) == (20, 60, 70)


def test_a_lettered_list_is_a_tracklist_and_its_letters_name_tracks():
    c = read_brief("A) Menu – 90 bpm\nB) Level – 120 bpm\nC) Credits – slow\nOnly C has vocals, the rest instrumental.")
    assert c.track_count.value == 3
    assert _tracks(c)[3].vocal.value is True and _tracks(c)[2].bpm.value == 120


def test_lines_that_name_their_track_in_words_are_items():
    c = read_brief("pista uno: intro, 1 minuto\npista dos: rápida, 2 min, con una voz de mujer\npista tres: lenta, 3 min")
    tracks = _tracks(c)
    assert c.track_count is None or c.track_count.value == 3
    assert (tracks[1].duration.value, tracks[2].duration.value, tracks[3].duration.value) == (60, 120, 180)


@pytest.mark.parametrize("text, count", [("Eight tracks. Actually no, ten, the bar stays open late.", 10),
                                         ("una docena de temas... bah, no, once, que ya tenemos uno.", 11)])
def test_a_count_taken_back_after_a_filler(text, count):
    assert read_brief(text).track_count.value == count


def test_a_span_of_the_day_and_a_decade_are_no_lengths():
    c = read_brief("6 songs for the bar, the late shift runs 7:30 to 11:30, nothing that sounds like a 1980s mall.")
    assert c.duration is None and c.duration_range is None and c.total_duration is None
    assert read_brief("6 songs, 2:30 to 3:30 each").duration_range.value == (150, 210)


def test_an_instrument_refused_and_named_again_stays_refused():
    c = read_brief("Bossa nova, 6 tracks. NO saxophone: the owner thinks sax in a lobby feels dated.")
    assert [x.value for x in c.excluded] == ["saxophone"] and not c.instruments


def test_a_place_given_in_brackets_names_the_track():
    c = read_brief("Three pieces. The entrance (first) instrumental, about 2:00. The exit (third) fast, 1:30.")
    tracks = _tracks(c)
    assert tracks[1].duration.value == 120 and tracks[3].duration.value == 90 and tracks[3].tempo.value == "fast"


def test_only_with_a_slang_word_and_a_singer_who_is_no_count():
    c = read_brief("Quiero ocho rolas de cumbia, a 100 bpm todas. Nomás la 2 y la 5 con voz, de un vato cantando.")
    tracks = _tracks(c)
    assert c.vocal_tracks is None and tracks[2].vocal.value and tracks[5].vocal.value and c.vocal.value is False
    assert c.voice.value == "male"


def test_a_voice_in_a_that_clause_after_the_exception():
    c = read_brief("Dix tounes chantées par un gars, sauf la dernière qu'on veut en duo.")
    assert c.voice.value == "male" and _tracks(c)[-1].voice.value == "duet"


def test_the_middle_one_said_without_a_noun():
    assert _tracks(read_brief("Quiero once temas, todos instrumentales salvo el del medio, que se canta."))[6].vocal.value
    assert _tracks(read_brief("Drei Stücke. Das mittlere bitte langsam."))[2].tempo.value == "slow"


@pytest.mark.parametrize("text, bounds", [("cinco canciones, y que ninguna pase de dos minutos", (10, 120)),
                                          ("zehn Lieder, jedes unter zwee Minuten", (10, 120))])
def test_a_length_none_may_pass(text, bounds):
    assert read_brief(text).duration_range.value == bounds


def test_a_bound_word_inside_a_word_is_none():
    c = read_brief("Diez temas de seis minutos cada uno")
    assert c.duration.value == 360 and c.duration_range is None


@pytest.mark.parametrize("text", ["can you draft a firm but polite email disputing the fee?",
                                  "Pouvez-vous me dire quelles cases cocher pour les frais de garde ?"])
def test_a_question_about_something_else_is_refused(text):
    with pytest.raises(ConfigError, match="not music"):
        parse_brief_text(text)


@pytest.mark.parametrize("text", ["Can you make something chill for my wedding?",
                                  "Pouvez-vous faire la musique de notre mariage ?"])
def test_a_vague_request_for_music_is_planned(text):
    assert parse_brief_text(text) is not None


@pytest.mark.parametrize("text, seconds", [("six morceaux, chacun d'une minute trente", 90),
                                           ("six morceaux, chacun d'une minute trente... enfin nonante secondes", 90),
                                           ("seis temas de dos minutos y cuarenta", 160)])
def test_minutes_with_their_seconds_in_words(text, seconds):
    assert read_brief(text).duration.value == seconds


def test_a_films_length_in_brackets_is_the_films():
    c = read_brief('my short film is called "Low Tide" (14 min, no budget). I need 3 tracks, 1 min each.')
    assert c.total_duration is None and c.duration.value == 60


@pytest.mark.parametrize("text, field, value", [
    ("necesito tres cuecas nuevas", "genre", "cueca"),
    ("cinco músicas de chamamé", "genre", "chamame"),
    ("zwölf Stückl Polka", "track_count", 12),
    ("drei Stück, Koi Gsang", "vocal", False),
    ("a Meditationsmusik, drei Stück, zamma a Stund", "total_duration", 3600),
])
def test_regional_words(text, field, value):
    assert getattr(read_brief(text), field).value == value


def test_a_bavarian_man_sings_the_last_one():
    assert _tracks(read_brief("4 Stücke, bloß beim letzten singt a Mannsbild."))[-1].voice.value == "male"


def test_an_exception_with_a_preposition_and_its_own_voice():
    c = read_brief("8 canciones. Voz femenina en todas menos en la 3, que la canta un hombre.")
    assert c.voice.value == "female" and _tracks(c)[3].voice.value == "male"


@pytest.mark.parametrize("text, sung", [("6 songs, vocals on all but 2", 4), ("8 tracks, all instrumental except 3", 3),
                                        ("5 Lieder, alle mit Gesang außer zwei", 3)])
def test_all_but_a_number_counts_the_sung_tracks(text, sung):
    plan = plan_album(parse_brief_text(text), llm=None, seed=1)
    assert sum(t.vocal for t in plan.tracks) == sung


def test_tracks_longer_than_the_engine_renders_are_planned_at_its_limit_and_the_total_follows():
    plan = plan_album(parse_brief_text("three pieces, each twenty minutes long, an hour in all"), llm=None, seed=1)
    assert [t.duration for t in plan.tracks] == [600.0] * 3
    assert any("not the 3600 s (60 minutes) asked" in n for n in plan.notes)


# -- round 20's rules ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text, count", [("need 5 instr. beds for a vlog, 1 min ea", 5), ("house set, 12 trks", 12),
                                         ("lo-fi, 3 songs for my stream lol no wait 4", 4),
                                         ("punk album, 8 songs.. nee 9. schnell", 9), ("4 plages ambient", 4),
                                         ("Spectacle de fin d'année (5 numéros). Numéro 1 valse, numéro 2 tango", 5)])
def test_terse_counts(text, count):
    assert read_brief(text).track_count.value == count


def test_a_bpm_range_after_its_unit_and_abbreviations_that_end_with_a_dot():
    c = read_brief("lo-fi, 6 tracks, BPM 85-90, männl. Gesang, engl. Texte, insgesamt max. 20 min")
    assert c.bpm_range.value == (85, 90) and c.voice.value == "male" and c.lyrics_language.value == "en"
    assert c.total_max.value == 1200


def test_a_spreadsheet_pasted_with_semicolons():
    c = read_brief("faixa;gênero;duração;voz\n1;MPB;3:20;feminina\n2;samba;2:50;instrumental\n3;MPB;4:10;dueto")
    tracks = _tracks(c)
    assert c.track_count.value == 3 and tracks[2].vocal.value is False and tracks[3].voice.value == "duet"
    assert tracks[1].duration.value == 200


@pytest.mark.parametrize("text", ["Techno-Set: 8 Tracks à 6 Minuten, Gesamtlänge höchstens 30 Minuten.",
                                  "rock, 4 faixas de 8 min cada, mas o álbum inteiro não pode passar de 10 min"])
def test_lengths_each_and_a_whole_album_that_cannot_hold_them_are_refused(text):
    with pytest.raises(ConfigError, match="total"):
        plan_album(parse_brief_text(text), llm=None, seed=1)


def test_an_english_compound_ending_in_a_genre_is_no_genre():
    c = read_brief("Wedding at the boathouse: 6 acoustic folk songs")
    assert "folk" in c.genre.value and "house" not in c.genre.value


def test_spanish_abbreviated_ordinals_and_a_table_word():
    c = read_brief("va la tabla: 9 temas house, sin voces salvo el 1ro y el último")
    tracks = _tracks(c)
    assert tracks[1].vocal.value and tracks[-1].vocal.value and not c.instruments


def test_an_instrument_glued_to_the_voice():
    assert [i.value for i in read_brief("11 titres, piano-voix, voix féminine").instruments] == ["piano"]


def test_references_in_brackets_name_the_words_on_both_sides():
    c = read_brief("8 morceaux. Tempo lent pour la cérémonie (pistes 1 à 3), rapide pour le cocktail (4 à 8).")
    tracks = _tracks(c)
    assert tracks[2].tempo.value == "slow" and tracks[6].tempo.value == "fast"
    c = read_brief("10 tracks. Title screen (track 1) medium tempo. Boss theme (track 9) fast.")
    assert _tracks(c)[1].tempo.value == "mid-tempo" and _tracks(c)[9].tempo.value == "fast"


def test_a_rest_after_a_preposition_keeps_its_own_words():
    c = read_brief("6 sons hip-hop, le 3e sans voix c un interlude, voix masc sur les autres")
    tracks = _tracks(c)
    assert tracks[3].vocal.value is False and tracks[3].voice is None and tracks[0].voice.value == "male"
