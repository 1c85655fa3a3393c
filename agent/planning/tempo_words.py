"""Tempo words in the five brief languages, folded, mapped to the tempo bands of engine.genres.TEMPO_BANDS
("very slow", "slow", "mid-tempo", "fast", "very fast"): plain words, their diminutives and superlatives
("lentinha", "rapidísima"), intensified phrases ("really fast", "muy lento") and everyday ones ("slow as hell"); and the words before one that make it a limit ("not too fast") or what not to do
("nothing fast")."""

from __future__ import annotations

import re

TEMPO_WORDS: dict[str, str] = {
    "upbeat": "fast",  # two writers of unseen briefs read "upbeat" as fast
    # the Italian marks of scores, in their usual bands (not "largo", Spanish for long, nor "grave", a deep voice)
    **{w: "slow" for w in ("adagio", "adagietto", "larghetto", "andante", "andantino")},
    **{w: "mid-tempo" for w in ("moderato", "allegretto", "allegro moderato")},
    **{w: "fast" for w in ("allegro", "vivace", "allegro vivace")}, **{w: "very fast" for w in ("presto", "prestissimo")},
    "lively": "fast", "livelier": "fast",  # "keep em lively", as writers of unseen briefs read it
    **{w: "slow" for w in ("gemachlich", "gemachliche", "gemachlichen", "gemachlicher")},  # "eher gemächlich"
    # "vite" said of the music's going ("ça doit aller pas mal vite"), not of anything quick ("ils stressent vite")
    **{f"{verb} {how}vite": "very fast" if how == "tres " else "fast"
       for verb in ("aller", "va", "vont", "jouer", "joue", "jouee", "tourner", "tourne", "bouger", "bouge")
       for how in ("", "pas mal ", "assez ", "bien ", "plus ", "tres ", "super ")},
    # diminutives and superlatives: "bem lentinhas", "rapidíssima", "lentísimo"
    **{f"{stem}{end}": band for stem, band in (("lentinh", "slow"), ("rapidinh", "fast"), ("lentissim", "very slow"),
                                               ("rapidissim", "very fast"), ("lentisim", "very slow"),
                                               ("rapidisim", "very fast")) for end in ("o", "a", "os", "as")},
    "driving tempo": "fast", "driving beat": "fast", "treibend": "fast", "treibende": "fast", "treibenden": "fast",
    # folded word -> tempo band of engine.genres.TEMPO_BANDS (longest phrases are tried first)
    "slow as hell": "very slow", "slow af": "very slow", "fast as hell": "very fast", "fast af": "very fast",
    "very fast": "very fast", "really fast": "very fast", "super fast": "very fast", "blazing": "very fast",
    "breakneck": "very fast", "muy rapido": "very fast", "muy rapida": "very fast", "muy rapidos": "very fast",
    "muy rapidas": "very fast", "tres rapide": "very fast", "tres rapides": "very fast",
    "sehr schnell": "very fast", "sehr schnelle": "very fast", "sehr schnellen": "very fast",
    "muito rapido": "very fast", "muito rapida": "very fast", "muito rapidas": "very fast",
    "very slow": "very slow", "really slow": "very slow", "super slow": "very slow", "glacial": "very slow",
    "muy lento": "very slow", "muy lenta": "very slow", "muy lentas": "very slow", "muy lentos": "very slow",
    "tres lent": "very slow", "tres lente": "very slow", "tres lents": "very slow", "tres lentes": "very slow",
    "sehr langsam": "very slow", "sehr langsame": "very slow", "sehr langsamen": "very slow",
    "muito lento": "very slow", "muito lenta": "very slow", "muito lentas": "very slow", "muito lentos": "very slow",
    "mid-tempo": "mid-tempo", "midtempo": "mid-tempo", "mid tempo": "mid-tempo", "medium tempo": "mid-tempo",
    "moderate tempo": "mid-tempo", "medium-tempo": "mid-tempo", "moderate": "mid-tempo",
    "tempo medio": "mid-tempo", "moderado": "mid-tempo", "moderada": "mid-tempo", "tempo moyen": "mid-tempo",
    "tempo modere": "mid-tempo", "modere": "mid-tempo", "mittleres tempo": "mid-tempo", "mittleren tempo": "mid-tempo", "mittlerem tempo": "mid-tempo", "mitteltempo": "mid-tempo",
    "mittelschnell": "mid-tempo", "mittel": "mid-tempo", "mittelschnelle": "mid-tempo", "andamento medio": "mid-tempo", "ritmo medio": "mid-tempo", "medio tiempo": "mid-tempo", "medio tempo": "mid-tempo",
    "ritmo moderado": "mid-tempo", "rythme moyen": "mid-tempo", "rythme modere": "mid-tempo",
    "fast": "fast", "quick": "fast", "uptempo": "fast", "up-tempo": "fast", "rapid": "fast", "speedy": "fast",
    "rapido": "fast", "rapida": "fast", "rapidos": "fast", "rapidas": "fast", "rapide": "fast", "rapides": "fast", "vif": "fast", "vifs": "fast",
    "schnell": "fast", "schnelle": "fast", "schno": "fast", "schnoi": "fast", "schnellen": "fast", "schneller": "fast", "schnelles": "fast", "flott": "fast", "zugig": "fast", "zugige": "fast", "zugigen": "fast",
    "slow": "slow", "slower": "slow", "downtempo": "slow", "lento": "slow", "lenta": "slow", "lentos": "slow",
    "lentas": "slow", "lent": "slow", "lente": "slow", "lents": "slow", "lentes": "slow", "langsam": "slow",
    "langsame": "slow", "langsamen": "slow", "langsames": "slow", "ruhig": "slow", "ruhige": "slow",
    "ruhiges": "slow", "calmo": "slow",
    # diminutives and everyday forms: "la queremos lentita", "bem devagarinho", "rapidinho"
    "lentito": "slow", "lentita": "slow", "lentitos": "slow", "lentitas": "slow", "devagar": "slow",
    "devagarinho": "slow", "lentinha": "slow", "lentinho": "slow", "rapidito": "fast", "rapidita": "fast",
    "rapiditos": "fast", "rapiditas": "fast", "rapidinho": "fast", "rapidinha": "fast", "faster": "fast",
    "mas rapido": "fast", "mas rapida": "fast", "plus rapide": "fast", "mais rapido": "fast", "mais rapida": "fast",
    "mas lento": "slow", "mas lenta": "slow", "plus lent": "slow", "plus lente": "slow", "mais lento": "slow",
    "mais lenta": "slow", "langsamer": "slow",
}

# a limit, not a wish: "nicht zu schnell", "not too slow"
NOT_TOO = re.compile(r"(?<![\w])(?:not|nothing|nada|nichts|rien|nicht|pas|no|nao|nem|ni)\s+(?:too|overly|so|zu|allzu|trop|muy|demasiado|tan|muito|"
                     r"tao|demasiadamente)\s+$")
# a tempo word said as what not to do: "Nichts Schnelles, eher langsam", "nothing fast", "rien de rapide", "nada rápido"
NOTHING_BEFORE = re.compile(r"(?<![\w])(?:nothing|nichts|nix|rien\s+de|rien\s+d'|nada(?:\s+de)?|no|not|nicht|pas|"
                            r"kein\w*|nao)\s+$")
