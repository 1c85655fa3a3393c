"""Words a person takes back while writing: "a reggae album? no, funk", "around twenty
tracks? no, say 11", "a few pieces, let's say half a dozen".

A retraction is a question answered with no ("? non,", "? nein,", "? não,"), a "let's say"
("disons", "sagen wir", "digamos") or an "or rather" after a clause. The new words win only
where they say the same kind of thing as the clause they follow: a count for a clause that
counts tracks, a genre for a clause that names one. "5 songs, let's say 3 minutes each"
takes nothing back (a length does not replace a count). A voice replaces a voice ("a female trio...
actually scratch that, make it a full choir").
"""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.plans import MAX_TRACKS
from engine.genres import genre_mentions

# an apology ("9 faixas... desculpa, 8 faixas", "12 tracks... sorry, 10") or a correction said as one ("Korrektur: 5
# Nummern", "correction : 9 titres"): the number after it replaces the last count said, whatever the clause right
# before it spoke of ("8 Lieder, Jazz, so swingend. Korrektur: 9, mein Kollege will noch eins")
CORRECTION = (r"(?:sorry|desculpa|desculpe|perdon|perdona|perdone|perdao|perdoa|perdoe|pardon|entschuldigung|"
              r"korrektur|correction|correccion|correcao|"
              # the verb of it, and an "oops": "ops, corrigindo, são 15", "je corrige : 5 pièces", "oops, make that 9"
              r"corrigindo|corrigiendo|corrijo|corrigo|je corrige|ich korrigiere|correcting|let me correct|oops|ops|opa|upps|hoppla)")
LATER = (r"(?:actually|no wait|wait|scratch that|on second thought|bueno no|bueno|mejor dicho|pensandolo bien|en fait|na real|"
         r"finalement|enfin|bon|eigentlich|doch|warte|moment|na verdade|mas acho que|acho que|pensando bem|alias|hmm|nah|bah|eh|uh|um|uy|mmm|"
         rf"espera|pera|perai|attends|attendez|esperen|espere|aguarde|warten sie|{CORRECTION})")
MAKE = (r"(?:make it|make that|let'?s do|mejor que sean?|melhor que sejam?|mejor|plutot|que sean?|que sejam?|mach(?:e|t|en)?\s+(?:es\s+|das\s+)?(?:doch\s+)?lieber|lieber|doch lieber|"
        r"melhor|mieux|faz|faca|bota|"
        # the new number said as what it is: "ops, corrigindo, são 15", "bueno no, son 5", "non, ce sont 7", "nein, es sind 9"
        # (only before a number: ", no son de reggaeton" says what they are not)
        rf"(?:sao|serao|son|seran|(?:ce\s+)?sont|seront|(?:es\s+)?sind)(?=\s+(?:{lx.NUMBER})(?![\w]))|"
        # the plural and the "let's" of make: "façam 7", "hagan 12", "faites-en 9", "macht 8"; "on part plutôt sur 9"
        r"facam|facamos|fazei|hagan|haced|hagamos|faites(?:-en)?|faisons|macht|"
        # "put" said for "make": "mettez-en 8", "pongan 10", "coloquem 6", "nehmt 9"
        r"mettez(?:-en)?|mets(?:-en)?|pongan|ponga|pon|ponle|coloquem|coloque|coloca|nehmt|nimm|(?:on\s+)?part(?:ons)?\s+(?:plutot\s+)?sur|"
        r"on\s+va\s+(?:plutot\s+)?sur)")
AGREE = r"(?:ok(?:ay)?|alright|fine|deal|agreed|vale|dale|d'accord|va pour|einverstanden|passt|beleza|combinado|fechado)"
# a count two people settled on: "mi hermana quería 10, yo 6, al final quedamos en 8", "we agreed on 9"
SETTLED_ON = (r"(?:quedamos en|nos quedamos en|acordamos|we agreed on|we settled on|settled on|agreed on|on s'est mis d'accord sur|"
              r"on s'est entendus? sur|einigten uns auf|haben uns auf|geeinigt auf|ficamos em|combinamos|fechamos em)")
SAY = r"(?:disons|mettons|let'?s say|say|sagen wir|digamos|diga|dizemos)"
NO = r"(?:no|non|nein|nee|nao|nah|nope)"
LANGUAGE = re.compile(rf"(?<![\w])(?:in|en|em|auf|sur)\s+(?:{'|'.join(lx.LYRICS_LANGUAGES)})(?![\w])")  # a lyrics language
LAUGH = r"(?:lol|haha\w*|jaja\w*|mdr|ptdr|kkk+|rsrs\w*|hihi)"  # "du yodel-pop?? lol non, plutôt folk alpin"
# "? no," and ", nee," take back; ", no drums" does not (the no must stand alone between marks)
# what someone else said, between the no and the new count: "6 canciones... bueno no, dice que mejor 5"
SAYS = (r"(?:(?:[\w']+\s+){0,3}?)(?:says|said|dice|dicen|dijo|dit|disent|a dit|"
        r"sagt|meint|diz|dizem|disse)(?:\s+(?:que|that|qu'|dass))?")
ENOUGH = (r"(?:reichen|reicht|genugen|genugt|suffisent|suffiront|suffit|bastan|basta|bastaran|bastam|chegam|chega|"
          r"are enough|is enough|will do|should do)")
LEFT_WORDS = r"(?:ficam|sobram|quedan|il en reste|restent|that leaves|which leaves|bleiben)"
LEFT = re.compile(rf"{LEFT_WORDS}\s+$")
_UNIT = rf"(?:{lx.MINUTES}|{lx.SECONDS}|{lx.HOURS}|{lx.BPM_UNIT})"
BARE_NUMBER = rf"(?:{lx.NUMBER})(?![\w])(?!\s*-?\s*{_UNIT})"  # a number with no unit after it: a count
RETRACT = re.compile(rf"(?:(?:\?\s*(?:{LAUGH}\s*,?\s*)?{NO}(?![\w])\s*[,.!:;-]?|(?:,|\s[–—-])\s*{NO}\s*[,.!:;-]|[.!]\s*{NO}\s*,\s*(?:{SAYS}\s+(?={lx.NUMBER}(?![\w]))|(?={MAKE}\s))|(?:\.{{2,}}|…)\s*(?:(?:ah|oh|ach|ai|euh|eh)\s+)?(?:{LATER}\s*,?\s*)?{NO}(?![\w])\s*[,.!:;-]?|(?:\.{{2,}}|…)\s*(?={MAKE}\s))\s*"
                     rf"(?:(?:{LATER})\s*[,:]?\s+)?(?:{SAYS}\s+)?(?:{MAKE}\s+)?"
                     rf"(?:{SAY}\s+(?:lieber\s+|rather\s+|plutot\s+|mejor\s+)?)?"
                     rf"|[,?]\s*(?:{LATER}\s*,?\s+)?{SAY}\s+"  # "some tracks? Let's say 10", "20 tracks? Actually let's say 16"
                     rf"|(?:\.{{2,}}|…|[.,;–—-])\s*(?:{LATER})\s*,?\s+{NO}(?![\w])(?:\s+wait)?\s*[,.!:;-]?\s*(?:{MAKE}\s+)?"  # "Ten tracks. Actually no, twelve"
                     # second thoughts: "... actually make it 6", "no wait, 10", "bueno no, mejor 9", "mas acho que 7"
                     rf"|(?:\.{{2,}}|…|[.,;–—-])\s*(?:(?:ah|oh|ach|ai)\s+(?:(?:and|et|y|e|und)\s+)?)?(?:{NO}\s*,?\s*)?(?:{LATER})(?:\s+(?:{LATER}))?\s*[,:–—-]?\s+"
                     rf"(?:{MAKE}\s+)?(?:{SAY}\s+)?"  # "Non attendez, mettons 9", "Actually scratch that, three is plenty"
                     rf"|(?<![\w])(?:{LATER})[,:]?\s+{MAKE}\s+"  # "each 2-3 min actually make that 6"
                     rf"|(?<![\w])(?:no wait|wait no|nee warte|no espera|non attends|nao espera)[,:]?\s+"  # "3 trap songs lol no wait 4"
                     rf"|[.!?,;]\s*(?:ah|oh|ach|ai)\s+(?:{NO}|ne)(?![\w])\s*,?\s*(?:{MAKE}\s+|mach\s+)?"  # "Ach nee, lieber 6 Stücke", "ach ne mach 20"
                     rf"|(?:,\s*|\s)(?:{NO}\s+(?={MAKE}\s)|{NO}(?:\s+{NO})+\s+{MAKE}\s+|ne\s+(?:doch\s+)?lieber\s+)"  # "ne lieber 7"
                     # said aloud, unpunctuated: "dix titres non pardon onze titres", "acht Stücke nein warte sieben Stücke"
                     rf"|(?<=[\w]\s){NO}(?:\s+(?:{NO}|{LATER}))*\s+(?:{MAKE}\s+)?(?=(?:{lx.NUMBER})(?![\w])(?:\s+[\w-]+)?\s+{lx.TRACK_NOUN}(?![\w])"
                     rf"|(?:[\w-]+\s+){{0,4}}?(?:{MAKE})\s+(?:{lx.NUMBER})(?![\w]))"  # "não pera vinte é muito faz doze"  # "durée 4 min, non plutôt 5 min chacun", "5 tracks no make it 4"
                     # an English "make it" said on its own after a count (or "mejor que sean 10", "melhor que sejam 7") ("8 tracks - no wait, the lady says
                     # they only have 40 minutes so make it 7"): the earlier count is corrected (_earlier_count)
                     rf"|(?<![\w])(?:(?:so\s+|then\s+|just\s+)?make (?:it|that)|mejor que sean|melhor que sejam|mieux vaut)\s+(?!one(?![\w]))"
                     rf"(?=(?:{lx.NUMBER})(?![\w])(?!\s+of\s+them)(?!\s*-?\s*{_UNIT}))"
                     # a chat that settles on a count: "[10:05] Ana: ok 8, but all instrumental", "vale, 10 entonces"
                     rf"|(?:^|(?<=[\n.!?]))\s*(?:\[[^\]\n]{{1,20}}\]\s*)?(?:[a-z][\w .'-]{{0,20}}:\s*)?{AGREE}\s*,?\s+"
                     rf"(?={BARE_NUMBER})"
                     rf"|(?<![\w]){SETTLED_ON}\s+(?={BARE_NUMBER})"
                     rf"|(?<![\w])(?:or rather|o mejor dicho|o mejor|ou plutot|oder besser gesagt|oder besser|"
                     rf"ou melhor|ou antes)[,:]?\s+"
                     # what is left after one was taken out: "esquece o juramento, não tem música. Ficam 4."
                     rf"|(?:^|(?<=[.!?]))\s*(?:so\s+|entao\s+|alors\s+|dann\s+|entonces\s+)?{LEFT_WORDS}\s+"
                     # a count said to be enough, after another: "6 Songs ... und 5 Songs reichen doch, der sechste fliegt raus"
                     rf"|(?<=[\s,;:.!?])(?=(?:{lx.NUMBER})\s+{lx.TRACK_NOUN}\s+{ENOUGH}(?![\w])))")
CORRECTS = re.compile(rf"(?<![\w]){CORRECTION}(?![\w])")
# where a clause starts: after a sentence mark, a bullet or a comma
CLAUSE_START = re.compile(r".*(?:[.!?;:,(]|\s[-*•]\s|^)", re.S)
NEW_COUNT = re.compile(rf"(?:{lx.ARTICLE}\s+)?(?:(?P<w>{lx.COLLECTIVE_ALT})|(?P<n>{lx.NUMBER}))"
                       # with its track noun it is a count whatever follows: "make it 7 tracks and the last two ..."
                       rf"(?:\s+{lx.TRACK_NOUN}(?![\w])(?=\s+(?:and|y|e|et|und)\s)|(?:\s+{lx.TRACK_NOUN})?(?!\s*-?\s*{_UNIT})"
                       # its clause ends, or says it is enough: "10 is plenty", "7 tá bom", "9 reichen"
                       rf"(?=\s*[.,;:!?)(]|\s+[-*•–—]\s|\s*$|(?:\s+[\w']+){{1,3}}\s*(?:[.,;!?)]|$)"
                       # or a reason after it, said aloud: "no no mejor diez que doce son muchas"
                       rf"|\s+(?:que|because|porque|parce que|weil|denn|since|pois|car)(?![\w])))")
OLD_COUNT = re.compile(rf"(?<![\w])(?:{lx.COLLECTIVE_ALT}|{lx.NUMBER})(?![\w])(?!\s*-?\s*{_UNIT}(?![\w]))")  # not "20 Minuten"
COUNTED = re.compile(rf"(?<![\w])(?:{lx.TRACK_NOUN}|{lx.REF_NOUN})(?![\w])")
# a number standing alone in its clause: "acho que quatro chegam" (not "4 minutes", not "120 bpm")
BARE_COUNT = re.compile(rf"(?<![\w]){BARE_NUMBER}")
REASON = re.compile(rf"(?<![\w])(?:{lx.TRACK_NOUN}|{lx.REF_NOUN}|intros?|outros?|interludes?|skits?)(?![\w])")
VOICE_WORD = re.compile(lx.alternation(lx.VOICE_WORDS))
VOICE = re.compile(rf"[^.;!?\n]{{0,30}}?{lx.alternation(lx.VOICE_WORDS)}")  # the new words name a voice
SENTENCE_START = re.compile(r".*(?:[.!?\n]|^)", re.S)
# a wish about voices after a new count: "na verdade 9, todas cantadas"
VOCAL_WISH = re.compile(rf"{lx.VOICED}|{lx.alternation(lx.VOICE_WORDS)}")


def _sentence_end(text: str, pos: int) -> int:
    return min([i for i in (text.find(ch, pos) for ch in ".;!?\n") if i >= 0] or [len(text)])


# values a brief takes back and gives again: a tempo, a length
_VALUES = (re.compile(rf"(?<![\w.,]){lx.NUMBER}\s*-?\s*{lx.BPM_UNIT}|(?<![\w])(?:at|a|à|em|mit|auf)\s+\d{{2,3}}"
                       r"(?![\w%:.,-]|\s+(?!(?:instead|then|please|bpm|and|y|e|et|und|plutot|lieber)(?![\w]))[a-z]{3,})"),
           re.compile(rf"(?<![\w.,])(?:{lx.NUMBER}|an?|one|une|una|eine|uma|um|un)\s*-?\s*(?:{lx.MINUTES}|{lx.SECONDS})(?![\w])"
                      rf"(?:\s*{lx.NUMBER}(?![\w]))?"))
# the words that bring the new value: "make them dubstep at 140 instead", "plutôt du lo-fi", "doch lieber 30"
INSTEAD = re.compile(rf"(?<![\w])(?:{MAKE}|make (?:them|those|all)|instead|rather|plutot|en vez|en lugar|stattdessen|em vez|ao inves|change d'avis)(?![\w])")


# a count with its noun a few words on: "eight songs, no wait, she just texted me, ten songs"
LATER_COUNT = re.compile(rf"(?<![\w])(?:(?P<w>{lx.COLLECTIVE_ALT})|(?P<n>{lx.NUMBER}))(?:\s+[\w'-]+)?\s+{lx.TRACK_NOUN}(?![\w])")  # "four gospel songs"


# a number alone at the end of its sentence: "nee warte, der Präsident sagt 8.", "ce sera 8 seulement." (not "track 8.",
# not "8 min.")
BARE_LATER = re.compile(r"(?<![\w.,:'#])(?P<n>\d{1,2})(?=(?:\s+(?:seulement|only|solamente|solo|nur|apenas|so))?\s*(?:[.!?;)(]|:\)|$)"
                        # or a number that says it is enough: "o meu marido diz que 10 chegam", "il dit que 8 suffisent"
                        r"|\s+(?:chegam|chega|bastam|basta|bastan|sobran|suffisent|suffit|reichen|reicht|will do|is enough|"
                        r"are enough|is plenty|are plenty)(?![\w]))")  # "Julien dit 6 (il veut ...)", "also 7 :)"
# a length or a tempo right before a taken-back word: what comes after it replaces that, not the count
LENGTH_JUST_BEFORE = re.compile(rf"(?<![\w])(?:{lx.NUMBER})\s*-?\s*{_UNIT}"
                                rf"(?:\s+(?:total|in total|each|long|overall|en total|au total|insgesamt))?[\s,.]*(?:{NO}[\s,.]*)?$")
NAMES_A_TRACK = re.compile(rf"(?<![\w]){lx.REF_NOUN}\s*$")


def _later_count(r, pos: int) -> re.Match | None:
    """The new count when words come between the retraction and it, in the same sentence: with its noun
    ("she just texted me, ten songs"), or a number that ends the sentence a few words on ("my boss says 8")."""
    end = min(_sentence_end(r.folded, pos), pos + 80)
    bare = BARE_LATER.search(r.folded, pos, min(end + 1, pos + 70))
    if bare and (NAMES_A_TRACK.search(r.folded, pos, bare.start()) or int(bare.group("n")) > MAX_TRACKS):
        bare = None  # "track 8.", or more than an album holds: "as 2 últimas mais lento, tipo 90." is a tempo
    return LATER_COUNT.search(r.folded, pos, end) or bare


def _earlier_count(r, pos: int) -> re.Match | None:
    """The last count with its noun in the sentence or two before ``pos``: what "no wait, make it 7" corrects
    when the clause it follows is about something else ("8 tracks of soft jazz, ... no sax. no wait, make it 7")."""
    window = max(0, pos - 250)
    found = [x for x in LATER_COUNT.finditer(r.folded, window, pos) if r.work[x.start():x.end()].strip()]
    return found[-1] if found else None


# the words that make a length the whole record's ("keep the whole thing under 25 mins", "en total", "insgesamt")
TOTAL_SAID = re.compile(r"(?<![\w])(?:whole thing|the whole|in total|total|in all|altogether|en total|au total|en tout|le tout|"
                        r"insgesamt|gesamt|das ganze|no total|ao todo|em tudo)(?![\w])")


# a sentence that opens by naming a track: "El 7 más rápido", "The last one at 90", "Track 3 ..."
OPENS_WITH_A_TRACK = re.compile(rf"\s*(?:(?:el|la|le|o|a|das|die|der|the)\s+\d{{1,2}}(?![\w])|(?:the|el|la|le|o|a|der|die|das)\s+"
                                rf"(?:last|ultim[oa]|dernier|derniere|letzte)|{lx.REF_NOUN}\s+\d)")


def _taken_back_values(r, m: re.Match) -> None:
    """A tempo, a length or a genre said after a retraction replaces the same kind said before it, in its
    sentence or the one before ("174 bpm. wait actually no ... make them dubstep at 140 instead"), unless
    the new words name a track ("actually make the last one 90 bpm" changes that track only)."""
    from agent.planning.track_refs import REF_ONE_RE

    stop = _sentence_end(r.folded, m.end())
    if stop - m.end() < 60 and stop < len(r.folded) and not OPENS_WITH_A_TRACK.match(r.folded, stop + 1):
        stop = _sentence_end(r.folded, stop + 1)  # not "que sean 7. El 7 más rápido, a 105": that one is a track's
    new = r.folded[m.end():min(stop, m.end() + 160)]
    ref = REF_ONE_RE.search(new)
    if ref:  # the words after a track's name are that track's ("... mit Männergesang außer bei den letzten beiden")
        new = new[:ref.start()]
        if not new.strip(" ,"):
            return
    old_start = r.after_last(".!?\n", max(0, m.start() - 1))
    lead = INSTEAD.search(new)
    for k, pattern in enumerate(_VALUES):
        said = pattern.search(new)
        if said and k == 1 and TOTAL_SAID.search(new[max(0, said.start() - 30):said.end() + 20]):
            continue  # "3 mins each. actually make it 8. keep the whole thing under 25 mins": the album's, not a track's
        if said:
            for x in pattern.finditer(r.folded, old_start, m.start()):
                r.mask(x.start(), x.end())
    said = genre_mentions(new)
    if said:
        keep_from = lead.start() if lead and any(s >= lead.start() for s, _, _ in said) else 0
        while old := genre_mentions(r.work[old_start:m.start()]):  # and a genre qualifying it: "trad" of "trad jazz"
            for s, e, _ in old:
                r.mask(old_start + s, old_start + e)
        for s, e, _ in said:
            if s < keep_from:  # "no, dnb is overdone ... make them dubstep": the genre before the new one goes
                r.mask(m.end() + s, m.end() + e)


# two people's wishes and the one the writer settles on: "my partner wants vocals on all of them, I only want them on the
# first two - let's go with mine", "mi jefa quiere 10, yo prefiero 8; nos quedamos con la suya"
SETTLED = re.compile(r"(?<![\w])(?:let'?s go with|we(?:'ll)? go with|go with|i'?ll go with|vamos con|nos quedamos con|me quedo con|"
                     r"on part sur|on garde|on prend|nehmen wir|wir nehmen|bleiben wir bei|vamos com|ficamos com)\s+"
                     r"(?:(?P<mine>mine|my version|my idea|la mia|lo mio|mi version|la mienne|ma version|meins|meine version|"
                     r"meine|o meu|a minha)|his|hers|theirs|hers then|la suya|lo suyo|la sienne|la sien|seins|seine|ihre|a dele|a dela)"
                     r"(?![\w])")
_OTHER = (r"(?:partner|wife|husband|boss|colleague|girlfriend|boyfriend|friend|pareja|esposa|esposo|marido|jefe|jefa|novia|novio|"
          r"companer[oa]|femme|mari|chef|cheffe|copine|copain|collegue|frau|mann|chefin|freundin|freund|kollegin|kollege|"
          r"chefe|namorad[oa]|colega)")
OTHER_WISH = re.compile(rf"(?<![\w])(?:my|mi|ma|mon|mein|meine|o meu|a minha|minha|meu)\s+{_OTHER}\s+(?:wants|would like|prefers|"
                        r"said|says|asked for|quiere|prefiere|dijo|dice|pidio|veut|voudrait|prefere|a dit|dit|will|mochte|hatte gern|"
                        r"sagt|meint|quer|disse|diz|pediu)(?![\w])(?:(?![,;]\s*(?:but\s+|pero\s+|mais\s+|aber\s+|mas\s+)?"
                        r"(?:i|yo|je|j'|ich|eu)\s)[^.;!?\n])*")
I_WISH = re.compile(r"(?<![\w])(?:i|yo|je|j'|ich|eu)\s+(?:only\s+|solo\s+|just\s+|nur\s+|so\s+)?(?:want|would like|prefer|quiero|"
                    r"prefiero|veux|voudrais|prefere|will|mochte|hatte gern|quero|prefiro)(?![\w])(?:(?![,;]\s*(?:but\s+|pero\s+|"
                    rf"mais\s+|aber\s+|mas\s+)?(?:my|mi|ma|mon|mein|meine|minha|meu)\s+{_OTHER})[^.;!?\n])*")


def settled(r) -> None:
    """The wish of the person the writer does not go with is masked."""
    for m in SETTLED.finditer(r.folded):
        for w in (OTHER_WISH if m.group("mine") else I_WISH).finditer(r.folded, 0, m.start()):
            r.mask(w.start(), w.end())


def retractions(r) -> None:
    """Mask what the brief takes back; a count given in its place is the track count."""
    from agent.planning.track_refs import _refs  # track_refs imports the reader, which imports this module
    settled(r)
    for m in list(RETRACT.finditer(r.folded)):
        if m.group(0):  # a count said to be enough (an empty match) takes back no tempo or length
            _taken_back_values(r, m)
        end = len(r.folded[:m.start()].rstrip(" ,"))  # "quatro chegam, ou melhor": the clause before the comma
        head = CLAUSE_START.match(r.folded, 0, end)
        start = head.end() if head else 0
        old = r.folded[start:m.start()]
        new = NEW_COUNT.match(r.folded, m.end())
        # "eight songs, no wait, she just texted me, ten songs": a counted noun a few words on, for a clause that counts
        later = _later_count(r, m.end()) if new is None else None
        restated = later is not None and not COUNTED.search(old)
        if restated and not (LATER_COUNT.match(r.folded, later.start()) and NEW_COUNT.match(r.folded, later.start())):
            later = None  # "en fait mon associé dit que 8 morceaux c'est suffisant": a count that says it is enough
        new = new or later
        sentence = SENTENCE_START.match(r.folded, 0, m.start())
        # the clause counts tracks, or it holds a bare number and its sentence names the tracks
        # ("umas quantas canções ..., acho que quatro chegam, ou melhor, cinco")
        counted = COUNTED.search(old) or (BARE_COUNT.search(old) and COUNTED.search(r.folded, sentence.end(), start)) \
            or (new and COUNTED.search(new.group(0))) \
            or (r.c.track_count is not None and start <= r.c.track_count.start < m.start()) \
            or re.search(rf"(?<![\w]){lx.NUMBER}\s+(?:[\w-]+\s+)?{lx.GENRE_PREFIX}", old)  # "quero uns 8 forró... não, 10."
        # "forty five minutes total no make it fifty": a length taken back, when no album could have that many tracks
        length_back = new is not None and LENGTH_JUST_BEFORE.search(r.folded, max(0, m.start() - 40), m.start()) \
            and (lx.number_value(new.groupdict().get("n") or "") or 0) > MAX_TRACKS
        if length_back:
            counted = None
        if new and not counted and not length_back and re.search(MAKE, m.group(0)):
            # "make that 6, i already got an intro": a reason that names a piece says the 6 counts tracks
            counted = REASON.search(r.folded, new.end(), _sentence_end(r.folded, new.end()))
        earlier = None
        if new and not counted and not length_back and new.groupdict().get("n") and not COUNTED.search(new.group(0)) and \
                (re.search(MAKE, m.group(0)) or LEFT.search(m.group(0)) or CORRECTS.search(m.group(0))
                 or re.search(rf"(?<![\w])(?:{AGREE}|{SETTLED_ON})(?![\w])", m.group(0))):
            earlier = _earlier_count(r, m.start())  # "8 tracks of jazz, ..., no sax. no wait, make it 7"
            counted = earlier
        if new and counted:
            word = new.groupdict().get("w")  # a bare number has no collective word
            value = lx.COLLECTIVE[word] if word else lx.number_value(new.group("n"))
            taken = OLD_COUNT.search(r.work[start:m.start()])  # "bolero lento... no, mejor un son cubano": "un" replaces no count
            if value and float(value).is_integer() and 1 <= value <= 99 and (value > 1 or taken):
                r.c.track_count = r.read(int(value), new.start(), new.end())
                for x in OLD_COUNT.finditer(old):  # the count taken back, not the clause's other words
                    r.mask(start + x.start(), start + x.end())
                if earlier:  # its number: "Four gospel songs ... so make it 5" keeps its gospel
                    key = "n" if earlier.group("n") else "w"
                    r.mask(earlier.start(key), earlier.end(key))
                r.mask(m.start(), m.end() if later else new.end())  # the words between stay ("? non, de funk: sept titres")
                r.mask(new.start(), new.end())
                rest = r.folded[new.end():_sentence_end(r.folded, new.end())]
                names_one = any(i and -value <= i <= value for i in _refs(rest))  # "5 Nummern, die letzte ... 126"
                if not VOCAL_WISH.search(rest) and not restated and not names_one:  # "make it 5 songs, the sixth would be too much": the reason names no
                    r.mask(new.end(), new.end() + len(rest))  # track (", todas cantadas" is a wish: it stays)
                continue
        said = genre_mentions(r.folded[m.end():m.end() + 40])
        if said and said[0][0] < 8:
            for s, e, _ in genre_mentions(old):
                r.mask(start + s, start + e)
        lang = LANGUAGE.search(r.folded, m.end(), m.end() + 40)
        if lang and lang.start() - m.end() < 8:  # "chantées en breton... non, en français finalement"
            for x in LANGUAGE.finditer(old):
                r.mask(start + x.start(), start + x.end())
        if VOICE.match(r.folded, m.end()):  # "sung by a female trio... actually scratch that, make it a full choir"
            for x in VOICE_WORD.finditer(old):
                r.mask(start + x.start(), start + x.end())
