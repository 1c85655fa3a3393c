"""Session 13's rules, from an unseen round of briefs: lines that open with one label and a running number
("Track 2 130", "Raum 1: ..."), a number alone on such a line as its tempo, a style qualifier before a
capitalised genre ("Deep House"), "none with vocals" in five languages, a voice with two words of its own before
its count, instruments said in other words (a kick, a hand drum, foot percussion, an acoustic bass, analog synths),
an "each" with an "about" before the length, and the checker's own reading of a kind of an instrument. Written in
other words than the briefs that taught the rules."""

from __future__ import annotations

import pytest

from agent.planning.compliance import TrackExpect, _has_instrument, _overlay
from agent.planning.reader import read_brief
from agent.planning.tidy import tidy


def test_lines_opening_with_one_label_and_a_running_number_are_a_tracklist():
    c = read_brief("Set for the warehouse, 4 tracks, instrumental.\nCue 1 122\nCue 2 126\nCue 3 128\n"
                   "Cue 4 down to 110, more of a dub techno thing\nNo vocals at all.")
    t = c.named()
    assert c.track_count.value == 4
    assert [t[i].bpm.value for i in (1, 2, 3, 4)] == [122, 126, 128, 110]
    assert c.vocal.value is False and not t[4].vocal  # the line after the list speaks of the album


def test_a_label_inside_a_bracket_opens_its_line_too():
    c = read_brief("Hörspiel-Musik:\nSzene 1: Wald, sehr langsam, 3 Min\nSzene 2: Verfolgung, 150 BPM, 2 Min\n"
                   "Abspann (Szene 3): Orchester, 1 Min")
    t = c.named()
    assert c.track_count.value == 3
    assert (t[1].duration.value, t[2].bpm.value, t[3].duration.value) == (180.0, 150, 60.0)


def test_one_label_on_one_line_or_two_labels_make_no_list():
    assert "\n" not in tidy("Track 1 of the old record was great\nand we want more like it")
    text = tidy("Room 1 is the lobby\nTrack 2 must be calm")
    assert text.count("\n") == 0


@pytest.mark.parametrize("text, style", [
    ("Zwei Tracks. Track 1 130\nTrack 2 eher Deep House, 120", "deep house"),
    ("two tracks for the gym. The second should be Hard Techno, 145 bpm", "hard techno"),
])
def test_a_style_qualifier_before_a_capitalised_genre_is_no_band_name(text, style):
    assert read_brief(text).named()[2].genre.value == style


@pytest.mark.parametrize("text", [
    "5 tracks lounge, none of them with vocals", "cinco temas de bossa, ninguno con voz",
    "cinq morceaux lounge, aucun avec chant", "fünf Stücke Lounge, keins davon mit Gesang",
    "cinco faixas lounge, nenhuma delas com voz",
])
def test_none_with_vocals_is_instrumental(text):
    assert read_brief(text).vocal.value is False


@pytest.mark.parametrize("text, n", [
    ("10 tracks of doom metal. Deep growled vocals on 4 of them, the rest instrumental.", 4),
    ("8 titres de blues. Voix féminine très rauque sur 3 d'entre eux, le reste instrumental.", 3),
])
def test_a_voice_with_two_words_of_its_own_before_its_count(text, n):
    assert read_brief(text).vocal_tracks.value == n


@pytest.mark.parametrize("text, name", [
    ("4 tracks techno with a heavy kick", "kick drum"), ("tres temas con bombo y bajo", "kick drum"),
    ("trois morceaux, grosse caisse et cuivres", "kick drum"), ("3 faixas com tambor de mão", "hand drum"),
    ("4 reels avec podorythmie et violon", "foot percussion"), ("6 temas, bajo acústico y piano", "upright bass"),
    ("ein Album mit Blasmusik, 5 Lieder", "brass"), ("4 pistes avec thérémine", "theremin"),
])
def test_instruments_said_in_other_words(text, name):
    assert name in [i.value for i in read_brief(text).instruments]


@pytest.mark.parametrize("text", [
    "7 morceaux électro, synthés analogiques partout", "6 Tracks mit analogen Synthesizern",
])
def test_an_analog_synth_keeps_its_kind(text):
    assert "analog synths" in [i.value for i in read_brief(text).instruments]


@pytest.mark.parametrize("text", [
    "10 temas de jazz. Cada tema com mais ou menos 4 minutos, mas o total não pode passar de 45 minutos.",
    "10 tracks of jazz. Each track more or less 4 minutes, but the total must stay under 45 minutes.",
    "10 morceaux de jazz. Chaque morceau avec environ 4 minutes, mais le total ne doit pas dépasser 45 minutes.",
])
def test_each_with_an_about_before_the_length_is_every_tracks_length(text):
    c = read_brief(text)
    assert c.duration.value == 240.0 and c.total_duration is None and c.total_max.value == 2700.0


def test_the_checker_reads_a_kind_of_an_instrument_and_a_sections_member():
    assert _has_instrument("analog synthesizer", "techno, analog synths, kick drum")
    assert not _has_instrument("analog synthesizer", "techno, synths, kick drum")
    assert _has_instrument("nylon guitar", "bossa nova, classical guitar")  # a row of its own wins
    lifted = _overlay(TrackExpect(excluded=["percussion"]), TrackExpect(instruments=["hand drum"]))
    assert lifted.excluded == []  # "no percussion except a hand drum on the third"
    kept = _overlay(TrackExpect(excluded=["percussion"]), TrackExpect(instruments=["cello"]))
    assert kept.excluded == ["percussion"]


@pytest.mark.parametrize("text, count, genre", [
    ("Für das Hafenfest brauchen wir 5 Shantys mit Männerchor.", 5, "sea shanty"),
    ("an album of 8 sea shanties for the pub quiz", 8, "sea shanty"),
    ("Um disco de moda de viola com 6 modas, dupla caipira", 6, "modao"),
])
def test_a_shanty_and_a_moda_count_as_pieces(text, count, genre):
    c = read_brief(text)
    assert c.track_count.value == count and c.genre.value == genre


def test_modas_alone_is_fashion_not_a_genre():
    c = read_brief("as modas de hoje cansam, quero 3 faixas de rock")
    assert c.track_count.value == 3 and c.genre.value == "rock"


@pytest.mark.parametrize("text, voice", [
    ("4 canciones para niños, que cante un señor", "male"), ("trois chansons avec une voix grave", "male"),
    ("3 Lieder, bitte mit tiefer Stimme", "male"),
])
def test_a_man_with_his_article_and_a_low_voice_are_male(text, voice):
    assert read_brief(text).voice.value == voice


def test_a_letter_that_opens_with_senor_names_no_singer():
    assert read_brief("Estimado señor: quiero 3 temas instrumentales de jazz").voice is None


def test_two_parities_opening_two_pieces_of_a_sentence_need_no_article():
    c = read_brief("8 Stücke, abwechselnd (ungerade Polka, gerade Walzer), je 3 Minuten, mit Akkordeon")
    t = c.named()
    assert [t[i].genre.value for i in (1, 2, 7, 8)] == ["polka", "waltz", "polka", "waltz"]
    assert c.duration.value == 180.0 and not t[2].duration  # the words after the bracket speak of the album


def test_one_parity_word_alone_names_no_tracks():
    assert not read_brief("we need pairs of songs, even better with horns; 6 tracks").tracks


def test_a_that_one_after_a_looking_back_reference_names_it_again():
    c = read_brief("Six songs, all with a choir except the closer, which is track 6 - that one should be a solo "
                   "tenor, very slow, with piano.")
    t = c.named()[6]
    assert t.tempo.value == "very slow" and t.voice.value == "male"


@pytest.mark.parametrize("text, last", [
    ("Cinco piezas para cuerdas. Duración: dos minutos cada una, la última puede tener cuatro.", 240.0),
    ("Quatre morceaux, trois minutes chacun, le dernier peut durer six.", 360.0),
])
def test_a_number_word_after_a_verb_of_lasting_takes_the_unit_of_every_tracks_length(text, last):
    c = read_brief(text)
    assert c.named()[-1].duration.value == last


def test_the_last_one_is_no_length():
    c = read_brief("9 tracks x 5 min, vocals on every track except the cooldown (last one, very slow)")
    assert not c.named()[-1].duration


@pytest.mark.parametrize("text, count", [
    ("Mein Sohn hat diktiert: 'Drei Lieder über Dinos, alle laut.'", 3),
    ("He wrote on the fridge: 'four songs about trains'", 4),
])
def test_a_count_inside_single_quotes_is_read(text, count):
    assert read_brief(text).track_count.value == count


def test_a_counted_list_keeps_its_brackets_and_words_that_go_on_the_item_before():
    c = read_brief("Für die Hochzeit 5 Stücke: Einzug (Streichquartett, feierlich, 4 Minuten), drei Lieder mit "
                   "Klavierbegleitung (je 3 Minuten), und ein Auszug, wieder Streichquartett, 2 Minuten.")
    t = c.named()
    assert [t[i].duration.value for i in range(1, 6)] == [240.0, 180.0, 180.0, 180.0, 120.0]
    assert "piano" in [i.value for i in t[3].instruments]


def test_a_list_after_any_colon_whose_items_say_their_numbers_defines_the_tracks():
    c = read_brief("For the audio guide, in this order: 1 intro sting of 10s, 2 room loops of 3 min each, "
                   "and 1 outro of 30s. Calm, no vocals.")
    t = c.named()
    assert c.track_count.value == 4
    assert [t[i].duration.value for i in (1, 2, 3, 4)] == [10.0, 180.0, 180.0, 30.0]


def test_named_tracks_in_a_list_are_no_counted_items():
    c = read_brief("4 titres : morceau 1 intro de 30s, morceaux 2 et 3 interludes de 10s, morceau 4 final de 30s.")
    t = c.named()
    assert [t[i].duration.value for i in (1, 2, 3, 4)] == [30.0, 10.0, 10.0, 30.0]


def test_songs_for_a_choir_are_sung_by_a_choir():
    assert read_brief("drei Chorlieder für den Gottesdienst").voice.value == "choir"


def test_a_word_ending_in_a_piece_noun_names_no_track():
    assert read_brief("playlist maison 12 titres, jazz manouche").track_count.value == 12  # "maison" is no "son"


def test_a_range_of_tracks_opened_with_da_and_a_range_before_a_vocal_count():
    c = read_brief("6 faixas de pagode. A faixa 1 é uma vinheta instrumental, da 2 à 6 com cantor, 3 min cada.")
    t = c.named()
    assert t[1].vocal.value is False and all(t[i].vocal.value for i in range(2, 7))
    assert c.vocal_tracks is None or c.vocal_tracks.value == 5


@pytest.mark.parametrize("text, count", [
    ("Radio-Paket: 4 Varianten, je 5 Sekunden", 4), ("two variants of the theme, 30 seconds each", 2),
])
def test_variants_are_pieces(text, count):
    assert read_brief(text).track_count.value == count


def test_a_second_group_named_by_its_genre_adds_to_the_count():
    c = read_brief("Quiero 3 canciones de cumbia y 2 de salsa para la fiesta")
    t = c.named()
    assert c.track_count.value == 5 and [t[i].genre.value for i in (1, 3, 4, 5)] == ["cumbia", "cumbia", "salsa", "salsa"]


@pytest.mark.parametrize("text", [
    "Genre 12 morceaux... ah non, mon associé dit 9. Du folk.", "12 tracks... oh no, my partner says 9. Folk.",
])
def test_an_ah_no_after_an_ellipsis_takes_the_count_back(text):
    assert read_brief(text).track_count.value == 9


@pytest.mark.parametrize("text, style", [
    ("6 morceaux d'afro house pour le bar", "afro house"), ("um disco de pop-rock, 8 faixas", "pop rock"),
    ("un album d'indie folk, 5 titres", "indie folk"),
])
def test_a_style_after_an_elided_article_and_pop_rock(text, style):
    assert read_brief(text).genre.value == style


def test_a_reference_after_a_dash_looks_back_only_to_the_dash():
    c = read_brief("10 faixas de pop. Metade cantadas e metade instrumentais — as cantadas são as 5 primeiras.")
    t = c.named()
    assert all(t[i].vocal.value for i in range(1, 6))


def test_the_checker_takes_a_fiddle_for_a_violin_and_horns_for_brass():
    assert _has_instrument("violin", "folk, acoustic guitar, fiddle")
    assert _has_instrument("brass", "soul, horns, bass")
    assert not _has_instrument("violin", "folk, fiddler's tune")  # a word, not the instrument


def test_ranges_with_an_en_dash_continue_a_list_of_references():
    c = read_brief("8 Tracks. Tempo: Track 1–2 mittel, 3–5 schnell, 6–8 sehr schnell.")
    assert [c.named()[i].tempo.value for i in (1, 3, 6, 8)] == ["mid-tempo", "fast", "very fast", "very fast"]


def test_medio_tiempo_is_mid_tempo():
    assert read_brief("10 canciones de cumbia, medio tiempo").tempo.value == "mid-tempo"


def test_a_numbered_list_after_a_later_colon_when_the_first_colon_holds_no_pieces():
    c = read_brief("Durée : 3 min chacune. Dans l'ordre : 1 générique de 15s, 3 pistes de fond, et 1 jingle de 20s.")
    t = c.named()
    assert c.track_count.value == 5 and (t[1].duration.value, t[5].duration.value) == (15.0, 20.0)


@pytest.mark.parametrize("text", [
    "16 chansons, max 3 minutes chacune, les gens restent 8 min sur la chaise.",
    "10 songs, at most 4 min each. Guests wait about 12 minutes in the queue.",
    "10 Lieder, höchstens 4 Minuten, die Fahrgäste bleiben etwa 20 Minuten an Bord.",
])
def test_people_spending_their_own_time_set_no_length(text):
    c = read_brief(text)
    assert c.duration is None and c.duration_range.value[1] in (180.0, 240.0)


def test_a_length_for_the_people_who_stay_is_still_a_wish():
    assert read_brief("10 songs of 8 min for the people who stay").duration.value == 480.0


def test_the_track_another_repeats_opens_no_words_of_its_own():
    c = read_brief("3 Stücke:\n- Nr. 1: Harfe, sehr langsam, 5 Minuten\n- Nr. 2: Klavier, 4 Minuten\n"
                   "- Nr. 3: wie Nr. 1, aber schneller")
    assert c.named()[1].duration.value == 300.0  # "schneller" and what follows the model are track 3's


@pytest.mark.parametrize("text", ["8 piezas de swing. Sin sintetizadores ni cajas de ritmo.",
                                  "8 faixas, sem caixas de ritmo"])
def test_drum_machines_in_the_plural(text):
    assert "drum machine" in [e.value for e in read_brief(text).excluded]


def test_a_group_named_by_its_genre_is_spoken_of_later_by_that_name():
    c = read_brief("Quiero 3 canciones de cumbia y 2 de bolero. La cumbia rápida, con acordeón. Los boleros lentos, "
                   "con alfaias y sin acordeón.")
    t = c.named()
    assert [t[i].tempo.value for i in (1, 3, 4, 5)] == ["fast", "fast", "slow", "slow"]
    assert "accordion" in [e.value for e in t[5].excluded] and "alfaia" in [i.value for i in t[4].instruments]
    assert not any(e.value == "accordion" for e in c.excluded)  # the boleros' exclusion is theirs


def test_there_after_a_reference_and_its_relative_clause_names_it_again():
    c = read_brief("6 short pieces, fast, no drums except on track 4 which is the giant's dance - there I want big "
                   "toms, slow and heavy.")
    t = c.named()[4]
    assert t.tempo.value == "slow" and c.tempo.value == "fast"


@pytest.mark.parametrize("text", ["Instrumente: Synthesizer, Glasharfe, Celesta", "a glass harmonica solo piece"])
def test_the_glass_harp(text):
    assert "glass harp" in [i.value for i in read_brief(text).instruments]


def test_one_number_ending_a_list_of_references_names_a_track():
    c = read_brief("6 Tracks Techno. Tempo: Track 1–2 mittel, 3–5 schnell, 6 langsam zum Ausklang.")
    assert c.named()[6].tempo.value == "slow"


def test_a_number_of_a_list_already_read_and_a_count_are_no_such_reference():
    c = read_brief("8 Stücke. Die Stücke 2, 4 und 6 sollen gesungen sein (Chor), die übrigen instrumental.")
    assert all(c.named()[i].voice.value == "choir" for i in (2, 4, 6))
    assert not read_brief("we want 5 tracks, 2 slow ones").tracks


def test_a_number_word_after_be_is_no_length():
    c = read_brief("5 songs, 3 minutes each, the second should be one with vocals.")
    assert not c.named()[2].duration
