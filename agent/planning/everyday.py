"""Numbers of everyday life in a brief that say nothing about the music: clock times ("the show
is at 6:30pm", "um 20 Uhr", "às 19h", "de 20:00 a 23:00"), dates ("May 17", "8 de marzo",
"15.09.", "5/30", "03/2025", "on the 22nd", "el sábado 3"), years, prices ("£500", "45 €", "R$ 15") and ages ("ages 6-12",
"63 years old"), a note on the message itself ("[voice note, 1:12]") and an email's header lines
("Sent: ...", "... wrote:"). With them go the words of everyday life that would read as music: idioms
("5 Tage am Stück"), decades, names ("Frau Becker", "Las Palmas", "Channel 9"), the writer greeting as
themself ("PA guy here"), a voice that performs live over the tracks ("os MC rimam em cima": the tracks
are its beds) and lyrics spoken of "where there are any". People write them
when they say who they are and what the music is for; read as lengths, counts or meters they
sink the plan ("open 24/7" is no time signature, "gig at 11:45pm" no 705 s track).

The pass runs first and masks them, so no later pass reads them; they are not reported as unused
either, since they were understood.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.planning import lexicon as lx
from agent.planning.place_words import PART_NOUN
from agent.planning.reader import Reader
from engine.genres import fold

_MONTHS = (r"(?:jan(?:uary|vier|uar)?|feb(?:ruary|ruar)?|fevrier|mar(?:ch|s)?|marz|apr(?:il)?|avril|may|mai|"
           r"june?|juin|juni|july?|juillet|juli|aug(?:ust)?|aout|sep(?:t(?:ember)?)?|septembre|oct(?:ober)?|octobre|"
           r"okt(?:ober)?|nov(?:ember)?|novembre|dec(?:ember)?|decembre|dez(?:ember)?|enero|febrero|marzo|abril|mayo|"
           r"junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|janeiro|fevereiro|marco|maio|junho|"
           r"julho|setembro|outubro|novembro|dezembro)")
_HM = r"\d{1,2}(?:[:.h][0-5]\d)?"
_NOT_BEFORE = r"(?<![\w:.,/$£€])"
# a time with its mark: "6:30pm", "at 11am", "7-9pm", "20 Uhr", "19:30 Uhr" (a bare "3 am" may be German:
# "Track 3 am Ende" is the third track at the end)
MARKED_TIME = re.compile(rf"{_NOT_BEFORE}(?:{_HM}\s*[-–]\s*)?{_HM}\s*(?:p\.?m\.?|a\.m\.?|uhr)(?![\w])"
                         rf"|(?<![\w])(?:at|from|until|till|by|@|-|–)\s*{_HM}\s*am(?![\w])|{_NOT_BEFORE}\d{{1,2}}:[0-5]\d\s*am(?![\w])")
# "20h", "21h30", "6h às 23h": an hour with an h is a clock time from 6 on (no brief asks for a
# six-hour album) or after a word that sets a time ("à 9h", "às 8h")
H_TIME = re.compile(rf"{_NOT_BEFORE}(?P<h>\d{{1,2}})\s?h(?:\s?[0-5]\d)?(?![\w])")  # "20h", "à 20 h", "17 h 30"
SETS_TIME = re.compile(r"(?:^|\s)(?:a|as|das|des|a partir de|at|ab|vers|hacia)\s*$")
# a part of the day after the hour makes it a time of day: "le coup de fouet de 3h du matin", "às 2h da madrugada"
DAY_PART_AFTER = re.compile(r"\s*(?:du matin|du soir|de la nuit|de l'apres-midi|da manha|da madrugada|da tarde|da noite|"
                            r"de la manana|de la madrugada|de la tarde|de la noche|in the morning|at night|morgens|nachts|"
                            r"fruh|abends)(?![\w])")
_DAYS = (r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?|(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
         r"sonntag)s?|lundis?|mardis?|mercredis?|jeudis?|vendredis?|samedis?|dimanches?")
# a time after a word that sets one: "at 9:15", "um 19:30", "dienstags 19:30"; "a las 5" needs no minutes
AT_TIME = re.compile(rf"(?<![\w])(?:(?:at|@|um|ab|gegen|{_DAYS})\s+\d{{1,2}}:[0-5]\d"
                     # "a la" is one o'clock only: "de la 5 a la 7" names tracks
                     r"|(?:(?:a las|desde las|hasta las)\s+\d{1,2}|a la\s+1)(?::[0-5]\d)?)(?![\w:])"
                     # not a length said to be the total: "come in at 1:30 total"
                     r"(?!\s*(?:total|in total|in all|en total|au total|en tout|insgesamt|no total|ao todo)(?![\w]))")
# a range of clock times: "7:30 to 19:00", "de 20:00 a 23:00" (an end past 12:59 is no track length)
CLOCK_RANGE = re.compile(rf"{_NOT_BEFORE}(?P<a>\d{{1,2}}):[0-5]\d\s*(?:[-–]|to|a|bis|as|ate|until)\s*(?P<b>\d{{1,2}}):[0-5]\d(?![\w:])")
# an hour of the day alone: "23:41", "19:00" (no track lasts 13 minutes or more, and a total that
# long is said as one: "a total of 45:00")
LATE_CLOCK = re.compile(rf"{_NOT_BEFORE}(?:1[3-9]|2[0-3]):[0-5]\d(?![\w:])"
                        r"(?!\s*(?:min|minutes|minutos|minuten|total|in all|en total|au total|insgesamt|no total)(?![\w]))")
TOTAL_NEAR = re.compile(r"(?:total|in all|altogether|en tout|insgesamt|gesamt|runtime|run time|duree|duracion|duracao|"
                        r"dauer|length|long)\W*(?:\w+\W+){0,3}$")
DATE = re.compile(rf"{_NOT_BEFORE}(?:\d{{1,2}}(?:st|nd|rd|th|er|o|º|ª|\.)?\s+(?:de\s+|of\s+)?{_MONTHS}(?:\.?\s*,?\s*\d{{4}})?"
                  rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
                  r"|\d{1,2}\.\d{1,2}\.(?:\d{2,4})?|\d{1,2}/\d{1,4}(?:/\d{2,4})?)(?![\w])")
YEAR = re.compile(r"(?<![\w'.,])(?:19|20)\d\d(?![\w]|\s*(?:bpm|s\b|sec|seg|min))")
PRICE = re.compile(r"(?:(?:r\$|us\$|[$£€¥])\s*\d[\d.,]*(?:\s*k)?|(?<![\w.,])\d[\d.,]*(?:\s\d{3}(?![\d]))*\s*(?:[$£€¥]|euros?|eur|dollars?|"
                   r"pesos|reais|francs?|chf|usd|gbp|mxn|brl)(?![\w]))")
# an age said as one: "ages 6-12", "aged 4 to 6", "63 years old", "de 8 a 12 años", "ils ont 8 ans", "im Alter von 9"
AGE = re.compile(r"(?<![\w])(?:(?:passed(?:\s+away)?|died|retired|married)(?:\s+[a-z]+){0,3}\s+at\s+\d{2,3}"
                 r"|(?:aged?|ages|im alter von|agees? de|ages de)\s+\d{1,2}(?:\s*(?:[-–]|to|bis|a|à)\s*\d{1,2})?"
                 r"|\d{1,3}(?:\s*(?:[-–]|to|bis|a)\s*\d{1,2})?\s*(?:years?[\s-]old|jahre alt|jahrige[nr]?|ans|anos|"
                 r"anos de edad|anos de idade))(?![\w])")
# a day of the month without its month: "live on the 22nd", "el sábado 3", "samedi 14", "am Freitag, den 9."
_WEEKDAYS = (rf"(?:{_DAYS}|sat|sun|mon|tue|wed|thu|fri|lunes|martes|miercoles|jueves|viernes|sabado|domingo|"
             r"segunda|terca|quarta|quinta|sexta)(?:-feira)?")
DAY_OF_MONTH = re.compile(rf"(?<![\w])(?:(?:on|by|until|till|before|after|(?<!apart )(?<!aside )from|since)\s+the\s+\d{{1,2}}(?:st|nd|rd|th)"
                          rf"|{_WEEKDAYS},?\s+(?:the\s+|den\s+|dia\s+)?\d{{1,2}}(?:st|nd|rd|th|\.)?)"
                          r"(?![\w]|\s*(?:track|song|tune|piece|cue|one)s?(?![\w]))")
# an area, a weight or a volume: "140 m²", "3,2 kilos", "12 400 hectolitres", "50 kg"
MEASURE = re.compile(r"(?<![\w.,])\d[\d.,\s]*?\s*(?:m²|m2|km|kms|kg|kilos?|g|mm|cm|hectolitres?|hectoliters?|litres?|liters?|l|"
                     r"sq\.? ?ft|square (?:feet|meters|metres)|metros? cuadrados|metros quadrados)(?![\w²])")
# the length of a trip the music is not: "the route (2 horas, ...)", "average crossing 46 minutes", "the drive is 3 hours"
TRIP = re.compile(r"(?<![\w])(?:route|ruta|rota|trajet|fahrt|strecke|crossing|travesia|travessia|traversee|drive|ride|flight|"
                  r"vuelo|voo|vol|flug|journey|viaje|viagem|voyage|reise|commute|trip)\b[^.;:\n]{0,40}?"
                  r"(?P<len>\d{1,3}\s*(?:hours?|horas?|heures?|stunden?|h|minutes?|minutos?|minuten|min|mins))(?![\w])")
# a note on the message itself: "[voice note transcript, 1:12]", "[Sprachnachricht 0:47]", "(áudio transcrito)"
RECORDING_NOTE = re.compile(r"[\[(][^\[\]()\n]{0,40}?(?:transcri\w*|voice (?:note|memo|message)|voicemail|audio|"
                            r"sprachnachricht|sprachmemo|nota de voz|mensaje de voz|mensagem de voz|message vocal|"
                            r"memo vocal)[^\[\]()\n]{0,30}[\])]")
# an email's header line: "> Le 3 févr. à 10:12, Marc a écrit :", "On Mon, 5 May at 9:40, Jo wrote:", "Sent: ..."
MAIL_HEADER = re.compile(r"(?:^|(?<=\n))[^\n]{0,80}?(?:wrote|a ecrit|schrieb|escribio|escreveu)\s*:[ \t]*(?=\n|$)"
                         r"|(?:^|(?<=\n))[> \t]*(?:date|sent|envoye|enviado|gesendet|datum|data|fecha)\s*:[^\n]*")
# words of everyday life around a number or a track noun: "5 Tage am Stück" (in a row), "a terceira idade" (the elderly)
IDIOM = re.compile(r"(?<![\w])(?:am stuck|terceira idade|tercera edad|troisieme age|third age|dritten alter|dritte alter|"
                   r"(?:a\s+)?quick (?:one|question|q|favou?r)|rapidinho aqui|"
                   # voices the writer has had enough of: "I hear enough voices all night" (no wish for a singer)
                   r"(?:hear|heard|hearing|had|have|got)\s+enough\s+(?:of\s+)?(?:\w+\s+)?(?:voices|singing|vocals|talking)(?:\s+all\s+\w+)?|"
                   # "not a second more": a total's firmness, not a length of one second
                   r"(?:not|pas|ni|nicht|nem|keine)\s+(?:a|one|une|un|eine|um)?\s*(?:second|seconde|segundo|sekunde)\s+"
                   r"(?:more|longer|de plus|mas|más|langer|länger|a mais|mehr)|keine sekunde (?:langer|mehr))(?![\w])")  # "quick one -" asks quickly
# a person named by a title: "Frau Becker nur vormittags", "ask Mr. Patel", "la señora García" (a name, no voice)
TITLED_NAME = re.compile(r"(?<![\w])(?:Frau|Herr|Herrn|Mrs|Mr|Ms|Mme|Madame|Monsieur|Sra|Sr|Señora|Señor|Senhora|Senhor|Dona)\.?"
                         r"[ \t]+[A-ZÀ-Ý][a-zà-ÿ'-]+(?![\w])")
# a name that opens with a capital article in mid-sentence: "el carnaval de Las Palmas", "a gig in Los Angeles"
ARTICLED_NAME = re.compile(r"(?<=[a-zà-ÿ,] )(?:Las|Los|La|El|Le|Les|The|Os|As)[ \t]+[A-ZÀ-Ý][\w'-]+(?:[ \t]+[A-ZÀ-Ý][\w'-]+)*")
# a name with a number in mid-sentence: "the new Channel 9 newsroom ident", "a night at Studio 54" (a capital word
# after a lower-case one; a track's noun, a music word or a unit after the number keep it: "für die Gala 5 Stücke")
NAMED_NUMBER = re.compile(r"(?<=[a-zà-ÿ,] )(?P<word>[A-ZÀ-Ý][a-zà-ÿ]+)[ \t]+\d{1,3}(?![\w.,:'’/-]|\s*[-–]\s*\d)")
# a track noun, a genre's compound on one ("10 Schlager-Titel", "6 Jazz-Stücke", "4 Technotracks"), a genre or a unit
# after it
NAMED_KEPT = re.compile(rf"\s*(?:[a-z]+(?:e|en|er|es)\s+){{0,2}}?(?:(?:[a-z]+-?)?(?:{lx.TRACK_NOUN})|{lx.MINUTES}|{lx.SECONDS}|{lx.BPM_UNIT}|"
                        rf"{lx.GENRE_PREFIX})(?![\w])")  # "Für den Kurs 6 kurze Lieder": two German adjectives before the noun at most  # or a genre counted: "zum Mitsingen 10 Schlager"
# the writer naming themself: "PA guy here", "DJ girl here", "o cara do som aqui" (no voice of the music)
# (not "A woman here would be nice": an indefinite article asks for one, and the greeting ends its clause)
SELF_INTRO = re.compile(r"(?:^|(?<=[.!?\n]))\s*(?:(?!(?:an?|une?|una?|um|uma|eine?)\s)[\w'-]+\s+){0,3}?(?:guy|gal|girl|dude|man|"
                        r"woman|lady|bloke|chap|chico|chica|tipo|mec|gars|meuf|kerl|typ|cara|moca)\s+(?:here|aqui|ici|hier|aca)"
                        r"(?=\s*(?:[.!,:;\n–—-]|$))")
# a voice that performs over the music live: "os MC rimam em cima", "for MCs to spit over", "rappers freestyle on top"
# (the tracks are beds for them, no voice of the tracks)
LIVE_OVER = re.compile(r"(?<![\w])(?:(?:os|as|the|los|les|die|our|nossos|nuestros|nos)\s+)?(?:mcs?|rappers?|rapeiros?|"
                       r"raperos?|rappeurs?|singers?|cantores?|cantantes?|chanteurs?|sanger)\s+(?:[\w']+\s+){0,2}?"
                       r"(?:to\s+|pra\s+|para\s+|pour\s+|zum\s+)?(?:rap\w*|rhym\w*|spit\w*|freestyl\w*|sing\w*|rim\w*|cant\w*|"
                       r"chant\w*|reim\w*|improvis\w*)\s+"
                       r"(?:over|on top|em cima|por cima|encima|por encima|dessus|par-dessus|daruber|druber|drauf)(?![\w])"
                       # of the tracks themselves, not of a part of them ("a singer singing over the strings" sings)
                       r"(?=(?:\s+\w{1,4})?\s*(?:[.,;:!?)(\n]|$)|\s*(?:of\s+)?(?:it|them|those|these|isso|eso|eux|das|dem|the\s+(?:beats?|tracks?|"
                       r"instrumentals?|music))(?![\w]))")
# lyrics spoken of where there are any: "Tudo em português onde tiver letra", "where there are lyrics" (no wish for voices)
# (not a track's place: "track 2, where a male crooner would be lovely")
WHERE_SUNG = re.compile(rf"(?<![\w])(?:onde|donde|where|wherever|la ou|wo|if|falls)\s+(?:there\s+(?:is|are|'s)|tiver|houver|haja|"
                        rf"haya|hay|il y a|y a|es)\s+(?:[\w']+\s+){{0,2}}?{lx.VOCAL_NOUN}(?![\w])")
# a decade: "im Stil der 50er", "50er-Jahre", "années 80", "anos 60", "años 70" (no track, count or length)
DECADE = re.compile(r"(?<![\w])(?:(?:19|20)?[1-9]0er(?:[-\s]?jahren?|n)?|(?:annees|anos|anni|decada de|decennie)\s+(?:19)?[1-9]0)(?![\w])")
METER_DENOMINATORS = {2, 4, 8, 16}


def _meter(text: str) -> bool:
    """'6/8' is a meter, '5/30' and '24/7' are not."""
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})", text)
    return bool(m) and int(m.group(2)) in METER_DENOMINATORS and 1 <= int(m.group(1)) <= 16


# words before a span of the day: "the breakfast shift runs 6:30 to 10:30", "open from 7:00 to 11:00"
DAY_SPAN_BEFORE = re.compile(r"(?:runs?|shifts?|opens?|open|service|hours|served|schicht|turno|horario|horaire|"
                             r"offnungszeit\w*|geoffnet|abierto|aberto|ouvert)\W+(?:\w+\W+){0,2}(?:from\s+|de\s+|von\s+|das\s+|du\s+)?$")


def _shift(r: Reader, m: re.Match[str]) -> bool:
    """A range of clock times rather than lengths: said after the words of a span of the day, or whole hours
    apart with the same minutes ("6:30 to 10:30": no track's length ranges over four minutes like that)."""
    minutes = re.findall(r":([0-5]\d)", m.group(0))
    return bool(DAY_SPAN_BEFORE.search(r.folded[max(0, m.start() - 40):m.start()])) or \
        (minutes[0] == minutes[-1] and int(m.group("b")) - int(m.group("a")) >= 3)


def _mask(r: Reader, pattern: re.Pattern[str], keep: Callable[[re.Match[str]], bool] = lambda m: False) -> None:
    """Mask every match of ``pattern`` that ``keep`` does not hand on to the later passes."""
    for m in r.finditer(pattern):
        r.skip = keep(m)


def everyday_numbers(r: Reader) -> None:
    """Mask clock times, dates, years, prices, ages, names and the other words of everyday life (see the module
    docstring)."""
    _mask(r, IDIOM)
    _mask(r, DECADE)
    for m in [*TITLED_NAME.finditer(r.text), *ARTICLED_NAME.finditer(r.text)]:
        r.mask(m.start(), m.end())
    for m in NAMED_NUMBER.finditer(r.text):
        word, after = fold(m.group("word")), r.folded[m.end():m.end() + 40]
        if not (re.fullmatch(lx.REF_NOUN, word) or re.fullmatch(lx.TRACK_NOUN, word) or lx.MUSIC_WORD.fullmatch(word)
                or re.fullmatch(PART_NOUN, word) or NAMED_KEPT.match(after)):  # German nouns: "Lektionen 3 und 6"
            r.mask(m.start(), m.end())
    _mask(r, SELF_INTRO)
    _mask(r, LIVE_OVER)
    _mask(r, WHERE_SUNG)
    _mask(r, RECORDING_NOTE)
    _mask(r, MAIL_HEADER)
    _mask(r, MARKED_TIME)
    _mask(r, CLOCK_RANGE, lambda m: max(int(m.group("a")), int(m.group("b"))) < 13 and not _shift(r, m))  # "2:30 to 3:30" is a length
    _mask(r, H_TIME, lambda m: int(m.group("h")) < 6 and not SETS_TIME.search(r.folded[max(0, m.start() - 12):m.start()])
          and not DAY_PART_AFTER.match(r.folded, m.end()))
    _mask(r, AT_TIME)
    _mask(r, LATE_CLOCK, lambda m: bool(TOTAL_NEAR.search(r.folded[max(0, m.start() - 40):m.start()])))
    _mask(r, DATE, lambda m: _meter(m.group(0)))
    _mask(r, DAY_OF_MONTH)
    _mask(r, YEAR)
    _mask(r, PRICE)
    _mask(r, AGE)
    _mask(r, MEASURE)
    for m in r.finditer(TRIP):  # only the trip's length goes; the words before it stay for the other passes
        r.skip = True
        r.mask(m.start("len"), m.end("len"))
