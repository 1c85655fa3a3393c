"""Session 17's rules, from two unseen rounds of briefs (rounds 37 and 38), tested in other words than the briefs
that taught them."""

from __future__ import annotations

from agent.planning.reader import read_brief
from engine.genres import genre, style_of


def _instruments(c) -> list[str]:
    return [x.value for x in c.instruments]


def test_instruments_named_in_other_words():
    c = read_brief("3 calm folk tunes with an alphorn, a seven-string guitar and some percs")
    assert {"alphorn", "seven-string guitar", "percussion"} <= set(_instruments(c))
    c = read_brief("5 choros com violão de 7 cordas e cavaquinho, sem synth drums")
    assert "seven-string guitar" in _instruments(c) and [x.value for x in c.excluded] == ["drum machine"]
    assert "diatonic accordion" in _instruments(read_brief("4 Ländler mit Schwyzerörgeli und Bass"))


def test_brass_bands_banda_and_pasodobles_are_genres():
    assert style_of("fanfare") == "brass band" and genre("charanga").name == genre("brass band").name
    assert style_of("banda sinaloense") == "banda sinaloense" and genre("banda").name == "latin"
    assert read_brief("Queremos 6 pasodobles para la plaza, con trompetas").track_count.value == 6
    assert read_brief("la banda sonora de un documental, 4 temas").genre is None  # a soundtrack is no banda


def test_a_german_compound_on_a_form_is_that_form():
    assert style_of("Kaiserwalzer") == "waltz" and style_of("Trauermarsch") == "march"
    assert style_of("Krautrock") == "krautrock"  # a style's own compound stays that style


def test_texting_and_dialect_words_are_written_out():
    assert read_brief("3 punk tracks, rly fast, 2 min").tempo.value == "very fast"
    c = read_brief("6 trad tunes, no singin except on track 2")
    assert c.vocal.value is False and c.named()[2].vocal.value is True
    c = read_brief("Mir wänd 4 Stück Ländler, zügig. Gsang nume bim letschte Stück, es Männerchörli.")
    assert c.tempo.value == "fast" and c.voice.value == "choir" and c.named()[-1].vocal.value is True


def test_a_count_taken_back_in_other_words():
    assert read_brief("garage rock, 6 songs no make it 5, loud").track_count.value == 5
    c = read_brief("Polkas please. 9 tunes - no wait, the mayor says the fete only runs an hour so make it 8, all instrumental.")
    assert c.track_count.value == 8
    assert read_brief("Maybe 15 songs? Actually let's say 12, that will do.").track_count.value == 12
    assert read_brief("Je pensais à 9 titres... bon, ma sœur dit que 7 suffisent.").track_count.value == 7


def test_make_it_with_a_length_a_tempo_or_a_track_keeps_the_count():
    assert read_brief("7 songs, make it 3 minutes each").track_count.value == 7
    c = read_brief("5 songs, 200s each, except the last one, make that four minutes.")
    assert c.track_count.value == 5
    assert read_brief("6 jazz tunes, track 2 is the ballad so make that one slow").track_count.value == 6


def test_a_bare_tempo_beside_a_tempo_word():
    c = read_brief("4 ska tracks, fast, 160ish, horns")
    assert c.bpm.value == 160
    assert read_brief("8 reels à danser. Vite! genre 128-136.").bpm_range.value == (128, 136)


def test_a_voice_the_writer_is_against_or_nobody_listens_to_is_no_wish():
    c = read_brief("8 ambient tracks for the sauna, no vocals, people are dozing, not listening to lyrics")
    assert c.vocal.value is False and not c.conflicts
    c = read_brief("6 bossa nova pieces, instrumental: my aunt hated anything with singing")
    assert c.vocal.value is False and not c.conflicts
    assert read_brief("I hate autotune, 5 pop songs with vocals").vocal.value is True  # the aversion names another thing


def test_only_the_track_that_is_different_is_described_next():
    c = read_brief("8 Lieder, Schlager, alle mit Gesang. Nur das vierte Stück soll anders sein: ein langsamer Walzer, instrumental.")
    t = c.named()[4]
    assert t.genre.value == "waltz" and t.tempo.value == "slow" and t.vocal.value is False
    c = read_brief("6 sambas cantadas. Só a primeira é diferente: mais lenta e instrumental.")
    t = c.named()[1]
    assert t.tempo.value == "slow" and t.vocal.value is False and c.vocal.value is True


def test_a_brazilian_gaita_is_a_harmonica():
    assert "harmonica" in _instruments(read_brief("5 blues com gaita e violão, voz de homem"))
    assert "bagpipes" in _instruments(read_brief("5 temas celtas con gaita y flauta"))
    assert "bagpipes" in _instruments(read_brief("5 músicas com gaita de foles"))


def _sung(c) -> list[int]:
    return sorted(t.index for t in c.tracks if t.index > 0 and t.vocal is not None and t.vocal.value)


def test_every_kth_track():
    assert _sung(read_brief("9 house tracks, a female voice on every third track, the others instrumental")) == [3, 6, 9]
    assert _sung(read_brief("8 Stücke, Gesang nur auf jedem zweiten Stück, sonst instrumental")) == [2, 4, 6, 8]
    c = read_brief("12 temas de cumbia, voz en uno de cada cuatro, el resto instrumental")
    assert _sung(c) == [4, 8, 12] and c.vocal_tracks is None
    assert _sung(read_brief("6 morceaux, chant sur un morceau sur trois, le reste instrumental")) == [3, 6]
    assert read_brief("8 tracks, every one at 120 bpm").bpm.value == 120  # "every one" is all of them


def _lengths(c) -> list[float]:
    return [t.duration.value for t in sorted(c.tracks, key=lambda t: t.index) if t.index > 0 and t.duration is not None]


def test_a_list_of_lengths_gives_each_track_its_own():
    assert _lengths(read_brief("3 cumbias. Duraciones: 2:40, 3:10 y 4:00")) == [160, 190, 240]
    assert _lengths(read_brief("4 bumpers for the stream, lengths in order: 30s, 45s, 60s, 90s")) == [30, 45, 60, 90]
    c = read_brief("5 tracks between 3:00 and 4:00 each")
    assert c.duration_range.value == (180, 240) and _lengths(c) == []


def test_cross_country_is_no_country_music():
    assert read_brief("music for a cross-country ski race: 4 techno tracks").genre.value == "techno"


def test_a_count_before_a_genre_compound_after_a_place_name_is_kept():
    assert read_brief("Für das Dorffest Unterbach 8 Polka-Stücke, je 3 Minuten").track_count.value == 8


def test_the_whole_record_said_in_other_words_is_no_guess():
    c = read_brief("8 titres disco de 5 minutes chacun. Le tout doit tenir dans les 20 minutes du spectacle.")
    assert c.total_duration.value == 1200 and not c.total_guessed


def test_a_language_or_a_genre_taken_back():
    c = read_brief("6 chansons, chantées en occitan... non, en français finalement, voix de femme.")
    assert c.lyrics_language.value == "fr"
    assert read_brief("5 tracks, reggaeton?? lol no, rather cumbia, 3 min each").genre.value == "cumbia"


def test_the_language_of_the_singing_by_name():
    assert read_brief("5 Lieder, Pop.\nSprache beim Gesang: Französisch.").lyrics_language.value == "fr"
    assert read_brief("4 canciones de pop, idioma de las letras: inglés").lyrics_language.value == "en"


def test_apart_from_a_track_and_numbers_written_no():
    c = read_brief("8 tracks, all instrumental apart from the 6th, which gets a female vocal.")
    assert _sung(c) == [6] and c.vocal.value is False
    c = read_brief("6 reels, no vocals except no. 2 and no. 5, a male singer on those.")
    assert _sung(c) == [2, 5]
    assert read_brief("We play on the 5th of May: 4 polkas.").track_count.value == 4  # a date stays a date


def test_a_negated_singer_asks_for_instrumentals():
    c = read_brief("8 Stücke, Ragtime, keine Sänger bitte")
    assert c.vocal.value is False and c.voice is None
    assert read_brief("6 morceaux, pas de chanteuse").vocal.value is False
    c = read_brief("6 Stücke, kein Sänger, sondern eine Sängerin")  # a singer said instead of another
    assert c.vocal.value is True


def test_instruments_named_in_other_words_2():
    assert _instruments(read_brief("4 Tracks, Rhodes-Piano und warme Bassline")) == ["electric piano", "bass"]
    assert "barrel organ" in _instruments(read_brief("5 Walzer mit Drehorgel"))
    assert "brass" in _instruments(read_brief("5 Polkas mit Blaskapelle"))
    assert style_of("ragtime") == "ragtime"


def test_a_genre_the_music_only_tastes_of_is_not_the_genre():
    assert read_brief("4 faixas de funk com toque de samba").genre.value == "funk"
    assert read_brief("3 pop songs with a hint of reggae").genre.value == "pop"


def test_traditional_music_by_name_and_none_with_an_instrument():
    assert read_brief("6 temas de música tradicional portuguesa").genre.value == "portuguese folk"
    assert [x.value for x in read_brief("8 canciones de cumbia, ninguna con acordeón").excluded] == ["accordion"]


def test_a_half_without_its_unit_said_of_each_track():
    assert read_brief("10 sambas, umas 2 e meia cada").duration.value == 150


def test_round_39_words():
    assert read_brief("on veut du disco. 5 titres. ah non, mettez-en 7, c'est une longue soirée.").track_count.value == 7
    assert read_brief("Hi, quick one: 4 techno tracks at 130 bpm").tempo is None  # a quick message, not a tempo
    assert style_of("Bulerías") == "flamenco buleria" and genre("Soleá").name == "latin"
    assert "anvil" in _instruments(read_brief("3 metal tracks with an anvil"))
    c = read_brief("5 morceaux lo-fi, voix de femme. Seule la 3 est chantée.")
    assert _sung(c) == [3] and c.vocal.value is False


def test_round_39_words_2():
    assert "kantele" in _instruments(read_brief("6 ambient pieces with kantele and cello"))
    assert read_brief("Ich habe mit meinem Mann 4 Polkas bestellt, instrumental").voice is None  # a husband, no voice
    c = read_brief("4 Stücke Jazz. Stück 3 darf gesungen sein, Frauenstimme, französisch, der Rest instrumental.")
    assert c.lyrics_language.value == "fr"
    c = read_brief("4 Tracks Techno, nur im letzten Track eine Jazz-Trompete")
    assert c.genre.value == "techno" and all(t.genre is None for t in c.tracks)


def test_a_track_length_that_makes_the_total_stands():
    from agent.planning.planner import load_brief, plan_album
    plan = plan_album(load_brief("8 forró songs, about 3 minutes each; the dance lasts about 25 minutes in total"), llm=None)
    assert {t.duration for t in plan.tracks} == {180}


def test_round_40_words():
    assert read_brief("para la fiesta queremos 6 de bachata, algo romántico").track_count.value == 6  # a genre counted
    assert read_brief("we'd love 5 of reggae for the barbecue").track_count.value == 5
    assert read_brief("um disco de folclore gaúcho, 4 faixas").genre.value == "folk"
    c = read_brief("4 lo-fi beats for the girl who runs the café at night, instrumental")
    assert c.voice is None and c.vocal.value is False  # a person of the story, not a singer
    assert read_brief("3 swing tunes, a guy who sings like Sinatra on all of them").voice.value == "male"
