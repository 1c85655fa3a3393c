"""The words that name a track by its place in the album: ordinals in the five languages ("the second", "la
última", "das letzte", "a primeira"), pieces named by their place ("the intro", "the closer") and the nouns after
an ordinal that name a moment, a place or a person instead of a track ("the first dance", "la segunda tanda")."""

from __future__ import annotations

import re

ORDINALS: dict[str, int] = {}
for _value, _words in enumerate([
    "first 1st opening primer primero primera premier premiere 1er 1re erste ersten erster erstes erstem primeiro primeira",
    "second 2nd segundo segunda deuxieme seconde 2e zweite zweiten zweiter zweites zweitem",
    "third 3rd tercer tercero tercera troisieme 3e dritte dritten dritter drittes terceiro terceira",
    "fourth 4th cuarto cuarta quatrieme 4e vierte vierten vierter viertes quarto quarta",
    "fifth 5th quinto quinta cinquieme funfte funften funfter",
    "sixth 6th sexto sexta sixieme sechste sechsten",
    "seventh 7th septimo septima septieme siebte siebten setimo setima",
    "eighth 8th octavo octava huitieme achte achten oitavo oitava",
    "ninth 9th noveno novena neuvieme neunte neunten nono nona",
    "tenth 10th decimo decima dixieme zehnte zehnten",
], start=1):
    for _w in _words.split():
        ORDINALS[_w] = _value
# 11th-20th: English, French and German words, the Spanish compounds ("decimotercera") and the Portuguese and
# Spanish pairs ("décimo segundo", "décima primeira"); a German ordinal takes its endings ("zwölfte", "zwölften")
_UNITS_ES = ["primer", "segund", "tercer", "cuart", "quint", "sext", "septim", "octav", "noven"]
_UNITS_PT = ["primeir", "segund", "terceir", "quart", "quint", "sext", "setim", "oitav", "non"]
for _value, (_en, _fr, _de) in enumerate([
    ("eleventh", "onzieme", "elfte"), ("twelfth", "douzieme", "zwolfte"), ("thirteenth", "treizieme", "dreizehnte"),
    ("fourteenth", "quatorzieme", "vierzehnte"), ("fifteenth", "quinzieme", "funfzehnte"),
    ("sixteenth", "seizieme", "sechzehnte"), ("seventeenth", "dix-septieme", "siebzehnte"),
    ("eighteenth", "dix-huitieme", "achtzehnte"), ("nineteenth", "dix-neuvieme", "neunzehnte")], start=11):
    _es, _pt = _UNITS_ES[_value - 11], _UNITS_PT[_value - 11]
    for _w in (_en, f"{_value}th", _fr, f"{_value}e", _de, f"{_de}n", f"{_de}r", f"{_de}s",
               f"decimo{_es}o", f"decimo{_es}a", f"decima{_es}a", f"decimo {_es}o", f"decimo {_es}a", f"decima {_es}a",
               f"decimo {_pt}o", f"decimo {_pt}a", f"decima {_pt}a"):
        ORDINALS[_w] = _value
for _w in "twentieth 20th vingtieme 20e zwanzigste zwanzigsten vigesimo vigesima".split():
    ORDINALS[_w] = 20
ORDINALS |= {"undecimo": 11, "undecima": 11, "duodecimo": 12, "duodecima": 12, "decimoprimero": 11, "decimoprimera": 11}
for _w in ("last final closing ultimo ultima dernier derniere letzte letzten letzter letztes letztem allerletzte allerletzten "
           "allerletzter allerletztes").split():
    ORDINALS[_w] = -1
# pieces named by their place; bare, they name a track when a value follows ("intro 15 seconds")
POSITIONS = {"intro": 1, "opener": 1, "opening": 1, "abertura": 1, "apertura": 1, "ouverture": 1, "eroffnung": 1,
             "outro": -1, "closer": -1, "finale": -1, "encerramento": -1, "cierre": -1, "cloture": -1}
POSITION_NOUNS = set(POSITIONS)
ORDINALS |= POSITIONS | {"penultimate": -2, "second to last": -2, "second-to-last": -2, "penultimo": -2, "penultima": -2,
                         "avant-dernier": -2, "avant-derniere": -2, "vorletzte": -2, "vorletzten": -2}
ORD_ALT = "|".join(sorted((re.escape(w) for w in ORDINALS), key=len, reverse=True))  # every ordinal, longest first

# an ordinal before one of these nouns names a moment, a place or a person, not a track: "the first dance", "a
# primeira dança", "der erste Tanz", "la première fois", "the last time", "the first half", "au 4e étage", "the last
# guy put sax on everything", "el último productor", "the last season", "o último álbum"
OCCASION = (r"(?:dances?|danse|baile|tanz|danca|kiss|beso|bisou|kuss|beijo|times?|vez|fois|mal|half|mitad|moitie|halfte|"
            r"metade|part|parte|partie|teil|verses?|couplet|strophe|estrofa|day|dia|jour|tag|night|noche|nuit|nacht|noite|"
            r"impression|date|cita|rendez-vous|floor|etage|piso|andar|stock|stockwerk|obergeschoss|"
            r"guy|person|people|producer|composer|musician|artist|band|dj|mec|type|gars|producteur|compositeur|tipo|chico|"
            r"productor|compositor|typ|kerl|produzent|komponist|cara|produtor|"
            r"years?|weeks?|months?|seasons?|episodes?|albums?|records?|ep|gig|concert|show|ano|anos|semana|mes|temporada|"
            r"episodio|annee|semaine|mois|saison|jahr|woche|monat|staffel|folge|disque|platte|"
            # a stage of a contest: "the final round", "la última ronda", "die letzte Runde", "the last lap"
            r"rounds?|ronda|rodada|manche|runde|laps?|heats?|races?|matchs?|matches|games?|partido|jogo|spiel|jumps?|"
            r"salto|saut|sprung|innings|"
            # a set of dances at a milonga: "los de la segunda tanda (el 4, el 5 y el 6)"
            r"tandas?)(?![\w])")
