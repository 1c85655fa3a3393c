"""Briefs that add pieces after their count, name listed tracks again by name, take a voice back,
ask for voices only, and the words around them (dates without months, asides in exception lists,
'the other three', 'not too fast'). Written in other words than the briefs that taught the rules."""

from __future__ import annotations

import pytest

from agent.planning.brief_text import parse_brief_text
from agent.planning.compliance import TrackExpect, _track_problems
from agent.planning.planner import plan_album
from agent.planning.reader import read_brief
from engine.errors import ConfigError


def _tracks(c):
    return {t.index: t for t in c.tracks}


@pytest.mark.parametrize("text, count, lengths", [
    ("Deliverables: two radio spots, one 30 s and one 60 s, female voice on both\n"
     "* plus a 20-second instrumental cutdown", 3, {1: 30, 2: 60, 3: 20}),
    ("Länge: 45 Sek.\n• Zusätzlich: eine 15-Sekunden-Version als Teaser", 2, {2: 15}),
    ("Quero um jingle de 20 segundos cantado. E uma versão instrumental, com 40 segundos.", 2, {2: 40}),
    ("five station idents, ten seconds max. plus a sixth, longer one (45 sec), instrumental.", 6, {6: 45}),
])
def test_a_piece_added_after_the_count_is_the_next_track(text, count, lengths):
    c = read_brief(text)
    assert c.track_count.value == count
    tracks = _tracks(c)
    for i, seconds in lengths.items():
        assert tracks[i].duration.value == seconds


def test_the_piece_added_keeps_its_own_words_and_the_count_its_own():
    c = read_brief("Two radio spots, one 30 s and one 60 s, male voice on both. Plus a 20-second instrumental cutdown.")
    tracks = _tracks(c)
    assert tracks[3].vocal.value is False and c.vocal.value is True and c.voice.value == "male"
    assert c.track_count.source == "Two radio spots"
    assert read_brief("Also a song about cats, please.").track_count.value == 1  # the counted piece itself


@pytest.mark.parametrize("text, lengths", [
    ("Necesitamos dos versiones: una de 30 segundos y otra de 60. Estilo cumbia.", [30, 60]),
    ("Two edits: one of 45 seconds and another of 90, both upbeat.", [45, 90]),
])
def test_a_second_length_takes_the_unit_of_the_first(text, lengths):
    tracks = _tracks(read_brief(text))
    assert [tracks[1].duration.value, tracks[2].duration.value] == lengths
    assert all(t.bpm is None for t in tracks.values())  # "otra de 60" is no tempo


def test_the_other_n_are_the_rest():
    c = read_brief("4 songs. Track 1 is an instrumental opener, the other three have female vocals.")
    tracks = _tracks(c)
    assert tracks[1].vocal.value is False
    assert tracks[0].vocal.value is True and tracks[0].voice.value == "female"  # 0 = every track not named


@pytest.mark.parametrize("text", [
    "6 techno tracks, we play the warehouse on the 21st.",
    "6 temas de cumbia para la fiesta del sábado 3.",
    "6 morceaux de jazz pour le concert de samedi 14.",
])
def test_a_day_of_the_month_alone_is_no_track(text):
    c = read_brief(text)
    assert c.track_count.value == 6 and not c.tracks and not c.unused


@pytest.mark.parametrize("text, excluded", [
    ("5 lounge tracks, hard no on saxophones, not even a soft one", ["saxophone"]),
    ("No vocals anywhere, not even choir pads. 4 ambient tracks.", ["choir"]),
    ("12 faixas de forró, nada de bateria nem guitarra elétrica", ["drums", "electric guitar"]),
])
def test_exclusions_in_other_words(text, excluded):
    c = read_brief(text)
    assert [x.value for x in c.excluded] == excluded
    assert c.voice is None


@pytest.mark.parametrize("text, voice", [
    ("6 canciones de cumbia, voces: dúo (hombre y mujer) en todas", "duet"),
    ("cinq berceuses chantées par un duo homme-femme", "duet"),
    ("drei Lieder, gesungen von Mann und Frau", "duet"),
    ("nueve boleros cantados por mujeres", "female"),
    ("zehn Lieder mit einem Frauenchor", "choir"),
    ("three jingles sung by a male duo... actually scratch that, make it a children's choir", "choir"),
])
def test_who_sings(text, voice):
    assert read_brief(text).voice.value == voice


def test_a_sage_femme_is_no_singer():
    assert read_brief("Je suis sage-femme. Cinq berceuses instrumentales.").voice is None


@pytest.mark.parametrize("text, tempo", [
    ("8 Lieder, nicht zu schnell, so ein mittleres Tempo", "mid-tempo"),
    ("8 songs, not too slow, fast even", "fast"),
    ("3 Teile. Teil 2: fast nur Drones, sehr langsam.", None),  # German "fast" is "almost"
])
def test_a_tempo_word_that_is_a_limit_or_another_word_is_no_wish(text, tempo):
    c = read_brief(text)
    assert (c.tempo.value if c.tempo else None) == tempo


def test_german_parts_are_tracks_with_their_own_tempo():
    c = read_brief("Drei Teile, je zehn Minuten. Teil 1: Klavier. Teil 2: fast nur Drones, sehr langsam. Teil 3: Elektronik.")
    tracks = _tracks(c)
    assert c.track_count.value == 3
    assert tracks[2].tempo.value == "very slow" and tracks[3].genre.value == "electronic"


def test_a_cappella_songs_are_sung_with_no_instrument_in_their_captions():
    plan = plan_album(parse_brief_text("three a cappella gospel songs"), llm=None, seed=3)
    for t in plan.tracks:
        assert t.vocal and "a cappella" in t.caption
        assert not any(w in t.caption for w in ("piano", "drums", "bass", "organ", "guitar"))


def test_voices_only_and_an_instrument_is_refused_naming_every_problem():
    with pytest.raises(ConfigError) as e:
        parse_brief_text("Six songs a cappella, with a drum kit on each. Every song at least 5 minutes, "
                         "the whole album under 20 minutes.")
    text = str(e.value)
    assert "voices only" in text and "drum" in text and "20" in text  # the length problem is named too
    with pytest.raises(ConfigError, match="voices only"):
        parse_brief_text("3 morceaux a cappella : aucun instrument. Et un solo de batterie dans chacun.")


def test_a_cappella_on_one_listed_track_sings_that_track_only():
    plan = plan_album(parse_brief_text("Folk EP, 3 songs:\n1. Opener, acoustic guitar\n2. Banjo, duet\n"
                                       "3. Closer: a cappella, choir only"), llm=None, seed=1)
    assert "acoustic guitar" in plan.tracks[0].caption and plan.tracks[2].vocal


def test_bullets_under_a_heading_that_names_an_order_are_a_tracklist():
    text = ("Pour la démo il nous faut des morceaux, dans cet ordre :\n- un thème principal, orchestral, 2 minutes\n"
            "- deux musiques de combat : désert (rapide, 160 bpm), glace (très lent),\n  en boucle\n"
            "- un générique de fin avec chœur\nLe reste sans voix.")
    c = read_brief(text)
    tracks = _tracks(c)
    assert c.track_count.value == 4
    assert tracks[1].duration.value == 120 and tracks[2].bpm.value == 160 and tracks[3].tempo.value == "very slow"
    assert tracks[4].voice.value == "choir"


def test_bullets_of_settings_are_no_tracklist():
    c = read_brief("Requirements:\n- 6 tracks\n- house, 124 bpm\n- no vocals")
    assert c.track_count.value == 6 and c.bpm.value == 124


def test_a_listed_track_named_again_is_that_track():
    text = ("Set list:\n1. Warm-up walk, pop, 2:00\n2. Cool down stretch, ambient, 3:00\n3. Power jump, edm, 2:30\n"
            "All sung except the cool down stretch (it is quiet) and the power jump number.")
    tracks = _tracks(read_brief(text))
    assert tracks[1].vocal is None or tracks[1].vocal.value is True
    assert tracks[2].vocal.value is False and tracks[3].vocal.value is False


def test_an_exception_list_with_asides():
    c = read_brief("Neun Songs. Gesang auf allen außer Track 4, das ist ein Interlude, und dem Outro (Track 9).")
    tracks = _tracks(c)
    assert tracks[4].vocal.value is False and tracks[9].vocal.value is False
    c = read_brief("7 temas. Voz en todos salvo el intro (track 1) y el outro (track 7); intro y outro de menos "
                   "de un minuto, los demás de 3 a 4 minutos.")
    tracks = _tracks(c)
    assert tracks[1].duration_range.value == (10.0, 60.0) and tracks[1].vocal.value is False
    assert not c.conflicts


@pytest.mark.parametrize("text, total", [
    ("zwölf Lieder, insgesamt nicht länger als eine Dreiviertelstunde", ("total_max", 2700)),
    ("seis temas, tres cuartos de hora en total", ("total_duration", 2700)),
    ("five tracks, a quarter of an hour in all", ("total_duration", 900)),
])
def test_quarters_of_an_hour(text, total):
    assert getattr(read_brief(text), total[0]).value == total[1]


@pytest.mark.parametrize("text, genre", [
    ("We're the band Salsa Verde from Leeds and we want 3 punk songs.", "punk"),
    ("Aqui é o trio Samba Quente, queremos 5 faixas de forró.", "forro"),
    ("Ein Jazzalbum mit elf Stücken", "jazz"),  # German capitalises every noun
    ("Five tracks of Techno for my set", "techno"),
])
def test_a_genre_word_inside_a_band_name_is_not_the_genre(text, genre):
    assert read_brief(text).genre.value == genre


@pytest.mark.parametrize("text, field, value", [
    ("4 canciones, sin platillos", "excluded", "cymbals"),
    ("5 canções de ninar com caixinha de música", "instruments", "music box"),
    ("5 Stücke für Querflöte", "instruments", "flute"),
])
def test_instrument_words(text, field, value):
    assert value in [x.value for x in getattr(read_brief(text), field)]


@pytest.mark.parametrize("text, genre", [("sept pièces, une polka pour la cinquième", "polka"),
                                         ("3 industrial tracks", "industrial"), ("drei Polkas", "polka")])
def test_polka_and_industrial_are_styles(text, genre):
    c = read_brief(text)
    assert genre in [c.genre.value if c.genre else None] + [t.genre.value for t in c.tracks if t.genre]


def test_a_request_to_write_something_else_in_any_verb_form_is_refused():
    with pytest.raises(ConfigError, match="not music"):
        parse_brief_text("Hola, ¿me redactas una carta para el casero? Gracias.")


def test_a_section_named_in_an_expectation_is_met_by_its_instruments():
    plan = plan_album(parse_brief_text("two instrumental wedding pieces for string quartet, no piano"), llm=None, seed=2)
    assert not _track_problems(plan.tracks[0], TrackExpect(instruments=["strings"]))
    assert _track_problems(plan.tracks[0], TrackExpect(instruments=["brass"]))


@pytest.mark.parametrize("text, field, value", [
    ("6 tracks, house, 124 bpm. hmm actually no, house is everywhere. make them techno at 132 instead.", "genre", "techno"),
    ("6 tracks, house, 124 bpm. hmm actually no, house is everywhere. make them techno at 132 instead.", "bpm", 132),
    ("quatre morceaux : funk à 110 bpm... en fait non, plutôt du reggae à 75 bpm.", "bpm", 75),
    ("Ein Jingle. Erst dachte ich 20 Sekunden, nee, doch lieber 45 Sekunden.", "duration", 45),
    ("duas vinhetas. Pensei em jazz... aliás, não, melhor samba.", "genre", "samba"),
])
def test_a_value_taken_back_is_replaced_by_the_one_given_after(text, field, value):
    assert getattr(read_brief(text), field).value == value


@pytest.mark.parametrize("text, count", [
    ("queremos doce canciones... no, mejor once.", 11),
    ("six chansons... non, cinq, finalement.", 5),
    ("Lista:\n1) salsa\n2) bolero lento... no, mejor un son cubano lento", 2),  # "un son" takes no count back
])
def test_a_count_taken_back_after_an_ellipsis(text, count):
    assert read_brief(text).track_count.value == count


def test_a_change_to_one_track_keeps_the_album_value():
    c = read_brief("5 songs at 120 bpm. Actually, make the last one 90 bpm.")
    assert c.bpm.value == 120 and _tracks(c)[-1].bpm.value == 90


def test_a_track_length_range_that_cannot_make_the_album_total_is_refused():
    with pytest.raises(ConfigError, match="album total"):
        plan_album(parse_brief_text("10 songs, every one at least 4 minutes, the whole thing 20 minutes total"),
                   llm=None, seed=1)


@pytest.mark.parametrize("text, count", [
    ("un par de tangos para la boda", 2), ("a couple of sambas for the party", 2),
    ("7 trilhas instrumentais para o vlog", 7), ("dez marchinhas de carnaval", 10), ("a pair of duets for karaoke", 2),
    ("a baker's dozen of country songs", 13), ("doce cortinas musicales", 12),
    ("seis cantigas de roda", 6), ("7 hype drum and bass tracks", 7),
    ("Que sean tres o cuatro nanas... mejor tres.", 3),
])
def test_counts_of_genre_plurals_and_pieces(text, count):
    assert read_brief(text).track_count.value == count


@pytest.mark.parametrize("text", [
    "Can you make me a shopping list for the barbecue? 25 people.",
    "Pouvez-vous me faire le plan de table du mariage ? 60 invités, 8 tables.",
    "me ajuda a montar a lista de compras? somos 12",
])
def test_a_list_or_plan_that_is_not_music_is_refused(text):
    with pytest.raises(ConfigError, match="not music"):
        parse_brief_text(text)


def test_references_with_a_preposition_again_and_the_ones_in_between():
    c = read_brief("Five pieces. A choir sings on the first and on the last; the three in between are organ alone.")
    tracks = _tracks(c)
    assert tracks[1].vocal.value is True and tracks[-1].vocal.value is True
    assert [tracks[i].instruments[0].value for i in (2, 3, 4)] == ["organ"] * 3


def test_numbered_settings_lines_name_their_tracks():
    c = read_brief("sechs Walzer:\n- Nr. 1 bis 2: instrumental\n- Nr. 3: mit Frauenchor\n- Nr. 4 bis 6: instrumental")
    tracks = _tracks(c)
    assert tracks[3].vocal.value is True and tracks[1].vocal.value is False and tracks[6].vocal.value is False


@pytest.mark.parametrize("text, voice", [("two songs, one male and one female voice on each", "duet"),
                                         ("sechs Kinderlieder im mittleren Tempo, gesungen von einem Chor", "choir")])
def test_more_voices(text, voice):
    assert read_brief(text).voice.value == voice


def test_an_age_is_no_tempo():
    c = read_brief("My father passed last month at 91. Four slow hymns with organ, please.")
    assert c.bpm is None and c.tempo.value == "slow"


@pytest.mark.parametrize("text, genre", [("um choro instrumental com cavaquinho", "choro"),
                                         ("deux morceaux avec des tambours et des cuivres", None)])
def test_choro_and_drums_in_french(text, genre):
    c = read_brief(text)
    assert (c.genre.value if c.genre else None) == genre
    if genre is None:
        assert "drums" in [x.value for x in c.instruments]


def test_bullets_of_settings_under_a_heading_are_no_tracklist():
    c = read_brief("Soy profesora de música y necesito:\n- Una docena de piezas instrumentales\n- Estilo: música andina\n"
                   "- Duración total: unos 45 minutos")
    assert c.track_count.value == 12 and c.total_duration.value == 2700


def test_andean_winds_and_a_studio_named_by_a_genre():
    c = read_brief("We're a small indie studio. 6 tracks, chiptune style, with quena and panpipes.")
    assert c.genre.value == "chiptune"
    assert {"quena", "pan flute"} <= {x.value for x in c.instruments}


def test_tracks_named_by_number_words_before_a_relative_clause():
    tracks = _tracks(read_brief("ten bluegrass tunes, all instrumental except tracks two and four where I'd like a male "
                                "singer"))
    assert tracks[2].vocal.value is True and tracks[4].vocal.value is True


@pytest.mark.parametrize("text, style", [("una soleá lenta", "flamenco solea"), ("two one drop tunes", "one drop"),
                                         ("uma bulería rápida", "flamenco buleria"), ("um arrocha", "arrocha")])
def test_more_styles(text, style):
    assert read_brief(text).genre.value == style


def test_a_track_of_another_style_keeps_the_albums_in_its_caption():
    plan = plan_album(parse_brief_text("Álbum sertanejo, 6 faixas. As duas últimas mais lentas, tipo modão."), llm=None,
                      seed=1)
    assert "modao" in plan.tracks[-1].caption and "sertanejo" in plan.tracks[-1].caption


def test_a_sung_track_on_an_album_said_to_be_wholly_instrumental_is_refused():
    with pytest.raises(ConfigError, match="no vocals on any track"):
        parse_brief_text("An EP of 4 tracks, completely instrumental. Oh, and on track 3 I want a male singer.")
    plan = plan_album(parse_brief_text("An EP of 4 tracks, completely instrumental except track 3 with a male singer."),
                      llm=None, seed=1)
    assert [t.vocal for t in plan.tracks] == [False, False, True, False]


def test_a_filler_before_a_reference_leaves_the_words_after_it_to_the_track():
    tracks = _tracks(read_brief("Cinco faixas de samba. Ah, e na faixa 4 quero uma cantora."))
    assert tracks[4].voice.value == "female"


def test_a_range_whose_ends_have_their_own_units():
    c = read_brief("10 short cues, 30 seconds to 2 minutes each, total no more than 12 minutes")
    assert c.duration_range.value == (30.0, 120.0) and c.total_max.value == 720
    assert read_brief("2 jingles, 30 seconds and 2 minutes").duration_range is None  # two lengths, not a range


def test_a_wordless_voice_still_sings():
    c = read_brief("trois morceaux, avec une voix féminine sans paroles")
    assert c.vocal.value is True and c.voice.value == "female"
    assert read_brief("trois morceaux sans paroles").vocal.value is False


def test_slow_as_hell():
    assert read_brief("5 doom songs, slow as hell").tempo.value == "very slow"


def test_a_plural_instrument_in_an_expectation_is_met_by_its_singular():
    plan = plan_album(parse_brief_text("4 ambient drone pieces with bells"), llm=None, seed=1)
    assert not _track_problems(plan.tracks[0], TrackExpect(instruments=["drones"]))


@pytest.mark.parametrize("text", [
    "Répétition le mardi à 20 h, rendez-vous 17 h 30. Quatre morceaux lents pour quatuor, cinq minutes chacun.",
    "Area 140 m², budget 210.000 €, 12 400 hectolitres. Quatre morceaux lents pour quatuor, cinq minutes chacun.",
    "Our buses do the route to the lake (2 horas, ticket 9 €). Four slow pieces for string quartet, five minutes each.",
])
def test_clock_times_measures_and_trips_are_no_lengths(text):
    c = read_brief(text)
    assert c.track_count.value == 4 and c.duration.value == 300
    assert c.total_duration is None and c.total_max is None


@pytest.mark.parametrize("text", [
    "Could you translate my price list into English? cement 50 kg 7.500 Kz",
    "¿Me puede redactar una respuesta amable a una reseña de 2 estrellas?",
    "I need my cake recipe for 14 people, could you work out the new amounts?",
])
def test_other_requests_that_are_not_music_are_refused(text):
    with pytest.raises(ConfigError, match="not music"):
        parse_brief_text(text)


def test_wordless_is_instrumental_and_strictement_is_emphatic():
    assert read_brief("nine wordless ambient tracks").vocal.value is False
    with pytest.raises(ConfigError, match="no vocals"):
        parse_brief_text("cinq pistes strictement sans aucune voix, et les pistes 2 et 4 sont des duos chantés")


@pytest.mark.parametrize("text, field, value", [
    ("seis piezas de folk gallego con gaita", "genre", "galician folk"),
    ("onze morceaux de musique bretonne, accordéon diatonique et bombarde", "genre", "breton folk"),
    ("doce cortinas de folclore andino", "genre", "andean"),
    ("oito cantigas de capoeira com berimbau e atabaque", "genre", "capoeira"),
])
def test_regional_styles(text, field, value):
    assert getattr(read_brief(text), field).value == value


@pytest.mark.parametrize("text, instrument", [("accordéon diatonique et bombarde", "diatonic accordion"),
                                              ("accordéon diatonique et bombarde", "bombarde"),
                                              ("com berimbau e atabaque", "atabaque"), ("avec du sabar", "sabar")])
def test_regional_instruments(text, instrument):
    assert instrument in [x.value for x in read_brief(text).instruments]


def test_an_eszett_before_a_genre_keeps_every_position():
    c = read_brief("Grüß Gott! Maß 12,80 €. Wir hätten gern zwölf Polkas, kein Schlagzeug, alle außer der letzten mit Chor.")
    assert c.genre.value == "polka" and c.genre.source == "Polkas"
    assert c.track_count.value == 12 and _tracks(c)[-1].vocal.value is False


def test_neither_nor_excludes_and_a_cappella_stays_planned():
    plan = plan_album(parse_brief_text("sept chants pour chœur a cappella, lents. Ni orgue ni piano, bien sûr."), llm=None,
                      seed=1)
    assert all("no organ" in t.caption and t.vocal for t in plan.tracks)


def test_keep_an_instrument_out():
    assert [x.value for x in read_brief("12 folk pieces, please keep drums out completely").excluded] == ["drums"]


def test_the_whole_loop_is_the_album():
    with pytest.raises(ConfigError, match="album total"):
        plan_album(parse_brief_text("Eight tracks, each at least six minutes. The whole loop, though, must be exactly "
                                    "20 minutes."), llm=None, seed=1)


def test_rap_vocals_on_a_named_genre_are_a_voice():
    tracks = _tracks(read_brief("6 drum and bass tracks, 174 bpm. tracks 2 and 4 get male rap vocals"))
    assert all(tracks[i].genre is None for i in (2, 4))
    assert read_brief("a 10-track mixtape with rap vocals on all").genre.value == "hiphop"


def test_a_range_of_ordinals_and_an_aside_between_references():
    tracks = _tracks(read_brief("Ocho temas. El primero (calentamiento) y el octavo (vuelta a la calma) a 95 bpm; "
                                "del segundo al séptimo, entre 125 y 135 bpm."))
    assert tracks[1].bpm.value == 95 and tracks[8].bpm.value == 95
    assert all(tracks[i].bpm_range.value == (125, 135) for i in range(2, 8))


def test_a_number_before_a_noun_is_no_tempo():
    c = read_brief("a festa é com 120 alunos. Seis músicas de forró, todas rápidas.")
    assert c.bpm is None and c.tempo.value == "fast"


def test_portuguese_e_with_an_accent_adds_no_piece():
    assert read_brief("Um hino para o clube. É uma faixa só: uma marcha cantada por um coro.").track_count.value == 1


def test_a_reply_in_a_language_is_no_music():
    with pytest.raises(ConfigError, match="not music"):
        parse_brief_text("¿Me puede redactar una respuesta amable pero firme en inglés? Gracias")


@pytest.mark.parametrize("text, genre", [("I would love some Jazz Music for my café, 6 tracks", "jazz"),
                                         ("dreißig Minuten Ambient in drei Stücken", "ambient")])
def test_a_capitalised_genre_beside_a_common_word_is_the_genre(text, genre):
    c = read_brief(text)
    assert c.genre.value == genre
    if "dreißig" in text:
        assert c.total_duration.value == 1800


def test_a_tempo_taken_back_leaves_the_count():
    c = read_brief("a 12-track album at 120 bpm... no wait, 128 bpm")
    assert c.track_count.value == 12 and c.bpm.value == 128


def test_no_instruments_other_than_one_is_that_one_alone_not_a_cappella():
    plan = plan_album(parse_brief_text("3 slow songs with a female voice, no instruments other than piano"), llm=None, seed=1)
    assert all("piano" in t.caption and "a cappella" not in t.caption for t in plan.tracks)
