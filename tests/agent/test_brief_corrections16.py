"""Session 16's rules, from an unseen round of briefs (round 35), tested in other words than the briefs that
taught them: a count corrected after an apology, a plural "make it" or a correction said as one; "nothing
with" an instrument; a name with a number; the writer naming themself; a voice that performs over the tracks
live; a stage of a contest after "final"; numbers each with their own preposition; a length's seconds before
a tempo; a wordless voice in a table cell; lyrics spoken of "where there are any"; a negation that does not
reach over a line end."""

from __future__ import annotations

from agent.planning.reader import read_brief


def test_a_count_corrected_after_an_apology_or_a_plural_make_it():
    assert read_brief("Quiero 6 canciones de cumbia... no, perdone, mejor 8, la fiesta sigue hasta tarde.").track_count.value == 8
    assert read_brief("Queremos 4 faixas de forró... aliás, façam 6, a quadrilha é comprida.").track_count.value == 6
    assert read_brief("Necesitamos 5 temas de bachata... bueno, hagan 7, hay más parejas.").track_count.value == 7


def test_a_count_corrected_by_going_for_another_number():
    c = read_brief("Il nous faut 5 morceaux de musette... non attendez, partons sur 7, le bal dure plus longtemps.")
    assert c.track_count.value == 7


def test_a_correction_said_as_one_replaces_the_last_count():
    c = read_brief("Ich brauche 6 Stücke, Techno, hart. Korrektur: 7, für den Einlass fehlt noch eins.")
    assert c.track_count.value == 7


def test_nothing_with_an_instrument_excludes_it():
    c = read_brief("4 calm piano pieces for a library, nothing with drums please")
    assert [x.value for x in c.excluded] == ["drums"]


def test_a_name_with_a_number_counts_nothing():
    c = read_brief("For the yearly Studio 54 tribute night we need disco, 6 tracks, 120 bpm.")
    assert c.track_count.value == 6
    assert read_brief("Für die Gala 5 Stücke, Wiener Walzer.").track_count.value == 5  # a track's noun after it: a count


def test_the_writer_naming_themself_is_no_voice():
    c = read_brief("Sound guy here. 3 lo-fi tracks, instrumental except track 2 with a female singer.")
    assert c.voice.value == "female"  # the singer of the one sung track, not the writer
    assert c.named()[2].vocal.value is True


def test_a_voice_that_performs_over_the_tracks_live_asks_for_instrumentals():
    c = read_brief("Need 10 boom bap beats for the cypher, 90 bpm, no vocals (the rappers freestyle over them).")
    assert c.vocal.value is False and not c.conflicts
    c = read_brief("8 beats de funk pros MCs rimarem em cima, 130 bpm")
    assert c.vocal is None and not c.conflicts


def test_the_final_round_of_a_contest_names_no_track():
    c = read_brief("5 rock tracks for the quiz night, no vocals except track 4, a big choir on that one for the final round.")
    t = c.named()
    assert t[4].vocal.value is True and c.voice.value == "choir"
    assert -1 not in t and 5 not in t and c.vocal.value is False


def test_numbers_each_with_their_own_preposition_name_tracks():
    c = read_brief("- 4 cumbias\n- 1: 100 bpm\n- 2: 104 bpm\n- 3: 98 bpm\n- 4: 110 bpm\n"
                   "- voz masculina en la 1 y en la 3, las demás instrumentales")
    t = c.named()
    assert t[1].vocal.value is True and t[3].vocal.value is True
    assert t[0].vocal.value is False  # "las demás": every other track


def test_a_lengths_seconds_before_a_tempo_are_no_tempo_range():
    c = read_brief("Programme :\n1. Aube – 3'15 – 96 bpm\n2. Midi – 2'50 – 124 bpm")
    t = c.named()
    assert t[1].bpm.value == 96 and t[1].duration.value == 195
    assert t[2].bpm.value == 124 and t[2].duration.value == 170


def test_a_wordless_voice_in_a_table_cell_sings():
    c = read_brief("Cue\tLength\tVocal\n1\t0:20\tno\n2\t0:40\tmale, wordless")
    t = c.named()
    assert t[1].vocal.value is False
    assert t[2].vocal.value is True and t[2].voice.value == "male"


def test_lyrics_where_there_are_any_ask_for_no_voice():
    c = read_brief("1. samba, voz masculina\n2. choro\n\nTudo em português onde tiver letra.")
    assert c.vocal is None and c.lyrics_language.value == "pt"
    c = read_brief("Three folk songs, a male singer on the first. French lyrics where there are lyrics.")
    assert c.vocal is None or c.vocal.value is True


def test_an_instrumental_line_keeps_its_negation_before_the_next_paragraph():
    c = read_brief("1. samba, 100 bpm, voz masculina\n2. choro, 110 bpm, sem voz\n\nTudo em português.")
    t = c.named()
    assert t[2].vocal.value is False and t[1].vocal.value is True


def test_colloquial_synth_plural_is_excluded():
    assert [x.value for x in read_brief("5 Jazz-Stücke, keine Synthies").excluded] == ["synths"]
