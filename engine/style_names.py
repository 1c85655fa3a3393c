"""The names a genre's styles go by: other words and languages for a style ("Kinderlieder" are children's music,
"fanfare" a brass band), the qualifiers Spanish, French and Portuguese put after a genre ("tango electrónico") and
the English words that make a style of the genre after them ("deep house"). engine/genres.py reads them into its
genres' names."""

from __future__ import annotations

# names of a style in other words or languages -> the style ("Kinderlieder" are children's music)
STYLE_ALIASES: dict[str, str] = {
    **{w: "children's music" for w in ("children's music", "kids music", "kinderlieder", "musica infantil",
                                       "comptines", "chansons pour enfants", "canciones infantiles", "children's album",
                                       "kids album", "children's songs", "kids songs", "nursery rhymes",
                                       "cancoes infantis", "kinderalbum")},
    **{w: "french house" for w in ("french touch", "filter house")},
    **{w: "rock and roll" for w in ("rock'n'roll", "rock n roll", "rock 'n' roll", "rocknroll", "rocanrol")},
    **{w: "electropop" for w in ("electro pop", "electro-pop", "electronic pop", "elektropop", "elektro-pop", "elektro pop")},
    **{w: "waltz" for w in ("waltzes", "vals", "valses", "valse", "walzer", "valsa", "valsas")},
    # marches (not "march" alone, the month, nor "marcha", which is also a party's drive)
    **{w: "march" for w in ("marches", "marsch", "marsche", "marschen", "marschmusik", "military march",
                            "military marches", "marcha militar", "marchas militares", "marchas", "marche militaire",
                            "marches militaires", "marchas", "marchinhas militares",
                            "une marche", "la marche nuptiale")},  # French with its article ("ça marche" works, "marché" sells)
    **{w: "german rap" for w in ("deutschrap", "deutsch-rap", "deutscher rap")},
    **{w: "drum and bass" for w in ("dnb", "drum & bass", "drum'n'bass", "drum n bass")},
    **{w: "hymn" for w in ("hymns", "himno", "himnos", "hymne", "hymnes", "hino", "hinos")},
    **{w: "celtic" for w in ("celtique", "celta", "keltisch", "keltische", "celtic folk")},
    **{w: "andean" for w in ("musica andina", "andean folk", "musique andine", "folclore andino", "folklore andino",
                             "folk andino")},
    **{w: "galician folk" for w in ("folk gallego", "folk galego", "musica gallega", "musica galega", "musique galicienne")},
    **{w: "breton folk" for w in ("musique bretonne", "folk breton", "musica bretona", "bretonische musik", "fest-noz",
                                  "fest noz", "kan ha diskan", "an dro")},
    **{w: "viennese waltz" for w in ("wiener walzer", "valse viennoise", "vals vienes", "valsa vienense")},
    **{w: "cha-cha-cha" for w in ("cha cha cha", "cha-cha", "chachacha", "cha cha")},
    **{w: "uk garage" for w in ("ukg", "2-step garage", "two-step garage")},
    **{w: "baiao" for w in ("baioes",)},
    **{w: "polka" for w in ("polkas", "polca", "polcas")},
    # the baroque in the other four languages ("im Stil des Barock", "musique baroque" folds to the English word)
    **{w: "baroque" for w in ("barock", "barockmusik", "barroco", "barroca", "musica barroca", "barocco")},
    "milongas": "milonga", "biguines": "biguine", "bourrees": "bourree", "mornas": "morna",
    # ballroom dances by their other spellings ("Slowfox", "fox-trot"), worship music (gospel) in five languages, carols
    **{w: "foxtrot" for w in ("foxtrots", "fox-trot", "fox trot", "fox-trots")},
    **{w: "slow foxtrot" for w in ("slowfox", "slow fox", "slow-fox", "slow fox-trot")},
    **{w: "quickstep" for w in ("quicksteps", "quick step", "quick-step")},
    **{w: "coupe-decale" for w in ("coupe decale", "coupe-decales")},
    **{w: "gospel" for w in ("worship", "worship music", "worship songs", "louvor", "musica de louvor", "alabanza", "musica de alabanza",
                               "louange", "chants de louange", "lobpreis", "lobpreismusik", "praise and worship")},
    **{w: "carol" for w in ("carols", "christmas carol", "christmas carols", "villancico", "villancicos", "chant de noel",
                            "chants de noel", "weihnachtslied", "weihnachtslieder", "cancao de natal", "cancoes de natal")},
    "chacareras": "chacarera", "zambas": "zamba",
    "trip-hop": "trip hop", "triphop": "trip hop",
    "sertaneja": "sertanejo", "sertanejas": "sertanejo", "sertanejos": "sertanejo",
    **{w: "singer-songwriter" for w in ("liedermacher", "liedermachers", "liedermacherin", "auteur-compositeur-interprete")},
    **{w: "yodel" for w in ("jodel", "jodler", "jodeln", "yodeling", "yodelling", "yodels", "jodle", "juchzer")},
    "laendler": "landler", "candombes": "candombe",
    **{w: "marchinha" for w in ("marchinhas", "marchinha de carnaval", "marchinhas de carnaval")},
    "choros": "choro", "chorinho": "choro", "chorinhos": "choro", "soleares": "flamenco solea",
    # a flamenco palo by name is flamenco: the caption says so ("Soleá", "Bulerías", "Alegrías", "Seguiriya")
    "solea": "flamenco solea", "buleria": "flamenco buleria", "bulerias": "flamenco buleria",
    "alegrias": "flamenco alegrias", "seguiriya": "flamenco seguiriya", "seguiriyas": "flamenco seguiriya",
    "siguiriya": "flamenco seguiriya", "siguiriyas": "flamenco seguiriya",
    "modoes": "modao", "one-drop": "one drop", "stepper": "steppers",
    # a sailors' work song is a shanty; a caipira duo's song a "moda" (alone, "moda" is fashion: a count noun only)
    **{w: "modao" for w in ("moda de viola", "modas de viola", "moda caipira", "modas caipiras")},
    **{w: "sea shanty" for w in ("shanty", "shanties", "shantys", "sea shanties", "seemannslied", "seemannslieder",
                                 "shantychor", "chant de marin", "chants de marins", "cancion marinera",
                                 "canciones marineras", "cancao do mar")},
    **{w: "industrial" for w in ("industriel", "industrielle", "industriell", "industrial music")},
    **{w: "ranchera" for w in ("rancheras", "musica ranchera", "mariachi")},
    "cuecas": "cueca",
    **{w: "chanson francaise" for w in ("chansons francaises", "chanson a texte", "chansons a texte")},
    "funky": "funk", "regueton": "reggaeton", "reguetones": "reggaeton", "boleros": "bolero", "bossa": "bossa nova",
    "funk carioca": "baile funk",
    **{w: "corrido" for w in ("corridos", "corridos tumbados", "corrido tumbado")},
    **{w: "norteno" for w in ("nortena", "nortenas", "nortenos", "musica nortena")},
    **{w: "pop rock" for w in ("pop-rock", "poprock", "pop/rock")},
    # a brass band in the languages that name it after its fanfare or its municipal band
    **{w: "brass band" for w in ("brass bands", "fanfare", "fanfares", "fanfarria", "charanga", "charangas", "banda filarmonica", "banda de musica", "bandas de musica")},
    **{w: "banda sinaloense" for w in ("bandas sinaloenses", "banda sinaloa", "musica de banda", "banda mexicana")},
    **{w: "pasodoble" for w in ("pasodobles", "paso doble", "paso dobles", "paso-doble")},
    **{w: "power ballad" for w in ("power-ballad", "power-ballade", "power ballade", "powerballade", "power-balladen", "power balladen")},
    "musicas infantis": "children's music", "musica infantil": "children's music",
    "frevos": "frevo", "sambas de roda": "samba", "psy trance": "psytrance", "psy-trance": "psytrance",
}
# Spanish, French and Portuguese put a genre's qualifier after it ("tango electrónico", "jazz manouche",
# "rap français"): folded word after a genre name -> the English word a caption puts before it
_QUALIFIERS = {
    "electronic": "electronico electronica electronicos electronicas electronique electroniques eletronico eletronica eletronicos eletronicas",
    "traditional": "tradicional tradicionales tradicionais traditionnel traditionnelle traditionnels",
    "progressive": "progresivo progresiva progressif progressive progressivo progressiva",
    "psychedelic": "psicodelico psicodelica psychedelique",
    "alternative": "alternativo alternativa alternatif",
    "indie": "inde indes independiente independientes independente independentes independant independante",
    "experimental": "experimental experimentale",
    "melodic": "melodico melodica melodique",
    "fusion": "fusion fusao",
    "latin": "latino latina latinos latinas latine",
    "tropical": "tropical tropicales tropicais",
    "urban": "urbano urbana urbain urbaine",
    "classic": "clasico classico",
    "modern": "moderno moderna moderne",
    "smooth": "suave suaves",
    "orchestral": "orquestal orquestales orquestral orquestrais orchestrale orchestraux",
    "contemporary": "contemporaneo contemporanea contemporain contemporaine",
    "andean": "andino andina andinos andinas andin andine",
    "gypsy": "manouche gitano gitana cigano",
    "french": "frances francesa francais francaise",
    "spanish": "espanol espanola espagnol espagnole",
    "brazilian": "brasileiro brasileira brasileno brasilena bresilien bresilienne",
    "portuguese": "portugues portuguesa portugais portugaise",
    "italian": "italiano italiana italien italienne",
    "german": "aleman alemana allemand allemande alemao alema",
    "mexican": "mexicano mexicana mexicain mexicaine",
    "argentine": "argentino argentina argentin argentine",
    "cuban": "cubano cubana cubain cubaine",
    "colombian": "colombiano colombiana colombien colombienne",
    "african": "africano africana africain africaine",
    "celtic": "celta celtas celtique celtiques celtico celtica",
    "irish": "irlandes irlandesa irlandais irlandaise",
    "american": "americano americana americain americaine",
    "japanese": "japones japonesa japonais japonaise",
    "korean": "coreano coreana coreen coreenne",
    "minimal": "minimale minimales minimalista minimalistas",
    "medieval": "medieval medievaux medievale medievales medievais mittelalterlich mittelalterliche",
    "alpine": "alpin alpino alpina alpinos alpinas",
}
GENRE_QUALIFIERS: dict[str, str] = {w: en for en, words in _QUALIFIERS.items() for w in words.split()}
# English words that make a style of the genre named after them ("deep house", "surf rock", "melodic techno")
STYLE_QUALIFIERS: frozenset[str] = frozenset(set(_QUALIFIERS) | set("""deep dark liquid hard soft acid minimal prog melodic
indie alt nu neo post psych psychedelic synth dream noise art free smooth cool modal afro delta chicago acoustic electric
surf roots power glam stoner sludge math emo garage industrial gothic goth symphonic epic folk country space cosmic
bedroom jangle yacht chamber baroque orchestral cinematic vintage retro classic old-school oldschool future tech uk
southern nordic viking avant-garde funky soulful jazzy bluesy dub ska electro baile vaporwave lounge tribal ethnic
world trip big jungle happy hardcore speed death black thrash doom heavy sleaze crust hip trap drill grime bossa
cumbia sertanejo bubblegum teen medieval alpine""".split()))
