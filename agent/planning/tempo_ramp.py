"""A tempo that climbs or falls across the album in steps: "start at 120 bpm and add 4 bpm every track",
"Começa em 80 bpm e vai subindo 10 a cada faixa", "de 60 bpm en el primero hasta 110 en el último, subiendo lo
mismo en cada corte", "80 BPM beim ersten Song und dann in gleichen Schritten hoch bis 125 BPM beim letzten".

One sentence gives where the line starts (a "start at" or a number said of the first track) and either the step
each track adds (or takes away) or where the line ends (an "up to", an "end at" or a number said of the last track)
with words that say it moves track by track ("each", "in equal steps", "gradually", "rising"). Every track without a
tempo of its own takes its point of the line; a step that would leave 30-300 bpm, or no count of tracks, reads
nothing.
"""

from __future__ import annotations

import re

from agent.planning import lexicon as lx
from agent.planning.constraints import Read
from agent.planning.reader import Reader

_N = rf"(?P<{{g}}>{lx.NUMBER})(?![\w])"
_BPM = rf"(?:\s*-?\s*{lx.BPM_UNIT})?"
START = (r"(?:start|starts|starting|begin|begins|beginning|open|opens|opening|kick off|kicks off|empieza|empiece|empezar|"
         r"empezando|empecemos|comienza|comience|comenzar|comenzando|comencemos|arranca|arrancar|arrancando|arrancamos|"
         r"commence|commencer|commencant|commencons|demarre|demarrer|demarrant|demarrons|part|partir|partons|beginnt|"
         r"beginnen|beginne|starte|startet|starten|fangt|fangen|anfangen|comeca|comecar|comecando|comece|comecamos|"
         r"inicia|iniciar|iniciando|abre|abrir)")
FIRST = (r"(?:(?:in|on|for|at) (?:the )?(?:first|opener|opening track|track 1)|(?:en|con|para) (?:el|la) (?:primer[oa]|primer tema)|"
         r"(?:pour|sur|a|dans) (?:le|la) premier(?:e)?|au premier|beim ersten|im ersten|fur den ersten|(?:no|na|para o|para a) primeir[oa])")
LAST = (r"(?:(?:in|on|for|at|by) (?:the )?(?:last|closer|final track)|(?:en|con|para) (?:el|la) ultim[oa]|"
        r"(?:pour|sur|a|dans) (?:le|la) dernier(?:e)?|au dernier|beim letzten|im letzten|fur den letzten|(?:no|na|para o|para a) ultim[oa])")
START_AT = re.compile(rf"(?<![\w]){START}(?:\s+(?:off|out|things|it|on|el disco|l'album|das album|o disco|o album))?\s+"
                      rf"(?:at|with|on|from|en|a|con|por|desde|de|avec|sur|bei|mit|auf|em|com)\s+(?:{lx.ABOUT}\s+)?"
                      + _N.format(g="x") + _BPM)
FIRST_AT = re.compile(r"(?<![\w-])(?:(?:de|desde|from|von|ab)\s+)?" + _N.format(g="x") + _BPM + rf"\s+{FIRST}(?![\w])")
UNTIL = r"(?:up to|down to|to|until|till|hasta|jusqu'a|jusqu a|bis|bis zu|hoch bis|runter bis|ate|a)"
END_AT = re.compile(rf"(?:(?<![\w]){UNTIL}\s+|(?:end|ends|ending|finish|finishes|finishing|terminar|termina|terminando|acabar|"
                    rf"acaba|acabando|finir|finit|finissant|terminer|termine|enden|endet|aufhoren|endend)\s+(?:\w+\s+)?"
                    rf"(?:at|on|with|en|a|con|em|com|avec|sur|bei|mit|auf)\s+)(?:{lx.ABOUT}\s+)?" + _N.format(g="y") + _BPM
                    + rf"(?:\s+{LAST}(?![\w]))?")
LAST_AT = re.compile(_N.format(g="y") + _BPM + rf"\s+{LAST}(?![\w])")
UP = (r"(?:add|adds|adding|go up|goes up|going up|increase|increases|increasing|rise|rises|rising|climb|climbs|climbing|"
      r"raise|raising|speed up|up|sube|suben|subiendo|subir|aumenta|aumentando|aumentar|suma|sumando|sumar|anade|anadiendo|"
      r"anadir|agrega|agregando|agregar|subimos|sumamos|aumentamos|montons|augmentons|ajoutons|somamos|monte|montent|monter|montant|augmente|augmenter|augmentant|ajoute|ajouter|ajoutant|"
      r"gagne|gagner|gagnant|steigt|steigen|steigend|steigert|steigern|erhoht|erhohe|erhohen|hoch|rauf|sobe|sobem|subindo|"
      r"aumenta|aumentando|soma|somando|somar|acrescenta|acrescentando|acrescentar)")
DOWN = (r"(?:drop|drops|dropping|go down|goes down|going down|decrease|decreases|decreasing|lower|lowering|slow down|"
        r"slowing down|take off|taking off|baja|bajando|bajar|resta|restando|restar|descend|descendant|descendre|baisse|"
        r"baisser|baissant|enleve|enlever|sinkt|sinken|senkt|senken|runter|desce|descendo|descer|baixa|baixando|baixar|diminui|"
        r"diminuindo|diminuir|tira|tirando)")
STEP = re.compile(rf"(?<![\w])(?P<dir>{UP}|{DOWN})\s+(?:(?:by|de|um|em|en|in|of)\s+)?" + _N.format(g="d") + _BPM
                  + r"|(?<![\w-])" + _N.format(g="d2") + _BPM
                  + r"\s+(?P<dir2>faster|more|quicker|slower|less|schneller|mehr|langsamer|weniger|plus rapide|de plus|"
                    r"plus lent|de moins|mas rapido|mas|mas lento|menos|mais rapido|mais|mais lento)(?![\w])")
# words that say the tempo moves track by track
EVERY = re.compile(r"(?<![\w])(?:every|each|per|por|cada|chaque|par|pro|je|jede[mnrs]?|equal steps|even steps|the same|lo mismo|"
                   r"pasos iguales|gleichen schritten|gleichmassig|schrittweise|nach und nach|regulierement|regularmente|"
                   r"gradually|evenly|steadily|progressivement|progresivamente|progressivamente|gradualmente|poco a poco|"
                   r"aos poucos|pouco a pouco|peu a peu|step by step|paso a paso|o mesmo|le meme|rising|climbing|subiendo|"
                   r"subindo|en montant|steigend)(?![\w])")
SENTENCE = re.compile(r"[^.!?;\n]+")
MIN_BPM, MAX_BPM = 30, 300
MAX_STEP = 40  # bpm a track: more is no step ("add 80 bpm" is something else)


def tempo_ramps(r: Reader) -> None:
    """Give every track without a tempo of its own its point of a ramp the brief describes."""
    n = r.c.track_count.value if r.c.track_count else 0
    if n < 2:
        return
    for s in SENTENCE.finditer(r.folded):
        line = _line(s.group(0), n)
        if line is None:
            continue
        source = Read(value=0, source=r.text[s.start():s.end()].strip(), start=s.start(), end=s.end())
        for i, bpm in enumerate(line, start=1):
            if _own_bpm(r, i, n, s.start(), s.end()):
                continue
            r.c.track(i).bpm = source.model_copy(update={"value": bpm})
        for m in lx.NUMBER_RE.finditer(r.work, s.start(), s.end()):  # its numbers are used
            r.mask(m.start(), m.end())
        return


def _line(sentence: str, n: int) -> list[int] | None:
    """The tempo of each of ``n`` tracks that the sentence lays out, if it lays one out."""
    start = START_AT.search(sentence) or FIRST_AT.search(sentence)
    if start is None:
        return None
    x = lx.number_value(start.group("x")) or 0
    rest = sentence[start.end():]
    step = STEP.search(rest)
    if step and EVERY.search(rest):
        d = lx.number_value(step.group("d") or step.group("d2")) or 0
        word = step.group("dir") or step.group("dir2")
        down = re.fullmatch(rf"{DOWN}|slower|less|langsamer|weniger|plus lent|de moins|mas lento|menos|mais lento", word)
        if 0 < d <= MAX_STEP:
            line = [x + (-d if down else d) * i for i in range(n)]
            return _checked(line)
    end = END_AT.search(rest) or LAST_AT.search(rest)
    if end is not None and (EVERY.search(sentence) or re.search(rf"(?<![\w])(?:{UP}|{DOWN})(?![\w])", rest)):
        y = lx.number_value(end.group("y")) or 0
        if y != x:
            return _checked([x + (y - x) * i / (n - 1) for i in range(n)])
    return None


def _checked(line: list[float]) -> list[int] | None:
    return [int(round(v)) for v in line] if all(MIN_BPM <= v <= MAX_BPM for v in line) else None


def _own_bpm(r: Reader, i: int, n: int, start: int, end: int) -> bool:
    """Track ``i`` has a tempo of its own, by its number or counted from the end, read outside the ramp's sentence
    (words of the sentence itself are read better as the ramp: "80 BPM beim ersten ... bis 125 BPM beim letzten")."""
    return any(v is not None and not start <= v.start < end for t in r.c.tracks if t.index in (i, i - n - 1)
               for v in (t.bpm, t.bpm_range))
