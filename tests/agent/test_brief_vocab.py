"""The reader's vocabulary beyond the core tables: world instruments, kinds after an instrument,
genre qualifiers in Romance word order, and exclusions with an exception."""

from __future__ import annotations

import pytest

from agent.planning.brief_text import parse_brief_text
from agent.planning.planner import plan_album
from agent.planning.reader import read_brief
from engine.genres import genre, style_of


@pytest.mark.parametrize("text, wanted", [
    ("forró com sanfona, zabumba e triângulo", ["accordion", "zabumba", "triangle"]),
    ("samba: surdo, tamborim, cuíca, repinique", ["surdo", "tambourine", "cuica", "repinique"]),
    ("afrobeats with talking drum and log drum", ["talking drum", "log drum"]),
    ("boleros con requinto", ["requinto"]),
    ("modão com viola caipira", ["viola caipira"]),
    ("hymns with pipe organ", ["pipe organ"]),
    ("salsa con congas y timbales", ["congas", "timbales"]),
    ("dub with melodica", ["melodica"]),
    ("indie pop with whistling and ukulele", ["whistling", "ukulele"]),
    ("rock con guitarra distorsionada", ["distorted guitar"]),
])
def test_world_instruments_and_kinds_after_the_noun(text, wanted):
    assert sorted(r.value for r in read_brief(text).instruments) == sorted(wanted)


@pytest.mark.parametrize("text, excluded", [
    ("6 faixas, sem guitarra distorcida", ["distorted guitar"]),
    ("bossa nova, nada de bateria eletrônica", ["drum machine"]),  # not "no drums": brushes are welcome
    ("ein Album, keine verzerrten Gitarren", ["distorted guitar"]),
])
def test_an_excluded_instrument_keeps_its_kind(text, excluded):
    assert [r.value for r in read_brief(text).excluded] == excluded


@pytest.mark.parametrize("text, style, family", [
    ("Quiero un disco de tango electrónico de ocho pistas", "electronic tango", "latin"),
    ("EP de house latino, 4 tracks", "latin house", "electronic"),
    ("5 morceaux de jazz manouche", "gypsy jazz", "jazz"),
    ("música andina, 12 piezas", "andean", "folk"),  # a style of its own, not "música" qualified
    ("an album of latin jazz, 5 tracks", "latin jazz", "jazz"),
])
def test_a_qualifier_after_a_genre_makes_an_english_style(text, style, family):
    c = read_brief(text)
    if style is None:
        assert c.genre is None
        return
    assert c.genre.value == style and genre(c.genre.value).name == family


def test_an_exclusion_with_an_exception_leaves_the_named_track_its_instrument():
    brief = parse_brief_text("4 pistes, synthwave. Piste 1 = opening, 2 min. Piste 2 = poursuite, 150 bpm. "
                             "Piste 3 = amour. Piste 4 = générique. Pas de guitare électrique sauf sur la 2.")
    plan = plan_album(brief, seed=1)
    for t in plan.tracks:
        assert ("no electric guitar" in t.caption) == (t.index != 2), (t.index, t.caption)
    assert "electric guitar" in plan.tracks[1].caption


@pytest.mark.parametrize("text, family, style", [
    ("Un disco de rock de diez canciones", "rock", None),  # Spanish "disco" is the record
    ("Um disco de folk com sete canções", "folk", None),
    ("6 upbeat disco tracks for a wedding", "electronic", "disco"),
    ("6 kurze Kinderlieder auf Deutsch", "pop", "children's music"),
    ("a surprise DnB set, 7 tracks", "electronic", "drum and bass"),  # "surprise" makes no style
    ("4 tracks of 124 bpm house", "electronic", "house"),
    ("Pop punk record, 8 songs", "rock", "pop punk"),
    ("5 hymns for Advent", "classical", "hymn"),
    ("rock indé, 9 chansons", "rock", "indie rock"),
    ("Album french touch / filter house, 6 tracks", "electronic", "french house"),
    ("Deutschrap Album, 7 Tracks", "hiphop", "german rap"),
    ("Children's album: 10 songs", "pop", "children's music"),
    ("trois morceaux deep house instrumentaux à 122 bpm", "electronic", "deep house"),  # an English style word in French
    ("une demi-douzaine de valses, toutes instrumentales", "classical", "waltz"),
    ("un p'tit album de musique trad québécoise : 8 tounes", "folk", None),
    ("a pair of tracks, light electronic pop feel", "pop", "electropop"),
])
def test_genre_words_in_context(text, family, style):
    plan = plan_album(parse_brief_text(text), seed=1)
    assert (plan.tracks[0].genre, plan.tracks[0].style) == (family, style)


def test_a_date_is_no_track():
    brief = parse_brief_text("We need a pair of background tracks, no singing. "
                             "We hope to have drafts before the offsite on the 14th.")
    assert len(plan_album(brief, seed=1).tracks) == 2
    with pytest.raises(Exception, match="track 5"):  # a track the brief asks something of still counts
        parse_brief_text("3 songs for my band's demo, and the fifth one should be a slow ballad with vocals.")


@pytest.mark.parametrize("text, count", [
    ("a title theme, three dungeon floor loops, and a boss fight track. So five pieces total.", 5),
    ("synthwave albm, 10 trax, 40 min total", 10),
    ("Wir brauchen ne Doppel-Single für unsere Punkband", 2),
    ("Nous aurions besoin d'une demi-douzaine de valses, toutes instrumentales", 6),
    ("un p'tit album de musique trad : 8 tounes, violon, accordéon", 8),
])
def test_counts_said_in_other_ways(text, count):
    assert read_brief(text).track_count.value == count


@pytest.mark.parametrize("text, total, each", [
    ("Background music for a 12 min travel vlog, split into 4 tracks of roughly equal length.", 720, None),
    ("A 14-minute drama about two sisters. Three cues, the opening about 2 minutes.", None, None),
    ("6 faixas de bossa nova, duração total ~18 min", 1080, None),
    ("Un seul morceau de piano jazz, il doit durer cinq minutes pour la vidéo.", None, 300),
    ("4 tracks, each a 3-minute short piece for piano", None, 180),  # "short" here is no short film
])
def test_the_length_of_what_the_music_is_for(text, total, each):
    c = read_brief(text)
    assert (c.total_duration.value if c.total_duration else None) == total
    assert (c.duration.value if c.duration else None) == each


@pytest.mark.parametrize("text, vocal", [
    ("6 ambient pieces. No words or singing, people need to focus on their breath.", False),
    ("4 sons rap français, le dernier en instru", True),  # rap is sung; "instru" is the last one's
    ("5 temas de reguetón, dúo de voz masculina y femenina en todos", True),
])
def test_vocal_words(text, vocal):
    c = read_brief(text)
    assert (c.vocal.value if c.vocal else None) == vocal
    if "instru" in text:
        assert c.track(-1).vocal.value is False


def test_reggaeton_spelt_the_spanish_way_and_its_duet():
    t = plan_album(parse_brief_text("5 temas de reguetón, 90-95 bpm, dúo de voz masculina y femenina en todos"),
                   seed=1).tracks[0]
    assert (t.genre, t.style) == ("latin", "reggaeton") and "duet" in t.caption


def test_an_exception_said_first_in_french_and_a_regional_lyrics_language():
    c = read_brief("Cinq pistes. Piste 4 : une chanson chantée par une voix féminine en breton. "
                   "À part la piste 4, tout est instrumental.")
    assert c.vocal.value is False and c.track(4).vocal.value is True
    assert c.lyrics_language.value == "br"
    assert read_brief("une forêt bretonne, 3 pistes").lyrics_language is None


@pytest.mark.parametrize("text, total, total_max", [
    ("need 6 songs. Whole thing shouldn't run over 30 minutes.", None, 1800),
    ("quisiera un album de boleros, unos 10 temas. que dure mas o menos 40 minutos.", 2400, None),
    ("Je voudrais un petit album, 8 chansons. Pas trop long, 30 minutes maximum.", None, 1800),
])
def test_a_length_no_track_can_have_is_the_albums(text, total, total_max):
    c = read_brief(text)
    assert (c.total_duration.value if c.total_duration else None) == total
    assert (c.total_max.value if c.total_max else None) == total_max


def test_a_range_past_the_engine_limit_is_met_at_the_limit_and_one_long_track_stays_a_track():
    plan = plan_album(parse_brief_text("Krautrock-Album. 4 Stücke, jedes 10–12 Minuten. 120 BPM."), seed=1)
    assert [t.duration for t in plan.tracks] == [600.0] * 4
    brief = parse_brief_text("One slow doom metal track, 12 minutes long")
    assert brief.album_duration is None and len(plan_album(brief, seed=1).tracks) == 1


def test_an_hour_and_a_half_without_article_and_an_exception_list_with_articles():
    c = read_brief("quinze faixas de música eletrónica. álbum com cerca de hora e meia. "
                   "tudo instrumental exceto a faixa 1 e a faixa 15, com voz masculina em inglês")
    assert c.total_duration.value == 5400
    assert c.vocal.value is False and c.track(1).vocal.value is True and c.track(15).vocal.value is True


@pytest.mark.parametrize("text, voice", [
    ("Deutschrap, 7 Tracks, male voice. Hook bei Track 2 und 5 von einer Sängerin.", "duet"),
    ("7 tracks, male vocals. Track 3 feat. a female singer.", "duet"),  # "feat." ends no sentence
    ("10 lofi beats, sem vocal nenhum, só o track 10 que vai ter feat de uma cantora", "female"),  # sings alone
])
def test_a_guest_singer_joins_the_tracks_own(text, voice):
    c = read_brief(text)
    n = 10 if "lofi" in text else (3 if "Track 3" in text else 2)
    assert c.track(n).voice.value == voice


def test_a_podcast_pack_counts_its_pieces_and_nothing_with_lyrics_is_instrumental():
    c = read_brief("Need a music pack for a true-crime podcast: intro theme (30 seconds), outro (45 seconds), "
                   "and 4 short stingers of around 10 seconds each. Dark, tense, electronic. Nothing with lyrics.")
    assert c.track_count.value == 6 and c.vocal.value is False
    assert read_brief("an intro and 8 songs").track_count.value == 9


def test_a_tracklist_longer_than_the_count_is_refused_and_a_shorter_one_details_some_tracks():
    listed = "1. a reggae tune\n2. a drum and bass banger\n3. an ambient piece\n4. a country ballad\n5. a punk song"
    with pytest.raises(Exception, match="asks for 3 tracks .* but lists 5"):
        parse_brief_text(f"Make me a 3-track album:\n{listed}\nFemale vocals on all of them.")
    assert read_brief(f"A 12-track album, the first five:\n{listed}").track_count.value == 12
    c = read_brief("Lista para el EP:\n1) cumbia alegre, 100 bpm\n2) salsa, rápida\n"
                   "3) bolero lento... no, mejor un son cubano lento\n4) cumbia otra vez, 85 bpm")
    assert c.track_count.value == 4 and not c.conflicts  # "un son" in an item counts nothing


def test_the_middle_cue_of_three_and_a_strings_heavy_track():
    c = read_brief("So: three cues. The opening cue ~2 minutes, solo piano. The middle cue (the argument scene) "
                   "should be tense and strings-heavy, maybe 3 minutes.")
    assert c.track(2).duration.value == 180 and [x.value for x in c.track(2).instruments] == ["strings"]
    assert read_brief("four cues; the middle cue slow").track(2).tempo is None  # no one middle of four


def test_an_inline_numbered_list_and_a_track_the_same_as_another_but_sung():
    brief = parse_brief_text(
        "Student short film score. I need 4 cues: 1) opening titles, 2:30, smoky jazz with muted trumpet and upright "
        "bass; 2) chase scene, fast, drums and brass; 3) a sad piano solo, slow, just piano, about 1 minute; 4) end "
        "credits, same as the opening but with a female singer. Everything else instrumental.")
    plan = plan_album(brief, seed=1)
    first, last = plan.tracks[0], plan.tracks[3]
    assert [t.vocal for t in plan.tracks] == [False, False, False, True]
    assert first.genre == last.genre == "jazz" and first.duration == last.duration == 150
    assert "muted trumpet" in last.caption and "female vocals" in last.caption


@pytest.mark.parametrize("name, style", [
    ("house latino", "latin house"), ("jazz manouche", "gypsy jazz"), ("tango electrónico", "electronic tango"),
    ("rock indé", "indie rock"), ("latin", None),
])
def test_a_style_named_in_romance_order_is_the_english_style(name, style):
    assert style_of(name) == style


def test_a_count_after_the_noun_and_more_lyrics_languages():
    c = read_brief("Bollywood-style songs for a wedding sangeet, 7 of them, Hindi lyrics")
    assert c.track_count.value == 7 and c.lyrics_language.value == "hi" and c.vocal.value is True
    c = read_brief("8 songs, vocals on 3 of them")  # a share of the count, not a count
    assert c.track_count.value == 8 and c.vocal_tracks.value == 3


def test_an_aside_after_an_exception_speaks_of_the_excepted_tracks():
    c = read_brief("Album spec:\n- 10 tracks\n- each 4:00 to 4:30\n"
                   "- vocals on every track except 5 and 10 (those are interludes, ~50 seconds)")
    assert c.duration is None and c.duration_range.value == (240, 270)
    assert c.track(5).duration.value == c.track(10).duration.value == 50


def test_an_enumeration_with_a_lead_in_and_an_item_of_adjectives():
    c = read_brief("For the band's demo we want four songs in this order: a fast rock song, then a slow power ballad, "
                   "then something funky and mid-tempo, and we finish with a heavy metal track.")
    assert [c.track(i).genre.value for i in (1, 3, 4)] == ["rock", "funk", "heavy metal"]
    assert [c.track(i).tempo.value for i in (1, 2, 3)] == ["fast", "slow", "mid-tempo"]


@pytest.mark.parametrize("text, tempo", [
    ("la séptima es instrumental y la queremos lentita", "slow"),
    ("the last one a joyful, faster piece", "fast"),
    ("uma faixa bem rapidinha", "very fast"),
])
def test_everyday_tempo_words(text, tempo):
    c = read_brief(text)
    assert [x.value for x in [c.tempo, *(t.tempo for t in c.tracks)] if x is not None] == [tempo]


def test_an_abbreviation_ends_no_sentence_and_the_remaining_six_are_the_rest():
    c = read_brief("Insgesamt sieben Stücke. Das erste ist die Titelmelodie, ca. 45 Sekunden, gesungen von einem "
                   "Kinderchor auf Deutsch. Die übrigen sechs sind kurze instrumentale Zwischenspiele, "
                   "mit Xylophon und Pizzicato-Streichern.")
    assert c.track(1).voice.value == "choir" and c.track(1).duration.value == 45
    assert "pizzicato strings" in [x.value for x in c.instruments + c.track(0).instruments]
    assert read_brief("about 3 min. Then a ballad, 5 songs").duration.value == 180  # "min." before a new sentence stays


def test_each_in_the_next_sentence_leaves_a_tracks_own_tempo_and_a_singer_takes_her_articles_gender():
    c = read_brief("Um par de temas de kizomba. O primeiro a 90 bpm; o segundo instrumental e um pouco mais lento, "
                   "a 84 bpm. Cada tema com 4 a 5 minutos.")
    assert c.track(2).bpm.value == 84 and c.bpm is None
    c = read_brief("Cinco faixas de fado. As três primeiras cantadas por uma fadista; com viola de fado.")
    assert c.track(1).voice.value == "female" and [x.value for x in c.instruments] == ["classical guitar"]


def test_bare_numbers_after_a_listed_noun_and_a_genres_plural_name_tracks():
    c = read_brief("je cherche 7 titres de zouk. Voix d'homme sur les titres 1, 3 et 5, de femme sur 2 et 4, "
                   "en duo sur 6 et 7.")
    assert [c.track(i).voice.value for i in range(1, 8)] == ["male", "female", "male", "female", "male", "duet", "duet"]
    c = read_brief("necesito 7 tangos. Los tangos 2 y 5 cantados por una voz masculina; el resto instrumental.")
    assert c.track(2).voice.value == c.track(5).voice.value == "male"
    c = read_brief("3 faixas de folk, a segunda a 120 bpm e as outras duas a 90, voz masculina em todas")
    assert c.track(90).bpm is None  # "a 90" is a tempo, not a track
    c = read_brief("6 fados. Voz masculina nos 3 primeiros, feminina nos 3 últimos.")
    assert c.track(3).voice is None or c.track(3).voice.value == "male"
