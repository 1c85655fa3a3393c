"""The language a brief is written in: the one of the five whose everyday words (articles, prepositions, track
nouns, number words, "nur", "pra", "tudo") it uses most. Lyrics default to it."""

from __future__ import annotations

import re

# A few frequent function words per language: the brief's own language (lyrics default to it).
FUNCTION_WORDS: dict[str, set[str]] = {
    "en": {"the", "and", "with", "of", "a", "an", "for", "on", "each", "track", "tracks", "song", "songs", "album",
           "in", "at", "some", "all", "but", "make", "me", "one", "two", "three", "please", "want", "need"},
    "es": {"el", "la", "los", "las", "con", "de", "y", "un", "una", "canciones", "temas", "para", "cada", "todos",
           "quiero", "menos", "sin", "voz", "cancion", "pistas", "del", "que", "en"},
    "fr": {"le", "la", "les", "avec", "des", "et", "un", "une", "titres", "morceaux", "pour", "chaque", "tous",
           "sauf", "sans", "voix", "chansons", "du", "je", "veux", "de", "en", "au"},
    "de": {"der", "die", "das", "mit", "und", "ein", "eine", "lieder", "stucke", "fur", "jeweils", "alle",
           "ausser", "ohne", "gesang", "stimme", "je", "ich", "mochte", "auf", "dem", "den", "zum", "im"},
    "pt": {"o", "os", "as", "com", "e", "um", "uma", "faixas", "musicas", "para", "cada", "todas", "exceto",
           "sem", "voz", "vocais", "do", "da", "quero", "em", "no", "na"},
}
# number words and track nouns are as telling as function words ("cinq pistes", "sechs Stücke")
for _lang, _words in (("en", "two three four five six seven eight nine ten tracks songs each"),
                      ("es", "dos cuatro seis siete ocho nueve diez canciones cancion pistas temas tema cada uno"),
                      ("fr", "deux trois quatre cinq sept huit neuf dix pistes piste titres titre morceaux morceau "
                             "chacun chacune voix"),
                      ("de", "zwei drei vier funf sechs sieben acht neun zehn stuck stucke lieder lied jeweils"),
                      ("pt", "dois duas quatro seis sete oito nove dez faixas faixa musicas musica cada"),
                      # everyday words one language has and the others do not ("nur die geraden Tracks", "pra barbearia")
                      ("en", "only just every our we is are should"),
                      ("es", "necesito muy pero tambien nada algo quiero todo"),
                      ("fr", "est pas nous vous tres mais aussi qui"),
                      ("de", "nur keine kein jeder jede bitte sonst oder aber auch sehr nicht wir unsere unser bei"),
                      ("pt", "pra pro uns umas tudo nao voce muito tambem nos de")):
    FUNCTION_WORDS[_lang] |= set(_words.split())


def brief_language(folded: str) -> str | None:
    """The language whose function words the folded brief uses most (English on a tie), or None for none."""
    words = re.findall(r"[a-z']+", folded)
    scores = {lang: sum(1 for w in words if w in fw) for lang, fw in FUNCTION_WORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] else None
