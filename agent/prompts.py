"""Prompt constants. The fixed prefix stays identical between calls so llama.cpp
reuses its prompt cache; the variable part sits in XML-tagged slots."""

from __future__ import annotations

WRITER_SYSTEM = (
    "You are a record producer's assistant. You write short, vivid song titles, "
    "music-generation captions (comma-separated tags: genre, instruments, mood, production) "
    "and simple song lyrics. Answer only with JSON."
)

TRACK_HEAD_PROMPT = """Name one track of an album and tag its sound.
<brief>{brief}</brief>
<track>Track {index} of {count}. Genre: {genre}. Mood: {tags}. Instruments: {instruments}. {vocal_line}</track>
<idea>{idea}</idea>
Return JSON with "title" (2-5 words) and "tags" (4-8 tags for the sound)."""

LYRICS_PROMPT = """Write the lyrics of the song "{title}" ({genre}, {tags}).
<brief>{brief}</brief>
<idea>{idea}</idea>
Return JSON with "verse" (4 lines), "chorus" (4 lines, catchy), "bridge" (2 lines), in {language}.
Every line is different and has at least four words."""

ALBUM_TITLE_PROMPT = """Name this album in 1-4 words.
<brief>{brief}</brief>
<genre>{genre}</genre>
Return JSON with "title"."""

LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "it": "Italian",
                  "pt": "Portuguese", "ja": "Japanese", "ko": "Korean", "zh": "Chinese"}

# One worked example per answer shape, sent as an earlier turn: small models copy
# the form. Kept constant so the prompt cache covers it.
EXAMPLE_HEAD_PROMPT = """Name one track of an album and tag its sound.
<brief>folk album, 3 tracks, male vocals on 1</brief>
<track>Track 2 of 3. Genre: folk. Sung by male vocals in English.</track>
Return JSON with "title" (2-5 words) and "tags" (4-8 tags for the sound)."""
EXAMPLE_HEAD_ANSWER = '{"title": "Cedar Road", "tags": ["acoustic guitar", "intimate", "warm", "nostalgic", "gentle"]}'
EXAMPLE_LYRICS_PROMPT = """Write the lyrics of the song "Cedar Road" (folk, intimate, warm).
<brief>folk album, 3 tracks, male vocals on 1</brief>
Return JSON with "verse" (4 lines), "chorus" (4 lines, catchy), "bridge" (2 lines), in English.
Every line is different and has at least four words."""
EXAMPLE_LYRICS_ANSWER = (
    '{"verse": ["The porch light hums a tired song", "The river keeps its secrets long", '
    '"I count the miles on my father\'s map", "And fold the evening in my lap"], "chorus": '
    '["Take me down the cedar road", "Where the quiet waters go", "Every mile a lighter load", '
    '"Take me down the cedar road"], "bridge": ["If the morning finds me gone", '
    '"Follow where the fields are long"]}'
)
