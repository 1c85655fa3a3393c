"""Session 19's rules, from two unseen rounds of briefs (rounds 42 and 49), tested in other words than the briefs
that taught them."""

from __future__ import annotations

import pytest

from agent.planning.brief_text import parse_brief_text
from agent.planning.reader import read_brief
from engine.errors import ConfigError
from engine.genres import genre


def _voiced(c) -> dict[int, bool]:
    return {t.index: t.vocal.value for t in c.tracks if t.vocal is not None}


def _durations(c) -> dict[int, float]:
    return {t.index: t.duration.value for t in c.tracks if t.duration is not None}


def test_a_correction_said_with_a_verb_or_an_oops():
    assert read_brief("10 canções de forró - ops, corrigindo, são 12 - todas cantadas").track_count.value == 12
    assert read_brief("7 chansons pop... non, ce sont 9, toutes chantées").track_count.value == 9
    assert read_brief("8 songs oops, make that 6, all instrumental").track_count.value == 6


def test_a_new_count_reported_from_someone_else():
    assert read_brief("Quiero 9 temas de salsa... bueno no, mi jefa dice que mejor 7, que no hay tiempo").track_count.value == 7
    assert read_brief("12 tracks of house. no, she says 10, the party is short.").track_count.value == 10


def test_a_count_said_to_be_enough_replaces_the_first():
    c = read_brief("Wir wollen 8 Lieder Rock. Ach, 6 Lieder reichen, das siebte und achte fallen weg.")
    assert c.track_count.value == 6
    assert read_brief("Il faudrait 10 morceaux de jazz, bon, 7 morceaux suffisent.").track_count.value == 7


def test_a_bare_number_over_an_album_is_no_new_count():
    c = read_brief("6 faixas de funk, 130 bpm. na verdade a última mais lenta, uns 95.")
    assert c.track_count.value == 6
    assert {t.index: t.bpm.value for t in c.tracks if t.bpm is not None} == {-1: 95}


def test_a_tempo_word_said_as_what_not_to_do():
    assert read_brief("5 Lieder, Blues, bitte nichts Langsames, eher zügig").tempo.value == "fast"
    assert read_brief("4 chansons de jazz, rien de rapide").tempo is None
    assert read_brief("3 piano pieces, nothing fast, something slow").tempo.value == "slow"


def test_a_voice_said_to_be_unneeded():
    assert read_brief("6 Stücke Jazz, Gesang ist nicht nötig").vocal.value is False
    assert read_brief("5 temas de bolero, la voz no hace falta").vocal.value is False
    assert read_brief("4 tracks of ambient, vocals not needed").vocal.value is False


def test_a_spec_line_that_says_none_then_an_exception():
    c = read_brief("Count: 5\nGenre: funk\nVocals: none, except track 3 (male)")
    assert c.vocal.value is False and _voiced(c) == {3: True}
    c = read_brief("Anzahl: 4\nGesang: keiner, außer Stück 2")
    assert c.vocal.value is False and _voiced(c) == {2: True}


def test_a_spec_line_of_what_not_to_use():
    for text, name in (("5 tracks, jazz\nAvoid: trumpet", "trumpet"), ("4 temas, bolero\nEvitar: acordeón", "accordion"),
                       ("3 Stücke, Pop\nDo not use: banjo", "banjo"), ("6 titres\nÀ éviter : orgue", "organ")):
        assert [x.value for x in read_brief(text).excluded] == [name], text


def test_a_wish_that_it_not_have_one_and_the_real_kind():
    assert [x.value for x in read_brief("5 temas de bachata, que no tengan trompeta").excluded] == ["trumpet"]
    assert [x.value for x in read_brief("4 faixas de pop, que não tenha piano").excluded] == ["piano"]
    c = read_brief("8 Songs Synthpop, keine echten Gitarren")
    assert "guitar" in [x.value for x in c.excluded] and "guitar" not in [x.value for x in c.instruments]


def test_an_impossible_count_of_things_that_are_no_music_is_no_music_request():
    with pytest.raises(ConfigError, match="not music"):
        parse_brief_text("Can you print 50 raffle number tickets and 2 banners for Saturday?")
    with pytest.raises(ConfigError, match="asks for 40 tracks"):  # a music noun: a count to cut down, said so
        parse_brief_text("Can you make 40 songs for our radio?")
    assert parse_brief_text("Could you do 6 pieces for our wedding?").track_count == 6


def test_articled_numbers_after_on():
    c = read_brief("7 titres de disco, voix d'homme sur le 3 et le 6 uniquement, le reste instrumental")
    assert _voiced(c) == {3: True, 6: True, 0: False}
    c = read_brief("5 canciones, voz de mujer en la 1 y la 4, lo demás instrumental")
    assert {i for i, v in _voiced(c).items() if v} == {1, 4}


def test_a_range_after_the_word_tempo():
    assert read_brief("4 temas, tempo entre 100 y 110").bpm_range.value == (100, 110)
    assert read_brief("3 Stücke, Tempo zwischen 120 und 128").bpm_range.value == (120, 128)
    assert read_brief("5 songs, tempo from 90 to 4 minutes").bpm_range is None  # not a tempo range


def test_an_exception_with_a_length_of_its_own_is_the_lengths():
    c = read_brief("6 morceaux, tous instrumentaux, 3 minutes chacun, sauf le dernier qui dure 6 minutes")
    assert c.vocal.value is False and _voiced(c) == {}
    assert _durations(c) == {-1: 360.0}
    c = read_brief("5 songs, all sung, except the fourth, which is instrumental")
    assert _voiced(c) == {4: False}


def test_one_value_per_track_between_slashes():
    c = read_brief("Count: 3\nLength: 0:20 / 0:40 / 2:00\nStyle: techno")
    assert _durations(c) == {1: 20.0, 2: 40.0, 3: 120.0}
    c = read_brief("Tracks: 4\nTempo: 90 / 100 / 120 / 140")
    assert {t.index: t.bpm.value for t in c.tracks if t.bpm is not None} == {1: 90, 2: 100, 3: 120, 4: 140}
    assert read_brief("Tracks: 3\nLength: 1:00 / 2:00").tracks == []  # two values for three tracks: no guess


def test_a_list_that_says_which_tracks_the_words_before_meant():
    c = read_brief("8 tracks of soul, some with a male singer, namely tracks 1, 4 and 7. The rest instrumental.")
    assert _voiced(c) == {1: True, 4: True, 7: True, 0: False}


def test_rest_without_its_article():
    c = read_brief("6 faixas de samba, voz feminina nas faixas 2 e 3, resto instrumental")
    assert _voiced(c)[0] is False


def test_new_words():
    assert read_brief("Queremos 12 cortinitas para la radio").track_count.value == 12
    assert read_brief("Pour le bal, 5 airs à danser").track_count.value == 5
    assert [x.value for x in read_brief("4 country songs with fiddle and spoons").instruments] == ["fiddle", "spoons"]
    assert genre("samba jazz").name == "jazz"


# round 50's rules

def test_listed_items_named_again_by_what_sets_them_apart():
    c = read_brief("Racing game:\n1. menu - 20s\n2. track forest\n3. track snow\n4. credits - 15s\n"
                   "the races 2 min each, fast. Snow slower, the credits sung by a woman.")
    got = {t.index: t for t in c.tracks}
    assert got[3].tempo.value == "slow" and got[4].vocal.value is True and got[1].duration.value == 20.0
    c = read_brief("Juego:\n1. intro - 30s\n2. bosque\n3. cueva\nel bosque y la cueva rapidos")
    assert {t.index for t in c.tracks if t.tempo is not None and t.tempo.value == "fast"} == {2, 3}


def test_a_genre_glued_to_a_word_counts_only_piece_nouns():
    c = read_brief("6 temas de cumbia. track 5 y track 6 rapidos.")
    assert c.track_count.value == 6 and {t.index for t in c.tracks} == {5, 6}
    assert read_brief("3 Rocksongs, laut").track_count.value == 3


def test_ein_paar_is_a_few_and_ein_paar_capitalised_a_pair():
    assert read_brief("Wir brauchen ein paar Tracks im Chiptune-Stil").track_count is None
    assert read_brief("Wir brauchen ein Paar Songs, Rock").track_count.value == 2


def test_numbered_parts_of_what_the_music_is_for():
    c = read_brief("Wir brauchen 6 kurze Lieder, gesungen. Die Lektionen 3 und 6 sind Wiederholungen: ohne Gesang.")
    assert _voiced(c) == {3: False, 6: False}
    c = read_brief("Escape room, 4 tracks, techno. Room 2 (the vault) without drums.")
    assert [x.value for x in {t.index: t for t in c.tracks}[2].excluded] == ["drums"]


def test_an_exact_count_that_cannot_hold_the_total_is_refused_with_the_fix():
    with pytest.raises(ConfigError, match=r"at least 8 tracks"):
        parse_brief_text("Exactly 80 minutes in total, split into 4 equal tracks, ambient")


def test_a_relative_clause_texted_without_its_apostrophe():
    c = read_brief("8 comptines, aucune voix, sauf la 1ere et la 8e qu on veut chantees par un homme")
    assert c.vocal.value is False and _voiced(c) == {1: True, 8: True}


def test_other_writing_is_no_music_request():
    with pytest.raises(ConfigError, match="not music"):
        parse_brief_text("Can you write 12 product descriptions for my candle shop, about 80 words each?")


def test_not_wanting_said_with_a_verb():
    assert [x.value for x in read_brief("5 faixas de jazz, não queremos saxofone").excluded] == ["saxophone"]
    c = read_brief("4 piezas de ambient. La segunda debe no llevar piano.")
    assert [x.value for x in {t.index: t for t in c.tracks}[2].excluded] == ["piano"]


def test_a_long_length_after_an_ordinal_is_that_tracks():
    c = read_brief("6 piezas de ambient, de unos 5 minutos. La cuarta, que cierra la sesión, debe durar 20 minutos.")
    assert c.total_duration is None and _durations(c) == {4: 1200.0}


def test_a_units_dot_before_a_comma_ends_no_sentence():
    c = read_brief("3 Stücke: eins schnell, 20 Sek., eins langsam, 40 Sek., und eins mittel, 60 Sek.")
    assert _durations(c) == {1: 20.0, 2: 40.0, 3: 60.0}


def test_vite_said_of_the_music_only():
    assert read_brief("3 chansons, ça doit aller assez vite").tempo.value == "fast"
    assert read_brief("5 morceaux très lents, les chiens s'énervent vite").tempo.value == "very slow"


def test_more_new_words():
    assert read_brief("Für die Hörbuchreihe 5 Intros, je 30 Sekunden").track_count.value == 5
    assert read_brief("j'ai besoin d'une toune country").track_count.value == 1
    assert [x.value for x in read_brief("4 piezas con flauta de bambú").instruments] == ["bamboo flute"]
    assert read_brief("5 Stücke, eher gemächlich").tempo.value == "slow"


# round 51's rules

def test_studio_shorthand_for_tracks():
    c = read_brief("3 boom bap beats, instro. t1 88 / t2 92 / t3 95. no snare on t2")
    assert {t.index: t.bpm.value for t in c.tracks if t.bpm is not None} == {1: 88, 2: 92, 3: 95}
    assert [x.value for x in {t.index: t for t in c.tracks}[2].excluded] == ["snare drum"]
    c = read_brief("Projet, 3 titres :\nT1 100 bpm 3:00\nT2 120 bpm 4:00 - instru\nT3 90 bpm 5:00\nGuitares, basse.")
    assert _voiced(c) == {2: False} and "guitar" in [x.value for x in c.instruments]


def test_a_listed_title_named_again_with_its_capital():
    c = read_brief("| # | title | bpm |\n|---|---|---|\n| 1 | Blue Hour | 90 |\n| 2 | Skyline | 120 |\n| 3 | Driftwood | 80 |\n"
                   "All instrumental except Driftwood, which gets a male vocal.")
    assert _voiced(c) == {3: True} and c.vocal.value is False


def test_odd_and_even_numbered_ones():
    c = read_brief("6 tracks, odd numbered ones fast, even numbered ones slow")
    assert {t.index: t.tempo.value for t in c.tracks} == {1: "fast", 3: "fast", 5: "fast", 2: "slow", 4: "slow", 6: "slow"}


def test_a_range_of_tracks_with_its_article():
    c = read_brief("8 morceaux.\n- les 1 à 4 calmes et lents\n- les 5 à 8 rapides")
    assert {t.index: t.tempo.value for t in c.tracks} == {**dict.fromkeys(range(1, 5), "slow"), **dict.fromkeys(range(5, 9), "fast")}
    assert read_brief("3 chansons, les 2 à 3 minutes de pause").tracks == []  # a length, not tracks


def test_an_ordinal_among_excepted_numbers():
    c = read_brief("10 temas de salsa. Trompeta en todos menos en el 2 y en el último.")
    assert {t.index for t in c.tracks if [x.value for x in t.excluded] == ["trumpet"]} == {2, -1}


def test_a_change_of_mind_about_one_track():
    c = read_brief("3 temas:\n- tema 1: 2:00\n- tema 2: 3:00\n- tema 3: 4:00\nah, y el 2 mejor que dure 2:30")
    assert _durations(c) == {1: 120.0, 2: 150.0, 3: 240.0}


def test_values_said_respectively():
    c = read_brief("3 faixas de funk, 100, 110 e 120 bpm respectivamente, sem flauta")
    assert {t.index: t.bpm.value for t in c.tracks} == {1: 100, 2: 110, 3: 120}
    assert [x.value for x in c.excluded] == ["flute"]  # the words after the list are the album's


def test_a_count_said_alone_after_an_about():
    assert read_brief("queria umas musicas pra academia, umas 12, bem animadas").track_count.value == 12
    assert read_brief("some chill music for the shop, about 8, 3 minutes each").track_count.value == 8
    assert read_brief("some chill music for the cafe, about 120, slow").track_count is None  # a tempo's size


def test_nobody_singing_and_the_lyrics_language_before_its_noun():
    assert read_brief("6 faixas de lounge, sem ninguém cantando").vocal.value is False
    assert read_brief("8 Lieder mit Sängerin und spanischen Texten").lyrics_language.value == "es"


def test_round_51_words():
    assert read_brief("4 Stück Polka, ka Schlagzeug").excluded[0].value == "drums"
    assert genre("chansons a texte").name == "folk"
    assert [x.value for x in read_brief("1 song with sleigh bells and piano").instruments] == ["sleigh bells", "piano"]
    assert read_brief("11 faixas de rock, o disco todo com uns 40 minutos").genre.value == "rock"
    assert _voiced(read_brief("2 faixas: a 1 com voz, a 2 instro")) == {1: True, 2: False}


def test_pieces_listed_by_name_in_the_counts_sentence():
    c = read_brief("I need 3 tracks: opener (30s), main theme (4 min) and credits (1 min). Jazz. "
                   "Opener and credits with trumpet; the main theme slow.")
    got = {t.index: t for t in c.tracks}
    assert {i: t.duration.value for i, t in got.items() if t.duration} == {1: 30.0, 2: 240.0, 3: 60.0}
    assert [x.value for x in got[3].instruments] == ["trumpet"] and got[2].tempo.value == "slow"
    c = read_brief("3 songs: upbeat, catchy, fun")  # words said of them all stay the album's
    assert c.tracks == []


def test_listed_items_that_share_a_name_are_named_together():
    c = read_brief("Game music:\n1. menu, 1 min\n2. boss, 2 min\n3. boss 2, 2 min\n4. credits, 1 min\n"
                   "A female voice on both bosses, the others instrumental.")
    assert _voiced(c) == {2: True, 3: True, 0: False}


def test_a_list_of_properties_names_no_pieces():
    c = read_brief("3 songs: upbeat, catchy, happy. Catchy hooks please, 3 min each")
    assert c.tracks == [] and c.duration.value == 180.0  # what they are all like; "Catchy" names no track
