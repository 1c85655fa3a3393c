"""Session 11's rules, from an unseen round of briefs: a count corrected a sentence later or by someone
else's word, bounds a negation turns round, a clause whose subject is nobody, "minuto y medio" without
its article, two singers as a duet, and a few instrument and genre names. Written in other words than
the briefs that taught the rules."""

from __future__ import annotations

import pytest

from agent.planning.reader import read_brief


# -- a count taken back ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, count", [
    # the count is a sentence or two before the correction, which follows a clause about something else
    ("12 songs of surf rock, reverb guitars, no organ (the drummer hates it). no wait, make it 9. all instrumental", 9),
    ("Zehn Stücke Swing, mit Kontrabass. Kein Gesang. Nee, mach lieber 6.", 6),
    # someone else gives the new number at the end of the sentence
    ("We want 5 tracks of cumbia... wait, my manager says 7. Fast, with accordion.", 7),
    ("Queremos 3 canciones de bolero. No, espera, mi socia dice 4.", 4),
    # a slang "wait" and a dash after the new number
    ("Fica assim: 6 faixas de forró. Não, pera, 8 — esqueci as vinhetas. Todas com sanfona.", 8),
])
def test_a_count_corrected_later_replaces_the_first(text, count):
    assert read_brief(text).track_count.value == count


def test_a_correction_that_names_a_track_does_not_change_the_count():
    c = read_brief("8 tracks of house, 124 bpm. no wait, make track 8 slower.")
    assert c.track_count.value == 8


def test_a_number_after_wait_that_is_a_length_is_no_count():
    c = read_brief("6 songs of soul... wait, my producer says 3 minutes each.")
    assert c.track_count.value == 6 and c.duration.value == 180


# -- bounds and clauses that are no wish -------------------------------------------------------------
@pytest.mark.parametrize("text, hi", [
    ("9 Tracks Techno, aber bitte nicht über 4 min pro Track", 240),
    ("7 songs, bluesy, not over 3 min each", 180),
])
def test_a_negated_over_is_a_maximum(text, hi):
    c = read_brief(text)
    assert c.duration_range.value[1] == hi and c.duration is None


def test_a_length_in_a_clause_whose_subject_is_nobody_is_no_wish():
    c = read_brief("10 ska songs, each under 3 minutes, nobody dances to an 8 minute jam")
    assert c.duration is None and c.duration_range.value == (10.0, 180.0)


@pytest.mark.parametrize("text, value", [
    ("5 cortinas para radio, de máximo minuto y medio cada una", (10.0, 90.0)),
    ("3 temas, minuto y medio cada uno", 90.0),
])
def test_a_minute_and_a_half_without_its_article(text, value):
    c = read_brief(text)
    read = c.duration_range.value if isinstance(value, tuple) else c.duration.value
    assert read == value


def test_a_number_word_before_minutes_and_a_half_keeps_its_number():
    assert read_brief("4 canciones de dos minutos y medio cada una").duration.value == 150


# -- voices, instruments and genres ------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "6 folk songs, two singers answering each other",
    "4 chansons avec deux voix qui dialoguent",
    "5 Lieder für zwei Stimmen",
    "3 canções para duas vozes",
])
def test_two_singers_are_a_duet(text):
    assert read_brief(text).voice.value == "duet"


def test_a_count_of_two_singers_that_is_a_voice_is_not_the_track_count():
    c = read_brief("8 tracks, two vocalists trading verses")
    assert c.track_count.value == 8 and c.voice.value == "duet"


@pytest.mark.parametrize("text, name", [
    ("8 sones jarochos con jaranas y arpa", "jarana"),
    ("5 Stücke mit Konzertina und Geige", "concertina"),
    ("6 morceaux avec biniou et bombarde", "bagpipes"),
    ("4 Polkas mit Blasinstrumenten", "brass"),
])
def test_folk_instruments_are_read(text, name):
    assert name in [i.value for i in read_brief(text).instruments]


def test_a_breton_dance_night_is_breton_folk():
    assert read_brief("musique pour un fest-noz, 8 morceaux à danser").genre.value == "breton folk"


# -- quantities and references -----------------------------------------------------------------------
@pytest.mark.parametrize("text, sung", [
    ("10 canciones de cumbia, la mitad cantadas y la otra mitad instrumentales", 5),
    ("8 morceaux, la moitié chantée, l'autre moitié instrumentale", 4),
    ("12 tracks of dub, half of them sung", 6),
])
def test_half_of_them_sung(text, sung):
    c = read_brief(text)
    assert c.vocal_tracks.value == sung and c.vocal is None


@pytest.mark.parametrize("text, sung, plain", [
    ("8 chansons. Seules les pistes paires sont chantées, les impaires sont instrumentales.", [2, 4, 6, 8], [1, 3, 5, 7]),
    ("6 canciones: las impares con voz, las pares instrumentales", [1, 3, 5], [2, 4, 6]),
])
def test_parity_with_the_noun_left_out_or_feminine(text, sung, plain):
    t = read_brief(text).named()
    assert [i for i in sorted(t) if t[i].vocal.value] == sung
    assert [i for i in sorted(t) if not t[i].vocal.value] == plain


@pytest.mark.parametrize("text, index, tempo", [
    ("7 fados lentos, à exceção do 3.º, que é rápido", 3, "fast"),
    ("5 músicas animadas, exceto a 2 q é lenta", 2, "slow"),
    ("9 Lieder, alle schnell außer das 4, das ist langsam", 4, "slow"),
])
def test_a_bare_number_after_an_exception_with_its_relative_clause(text, index, tempo):
    c = read_brief(text)
    assert c.named()[index].tempo.value == tempo and (c.tempo is None or c.tempo.value != tempo)


# -- choirs, wordless voices and a brief about something else ----------------------------------------
@pytest.mark.parametrize("text", [
    "6 chants de marins, des voix d'hommes en chœur",
    "8 songs with a female choir",
    "5 Lieder, Frauen im Chor",
])
def test_a_gendered_voice_singing_as_a_choir_is_a_choir(text):
    assert read_brief(text).voice.value == "choir"


@pytest.mark.parametrize("text", ["8 songs, female vocals with a choir behind", "8 songs, male vocals and a big chorus"])
def test_a_lead_voice_beside_a_choir_or_a_chorus_keeps_its_gender(text):
    assert read_brief(text).voice.value in ("female", "male")


def test_a_wordless_choir_sings_on_its_track():
    c = read_brief("5 cues, all instrumental except cue 2, which has a wordless choir")
    assert c.vocal.value is False and c.named()[2].vocal.value is True


def test_wordless_alone_is_instrumental():
    assert read_brief("4 cues, wordless, ambient").vocal.value is False


def test_a_message_about_a_dinner_whose_only_music_word_is_a_cake_is_refused():
    from agent.planning.planner import load_brief
    from engine.errors import AceprodError

    with pytest.raises(AceprodError, match="music"):
        load_brief("Bonjour, pour le dîner de samedi nous serons 40, avec 5 tables de 8. Pour le dessert, une pièce "
                   "montée. Pourriez-vous prévoir 2 chaises hautes ?")


def test_one_piece_asked_for_is_still_planned():
    from agent.planning.planner import load_brief, plan_album

    assert len(plan_album(load_brief("Je voudrais une pièce calme pour piano"), llm=None).tracks) == 1


# -- tracklists, tables and bare ranges --------------------------------------------------------------
def test_a_tracklist_numbered_with_em_dashes():
    c = read_brief("Programme :\n01 — house, 122 bpm, 5'00\n02 — ambient, lent, 3'00\n03 — techno, 135 bpm, 6'00")
    assert c.track_count.value == 3
    assert [(t.index, t.bpm.value if t.bpm else None) for t in sorted(c.tracks, key=lambda t: t.index)] == \
        [(1, 122), (2, None), (3, 135)]


def test_originals_are_counted_as_tracks():
    assert read_brief("we need 7 originals for the gig, all funk").track_count.value == 7


def test_a_vox_column_of_a_pasted_table():
    c = read_brief("#\tstyle\tvox\n1\tfunk\tfemale\n2\tfunk\tno\n3\tdisco\tno")
    t = c.named()
    assert t[1].vocal.value is True and t[2].vocal.value is False and t[3].vocal.value is False


def test_a_soprano_in_german_sings():
    c = read_brief("3 Stücke:\n1. Orgel solo\n2. Sopran und Orgel\n3. Orgel solo")
    assert c.named()[2].vocal.value is True and c.named()[2].voice.value == "female"


@pytest.mark.parametrize("text, sung, plain", [
    ("7 trk grime. male vox on 1-5, 6&7 instr. ~2m each", [1, 2, 3, 4, 5], [6, 7]),
    ("6 Tracks Trap. Gesang auf 2 und 4, sonst instrumental", [2, 4], []),
])
def test_numbers_after_a_voice_and_a_preposition_name_tracks(text, sung, plain):
    c = read_brief(text)
    t = c.named()
    assert c.vocal_tracks is None
    assert [i for i in sorted(t) if i > 0 and t[i].vocal and t[i].vocal.value] == sung
    assert [i for i in sorted(t) if i > 0 and t[i].vocal and not t[i].vocal.value] == plain


def test_vocals_on_a_number_of_them_still_counts():
    assert read_brief("9 songs of reggae, vocals on 3 of them").vocal_tracks.value == 3


# -- instruments some tracks have alone --------------------------------------------------------------
def _played(c):
    return {t.index: ([x.value for x in t.instruments], [x.value for x in t.excluded]) for t in c.tracks}


@pytest.mark.parametrize("text", [
    "5 chansons, guitare et contrebasse, violon sur les titres 2 et 5 uniquement",
    "5 songs with guitar and double bass, fiddle only on tracks 2 and 5",
])
def test_an_instrument_only_on_some_tracks_is_left_out_of_the_others(text):
    p = _played(read_brief(text))
    assert [i for i in range(1, 6) if "fiddle" in p[i][0] or "violin" in p[i][0]] == [2, 5]
    assert all(set(p[i][1]) & {"fiddle", "violin"} for i in (1, 3, 4))


def test_a_track_that_is_just_one_instrument_leaves_out_the_albums_others():
    p = _played(read_brief("7 Lieder mit Gitarre und Schlagzeug, das dritte nur Klavier"))
    assert p[3] == (["piano"], ["drums", "guitar"])


def test_an_instrument_named_for_a_track_without_only_leaves_the_others_alone():
    c = read_brief("5 songs with guitar, cello on track 3")
    assert all(not t.excluded for t in c.tracks)


# -- references that open a comma-piece or a sentence -----------------------------------------------
def test_a_reference_after_a_comma_with_its_own_words_looks_forward():
    c = read_brief("4 Stücke. Stil: Jazz, bei Nummer 4 eher Funk.")
    assert c.genre.value == "jazz" and c.named()[4].genre.value == "funk"


def test_numbers_with_articles_opening_a_comma_piece_after_named_tracks():
    c = read_brief("6 canciones. Las canciones 1 y 2 salsa, la 3 y la 4 bolero, el resto merengue.")
    t = c.named()
    assert [t[i].genre.value for i in (1, 2, 3, 4)] == ["salsa", "salsa", "bolero", "bolero"]


@pytest.mark.parametrize("text, index", [
    ("8 temas de jazz. El 8 que sea más largo, unos 7 minutos; el resto 3 minutos.", 8),
    ("6 chansons de 3 minutes. La 2 est plus longue, 5 minutes.", 2),
])
def test_an_article_and_a_number_opening_a_sentence_name_a_track(text, index):
    c = read_brief(text)
    assert c.named()[index].duration.value in (420, 300)


def test_bulleted_lines_that_open_with_numbers_and_a_colon_name_tracks():
    c = read_brief("Pedido:\n• 4 temas de son\n• 1 y 2: lentos\n• 3 y 4: rápidos\n• 200s cada uno, el 4 de 260s")
    t = c.named()
    assert [t[i].tempo.value for i in (1, 2, 3, 4)] == ["slow", "slow", "fast", "fast"]
    assert t[4].duration.value == 260


@pytest.mark.parametrize("text, odd, even", [
    ("8 Titel, abwechselnd Frauen- und Männerstimme", "female", "male"),
    ("6 songs, alternating male and female vocals", "male", "female"),
    ("4 chansons en alternance voix d'homme et voix de femme", "male", "female"),
])
def test_two_voices_that_alternate_take_the_odd_and_the_even_tracks(text, odd, even):
    t = read_brief(text).named()
    assert t[1].voice.value == odd and t[2].voice.value == even and t[3].voice.value == odd


def test_alternating_voices_leave_a_tracks_own_voice():
    t = read_brief("6 songs, alternating male and female vocals, track 3 a choir").named()
    assert t[3].voice.value == "choir" and t[4].voice.value == "female"


# -- marches, copulas and baritones -----------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "10 Stücke Blasmusik. Die Märsche sind Nummer 2 und 9, der Rest Polkas.",
    "10 pieces for the parade. The marches are tracks 2 and 9, the rest polkas.",
])
def test_what_a_sentence_opens_with_belongs_to_the_tracks_after_its_copula(text):
    t = read_brief(text).named()
    assert t[2].genre.value == "march" and t[9].genre.value == "march" and t[0].genre.value == "polka"


def test_bare_numbers_after_a_copula_with_articles():
    t = read_brief("5 canciones. Los boleros son la 1 y la 4, el resto cumbia.").named()
    assert t[1].genre.value == "bolero" and t[4].genre.value == "bolero"


@pytest.mark.parametrize("text", ["4 bossa nova songs for the reopening in March", "3 jazz tracks, due by March 12"])
def test_the_month_of_march_is_no_genre(text):
    assert read_brief(text).genre.value in ("bossa nova", "jazz")


def test_a_baritone_in_german_is_a_male_voice():
    assert read_brief("3 Lieder, gesungen von einem Bariton").voice.value == "male"


@pytest.mark.parametrize("text, left_out", [
    ("7 jazz tunes, piano and bass, sax on every track except the fifth", ["saxophone"]),
    ("7 Stücke Jazz, Klavier, Trompete auf allen außer dem fünften", ["trumpet"]),
    ("7 músicas, violão e cavaquinho em todas, menos na 5", ["acoustic guitar", "cavaquinho"]),
])
def test_an_instrument_on_all_tracks_but_one_is_left_out_of_that_one(text, left_out):
    p = _played(read_brief(text))
    assert sorted(p[5][1]) == left_out


@pytest.mark.parametrize("text", [
    "8 songs, all sung except the opener, which is instrumental (that's track 1). female singer",
    "8 chansons, toutes chantées sauf l'ouverture, instrumentale (c'est la piste 1). voix de femme",
])
def test_an_aside_that_names_a_track_takes_the_words_before_it(text):
    c = read_brief(text)
    assert c.named()[1].vocal.value is False and c.vocal.value is True


# -- round 23 ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "10 songs. No song is sung except the second and the ninth.",
    "10 chansons. Aucune chanson chantée sauf la 2e et la 9e.",
    "10 canciones. Ninguna cantada salvo la segunda y la novena.",
])
def test_none_sung_except_some_sings_only_those(text):
    c = read_brief(text)
    assert c.vocal.value is False and c.named()[2].vocal.value is True


def test_the_couple_is_no_count():
    assert read_brief("The couple would like original music: 6 tracks of folk.").track_count.value == 6


@pytest.mark.parametrize("text, count", [
    ("Serían 2 tandas de 4 tangos cada una, o sea 8 temas.", 8),
    ("three sets of four songs, that is 12 songs", 12),
])
def test_a_count_restated_after_its_groups(text, count):
    assert read_brief(text).track_count.value == count


@pytest.mark.parametrize("text, count", [
    ("5 titres de jazz. Non attendez, mettons 8, la soirée est longue.", 8),
    ("Queremos 4 temas. No, esperen, mejor 6.", 6),
])
def test_a_polite_wait_and_a_lets_say_take_the_count_back(text, count):
    assert read_brief(text).track_count.value == count


def test_an_ordinal_with_its_dot_and_mark_names_a_track():
    c = read_brief("5 faixas instrumentais... aliás, a 2.ª pode ter voz, o resto fica instrumental.")
    assert c.named()[2].vocal.value is True


def test_soundscapes_are_counted():
    assert read_brief("3 soundscapes for a museum, 10 minutes each").track_count.value == 3


def test_lines_that_open_with_1_2_3_and_a_word_are_a_tracklist():
    c = read_brief("Programme, dans l'ordre :\n1 ouverture, 90 bpm\n2 danse, rapide\n3 berceuse, très lent\nMerci")
    t = c.named()
    assert c.track_count.value == 3 and t[1].bpm.value == 90 and t[3].tempo.value == "very slow"


def test_two_lines_opening_with_numbers_are_no_tracklist():
    c = read_brief("We want\n3 songs of folk\n2 of them sung")
    assert c.track_count.value == 3


def test_bare_ranges_and_equals_after_a_named_track_name_tracks():
    t = read_brief("8 tracks of techno. trk 1 intro 110bpm, 2-5 at 130, 6-7 slower at 120, 8 = sprint 150.").named()
    assert [t[i].bpm.value for i in (1, 2, 5, 6, 7, 8)] == [110, 130, 130, 120, 120, 150]


@pytest.mark.parametrize("text", [
    "3 Stücke, ein Stück pro Runde. Runde 1: 70 bpm. Runde 2: 100 bpm. Runde 3: 128 bpm.",
    "3 ambiances, une par salle : salle 1 à 70 bpm ; salle 2 à 100 bpm ; salle 3 à 128 bpm.",
    "3 tracks, one per room: room 1 at 70 bpm, room 2 at 100 bpm, room 3 at 128 bpm.",
])
def test_a_piece_per_something_names_tracks_by_that_noun(text):
    t = read_brief(text).named()
    assert [t[i].bpm.value for i in (1, 2, 3)] == [70, 100, 128]


def test_a_lets_say_after_a_question_and_a_second_thought_after_it():
    c = read_brief("Could you make me some songs? Let's say 9. Actually no, 6 is plenty, the gig is an hour. "
                   "Vocals on all except the opener, that one instrumental.")
    assert c.track_count.value == 6 and c.total_duration is None


def test_a_bare_range_alone_in_its_comma_piece_is_a_tempo_range():
    c = read_brief("6 tracks, minimal techno, 128-132, je 6 min. track 4 ohne hi-hats")
    assert c.bpm_range.value == (128, 132) and [x.value for x in c.named()[4].excluded] == ["hi-hat"]


def test_roman_numerals_number_a_tracklist():
    c = read_brief("4 pièces :\n- I : 5 min, 120 BPM\n- II : 3 min, très lent\n- III : 4 min, 130 BPM\n- IV : 2 min")
    t = c.named()
    assert c.track_count.value == 4 and t[1].bpm.value == 120 and t[2].tempo.value == "very slow"


def test_a_sentence_opening_with_the_word_i_is_no_roman_numeral():
    assert read_brief("I. need 3 songs\nII like jazz").track_count.value == 3


@pytest.mark.parametrize("text", ["4 peças ambientais, a duração total não deverá ultrapassar os 40 minutos",
                                  "5 faixas de samba com cavaco e surdo"])
def test_portuguese_words_of_round_23(text):
    c = read_brief(text)
    assert (c.genre.value == "ambient" and c.total_max.value == 2400) or "cavaquinho" in [x.value for x in c.instruments]
