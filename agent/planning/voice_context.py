"""The words around a voice word that say whether it asks for a singer: a person of the story ("ma fille m'a dit",
"the guy who comes in every night"), the singers the music is for ("for our choir's warm-up"), a refusal ("I don't
want any singing"), the words that name the singer ("sung by a woman") and an aversion ("hated anything with
singing"). planning/words_read.py reads the voices with them."""

from __future__ import annotations

import re

# a possessive before a person's word, not sung by them: "ma fille m'a dit", "meine Frau meint" (not "sung by my daughter")
MY_PERSON = re.compile(r"(?<![\w])(?<!by )(?<!par )(?<!por )(?<!von )(?<!pela )(?<!pelo )"
                       r"(?:my|ma|mon|mi|mein(?:e[mnr]?)?|minha|meu|our|notre|nuestra|nuestro|unser(?:e[mnr]?)?|nossa|nosso)\s+$")
# a person a relative clause tells of: "the guy who comes in every night", "la señora que limpia" (a voice
# only when the clause sings: "a guy who sings like Elvis")
PERSON_WHO = re.compile(r"\s+(?:who|that|que|qui|der|die)\s+[^.;:!?\n]{0,40}")
# the singers the music is for, on a record the brief says is unsung: "for our choir's warm-up", "pour
# l'échauffement de la chorale", "para el calentamiento del coro", "für den Chor zum Einsingen"
FOR_THE_VOICE = re.compile(r"(?<![\w])(?:for|pour|para|fur|zum|zur)\s+(?:[\w']+\s+){0,3}?(?:the|our|my|la|le|l'|el|del|du|"
                           r"des|de la|den|dem|die|der|das|unseren?|unserem|o|a|os|as|do|da|nosso|nossa|notre|nuestro|"
                           r"nuestra)\s*(?:[\w-]+\s+)?$")  # "for our gospel choir's rehearsal"
# a wish said as a refusal before a voice: "I don't want any singing", "no necesitamos voces", "não queremos voz", "Nada
# cantado"
UNWANTED_BEFORE = re.compile(r"(?<![\w])(?:(?:don'?t|do not|doesn'?t|does not|dont|won'?t)\s+(?:want|need)|nada|nothing|rien de|nichts|"
                             r"(?:no|nao)\s+(?:quiero|queremos|quero|necesito|necesitamos|preciso|precisamos))"
                             r"(?:\s+(?:any|anyone|anybody|someone|somebody|no|de|nada de|nenhuma?|ninguna?|the|a))?\s+$")
# the words that give a song its singer: "sung by a man", "chantées en français par une femme", "gesungen von einer Frau"
SUNG_BY = re.compile(r"(?<![\w])(?:sung|chante(?:e|es|s)?|cantad[ao]s?|gesungen|interpretad[ao]s?|interpretee?s?)"
                     r"(?:\s+[\w']+){0,3}?\s+(?:by|par|por|pela|pelo|von)\s+(?:[\w']+\s+)?$")
# a voice the writer is against or nobody attends to: "he'd have hated anything with singing", "people are folding
# socks, not listening to lyrics", "odiaba las canciones con letra" (no wish for a voice, in either direction)
AVERSE_BEFORE = re.compile(r"(?<![\w])(?:(?:hear|heard|hearing|had|have|got)\s+enough(?:\s+of)?|hated?|hates|can'?t stand|cannot stand|dislikes?|detests?|loathes?|odia(?:ba)?|odeia|"
                           r"odiava|deteste|detestait|hasst|hasste|not\s+(?:listening|paying attention|hearing|following))"
                           r"(?:\s+(?:to|anything|any|all|the|with|con|com|avec|mit|de|des|las|los|as|os|les|die|das|"
                           r"alles|todo|tudo|tout)){0,3}\s+$")
# a person doing something else: "mostly a woman walking on a beach", "un hombre caminando", "uma mulher andando" (not
# "a woman singing", "un homme chantant")
PERSON_DOING = re.compile(r"\s+(?!(?:singing|humming|rapping|crooning|chanting|vocalizing|screaming|yelling|shouting|growling|"
                          r"whispering|belting|cantando|tarareando|rapeando|gritando|berrando|susurrando|cantarolando|puxando|"
                          r"sussurrando|chantant|fredonnant|criant|hurlant|singend|summend|schreiend)(?![\w]))"
                          r"[a-z]{3,}(?:ing|ando|endo|iendo|indo)(?![\w])")
# the words for a person (not for a voice: "male", "voz femenina"), whom PERSON_DOING may follow
PERSON_NOUN = re.compile(r"(?:wom[ae]n|m[ae]n|guys?|girls?|lady|ladies|boys?|mujer(?:es)?|hombres?|chic[oa]s?|femmes?|hommes?|"
                         r"filles?|gars|frau(?:en)?|mann|manner|madchen|junge|mulher(?:es)?|hom(?:em|ens)|mo[cç]as?|rapaz)")
# a spec line's value that says none: "voix: non", "vocal: nao", "voz: ninguna", "Gesang: keiner", "vocals: none"
NONE_VALUE = re.compile(r"\s*[:=]\s*(?:none|no|nope|non|aucune?|ninguna?|ninguno|nao|nenhuma?|nein|keiner?|kein|sin|sans|sem|"
                        r"ohne|nada|rien|nothing|nichts|0)(?![\w])")
