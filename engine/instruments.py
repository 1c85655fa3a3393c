"""The one instrument vocabulary: names in the five brief languages, caption names and
ACE-Step track families.

Each row of ``_TABLE`` is ``caption name | track family | other names``. The caption name
is the English word a caption carries; the other names are folded (lower case, no
accents) words in English, Spanish, French, German and Portuguese that mean the same
instrument. The family is the ACE-Step track (``engine.constants.TRACK_NAMES``) the
instrument plays on, so a caption's instruments can be tagged by stem.

``VARIANTS`` are words that make a more precise instrument of a known one ("slide
guitar", "fretless bass", "guitarra española"): the reader keeps them in the caption
instead of dropping to the bare instrument.
"""

from __future__ import annotations

from engine.constants import TRACK_NAMES

# caption name | family | other folded names (comma separated)
_TABLE = """
piano | keyboard | pianos, klavier, klavierbegleitung, flugel, grand piano, piano de cola, piano a queue
electric piano | keyboard | rhodes, rhodes piano, rhodes-piano, fender rhodes, wurlitzer, e-piano, piano electrico, piano electrique, piano eletrico
keys | keyboard | keyboard, keyboards, teclado, teclados, clavier, claviers, tastatur, keyboarder
organ | keyboard | organo, orgue, orgel, orgelbegleitung, orgao, hammond, hammond organ, orgue hammond, hammond-orgel, orgao hammond
pipe organ | keyboard | church organ, organo de tubos, orgue a tuyaux, orgue d'eglise, kirchenorgel, pfeifenorgel, orgao de tubos, orgao de igreja
barrel organ | keyboard | barrel organs, drehorgel, drehorgeln, leierkasten, orgue de barbarie, organillo, realejo, street organ, hand organ, orgue a manivelle
harmonium | keyboard | armonio, harmonio, harmoniums
celesta | keyboard | celestas
glass harp | keyboard | glass harmonica, glasharfe, glasharmonika, harpe de verre, harmonica de verre, arpa de cristal, harpa de vidro
melodica | keyboard | melodicas, pianica, escaleta, melodika
clavinet | keyboard | clavinete, clavinette, clavinett
harpsichord | keyboard | clavecin, cembalo, cravo, clavicembalo
mellotron | keyboard |
accordion | keyboard | acordeon, accordeon, akkordeon, acordeao, sanfona, acordeones, harmonika, ziehharmonika
diatonic accordion | keyboard | accordeon diatonique, acordeon diatonico, acordeao diatonico, steirische harmonika, steirischer harmonika, steirischen harmonika, steirische, steirischen, steirischer, quetschn, ziach, diatonische harmonika, melodeon, schwyzerorgeli, orgeli, schwyzer orgeli
bandoneon | keyboard | bandoneons
concertina | keyboard | concertinas, konzertina
acoustic guitar | guitar | guitarra acustica, guitare acoustique, akustikgitarre, violao, akustische gitarre
electric guitar | guitar | guitarra electrica, guitare electrique, e-gitarre, e-gitarrn, e-gitarr, guitarra eletrica, elektrische gitarre
seven-string guitar | guitar | 7-string guitar, seven string guitar, violao de sete cordas, violao 7 cordas, violao de 7 cordas, sete cordas, guitarra de siete cuerdas, guitare a sept cordes, siebensaitige gitarre
classical guitar | guitar | nylon guitar, nylon-string guitar, guitare nylon, guitare a cordes nylon, guitarra de nylon, guitarra nylon, violao nylon, guitarra clasica, guitarra classica, guitare classique, konzertgitarre, violao classico, violao de nylon, viola de fado
spanish guitar | guitar | guitarra espanola, guitare espagnole, spanische gitarre, flamenco guitar, guitarra flamenca
portuguese guitar | guitar | guitarra portuguesa, guitare portugaise, portugiesische gitarre
slide guitar | guitar | guitare slide, guitarra slide, slidegitarre, slide-gitarre, bottleneck guitar
dobro | guitar | resonator guitar, dobros
pedal steel | guitar | pedal steel guitar, steel guitar, lap steel, pedal-steel
guitar solo | guitar | guitar solos, solo de guitarra, solos de guitarra, solo de guitare, solos de guitare, gitarrensolo, gitarrensoli, gitarrensolos
guitar | guitar | guitars, guitarra, guitarras, guitare, guitares, gitarre, gitarren, gitarrenbegleitung
banjo | guitar | banjos
mandolin | guitar | mandolina, mandoline, mandolinen, bandolim
ukulele | guitar | ukelele, ukulele
cavaquinho | guitar | cavaquinhos, cavaco, cavacos
requinto | guitar | requintos, guitarra requinto
bandurria | strings | bandurrias
jarana | guitar | jaranas, jarana jarocha, jaranas jarochas
vihuela | guitar | vihuelas
viola caipira | guitar | viola sertaneja, viola de arame, violas caipiras, viola de dez cordas
balalaika | guitar | balalaikas, balalaica
kora | guitar | koras
shamisen | guitar |
guzheng | strings |
santoor | strings | santur
hurdy-gurdy | strings | zanfona, vielle a roue, vielle, vielles, drehleier, sanfona de roda, hurdy gurdy
nyckelharpa | strings | nyckelharpas, schlusselfidel, schlusselfiedel, vielle a cles
charango | guitar |
bouzouki | guitar |
sitar | guitar |
oud | guitar | laud arabe
lute | guitar | laud, luth, laute, alaude
bass | bass | bassline, basslines, bass line, bass lines, bajo, basse, baixo, bass guitar, bajo electrico, basse electrique, e-bass, baixo eletrico
guitarron | bass | guitarrones, guitarron mexicano
upright bass | bass | double bass, contrabass, contrabajo, contrebasse, kontrabass, contrabaixo, acoustic bass, bajo acustico, basse acoustique, baixo acustico, akustikbass
slap bass | bass | basse slap, bajo slap, slap-bass, baixo slap
fretless bass | bass | bajo fretless, basse fretless
synth bass | bass | bajo sintetizado, basse synthe, synthbass, synth-bass
sub bass | bass | sub-bass, subbass
808 | bass | 808s, tr-808, 808 bass, 808 bassline, 808 basses
drums | drums | drum, drum kit, batida, batidas, schlagzuug, schlagzug, bateria, batterie, schlagzeug, tambor, tambores, drumset, tambour, tambours, trommel, trommeln
brushed drums | drums | brushes, escobillas, balais, besen
hi-hat | drums | hi-hats, hihat, hihats, hi hat, hi hats, charles, charleston, hats
double kick drums | drums | double kick, double kicks, double bass drum, double bass drums, doublebass, double-bass drumming, double pedal, doppelfussmaschine, doble bombo, double grosse caisse, pedal duplo, bumbo duplo
kick drum | drums | kick, kicks, bass drum, bassdrum, grosse caisse, bombo, basstrommel, grosse trommel, bumbo, grose trommel, groser trommel, grosen trommel, grosser trommel, grossen trommel
snare drum | drums | snare, snares, snare drums, redoblante, redoblantes, caja clara, cajas, caisse claire, caisses claires, kleine trommel, kleinen trommel, tarol, tarois, caixa de guerra
drum machine | drums | drum machines, electronic drums, electronic drum kit, e-drums, electronic percussion, percusion electronica, percussion electronique, percussao eletronica, elektronische perkussion, synth drums, synth-drums, synthdrums, caja de ritmos, cajas de ritmos, caja de ritmo, cajas de ritmo, boite a rythmes, boites a rythmes, drumcomputer, drumcomputern, bateria eletronica, bateria electronica, batterie electronique, caixa de ritmos, caixa de ritmo, caixas de ritmo
909 | drums | tr-909, tr909, 909 drums, 909s
adufe | percussion | adufes, pandeiro quadrado
sleigh bells | percussion | jingle bells, grelots, cascabeles, schellen, schlittenglocken, guizos, sinos de treno
spoons | percussion | cuilleres, cucharas, colheres, loffel, musical spoons
percussion | percussion | percu, percus, percs, percusion, perkussion, percussao, percussions, percusiones, schlagwerk
congas | percussion | conga, tumbadoras
bongos | percussion | bongo, bongoes
pandeiro | percussion | pandeiros
surdo | percussion | surdos
repinique | percussion | repique, repiques, repiniques
timbau | percussion | timbaus
agogo | percussion | agogos, agogo bells
zabumba | percussion | zabumbas
triangle | percussion | triangulo, triangulos, triangel, triangles
timbales | percussion | timbal, timbaletas, pailas
cowbell | percussion | cencerro, cloche de vache, kuhglocke, cowbells
claves | percussion | clave sticks
castanets | percussion | castanuelas, castagnettes, kastagnetten, castanholas
berimbau | percussion | berimbaus
talking drum | percussion | talking drums, tambor parlante, tambour parlant, tambor falante
log drum | percussion | log drums, amapiano log drum
dhol | percussion | dhols, dholak, dholaks
darbuka | percussion | darbouka, doumbek, darabukka, derbake
bodhran | percussion | bodhrans
hand drum | percussion | hand drums, tambor de mano, tambores de mano, tambour a main, handtrommel, handtrommeln, tambor de mao
foot percussion | percussion | podorythmie, foot tapping, foot stomps, foot stomping, zapateo
alfaia | percussion | alfaias
frame drum | percussion | frame drums, bendir, tambour sur cadre, rahmentrommel
balafon | percussion | balafons
gong | percussion | gongs, tam-tam
sabar | percussion | sabars
atabaque | percussion | atabaques
cymbals | percussion | cymbal, platillos, cymbales, cymbale, becken, pratos
jaw harp | percussion | jaw harps, jaws harp, jew's harp, guimbarde, guimbardes, maultrommel, maultrommeln, birimbao, arpa de boca, berimbau de boca
music box | percussion | music boxes, boite a musique, boites a musique, caja de musica, cajita de musica, spieluhr, spieluhren, caixinha de musica, caixa de musica
tambourine | percussion | pandereta, tambourin, tamburin, pandeireta, tamborim
cajon | percussion | cajons
anvil | percussion | anvils, enclume, enclumes, yunque, yunques, amboss, bigorna, bigornas
djembe | percussion | djembes, yembe
tabla | percussion | tablas
taiko | percussion | taiko drums, taikos
guacharaca | percussion | guacharacas, guira, guiro, guiros
tambora | percussion | tamboras, tambora dominicana
caja vallenata | percussion | cajas vallenatas
tanta | percussion | tantan, rebolo
cuica | percussion | cuicas
timpani | percussion | pauken, timpanos, tympani, timbales sinfonicos, timbales d'orchestre
shaker | percussion | shakers, maracas, agbe, agbes, xequere, shekere, chekere
handclaps | percussion | claps, hand claps, palmas
steel drums | percussion | steel drum, steelpan, steel pan
marimba | percussion | marimbas
vibraphone | percussion | vibes, vibrafono, vibraphon, vibrafone
xylophone | percussion | xilofono, xylophon, xilofone, xylofon, xilofon
glockenspiel | percussion | carillon
kalimba | percussion | mbira
singing bowls | percussion | singing bowl, bols chantants, bol chantant, cuencos cantores, taças cantantes, tibetan bowls, tibetan bowl, tigelas tibetanas, tigela tibetana, cuencos tibetanos, cuenco tibetano, bols tibetains, bol tibetain, klangschalen, klangschale, klangschala
handpan | percussion | hang drum, handpans
bells | percussion | campanas, cloches, glocken, sinos, chimes, tubular bells
strings | strings | cuerdas, cordes, streicher, cordas, string section, seccion de cuerdas, string ensemble, ensemble a cordes, streichensemble, ensemble de cuerdas
string quartet | strings | cuarteto de cuerdas, quatuor a cordes, streichquartett, quarteto de cordas
violin | strings | violins, violon, violons, geige, geigen, violino, violines
fiddle | strings | fiddles, rabeca, rabecas, rabel
viola | strings | violas, bratsche
cello | strings | violonchelo, violoncelle, violoncelo, chelo, cellos
harp | strings | arpa, harpe, harfe, harpa
erhu | strings |
koto | strings |
zither | strings | cithare, citara
kantele | strings | kanteles, kantelen
hammered dulcimer | strings | hackbrett, cimbalom, zimbal, salterio, tympanon
dulcimer | strings | appalachian dulcimer, mountain dulcimer
orchestra | strings | orquesta, orchestre, orchester, orquestra, full orchestra
brass | brass | blaskapelle, blaskapellen, blasmusik, metales, cuivres, cuivre, blechblaser, metais, brass section, seccion de metales, blaser, blasersatz, blasinstrumente, blechblasinstrumente
horns | brass | horn section, horn
trumpet | brass | trompeta, trompette, trompete, trompetas, trompeten, trompetn
trombone | brass | trombon, posaune, trombones
alphorn | brass | alphorns, alpenhorn, alpenhorner, cor des alpes, cors des alpes, trompa alpina, trompa de los alpes, trompa dos alpes, corno alpino, buchel
french horn | brass | trompa, cor d'harmonie, waldhorn
tuba | brass | tubas
sousaphone | brass | sousaphones, sousafono, sousafone, soubassophone, soubassophones, sousaphon
saxophone | woodwinds | sax, saxofon, saxophon, saxofone, saxo, saxophones
flute | woodwinds | flauta, flote, flutes, floten, querflote, querfloten, flute traversiere, flauta transversal, flauta transversa
clarinet | woodwinds | clarinete, clarinette, klarinette, klarinettn, klarinetten
oboe | woodwinds | hautbois, oboes, oboen
bassoon | woodwinds | fagot, basson, fagott, fagote
piccolo | woodwinds | flautin, flautim
recorder | woodwinds | flauta dulce, flute a bec, blockflote, flauta doce
woodwinds | woodwinds | maderas, vientos, vents, holzblaser, madeiras, sopros, winds
bagpipes | woodwinds | gaita, gaitas, cornemuse, dudelsack, gaita de foles, biniou, binious, bagpipe
bombarde | woodwinds | bombardes, bombarda
harmonica | woodwinds | mundharmonika, armonica, gaita de boca, harmonicas
pan flute | woodwinds | zampona, flute de pan, panflote, flauta de pa, panpipes, pan pipes, siku, sikus
quena | woodwinds | quenas, kena
didgeridoo | woodwinds |
tin whistle | woodwinds | penny whistle, irish whistle, tin whistles, flauta irlandesa
whistling | woodwinds | whistle, whistles, whistled, silbido, silbidos, sifflement, sifflements, pfeifen, assobio, assobios, silbato, silbatos, apito, apitos, sifflet, sifflets, trillerpfeife
bamboo flute | woodwinds | flauta de bambu, flute en bambou, flute de bambou, bambusflote, bamboo flutes
shakuhachi | woodwinds |
bansuri | woodwinds |
duduk | woodwinds |
ney | woodwinds |
uilleann pipes | woodwinds | uillean pipes
synths | synth | sintes, synth, synthies, synthis, synthesizer, synthesizers, synthesiser, synthesisers, sintetizador, sintetizadores, synthe, synthes, synthetiseur, synthetiseurs, sintetizadores
synth pads | synth | pads, pad, nappes, flachen
arpeggiator | synth | arpegiador, arpegiateur, arpeggiator
acid bass | synth | 303, tb-303, tb303, acid line
theremin | synth | theremine, theremines, theremins
moog | synth | minimoog
autotune | fx | auto-tune, auto tune
talk box | fx | talkbox
field recordings | fx | field recording, grabaciones de campo, enregistrements de terrain, feldaufnahmen, gravacoes de campo
vinyl crackle | fx | crackle, crepitement
turntables | fx | scratches, scratching, scratch, scratchs, platines
"""

# English words placed before an instrument that name a kind of it ("slide guitar").
VARIANTS: dict[str, str] = {
    "slide": "slide", "slap": "slap", "fretless": "fretless", "analog": "analog", "analogue": "analog",
    "modular": "modular", "nylon": "nylon", "twelve-string": "12-string", "12-string": "12-string",
    "baritone": "baritone", "toy": "toy", "prepared": "prepared", "muted": "muted", "distorted": "distorted",
    "clean": "clean", "fuzz": "fuzz", "wah": "wah", "tenor": "tenor", "alto": "alto", "bowed": "bowed",
    "pizzicato": "pizzicato", "vintage": "vintage", "detuned": "detuned", "jangly": "jangly", "gated": "gated",
    "gated-reverb": "gated-reverb", "funky": "funky", "ebow": "ebow", "e-bow": "ebow",
    "verzerrte": "distorted", "verzerrten": "distorted", "analoge": "analog", "analogen": "analog", "gedampfte": "muted", "gedampften": "muted",
}
# The same after the instrument, as Spanish, French and Portuguese place them ("guitarra distorcida").
VARIANTS_AFTER: dict[str, str] = {
    "distorcida": "distorted", "distorcidas": "distorted", "distorcido": "distorted", "distorsionada": "distorted",
    "distorsionadas": "distorted", "distorsionado": "distorted", "distordue": "distorted", "distordues": "distorted",
    "saturee": "distorted", "saturees": "distorted", "saturada": "distorted", "saturadas": "distorted",
    "limpia": "clean", "limpa": "clean", "claire": "clean", "con sordina": "muted", "avec sourdine": "muted",
    "com surdina": "muted", "fretless": "fretless", "slide": "slide", "de doce cuerdas": "12-string",
    "de 12 cuerdas": "12-string", "de doze cordas": "12-string", "de 12 cordas": "12-string",
    "a douze cordes": "12-string", "a 12 cordes": "12-string", "pizzicato": "pizzicato", "vintage": "vintage",
    "analogique": "analog", "analogiques": "analog", "analogico": "analog", "analogicos": "analog",
    "analogica": "analog", "analogicas": "analog",
    # a saxophone's voice after it, as Romance languages say it: "sax tenor", "saxo alto", "saxofón barítono"
    "tenor": "tenor", "alto": "alto", "baritono": "baritone", "soprano": "soprano",
}
# kinds after an instrument that make only these instruments precise ("piano alto" is a loud piano, no alto piano)
VARIANTS_AFTER_ONLY: dict[str, tuple[str, ...]] = {w: ("saxophone",) for w in ("tenor", "alto", "baritono", "soprano")}


class Instrument:
    """One row of the table."""

    __slots__ = ("name", "family", "names")

    def __init__(self, name: str, family: str, names: tuple[str, ...]) -> None:
        self.name, self.family, self.names = name, family, names


def _rows() -> list[Instrument]:
    rows = []
    for line in _TABLE.strip().splitlines():
        name, family, others = (part.strip() for part in line.split("|"))
        if family not in TRACK_NAMES:
            raise ValueError(f"instrument {name!r}: family {family!r} is not an ACE-Step track name")
        rows.append(Instrument(name, family, tuple(w.strip() for w in others.split(",") if w.strip())))
    return rows


def _names(rows: tuple[Instrument, ...]) -> dict[str, str]:
    names: dict[str, str] = {}
    for r in rows:
        for w in (r.name, *r.names):
            if names.setdefault(w, r.name) != r.name:
                raise ValueError(f"instrument word {w!r} names both {names[w]!r} and {r.name!r}")
    return names


ROWS: tuple[Instrument, ...] = tuple(_rows())
# folded word -> caption name
NAMES: dict[str, str] = _names(ROWS)
# caption name -> ACE-Step track family
FAMILY: dict[str, str] = {r.name: r.family for r in ROWS}


def instrument(word: str) -> str | None:
    """The caption name of a folded instrument word, plurals included ("trompetas", "violines",
    "Streichern", "Geigen"); None when the word names no instrument."""
    for w in (word, word[:-2] if word.endswith(("es", "en")) else "", word[:-1] if word.endswith(("s", "n")) else ""):
        if w in NAMES:
            return NAMES[w]
    if " " in word:  # a plural on every word: "guitarras acusticas", "guitares electriques"
        for cut in (1, 2):
            single = " ".join(w[:-cut] if w.endswith(("s", "es")[cut - 1]) else w for w in word.split())
            if single in NAMES:
                return NAMES[single]
    return None


def family(name: str) -> str | None:
    """The ACE-Step track family of a caption instrument name ("slide guitar" -> "guitar")."""
    if name in FAMILY:
        return FAMILY[name]
    head = name.split(" ", 1)[-1] if " " in name else ""
    return FAMILY.get(head)

# one instrument under two caption names: leaving one out leaves the other out ("pas de violon" on a country track's
# fiddle; agent/planning/words.py)
SAME_INSTRUMENT: dict[str, tuple[str, ...]] = {"violin": ("fiddle",), "fiddle": ("violin",)}
