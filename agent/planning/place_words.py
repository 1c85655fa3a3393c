"""Words that point at tracks by where they stand, not by a number: the last piece said as the end of the set ("zum
Schluss einen Marsch"), the tracks after the first ones ("the first three instrumental, after that a singer"), a
tempo word right after a piece's name ("Intro quick, outro slow"), and a list that says which tracks the words
before it meant ("some sung, say tracks 2 and 5"); a piece listed by its name and an aside, a track another repeats
("same as the opening"), a pointer back ("that one"), a position's own value ("intro 15 seconds") and the numbered
parts of what the music is for ("Lektionen 3 und 6"). planning/track_refs.py and bare_refs.py read them."""

from __future__ import annotations

import re

from agent.planning import lexicon as lx

# the last piece said as the end of the set, then what it is: "zum Schluss einen Marsch", "and to close, a slow ballad"
LAST_PIECE = re.compile(r"(?<![\w])(?:zum schluss|zum abschluss|am schluss|als abschluss|to finish|to close|to end|and finally|"
                        r"al final|para terminar|para cerrar|para acabar|pour finir|pour terminer|pour conclure|et enfin|"
                        r"por fim|para fechar|para encerrar|no final)\s*,?\s+(?=(?:an?|one|ein|eine|einen|un|une|una|um|uma)\s+"
                        # then a piece or a genre ("and finally, a note on the drums" names no track)
                        rf"(?:[\w-]+\s+){{0,2}}?(?:{lx.GENRE_PREFIX}|{lx.TRACK_NOUN}|{lx.PIECE_NOUN})(?![\w]))")
# after the first tracks, the words for all the later ones: "the first three instrumental, after that a singer"
AFTER_THOSE = re.compile(r"(?<=[,;] )(?:and\s+|y\s+|et\s+|und\s+|e\s+)?(?:danach|ab dann|afterwards|after that|from then on|"
                         r"ensuite|apres ca|par la suite|despues|luego|a partir de ahi|depois|a seguir|em seguida)(?![\w])")
# a tempo word right after a piece's name: "Intro quick and bright, outro slow and chill"
TEMPO_VALUE = re.compile(rf"\s*[:=–-]?\s*(?:(?:very|really|super|muy|bien|sehr|tres|bem|muito)\s+)?{lx.alternation(lx.TEMPO_WORDS)}")
# a list that says which tracks the words before it meant: "some with female vocals, say tracks 2, 5 e 8"
NAMELY = re.compile(r",\s*(?:say|namely|i\.e\.?|e\.g\.?|specifically|digamos|o sea|es decir|a saber|a savoir|c'est-a-dire|"
                    r"namlich|sagen wir|ou seja|quer dizer|isto e)\s*,?\s*$")
# an enumerated piece given by its name and an aside: "3 faixas: abertura (40s), trilha de fundo (5 min) e encerramento"
NAMED_ITEM = re.compile(r"(?:e |y |and |et |und )?[a-z][a-z' -]{2,40}?\s*\([^()]*\)")
# words that name the track another repeats: "same as the opening", "wie Nr. 1" (planning/track_sequence.py)
SAME_AS_WORDS = (r"(?:(?:the )?same as|just like|igual que|igual a|lo mismo que|comme|pareil que|identique a|genau wie|"
                 r"gleich wie|wie|o mesmo que|mesma coisa que)")
MODEL_BEFORE = re.compile(rf"(?<![\w]){SAME_AS_WORDS}\s+$")
ANAPHOR_AFTER = re.compile(r"(?:\s+(?:which|that|que|qui|die|der|das|welche[rs]?)\s+[^,.;:!?\n–—-]{1,40}?)?"  # a relative first
                           r"\s*[-–—:,]\s*(?:that one|this one|that track|this track|it|there|ese|esa|este|esta|alli|ahi|ali|"
                           r"celui-ci|celle-ci|celui-la|celle-la|der|die|das|dieser|diese|dieses|dort|esse|essa)\s+(?!of|de|von)\w")
# "intro 15 seconds", "Outro: 30 s", "intro y outro de menos de un minuto": a bare position with its value
LABELLED_VALUE = re.compile(rf"\s*[:=–-]?\s*(?:(?:at|a|en|em|mit|com|with|de|of|von|do|da)\s+)?"
                            rf"(?:(?:{lx.AT_MOST}|{lx.AT_LEAST}|{lx.ABOUT})\s*)?(?:\d|{lx.ARTICLE}\s+(?:{lx.MINUTES}|{lx.SECONDS}))")
# the numbered parts of what the music is for: "Lektionen 3 und 6", "la salle 3", "level 2" (planning/bare_refs.py)
PART_NOUN = (r"(?:levels?|niveaux?|niveles?|nivel|niveis|stages?|rooms?|salles?|salas?|raume?|raumen|lessons?|lecons?|"
             r"lecciones|leccion|lektionen|lektion|licoes|licao|episodes?|episodios?|folgen?|chapters?|chapitres?|capitulos?|"
             r"kapiteln?|scenes?|escenas?|szenen?|cenas?|acts?|actes?|actos?|akte?n?|atos?|rounds?|rondas?|runden?|rodadas?|"
             r"manches?)")
# "last" among excepted numbers: "menos en el 1 y en el último", "sauf la 2 et la dernière" (bare_refs, quantifiers)
LAST_WORD = r"(?:last|ultim[oa]|derniere?|letzte[nm]?)(?![\w])"
