"""The word pass of the brief reader: genre, tempo words, vocals and voices, instruments
wanted and excluded, moods, key, meter, the language of the lyrics and of the brief.

Each word found inside a track's segment (planning/track_refs.py) belongs to that
track; outside, to the album.
"""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning import voice_context as vc
from agent.planning.brief_language import brief_language
from agent.planning.constraints import Read
from agent.planning.genre_words import TEMPO_RE, read_genres
from agent.planning.placing import put
from agent.planning.quantifiers import BUT, EXCEPT, EXCEPT_BARE, refs_in
from agent.planning.reader import Reader
from agent.planning.tempo_words import NOT_TOO, NOTHING_BEFORE
from agent.planning.track_refs import ALL, ART, PREP, SEP
from agent.planning.vocal_conflicts import vocal_conflicts
from engine.genres import WALTZ_WORDS, genre_mentions
from engine.instruments import VARIANTS, VARIANTS_AFTER, VARIANTS_AFTER_ONLY

KEY_RE = re.compile(r"(?<![\w])(?:in\s+|en\s+|em\s+)?([a-g])([#b]|\s?sharp|\s?flat|\s?dur|\s?moll)?\s*"
                    r"(major|minor|maj|min|mayor|menor|majeur|mineur|dur|moll|maior)(?![\w])")
SOLFEGE = {"do": "C", "re": "D", "mi": "E", "fa": "F", "sol": "G", "la": "A", "si": "B"}
SOLFEGE_RE = re.compile(r"(?<![\w])(do|re|mi|fa|sol|la|si)\s*(#|b|sostenido|bemol|diese|bemol|sustenido)?\s+"
                        r"(mayor|menor|majeur|mineur|maior)(?![\w])")
METER_RE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
WALTZ_RE = re.compile(rf"(?<![\w])(?:{'|'.join(sorted(WALTZ_WORDS, key=len, reverse=True))})(?:e?s)?(?![\w])")
LYRICS_LANG = re.compile(
    rf"(?<![\w])(?:in|en|em|auf|sur)\s+(?P<a>{'|'.join(lx.LYRICS_LANGUAGES)})(?![\w])"
    rf"|(?P<b>{'|'.join(lx.LYRICS_LANGUAGES)})(?:e|en|s)?\s+(?:lyrics|vocals?|rap|singing|words|texte?n?)(?![\w])"
    # the lyrics, then their language: "Texte englisch", "lyrics: Spanish", "letras en inglés"
    # or the language of the singing by name: "Sprache beim Gesang: Englisch", "idioma de las letras: inglés"
    rf"|(?<![\w])(?:lyrics|texte?|letras?|paroles|(?:sprache|language|idioma|langue|lingua)"
    rf"(?:\s+(?:beim gesang|des gesangs|der texte|of the lyrics|of the vocals|de las letras|des paroles|das letras))?)"
    rf"\s*:?\s+(?:(?:in|en|em|auf)\s+)?(?P<e>{'|'.join(lx.LYRICS_LANGUAGES)})(?![\w])")
_LANG = "|".join(lx.LYRICS_LANGUAGES)
_VOICED_WORD = rf"(?:(?<![\w]){lx.VOCAL_NOUN}(?![\w])|{lx.alternation(lx.VOICE_WORDS)})"
# a language in a bracket about the voice: "vocals (English)", "Frauenstimme drauf (englisch)", "Rap (männlich,
# deutsch)", "außer Track 3 (weibl. Stimme, deutsch)"
LANG_AFTER_VOICE = re.compile(rf"{_VOICED_WORD}(?:\s+[\w.]+){{0,2}}?\s*\((?:[^()]*?[\s,/])?(?P<c>{_LANG})(?![\w])[^()]*\)"
                              rf"|\((?=[^()]*{_VOICED_WORD})(?:[^()]*?[\s,/])?(?P<d>{_LANG})(?![\w])[^()]*\)"
                              # or the comma-piece right after it: "Stück 2 darf gesungen sein, Männerstimme, englisch"
                              rf"|{_VOICED_WORD}\s*,\s*(?P<f>{_LANG})(?=\s*(?:[,.;!\n]|$))")
# "no English lyrics", "nada de letras em inglês": a language the lyrics must not be in
NEGATED_BEFORE = re.compile(rf"(?<![\w]){lx.NEGATION}(?:\s+[\w']+){{0,2}}\s*$")
# "Quick one: ...", "Quick question -" opening a sentence ask something; they say nothing of tempo
ASKING = re.compile(r"(?:^|[.!?\n])\W*$")
ASKING_AFTER = re.compile(r"\s+(?:one|question|request|note|thing|favou?r|ask)\s*[:,.!?–-]")  # not "Upbeat one with banjo"
VOICE_RE = re.compile(lx.alternation(lx.VOICE_WORDS))
# a man and a woman named together sing a duet: "dúo (hombre y mujer)", "duo homme-femme", "Mann und Frau"
_GENDER = {g: "|".join(sorted((re.escape(w) for w, v in lx.VOICE_WORDS.items() if v == g and " " not in w), key=len,
                              reverse=True)) for g in ("male", "female")}
_PAIR_JOIN = r"-?\s*(?:and|y|et|und|e|&|\+|-|/)\s*(?:(?:a|an|one|una|une|un|eine|uma|um|de|d')\s*)?"
MIXED_VOICE_RE = re.compile(rf"(?<![\w-])(?:(?:{_GENDER['male']}){_PAIR_JOIN}(?:{_GENDER['female']})|"
                            rf"(?:{_GENDER['female']}){_PAIR_JOIN}(?:{_GENDER['male']}))(?![\w-])")
# every word of a name may take a plural: "guitarras acústicas", "guitares électriques"
INSTRUMENT_RE = re.compile(r"(?!scratch\s+(?:that|this|it|row|track|line|the|number|those|them)(?![\w]))" + lx.alternation(lx.INSTRUMENTS).removesuffix(r"(?![\w-])").replace(r"(?<![\w-])", r"(?<![\w-])(?:solo-)?", 1).replace("\\ ", r"(?:e?s)?\s+")
                           + r"(?:e?s|e?n)?(?:(?![\w-])|(?=-(?:heavy|driven|based|led|laden|forward|voix|voz|voice|vocals?|chant|gesang|stimme|"
                           r"sounds?|klange?|parts?|spuren?|linien?|begleitung|beats?|grooves?)(?![\w])))")  # "strings-heavy", "piano-voix", "Klavier-Sounds"
# "Klavierstücke", "Gitarrenmusik": the instrument a German compound is for
COMPOUND_INSTRUMENT_RE = re.compile(r"(?<![\w-])(?P<i>" + "|".join(sorted((re.escape(k) for k in lx.INSTRUMENTS
                                                                         if k.isalpha()), key=len, reverse=True))
                                    + r")(?:n|en|s)?-?(?:stucke?n?|lieder?n?|musik|solos?|konzerte?)(?![\w])")
# "slide guitar", "fretless bass", "analog synths": a word before an instrument that names a kind of it
_VARIANT_ALT = "|".join(sorted((re.escape(v) for v in VARIANTS), key=len, reverse=True))  # "slide", "fretless", ...
VARIANT_BEFORE_RE = re.compile(rf"(?<![\w-])({_VARIANT_ALT})"
                               r"[\s-]+$")
# "very", and any adverb of degree ("crushingly slow", "realmente rápido", "vraiment lent"), not the
# ones that soften ("fairly", "ligeramente")
INTENSIFIER_RE = re.compile(r"(?<![\w])(?:very|really|real|super|so|extremely|muy|bien|bem|muito|tres|sehr|ganz|molto|"
                            r"richtig|echt|(?!(?:fair|relative|slight|moderate|reasonab|most|main|on|ear|ligera|"
                            r"relativa|moderada|relative|legere)(?:ly|mente|ment)\b)[a-z]{3,}(?:ly|mente|ment))\s+$")
# a thing that moves, then the verb: "la carroza va lentísima" (the float, not the music, is slow)
MOVER_BEFORE = re.compile(r"(?:^|\s)(?:la|el|los|las|the|le|les|die|der|das|o|a|os|as)\s+(?P<who>[\w-]+)\s+"
                          r"(?:va|van|anda|andan|avanza|avanzan|camina|caminan|goes|moves?|walks?|rolls?|drives?|fahrt|fahren|"
                          r"geht|gehen|rollt|rollen|roule|roulent|avance|avancent|marche|marchent|vai|vao|andam|avanca|avancam|"
                          r"caminha|caminham)\s+(?:(?:muy|muito|very|sehr|tres|bem|bien|really|super)\s+)?$")
# what the music is, when it "goes fast" (with lexicon.MUSIC_WORD and the genres): "the tempo goes fast"
MUSIC_SUBJECT = re.compile(rf"{lx.TRACK_NOUN}|{lx.ALBUM_NOUN}|it|set|pace|rhythmus|banda|groupe")
_TOO = r"(?:(?:muy|muito|too|so|zu|allzu|trop|tan|tao)\s+)?"
NEITHER_RE = re.compile(rf"(?<![\w])(?:ni|nem|neither|weder)\s+{_TOO}{TEMPO_RE.pattern}\s*,?\s+"
                        rf"(?:ni|nem|nor|noch|or)\s+{_TOO}{TEMPO_RE.pattern}")
ALMOST_AFTER = re.compile(r"\s+(?:nur|immer|alle|alles|jede[nrs]?|kein\w*|nichts|schon|ganz|so|wie|gleich|genauso|"
                          r"ausschlie\w*|komplett|vollig|nie|durchgehend|ohne|zu)(?![\w])")
WORDLESS = re.compile(r"(?:lyrics|words|paroles|mots|letras?|palabras|palavras|texte?n?|worte)$")
# a voice word a wordless sung part names right after it: "a wordless choir", "wordless vocals" still sing
VOICE_AFTER = re.compile(r"\s+(?:[\w-]+\s+)?(?:choirs?|vocals?|voices?|singing|vocalises?|coros?|choeurs?|chor|chore|voix|voz|voces|vozes)(?![\w])")
# a gendered voice that sings as a choir: "male choir", "voix d'hommes en chœur", "Frauen im Chor" (not "with a choir")
CHOIR_AFTER = re.compile(r"(?:\s+(?!(?:with|con|avec|mit|com|and|y|et|und|e|plus)(?![\w]))[\w'-]+)?\s+"
                         r"(?:in chorus|en ch(?:oe|œ)ur|en coro|im chor|em coro|choirs?|ch(?:oe|œ)urs?|chor|coros?)(?![\w])")
# a voice singing earlier in the sentence: "a choir singing, just 'aahs', no real words" sings without words
SINGING = re.compile(r"(?<![\w])(?:choirs?|coros?|ch(?:oe|œ)urs?|chor|singing|singt|chantant|cantando|humming|hums|"
                     r"tarareando|fredonnant|summend|cantarolando)(?![\w])")
VOICE_BEFORE = re.compile(rf"(?:(?<![\w])(?:voice|voices|voix|voz|voces|vozes|\w*stimme|vocal|vocals|vocalise)(?:\s+[\w'-]+)?"
                          rf"|{lx.alternation(lx.VOICE_WORDS)})"  # "mit Frauenstimme (ohne Text, nur Vokalisen)", "female, wordless"
                          r"\s*[(,]?\s*$")
MOOD_RE = re.compile(lx.alternation(lx.MOODS))
# "vocal chops", "vocal samples" are a texture made of voices, not a singer
VOCAL_RE = re.compile(rf"(?<![\w-]){lx.VOCAL_NOUN}(?![\w-])(?!\s+(?:chops?|samples?|fx|effects?|textures?|bowls?))")
INSTRUMENTAL_RE = re.compile(rf"(?<![\w-]){lx.INSTRUMENTAL}(?![\w-])")
# a voice joined to something refused: "sin percusión ni voces", "no drums or vocals", "weder Schlagzeug noch Gesang"
NOR_SUNG = re.compile(rf"(?<![\w])(?:ni|nor|or|nem|noch|ou)\s+(?:de\s+|d'|any\s+)?{lx.SUNG}(?![\w])")
NEGATED_BEFORE_NOR = re.compile(rf"(?<![\w])(?:{lx.NEGATION}|weder|ni)\s+[^.;:!?\n]{{1,30}}$")
EXCLUDABLE_RE = re.compile(rf"{INSTRUMENT_RE.pattern}|{lx.alternation(lx.CHOIR_WORDS)}")
# "without an accordion it's no cumbia", "sin acordeón no es cumbia", "ohne Akkordeon ist es kein Musette"
NOT_THE_STYLE_AFTER = re.compile(r"\s*,?\s*(?:que\s+)?(?:no es|no seria|it'?s not|it is not|it isn'?t|isn'?t|is no|c'est pas|"
                                 r"ce n'est pas|ca n'est pas|n'est pas|ist (?:es )?(?:kein|nicht)|nao e|nao eh|nao tem)(?![\w])")
# "no acoustic drums": a word that makes a kind of the excluded instrument
_KIND = (r"(?:acoustic|electric|live|real|akustische?|acusticas?|acoustiques?|"
         rf"{_VARIANT_ALT})")
EXCLUDED_RE = re.compile(rf"(?<![\w]){lx.EXCLUDE}\s+(?:{_KIND}\s+)?(?P<list>(?:{EXCLUDABLE_RE.pattern})(?:\s*(?:,|or|and|nor|"
                         rf"o|ou|oder|ni|noch|nem|y|et|und|e)\s*(?:{lx.EXCLUDE}\s+)?(?:(?:de|d'|du|des|el|la|los|las)\s*)?"
                         rf"(?:{EXCLUDABLE_RE.pattern}))*)")  # "pas de saxophone ni de piano"
# "ninguno debe llevar batería", "none should have drums": a negated subject and a verb of having
NONE_HAS_RE = re.compile(rf"(?<![\w]){lx.NONE_OF_THEM}\s+(?:[\w']+\s+){{0,3}}?"
                         rf"(?:llevar|lleve|lleva|llevan|tener|tenga|ter|tenha|tem|avoir|ait|have|has|feature|usar|use|"
                         rf"incluir|include|inclure)\s+(?:de\s+|d'|any\s+|an?\s+|un\s+|una\s+|uma\s+)?"
                         rf"(?P<list>{EXCLUDABLE_RE.pattern})")
# "Saxofon nein", "bateria não": a no after the instrument, closing its clause
NO_AFTER_RE = re.compile(rf"(?:^|(?<=[,;:\n(.!?]))\s*(?:(?:and|y|e|et|und|but|pero|mas|mais|aber)\s+)?(?:(?:the|la|el|le|a|o|die|der|das)\s+)?"
                         rf"(?P<list>{EXCLUDABLE_RE.pattern})\s+(?:nein|nao|no|non|nope|never|nunca|jamais|nada|ni hablar|ni de broma|nem pensar|de jeito nenhum|no way|"
                         rf"pas question|auf keinen fall|bloss nicht|ja nicht)(?=\s*(?:[,.;!)]|$))")  # "y guitarra eléctrica ni hablar"
# "please keep drums out completely", "leave the synths out", "Keyboards bitte komplett weglassen"
KEEP_OUT_RE = re.compile(rf"(?<![\w])(?:keep|leave)\s+(?:the\s+|any\s+|all\s+)?(?P<list>{EXCLUDABLE_RE.pattern})\s+out(?![\w])"
                         # "Auf E-Gitarre bitte verzichten", "auf Schlagzeug verzichten wir"
                         rf"|(?<![\w])auf\s+(?:die\s+|das\s+|den\s+)?(?P<list2>{EXCLUDABLE_RE.pattern})\s+(?:bitte\s+|ganz\s+)?verzichten"
                         rf"|(?<![\w])(?P<list3>{EXCLUDABLE_RE.pattern})\s+(?:bitte\s+)?(?:(?:komplett|ganz|vollig)\s+)?"
                         rf"(?:weglassen|rauslassen|streichen)(?![\w])")
KIND_BEFORE_RE = re.compile(rf"{_KIND}\s+$")
# a singer who joins a track's own singer: "hook by", "feat.", "featuring", "refrain de", "Hook von"
GUEST_BEFORE = re.compile(r"(?<![\w])(?:hooks?|feat\.?|ft\.|featuring|refrains?|estribillos?|refrao|chorus(?:es)? (?:by|from)|"
                          r"guest)(?![\w])[^.;!?\n]{0,40}$")
# "Pizzicato-Streichern", "slide-guitar": a kind glued to its instrument with a hyphen
VARIANT_HYPHEN_RE = re.compile(rf"(?<![\w-])(?P<v>{_VARIANT_ALT})-"
                               rf"(?P<i>{'|'.join(sorted((re.escape(k) for k in lx.INSTRUMENTS if k.isalpha()), key=len, reverse=True))})"
                               r"(?:e?s|e?n)?(?![\w-])")
# "guitarra distorcida", "guitare saturée": the kind after the instrument
VARIANT_AFTER_RE = re.compile(r"[\s-]+(" + "|".join(sorted((re.escape(v) for v in VARIANTS_AFTER), key=len, reverse=True))
                              + r")(?![\w-])")


def _kind_after(folded: str, end: int, name: str | None) -> tuple[str | None, int]:
    """``name`` made precise by a kind word right after it, and where the words end."""
    after = VARIANT_AFTER_RE.match(folded, end)
    if after is None or name is None or name.startswith(VARIANTS_AFTER[after.group(1)]) \
            or name not in VARIANTS_AFTER_ONLY.get(after.group(1), (name,)):
        return name, end
    return f"{VARIANTS_AFTER[after.group(1)]} {name}", after.end()


def _pt_guitar(r: Reader, word: str, name: str | None, end: int) -> str | None:
    """Brazilian "guitarra" asked for is the electric guitar ("guitarra no skank"; the acoustic one is the "violão");
    "guitarra portuguesa" keeps its name. Left out, "nada de guitarra" stays every guitar."""
    if r.c.language == "pt" and name == "guitar" and re.fullmatch(r"guitarras?", word) \
            and not re.match(r"\s+portuguesas?", r.folded[end:]):
        return "electric guitar"
    return name


def _excepted(r: Reader, at: int) -> list[int]:
    """The tracks an exception at ``at`` (after a comma, if any) names ("except on the closer", ", sauf sur le titre 5")."""
    lead = EXCEPT_AFTER.match(r.folded, at)
    at += len(lead.group(1)) if lead else 0
    m = EXCEPT.match(r.folded, at) or EXCEPT_BARE.match(r.folded, at) or RESTATED_EXCEPT.match(r.folded, at)
    if m and m.re is RESTATED_EXCEPT:
        r.mask(m.start(), m.end())  # the instrument said again is the same one
    return refs_in(m) if m else []


EXCEPT_AFTER = re.compile(rf"(\s*,?\s*){BUT}(?![\w])")
# the exception says the instrument again: "Guitarra y cajón en todas, menos el cajón en la 2"
RESTATED_EXCEPT = re.compile(rf"{BUT}\s+(?:{ART}\s+)?(?:{INSTRUMENT_RE.pattern})\s+(?:{PREP}\s+)?(?:{ART}\s+)?"
                             rf"(?P<refs>\d{{1,2}}(?:{SEP}(?:{ART}\s+)?\d{{1,2}})*)(?![\w])")
BOWED_VIOLA_AFTER = re.compile(r"\s+(?:de arco|d'arco|da gamba|de gamba)(?![\w])")
# an instrument on every track but some: "palmas en todas menos en la segunda", "piano on all except track 3"
ON_ALL_BUT = re.compile(rf"\s+(?:{PREP}\s+)?(?:{ALL}|everything)(?=\s*,?\s*{BUT}(?![\w]))")  # "trumpet on evrything exept the 2nd" (shorthand written out)


def read_words(r: Reader) -> None:
    c = r.c
    c.language = brief_language(r.folded)
    for m in r.finditer(SOLFEGE_RE):
        acc = {"#": "#", "sostenido": "#", "sustenido": "#", "diese": "#", "b": "b", "bemol": "b"}.get(m.group(2) or "", "")
        mode = "minor" if m.group(3) in ("menor", "mineur") else "major"
        c.keyscale = c.keyscale or r.read(f"{SOLFEGE[m.group(1)]}{acc} {mode}", m.start(), m.end())
    for m in r.finditer(KEY_RE):
        acc = (m.group(2) or "").strip()
        acc = "#" if acc in ("#", "sharp") else ("b" if acc in ("b", "flat") else "")
        mode = "minor" if m.group(3) in ("minor", "min", "menor", "mineur", "moll") else "major"
        c.keyscale = c.keyscale or r.read(f"{m.group(1).upper()}{acc} {mode}", m.start(), m.end())
    for m in r.finditer(METER_RE):
        c.timesignature = c.timesignature or r.read(f"{m.group(1)}/{m.group(2)}", m.start(), m.end())
    waltz = next((m for m in WALTZ_RE.finditer(r.work) if not r.segment_at(m.start())), None)
    if waltz and c.timesignature is None:  # "a jazz waltz album" is in 3/4; a waltz among the tracks is a
        c.timesignature = r.read("3/4", waltz.start(), waltz.end())  # style the planner plays in 3/4 (derive.py)
    implied: list[Read] = []  # "rap" or "Hindi lyrics" imply vocals, unless the brief says otherwise
    for m in r.finditer(LYRICS_LANG):
        sentence = r.after_last(".!?\n", m.start())  # "sem voz\nTudo em português": not one
        neg = NEGATED_BEFORE.search(r.folded, max(0, m.start() - 24, sentence), m.start())
        if neg:  # "nada de letras em inglês" asks for other lyrics, not for none
            r.mask(neg.start(), m.start())
            continue
        code = lx.LYRICS_LANGUAGES[m.group("a") or m.group("b") or m.group("e")]
        c.lyrics_language = c.lyrics_language or r.read(code, m.start(), m.end())
        if re.search(rf"(?<![\w]){lx.VOCAL_NOUN}(?![\w])", m.group(0)):  # "Hindi lyrics" is sung; "tudo em português" may not be
            implied.append(r.read(True, m.start(), m.end()))
    for m in LANG_AFTER_VOICE.finditer(r.folded):  # read, not taken: the voice word stays for the vocal pass
        g = next(k for k in ("c", "d", "f") if m.group(k))
        c.lyrics_language = c.lyrics_language or r.read(lx.LYRICS_LANGUAGES[m.group(g)], m.start(g), m.end(g))
    read_genres(r, implied)
    for pattern in (NONE_HAS_RE, NO_AFTER_RE, KEEP_OUT_RE):
        for m in r.finditer(pattern):
            key = next(k for k in ("list2", "list3", "list") if m.groupdict().get(k))
            for x in EXCLUDABLE_RE.finditer(m.group(key)):
                s = m.start(key) + x.start()
                put(r, "excluded", r.read(lx.instrument(x.group(0)), s, s + len(x.group(0))), many=True)
    for m in r.finditer(EXCLUDED_RE):
        if NOT_THE_STYLE_AFTER.match(r.folded, m.end()):
            r.skip = True  # "sin acordeón no es cumbia": the instrument is a must
            continue
        # "no drums except on the closer": every track but the ones the exception names
        but = EXCEPT_AFTER.match(r.folded, m.end())
        named = _excepted(r, m.end()) if but else []
        for x in EXCLUDABLE_RE.finditer(m.group("list")):
            s = m.start("list") + x.start()
            name = lx.instrument(x.group(0))
            kind = KIND_BEFORE_RE.search(r.folded, max(0, s - 14), s)
            if kind:  # "no electric guitar" names its instrument; "no acoustic drums" a kind of drums
                word = VARIANTS.get(kind.group(0).split()[0], kind.group(0).split()[0])
                name = lx.instrument(f"{kind.group(0)}{x.group(0)}") or (name if name.startswith(word) else f"{word} {name}")
                s = kind.start()
            name, end = _kind_after(r.folded, m.start("list") + x.end(), name)
            read = r.read(name, s, end)
            if but:  # left out of the album, and the tracks the exception names have them
                r.c.excluded.append(read)
                for i in named:
                    r.c.track(i).instruments.append(read)
            else:
                put(r, "excluded", read, many=True)
    for m in r.finditer(INSTRUMENT_RE):
        name, start = lx.instrument(m.group(0)), m.start()
        if name == "viola" and c.language == "pt" and not BOWED_VIOLA_AFTER.match(r.folded, m.end()):
            name = "classical guitar"  # Portuguese "viola" is a guitar ("guitarra portuguesa e viola"); "viola d'arco" is bowed
        name = _pt_guitar(r, m.group(0), name, m.end())
        if m.group(0) in ("gaita", "gaitas") and c.language == "pt":
            name = "harmonica"  # Brazilian "gaita" is the harmonica; the bagpipes are a "gaita de foles" (its own word)
        if m.group(0) == "timbales" and c.language == "fr":
            name = "timpani"  # French "timbales" are the orchestra's kettledrums, not the Latin pair
        if m.group(0) == "tabla" and re.match(r"\s*:", r.folded[m.end():]):
            continue  # Spanish "va la tabla:" introduces a table
        before = m.group(0).startswith("vibe") and re.search(r"([\w-]+)\s+$", r.folded[max(0, start - 24):start])
        if before and (genre_mentions(before.group(1)) or before.group(1) in lx.MOODS
                       or before.group(1) in ("good", "chill", "summer", "beach")):
            continue  # "chill-out vibes", "good vibes": a feel, not the vibraphone
        kind = VARIANT_BEFORE_RE.search(r.folded[max(0, start - 16):start])
        if kind and name and not name.startswith(VARIANTS[kind.group(1)]):
            name, start = f"{VARIANTS[kind.group(1)]} {name}", start - len(kind.group(0))
        name, end = _kind_after(r.folded, m.end(), name)
        every = ON_ALL_BUT.match(r.folded, end)
        named = _excepted(r, every.end()) if every else []
        if named:  # the album's, and left out of the tracks the exception names
            read = r.read(name, start, end)
            c.instruments.append(read)
            for i in named:
                r.c.track(i).excluded.append(read)
            r.mask(start, every.end())
            continue
        put(r, "instruments", r.read(name, start, end), many=True)
        r.mask(start, end)  # its kind is the instrument's: a "tenor sax" is no tenor voice
    for m in r.finditer(VARIANT_HYPHEN_RE):
        name = lx.instrument(m.group("i"))
        put(r, "instruments", r.read(f"{VARIANTS[m.group('v')]} {name}", m.start(), m.end()), many=True)
    for m in r.finditer(COMPOUND_INSTRUMENT_RE):
        put(r, "instruments", r.read(lx.instrument(m.group("i")), m.start(), m.end()), many=True)
    for m in r.finditer(NEITHER_RE):  # "ni muy rápido ni muy lento", "neither too fast nor too slow": in between
        put(r, "tempo", r.read("mid-tempo", m.start(), m.end()))
    for m in r.finditer(TEMPO_RE):
        word, start = lx.TEMPO_WORDS[m.group(0)], m.start()
        if ASKING.search(r.folded[:start]) and ASKING_AFTER.match(r.folded, m.end()):
            r.skip = True
            continue
        if m.group(0) == "fast" and r.c.language == "de" and ALMOST_AFTER.match(r.folded, m.end()):
            continue  # German "fast nur Drones" is "almost only drones"
        if NOT_TOO.search(r.folded[max(0, start - 20):start]):  # "nicht zu schnell", "not too slow": a limit, not a wish
            continue
        if NOTHING_BEFORE.search(r.folded[max(0, start - 12):start]):  # "nichts Schnelles": what it must not be
            continue
        mover = MOVER_BEFORE.search(r.folded[max(0, start - 40):start])
        if mover and not (MUSIC_SUBJECT.fullmatch(mover.group("who")) or lx.MUSIC_WORD.fullmatch(mover.group("who"))
                          or genre_mentions(mover.group("who"))):
            continue  # "la carroza va lentísima por el recorrido": how a thing moves is no tempo
        very = INTENSIFIER_RE.search(r.folded[max(0, start - 12):start])
        if very and word in ("fast", "slow"):  # "bem rápida", "really slow", "ganz langsam"
            word, start = f"very {word}", start - len(very.group(0))
        if not r.segment_at(start) and c.tempo is not None and word == f"very {c.tempo.value}":
            c.tempo = r.read(word, start, m.end())  # "ruhige Musik ... sehr langsam": the stronger word says more
            continue
        put(r, "tempo", r.read(word, start, m.end()))
        if m.group(0) in lx.MOODS:  # "upbeat" is a tempo and a mood
            c.moods.append(r.read(lx.MOODS[m.group(0)], m.start(), m.end()))
    album_said: dict[bool, list[Read]] = {True: [], False: []}  # vocal words that speak of the whole album
    for m in r.finditer(lx.A_CAPPELLA_RE):  # voices only: sung, and no instrument may be asked for beside it
        put(r, "vocal", r.read(True, m.start(), m.end()))
        if r.segment_at(m.start()):
            continue  # "5. Closer: a cappella": that track sings
        c.moods.append(r.read("a cappella", m.start(), m.end()))
        album_said[True].append(r.read(True, m.start(), m.end()))
        # a track's own instrument is that track's exception ("a cappella, except the final piece, with organ")
        played = c.instruments + [x for t in c.tracks if t.index == 0 for x in t.instruments]
        if played and not any("asks for voices only" in x for x in c.conflicts):
            c.conflicts.append(f"'{m.group(0).strip()}' asks for voices only, but '{played[0].source}' is an instrument")
    def said(m: re.Match, sung: bool) -> None:
        """A vocal word read: on the tracks whose words hold it, and among the album's wishes when it is no track's."""
        put(r, "vocal", r.read(sung, m.start(), m.end()))
        if not r.segment_at(m.start()):
            album_said[sung].append(r.read(sung, m.start(), m.end()))

    for m in r.finditer(INSTRUMENTAL_RE):
        sentence = r.after_last(".!?\n", m.start())
        if (WORDLESS.search(m.group(0)) or m.group(0).strip() == "wordless") and (VOICE_BEFORE.search(r.folded, max(0, m.start() - 30), m.start())
                                            or SINGING.search(r.folded, sentence, m.start())) or \
                re.fullmatch(r"wordless", m.group(0).strip()) and VOICE_AFTER.match(r.folded, m.end()):
            r.skip = True  # "une voix féminine sans paroles", "a wordless choir": a wordless voice still sings
            continue
        said(m, False)
    for m in r.finditer(NOR_SUNG):
        if not NEGATED_BEFORE_NOR.search(r.folded, max(0, m.start() - 34), m.start()):
            r.skip = True
            continue
        said(m, False)
    for m in r.finditer(MIXED_VOICE_RE):
        put(r, "voice", r.read("duet", m.start(), m.end()), force=True)
        said(m, True)
    for m in r.finditer(VOICE_RE):
        voice = lx.VOICE_WORDS[m.group(0)]
        if NEGATED_BEFORE.search(r.folded, max(0, m.start() - 24, r.after_last(".!?\n,;", m.start())), m.start()) \
                and not re.match(r"\s*,?\s*(?:but|sino|mais|mas|sondern|pero)(?![\w])", r.folded[m.end():]):
            said(m, False)  # "keine Sänger", "pas de chanteuse": no voice at all
            continue
        if voice in ("male", "female") and vc.MY_PERSON.search(r.folded, max(0, m.start() - 30), m.start()):
            r.skip = True  # "ma fille m'a dit que ...", "my wife suggested": a person of the story, not a voice
            continue
        if voice in ("male", "female") and vc.PERSON_NOUN.fullmatch(m.group(0)) and vc.PERSON_DOING.match(r.folded, m.end()):
            r.skip = True  # "the film is mostly a woman walking on a beach": a person of the story
            continue
        rel = vc.PERSON_WHO.match(r.folded, m.end())
        if voice in ("male", "female") and rel and not re.search(rf"(?<![\w]){lx.VOCAL_NOUN}(?![\w])|sing|cant|chant|fredon|"
                                                                 r"hum|tarar|summ|croon|rapp", rel.group(0)):  # or hums
            r.skip = True  # "the guy who comes in every night plays it on his phone": a person of the story
            continue
        if album_said[False] and vc.FOR_THE_VOICE.search(r.folded, max(0, m.start() - 48), m.start()):
            r.skip = True  # "pour l'échauffement de la chorale ..., pas de chant": the choir sings over the music
            continue
        if voice in ("male", "female") and r.segment_at(m.start()) and GUEST_BEFORE.search(r.folded[:m.start()]) \
                and not (r.c.vocal is not None and r.c.vocal.value is False):  # a feat. on an instrumental album sings alone
            voice = "duet"  # "Hook bei Track 2 von einer Sängerin", "feat. a female singer": a second voice joins
        if c.voice is not None and c.voice.value != voice and not r.segment_at(m.start()) \
                and vc.SUNG_BY.search(r.folded, max(0, m.start() - 40), m.start()) \
                and not vc.SUNG_BY.search(r.folded, max(0, c.voice.start - 40), c.voice.start):
            c.voice = None  # "chantées en français par une femme" names the singer; "14 madames pis un monsieur" did not
        if voice in ("male", "female") and CHOIR_AFTER.match(r.folded, m.end()):
            voice = "choir"  # "a male choir", "des voix d'hommes en chœur": the men sing as a choir
        # a duet names both singers: "boy/girl duet", "voz femenina ... (o sea, a dúo)" is a duet
        if voice == "duet" and not r.segment_at(m.start()) and c.voice is not None and c.voice.end <= m.start() \
                and not re.search(r"[.!?\n]", r.folded[c.voice.end:m.start()]):  # in the same sentence
            c.voice = None  # "Männer- und Frauenstimme im Duett": the duet names both voices just said
        put(r, "voice", r.read(voice, m.start(), m.end()), force=voice == "duet")
        said(m, True)
    for m in r.finditer(VOCAL_RE):
        if vc.NONE_VALUE.match(r.folded, m.end()):
            said(m, False)  # a spec's "voix: non", "vocal: nao", "voz: ninguna"
            continue
        if vc.UNWANTED_BEFORE.search(r.folded, max(0, m.start() - 40, r.after_last(".!?\n,;", m.start())), m.start()):
            said(m, False)  # "the last one I don't want any singing on"
            continue
        if vc.AVERSE_BEFORE.search(r.folded, max(0, m.start() - 40), m.start()):
            r.skip = True
            continue
        said(m, True)
    vocal_conflicts(r, album_said)
    for read in implied:  # after every stated word: "trap beats for my rap, no vocals" is instrumental
        put(r, "vocal", read)
    for m in r.finditer(MOOD_RE):
        c.moods.append(r.read(lx.MOODS[m.group(0)], m.start(), m.end()))
    refused = {x.value for x in c.excluded}  # "NO saxophone. ... says sax in a lobby feels dated": the no holds
    c.instruments = [x for x in c.instruments if x.value not in refused]
