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
    assert read_brief("A woman here would be lovely. 3 folk songs.").voice.value == "female"  # a wish, no greeting


def test_a_voice_that_performs_over_the_tracks_live_asks_for_instrumentals():
    c = read_brief("Need 10 boom bap beats for the cypher, 90 bpm, no vocals (the rappers freestyle over them).")
    assert c.vocal.value is False and not c.conflicts
    c = read_brief("8 beats de funk pros MCs rimarem em cima, 130 bpm")
    assert c.vocal is None and not c.conflicts
    c = read_brief("3 ballads, a female singer singing over the strings")  # over a part of the music: she sings
    assert c.vocal.value is True and c.voice.value == "female"


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


# round 36's rules

def test_trx_counts_tracks_and_ish_bpm_is_a_tempo():
    c = read_brief("need 12 trx of techno, 150ish bpm, dark")
    assert c.track_count.value == 12 and c.bpm.value == 150


def test_now_is_no_hour():
    c = read_brief("Para la sala de espera, que la música de ahora aburre: 6 temas de bossa nova, suaves.")
    assert c.total_duration is None and c.track_count.value == 6


def test_bavarian_songs_speed_and_singer():
    c = read_brief("servus, brauch 5 Liada fürs Schützenfest, Walzer, schnö, gsunga vo am Mannsbüd")
    assert c.track_count.value == 5 and c.tempo.value == "fast"
    assert c.vocal.value is True and c.voice.value == "male"


def test_tracks_named_with_their_articles_after_but():
    c = read_brief("8 faixas de samba instrumentais, mas a 2 e a 5 com voz feminina")
    t = c.named()
    assert t[2].vocal.value is True and t[5].vocal.value is True and c.vocal.value is False


def test_a_conditional_request_for_something_else_is_no_music():
    import pytest

    from agent.planning.brief_text import parse_brief_text
    from engine.errors import ConfigError
    with pytest.raises(ConfigError, match="not music"):
        parse_brief_text("Guten Tag, ich bräuchte ein Angebot für drei neue Fenster im Erdgeschoss. Gruß, Anna")


def test_a_bulleted_item_named_with_its_article():
    c = read_brief("5 morceaux :\n- du 1 au 3 : valses, accordéon\n- la 4 : un tango chanté par un homme\n"
                   "- le 5 : rock rapide, instrumental")
    t = c.named()
    assert t[4].voice.value == "male" and t[5].vocal.value is False and t[5].tempo.value == "fast"
    assert t[1].instruments[0].value == "accordion" and 4 not in [x for x in range(1, 4) if t[x].voice]


def test_a_voice_before_the_odd_or_even_tracks_is_theirs():
    c = read_brief("6 boleros. Female vocals on the odd-numbered tracks, a man on the even ones.")
    t = c.named()
    assert [t[i].voice.value for i in range(1, 7)] == ["female", "male"] * 3
    # a dictated run-on: the length said "each" stays the album's
    c = read_brief("note six morceaux trois minutes chacun voix d'homme seulement sur les morceaux impairs")
    assert c.duration.value == 180


def test_singers_taking_turns():
    c = read_brief("6 Schlager, abwechselnd Sängerin und Sänger")
    assert [c.named()[i].voice.value for i in (1, 2, 3)] == ["female", "male", "female"]


def test_n_joins_two_tracks():
    c = read_brief("8 tracks, rap on all except the intro n outro")
    t = c.named()
    assert t[1].vocal.value is False and t[-1].vocal.value is False


def test_texting_shorthand_is_read_written_out():
    c = read_brief("need 6 trx w/ female vox on evry track xcept 2 n 5")
    t = c.named()
    assert c.track_count.value == 6 and c.voice.value == "female"
    assert t[2].vocal.value is False and t[5].vocal.value is False
    c = read_brief("8 temas de cumbia c/ voz, s/ batería")
    assert c.vocal.value is True and [x.value for x in c.excluded] == ["drums"]
    assert read_brief("drum n bass, 4 tracks").genre.value == "drum and bass"


def test_shorthand_leaves_numbered_marks_alone():
    c = read_brief("6 chansons, voix de femme sur les n° 2 et n° 5, le reste instrumental")
    t = c.named()
    assert t[2].voice.value == "female" and t[5].voice.value == "female"
