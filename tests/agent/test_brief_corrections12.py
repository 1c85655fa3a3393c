"""Session 12's rules, from an unseen round of briefs: tempi said in words past a hundred, "half a dozen" after a
verb ending in "o", decades, dictated punctuation, chat time stamps, worded ranges opening list lines, "zero" as a
negation, an instrument on every track but some, an article and a number before a length, and a few genre and voice
words. Written in other words than the briefs that taught the rules."""

from __future__ import annotations

import pytest

from agent.planning.lexicon import NUMBER_RE, number_value
from agent.planning.planner import load_brief, plan_album
from agent.planning.reader import read_brief
from agent.planning.tidy import tidy
from engine.errors import AceprodError


@pytest.mark.parametrize("words, value", [
    ("a hundred and ten", 110), ("one hundred forty-five", 145), ("ciento treinta y dos", 132),
    ("cent quarante", 140), ("hundertzweiundsiebzig", 172), ("einhundertzehn", 110), ("cento e quarenta e cinco", 145),
    ("cem", 100), ("cien", 100), ("vingt-deux", 22),
])
def test_number_words_past_a_hundred(words, value):
    m = NUMBER_RE.fullmatch(words)
    assert m is not None and number_value(m.group("n")) == value


@pytest.mark.parametrize("text, bpm", [
    ("album techno, huit titres à cent trente-huit BPM", 138),
    ("disco de trance, cinco faixas a cento e quarenta bpm", 140),
    ("Ein Album Drum and Bass mit hundertvierundsiebzig BPM, vier Tracks", 174),
])
def test_a_tempo_said_in_words_past_a_hundred(text, bpm):
    assert read_brief(text).bpm.value == bpm


@pytest.mark.parametrize("text, count", [
    ("Preciso meia dúzia de faixas de samba", 6),  # "preciso" ends in "o": no article before the collective
    ("Necesito media docena de canciones de cumbia", 6),
])
def test_half_a_dozen_after_a_word_ending_in_an_article(text, count):
    assert read_brief(text).track_count.value == count


def test_a_decade_is_no_length():
    c = read_brief("4 songs for my dad's party, he is into that 80s stuff, disco and funk, around 3 minutes each")
    assert c.duration.value == 180
    c = read_brief("three tracks, late 90s hip hop flavour, 2 min each")
    assert c.duration.value == 120


def test_dictated_punctuation_ends_sentences():
    assert tidy("memo comma five songs of jazz comma slow period no vocals period") == \
        "memo, five songs of jazz, slow. no vocals."
    assert tidy("Notiz Komma zwei Komma fünf Minuten Komma langsam Punkt") == "Notiz, zwei Komma fünf Minuten, langsam."
    assert tidy("a comma appears once here") == "a comma appears once here"  # said once: no dictation


def test_dictated_exception_stays_in_its_sentence():
    c = read_brief("memo comma six pieces of ambient comma no drums except piece two which gets a soft shaker "
                   "period no vocals period")
    assert c.vocal.value is False and not any(t.vocal for t in c.tracks if t.vocal is not None and t.vocal.value)


def test_chat_time_stamps_are_no_lengths_and_each_message_ends():
    text = ("[18:05] Ana: we need 2 tracks for the trailer\n[18:06] Ben: dark synthwave, no vocals\n"
            "[18:07] Ana: track 1 is 90 seconds, track 2 is 45 seconds\n[18:09] Ben: and add a choir to track 2\n"
            "[18:10] Ana: ok no guitar on either")
    c = read_brief(text)
    assert c.total_duration is None and c.duration is None
    tracks = c.named()
    assert tracks[1].duration.value == 90 and tracks[2].duration.value == 45
    assert tracks[2].voice.value == "choir" and tracks[1].voice is None  # the message about track 2 ends there
    assert [x.value for x in c.excluded] == ["guitar"]


@pytest.mark.parametrize("text", [
    "Setlist:\n1. intro, piano only\n2 to 4 - rock songs with vocals\n5. outro, piano only",
    "Programa:\n1. abertura ao piano\n2 a 4 - rocks cantados\n5. encerramento ao piano",
])
def test_a_worded_range_opening_a_list_line_names_its_tracks(text):
    assert read_brief(text).track_count.value == 5


def test_a_length_on_one_line_takes_no_seconds_from_the_next():
    c = read_brief("Lista:\n1. apertura, instrumental, 4 min\n2 al 5 - boleros cantados")
    assert c.named()[1].duration.value == 240


@pytest.mark.parametrize("text", ["Five tracks of synthwave, zero vocals", "Cinco temas de techno, cero voces"])
def test_zero_vocals_is_instrumental(text):
    assert read_brief(text).vocal.value is False


def test_an_instrument_on_every_track_but_some():
    c = read_brief("5 tracks of folk, fiddle on all except track 4")
    assert [x.value for x in c.instruments] == ["fiddle"]
    assert [x.value for x in c.named()[4].excluded] == ["fiddle"]
    c = read_brief("3 morceaux de jazz, saxophone sur tous sauf sur le deuxième")
    assert [x.value for x in c.named()[2].excluded] == ["saxophone"]


def test_the_last_person_or_time_is_no_track():
    c = read_brief("Two lo-fi hip hop cues, 85 bpm, no vocals. No piano please, the last producer used it everywhere.")
    assert all(t.index != -1 for t in c.tracks) and c.vocal.value is False


def test_an_album_word_is_no_style_of_the_genre_after_it():
    c = read_brief("preciso de uma mixtape trap com 8 faixas")
    assert c.genre.value == "trap"


def test_the_club_in_spanish_is_no_disco():
    c = read_brief("quiero 4 temas de cumbia pa la disco, bien bailables")
    assert c.genre.value == "cumbia"


def test_slang_for_a_girl_or_a_boy_is_a_voice():
    c = read_brief("3 temas de banda, el último cantado por una chava")
    assert c.named()[-1].voice.value == "female"


def test_a_range_after_like_in_its_comma_piece_is_a_tempo():
    c = read_brief("quatro faixas de funk carioca, pesadas, tipo 128-132, voz masculina")
    assert c.bpm_range.value == (128, 132)


@pytest.mark.parametrize("text, style", [
    ("6 tracks of kuduro for the party", "kuduro"), ("5 corridos tumbados", "corrido"),
    ("quatro faixas de frevo", "frevo"), ("3 hardstyle tracks", "hardstyle"),
])
def test_genres_added_to_the_vocabulary(text, style):
    plan = plan_album(load_brief(text), llm=None, seed=1)
    assert all(t.style == style for t in plan.tracks)


def test_fast_fado_stays_fado():
    plan = plan_album(load_brief("4 fados, o último um fado corrido"), llm=None, seed=1)
    assert plan.tracks[-1].genre == "folk" and plan.tracks[-1].style == "fado corrido"


def test_kinds_of_units_people_use():
    assert read_brief("oito faixas de samba, uns 4 minutinhos cada").duration.value == 240
    assert read_brief("tres temas de cumbia de unos 3 minutitos").duration.value == 180


def test_a_range_of_tracks_said_with_words_without_a_noun():
    c = read_brief("6 titres de house : le 1 à 118 BPM, du 2 au 5 on passe à 126, le 6 très lent.")
    tracks = c.named()
    assert all(tracks[i].bpm.value == 126 for i in range(2, 6)) and tracks[1].bpm.value == 118
    assert read_brief("5 temas, de 2 a 4 minutos").duration_range.value == (120, 240)  # a length, not tracks


def test_number_words_name_tracks_before_a_verb():
    c = read_brief("zehn Stücke Ambient. Nummer drei und vier sind schnell")
    assert {t.index for t in c.tracks if t.tempo is not None} == {3, 4}


def test_an_exception_right_after_a_tempo_is_the_tempos():
    c = read_brief("ten pieces of ambient, no vocals no drums slow except number nine and ten which are fast")
    tracks = c.named()
    assert c.vocal.value is False and tracks[9].tempo.value == "fast" and tracks[9].vocal is None


@pytest.mark.parametrize("text, odd", [
    ("10 faixas de forró, as cantadas são as de número par", False),
    ("8 Stücke Jazz. Die gesungenen sind die mit ungerader Nummer.", True),
    ("8 Stücke Jazz, die mit ungerader Nummer sind gesungen", True),
])
def test_tracks_named_by_parity_in_words(text, odd):
    c = read_brief(text)
    sung = sorted(t.index for t in c.tracks if t.vocal is not None and t.vocal.value)
    assert sung and all(i % 2 == (1 if odd else 0) for i in sung)


def test_a_stronger_tempo_word_for_the_album_wins():
    assert read_brief("calm music for a spa, 4 tracks, very slow, harp").tempo.value == "very slow"


def test_portuguese_viola_is_a_guitar_and_bowed_viola_is_not():
    assert [x.value for x in read_brief("4 fados com guitarra portuguesa e viola").instruments] == \
        ["portuguese guitar", "classical guitar"]
    assert [x.value for x in read_brief("quarteto de cordas: dois violinos, viola d'arco e violoncelo").instruments][2] \
        == "viola"


def test_a_plan_for_something_else_is_refused():
    with pytest.raises(AceprodError, match="not music"):
        plan_album(load_brief("Can you make me a workout plan? 4 sessions a week, 40 minutes each, fast intervals."),
                   llm=None, seed=1)


def test_a_record_counted_by_its_sides():
    c = read_brief("house 12 inch: side A 3 tracks, side B 2 tracks. vocals only on B1, 124 bpm")
    assert c.track_count.value == 5
    assert c.named()[4].vocal.value is True
    assert read_brief("Vinyl, Seite A mit 4 Stücken, Seite B mit 4 Stücken, Techno").track_count.value == 8


def test_dialect_words():
    c = read_brief("6 Stückl Volksmusik mit Harmonika, gsungen nur die ersten zwei")
    assert [x.value for x in c.instruments] == ["accordion"]
    assert {t.index for t in c.tracks if t.vocal is not None and t.vocal.value} == {1, 2}


# -- round 25's rules ------------------------------------------------------------------------------------
def test_a_second_name_of_the_same_track_after_a_copula_keeps_the_words_after_it():
    c = read_brief("5 songs, 3 min each. The first one is the opener, 90 seconds.")
    assert c.named()[1].duration.value == 90


def test_a_piece_after_the_counted_ones_is_the_next_track():
    c = read_brief("radio package: intro 20s, 4 idents 15s each, outro 30s. house, 124 bpm")
    assert c.track_count.value == 6
    assert c.named()[6].duration.value == 30 and c.named()[2].duration.value == 15


def test_one_piece_per_thing_counts_the_things():
    c = read_brief("An exhibition of 9 halls, one track per hall, calm ambient. Hall 4 gets a piano.")
    assert c.track_count.value == 9 and [x.value for x in c.named()[4].instruments] == ["piano"]


def test_the_length_of_a_session_said_before_it_is_the_total():
    c = read_brief("para una clase de una hora: 4 temas de 15 minutos, salsa")
    assert c.total_duration.value == 3600 and c.duration.value == 900


def test_counted_items_after_a_colon_each_get_their_words():
    c = read_brief("6 pistes : une intro de 30 secondes, quatre chansons de 3 min, et une fin de 1 min chantée par un enfant.")
    t = c.named()
    assert t[1].duration.value == 30 and t[3].duration.value == 180 and t[6].duration.value == 60
    assert t[6].vocal.value is True


def test_an_article_and_a_number_before_cest_names_a_track():
    c = read_brief("5 sons de trap. le 2 c'est un son lent, le 5 c'est l'outro de 1 min")
    assert c.named()[2].tempo.value == "slow" and c.named()[-1].duration.value == 60  # "l'outro" is the last


def test_a_title_theme_before_a_count_and_the_theme_named_again():
    c = read_brief("Für den Podcast: eine Titelmelodie von 15 Sekunden, danach 3 Musikbetten von 2 Minuten. "
                   "Die Titelmelodie mit Gesang.")
    assert c.track_count.value == 4 and c.named()[1].vocal.value is True


def test_an_apology_takes_a_count_back():
    assert read_brief("12 canciones de rock... perdón, 10 canciones").track_count.value == 10


def test_portuguese_electronic_pop_is_pop():
    plan = plan_album(load_brief("4 faixas de pop eletrônico"), llm=None, seed=1)
    assert all(t.genre == "pop" for t in plan.tracks)


def test_a_singular_noun_before_a_number_is_no_count_of_one():
    c = read_brief("Precisamos de 5 louvores. A faixa 5 é instrumental.")
    assert c.track_count.value == 5 and c.named()[5].vocal.value is False


def test_background_music_is_no_ambient_when_a_genre_is_named():
    assert read_brief("música ambiente para o restaurante: bossa nova, 6 faixas").genre.value == "bossa nova"


def test_bullets_with_a_multiplier_count_that_many_tracks():
    c = read_brief("Ballabend, in dieser Reihenfolge:\n- 2x Foxtrott\n- 3x Rumba (100 bpm)\n- 1x Walzer\nalles instrumental")
    assert c.track_count.value == 6 and all(c.named()[i].bpm.value == 100 for i in (3, 4, 5))


def test_a_second_group_after_then_adds_its_tracks_with_its_words():
    c = read_brief("3 Jingles à 5 Sekunden und danach 2 Musikbetten mit 1 Minute Länge")
    assert c.track_count.value == 5 and c.named()[4].duration.value == 60


# -- round 26's rules ------------------------------------------------------------------------------------
def test_neither_too_fast_nor_too_slow_is_mid_tempo():
    assert read_brief("5 canciones de pop, ni muy rápidas ni muy lentas").tempo.value == "mid-tempo"
    assert read_brief("4 tracks of soul, neither too fast nor too slow").tempo.value == "mid-tempo"


def test_que_sean_takes_a_count_back():
    assert read_brief("queremos 8 temas de salsa... bueno no, que sean 6").track_count.value == 6


def test_music_for_a_number_of_things_named_later_by_number():
    c = read_brief("Music for 5 levels of my game, chiptune. Level 5 is the boss, very fast.")
    assert c.track_count.value == 5 and c.named()[5].tempo.value == "very fast"


def test_a_tempo_in_a_cell_of_a_tracklist_line():
    c = read_brief("Setlist:\n01 – 124 – 6:00\n02 – 126 – 5:30\n03 – 128 – 7:00\nHouse, no vocals.")
    assert [c.named()[i].bpm.value for i in (1, 2, 3)] == [124, 126, 128]


def test_a_range_ending_its_comma_piece_names_the_words_before_it():
    c = read_brief("un set de 10 temas: cumbia del 1 al 6, después reggaeton del 7 al 10")
    t = c.named()
    assert t[2].genre.value == "cumbia" and t[8].genre.value == "reggaeton"


def test_a_length_before_mix_is_the_total():
    assert read_brief("a 60 min workout mix: 15 tracks, techno").total_duration.value == 3600


@pytest.mark.parametrize("text, tempo", [("10 faixas de samba, lentinhas", "slow"),
                                         ("3 temas de cumbia rapidísimos", "very fast")])
def test_diminutive_and_superlative_tempo_words(text, tempo):
    assert read_brief(text).tempo.value == tempo


def test_a_subjunctive_sing_and_girls_name_the_voice():
    c = read_brief("3 canciones de pop, que canten chicas")
    assert c.vocal.value is True and c.voice.value == "female"


# -- round 27's rules (read near the session's end) --------------------------------------------------------
def test_what_is_left_after_one_is_taken_out_is_the_new_count():
    assert read_brief("Seriam 6 faixas. Ah não, tira a valsa, não precisa. Ficam 5. Tudo MPB.").track_count.value == 5


def test_someone_elses_count_before_a_bracket():
    assert read_brief("On pensait à 4 titres, non attends, Léa dit 5 (elle veut un slow). Du zouk.").track_count.value == 5


def test_a_romance_qualifier_after_a_style_keeps_the_style():
    plan = plan_album(load_brief("6 faixas. Estilo MPB orquestral, com cordas."), llm=None, seed=1)
    assert all(t.genre == "folk" and "mpb" in (t.style or "") for t in plan.tracks)


def test_rapped_in_french_is_sung():
    c = read_brief("10 tracks de rap, toutes rappées sauf la 1 et la 10 (instrus)")
    assert c.vocal.value is True and c.named()[1].vocal.value is False


def test_german_parity_with_the_noun_left_out_and_choirs():
    c = read_brief("6 Nummern, die ungeraden sind instrumental, die anderen singt der Schülerchor")
    assert {t.index for t in c.tracks if t.vocal is not None and t.vocal.value is False} == {1, 3, 5}
    assert any(t.voice is not None and t.voice.value == "choir" for t in c.tracks)  # the others' choir
