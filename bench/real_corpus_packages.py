"""The Debian packages bench/real_corpus.py builds its corpus from, one set a split.

Each entry is (package, genre, path fragments a music file must contain). The sets, and which
split each one feeds, are described in bench/real_corpus.py; the Wesnoth and Endgame:
Singularity soundtracks are never listed (real_corpus.EXCLUDED refuses them too).
"""

from __future__ import annotations

# (package, genre, path fragments a music file must contain). Genres are the packages'
# dominant styles, by ear and by their descriptions.
PACKAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ufoai-music", "orchestral", ("music/",)),
    ("hyperrogue-music", "ambient", ("/music/",)),
    ("warzone2100-music", "electronic", ("/music/",)),
    ("nexuiz-music", "rock/metal", ("cdtracks/",)),
    ("asc-music", "rock/metal", ("",)),
    ("xmoto-data", "electronic", ("Musics/",)),
    ("frozen-bubble-data", "chiptune", ("zik",)),
    ("planetblupi-music-ogg", "acoustic", ("",)),
    ("drascula-music", "acoustic", ("",)),
)
# The fresh split: (package, genre, path fragments), as above.
FRESH_PACKAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("flare-game", "orchestral", ("fantasycore/music/",)),
    ("megaglest-data", "orchestral", ("/music/",)),
    ("widelands-data", "acoustic", ("data/music/",)),
    ("freedroidrpg-data", "electronic", ("sound/music/",)),
    ("extremetuxracer-data", "electronic", ("etr/music/",)),
    ("redeclipse-data", "rock/metal", ("sounds/music/",)),
    ("supertux-data", "chiptune", ("supertux2/music/",)),
    ("supertuxkart-data", "pop", ("data/music/",)),
    ("hedgewars-data", "mixed", ("Data/Music/",)),
)
# Read once, after a calibration round: (package, genre, path fragments), as above.
FRESH2_PACKAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("0ad-data", "orchestral", ("audio/music/",)),
    ("lincity-ng-data", "ambient", ("music/default/",)),
    ("powermanga-data", "chiptune", ("sound/handheld_console/",)),
    ("freeciv-data", "orchestral", ("stdmusic/",)),
)
# Added after fresh_heldout and fresh2 had been read, and read once after the round calibrated on them (split
# ``fresh3``; ``--split all`` held it out until the fourteenth session). Genres by the packages' descriptions, not by ear.
FRESH3_PACKAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("freecol", "orchestral", ("resources/music/",)),
    ("openclonk-data", "mixed", ("Music.ocg/",)),
    ("marsshooter-data", "electronic", ("audio/music/",)),
    ("trackballs-data", "electronic", ("trackballs/music/",)),
    ("btanks-data", "mixed", ("data/tunes/",)),
    ("pushover-data", "mixed", ("pushover/themes/",)),
    ("scorched3d-data", "mixed", ("data/music/",)),
    ("holotz-castle-data", "mixed", ("game/sound/",)),
)
# Added in the fourteenth session, after fresh3 had been read (``--split all`` now holds fresh3): read once after
# the round calibrated on all (split ``fresh4``). Genres by the packages' descriptions, not by ear. Frets on Fire
# keeps each song's backing mix as ``<song>/song.ogg`` (the guitar part is a file of its own, not used).
FRESH4_PACKAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("colobot-common-sounds", "orchestral", ("colobot/music/",)),
    ("enigma-data", "ambient", ("enigma/music/",)),
    ("fretsonfire-songs-muldjord", "rock/metal", ("/song.ogg",)),
    ("fretsonfire-songs-sectoid", "rock/metal", ("/song.ogg",)),
    ("gigalomania-data", "orchestral", ("gigalomania/music/",)),
    ("starfighter-data", "electronic", ("starfighter/music/",)),
    ("warmux-data", "mixed", ("warmux/music/",)),
    ("zaz-data", "electronic", ("games/zaz/mus",)),
    ("caveexpress-data", "mixed", ("caveexpress/sounds/music-",)),
    ("gunroar-data", "electronic", ("sounds/musics/",)),
    ("noiz2sa-data", "electronic", ("noiz2sa/sounds/stg",)),
    ("tumiki-fighters-data", "electronic", ("tumiki-fighters/sounds/",)),
)
# Added in the fourteenth session after fresh4 had been read (``--split all`` now holds fresh4): read once after the
# session's second round (split ``fresh5``). Mostly electronic (the ABA Games shooters), with Dink Smallwood's score.
FRESH5_PACKAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("freedink-data", "mixed", ("dink/Sound/",)),
    ("freeorion-data", "orchestral", ("default/data/sound/",)),
    ("lugaru-data", "ambient", ("lugaru/Sounds/",)),
    ("mu-cade-data", "electronic", ("sounds/musics/",)),
    ("parsec47-data", "electronic", ("parsec47/sounds/",)),
    ("rrootage-data", "electronic", ("rrootage/sounds/",)),
    ("titanion-data", "electronic", ("sounds/musics/",)),
    ("torus-trooper-data", "electronic", ("sounds/musics/",)),
)
# Added in the fifteenth session after fresh5 had been read (``--split all`` now holds fresh5): read once after the
# session's rounds (split ``fresh6``). Space-opera scores (Naev), a fantasy RPG's (Ardentryst), and small games'.
FRESH6_PACKAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("naev-data", "orchestral", ("naev/dat/snd/music/",)),
    ("ardentryst", "mixed", ("ardentryst/Music/",)),
    ("tuxmath-data", "electronic", ("tuxmath/sounds/",)),
    ("hex-a-hop-data", "mixed", ("hex-a-hop/music",)),
    ("pinball-data", "mixed", ("games/pinball/",)),
    ("plee-the-bear-data", "mixed", ("plee-the-bear/music/",)),
    ("raincat-data", "mixed", ("raincat/data/music/",)),
    ("solarwolf", "electronic", ("solarwolf/data/music/",)),
    ("freedroid-data", "electronic", ("freedroid/sound/",)),
    ("pangzero", "electronic", ("Games-PangZero/",)),
)
# Added in the sixteenth session after fresh6 had been read (``--split all`` now holds fresh6): read once after the
# session's rounds (split ``fresh7``). Genres by the packages' descriptions, not by ear.
FRESH7_PACKAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("berusky2-data", "mixed", ("berusky2/music/",)),
    ("davegnukem-data", "mixed", ("davegnukem/music/",)),
    ("fillets-ng-data", "mixed", ("fillets-ng/music/",)),
    ("wizznic-data", "electronic", ("wizznic/packs/",)),
    ("amoebax-data", "electronic", ("amoebax/music",)),
    ("adonthell-data", "orchestral", ("wastesedge/audio",)),
    ("lordsawar-data", "orchestral", ("lordsawar/music/",)),
    ("searchandrescue-data", "mixed", ("searchandrescue/music/",)),
    ("mazeofgalious-data", "chiptune", ("mazeofgalious/sound/jorito/",)),
    ("a7xpg-data", "electronic", ("a7xpg/sounds/",)),
)
# Added in the seventeenth session after fresh7 had been read (``--split all`` now holds fresh7): read once after the
# session's rounds (split ``fresh8``). Small packages, one to three pieces each; genres not judged.
FRESH8_PACKAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("glob2-data", "mixed", ("glob2/data/zik",)),
    ("cavepacker-data", "mixed", ("cavepacker/sounds",)),
    ("abe-data", "mixed", ("abe/sounds",)),
    ("alienblaster-data", "mixed", ("alienblaster/sound",)),
    ("pax-britannica-data", "mixed", ("pax-britannica/audio",)),
    ("hannah-data", "mixed", ("games/hannah",)),
    ("bumprace-data", "mixed", ("bumprace/sound",)),
    ("funnyboat", "mixed", ("funnyboat/data",)),
    ("tuxtype-data", "mixed", ("tuxtype/sounds",)),
    ("brainparty-data", "mixed", ("games/brainparty",)),
    ("endless-sky-data", "ambient", ("endless-sky/sounds/ambient",)),
    ("orbital-eunuchs-sniper-data", "mixed", ("orbital_eunuchs_sniper",)),
    ("phlipple-data", "mixed", ("phlipple",)),
    ("pink-pony-data", "mixed", ("pink-pony/music",)),
    ("cube2-data", "mixed", ("cube2/packages/music",)),
)
# Tracker modules (.mod, .xm, .it, .s3m, .stm), rendered with openmpt123 (real_corpus.MODULE_EXT), added in the
# eighteenth session: the Debian game packages left whose music soundfile cannot decode. Licences by the packages'
# copyright files: GPL-2+/GPL-3+ (Ironseed, Heroes, Pingus, Bomberclone, Pachi, Penguin Command, Njam), BSD-2-Clause
# (Pekka Kana 2), zlib/LGPL (Biniax 2). Genre "tracker": not judged by ear.
# Calibration material for module music (split ``tracker_tune``; ``--split all`` holds it): 4-channel Amiga MODs
# (Ironseed), Impulse Tracker and S3M pieces (Pingus) and FastTracker XMs (Heroes).
TRACKER_TUNE_PACKAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ironseed-data", "tracker", ("ironseed/sound/",)),
    ("pingus-data", "tracker", ("pingus/data/music/",)),
    ("heroes-sound-tracks", "tracker", ("heroes/mod/",)),
)
# Kept for one read after the eighteenth session's rounds (split ``fresh9``, real_corpus.UNREAD): other module packages.
FRESH9_PACKAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("pekka-kana-2-data", "tracker", ("pekka-kana-2/data/music/",)),
    ("biniax2-data", "tracker", ("biniax2/music/",)),
    ("bomberclone-data", "tracker", ("bomberclone/music/",)),
    ("pachi-data", "tracker", ("pachi/music/",)),
    ("penguin-command", "tracker", ("penguin-command/sound/",)),
    ("njam-data", "tracker", ("njam/data/",)),
)
# Added in the eighteenth session (second round) after fresh9 had been read (``--split all`` now holds fresh9): kept for one read
# (split ``fresh10``, real_corpus.UNREAD). The module packages no set had used, and Blob Wars' music, Ogg Vorbis
# files without an extension (the set reads extension-less files too: real_corpus.FRESH10_EXT). Licences by the
# packages' copyright files: GPL (Circus Linux, Ceferino, Critical Mass, Cuyo, I Have No Tomatoes: GPL-2+;
# TecnoballZ: GPL-3+), Ballz: GPL-3+/BSD-3/CC0, Blob Wars' music CC-BY-SA-3.0 and CC-BY-3.0 (pieces from Simuze.nl,
# listed per file). Genres not judged.
FRESH10_PACKAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("tecnoballz-data", "tracker", ("tecnoballz/musics/",)),
    ("circuslinux-data", "tracker", ("circuslinux/data/music/",)),
    ("ceferino-data", "tracker", ("ceferino/music/",)),
    ("criticalmass-data", "tracker", ("criticalmass/lg-criti",)),
    ("cuyo-data", "tracker", ("cuyo/sounds/cuyo",)),
    ("tomatoes-data", "tracker", ("tomatoes/music/",)),
    ("ballz-data", "tracker", ("ballz/finalman",)),
    ("blobwars-data", "mixed", ("blobwars/music/",)),
)
# Added in the nineteenth session after fresh10 had been read (``--split all`` now holds fresh10): kept for one read
# (split ``fresh11``, real_corpus.UNREAD). No game music: the demo songs LMMS 1.2 ships in lmms-common, produced and
# mixed in a DAW by 16 musicians (electronic, house, reggae, rock-ish, chiptune-ish), rendered by LMMS itself
# (real_corpus_render.render_project; only this set reads .mmpz/.mmp files, real_corpus.PROJECT_EXT). Licences by the
# package's copyright file (Debian main; the +dfsg repack already drops the demos Debian did not accept): GPL-2+
# (the files without a line of their own: Shovon, StrictProduction, DirtyLove), Artistic-2 (CapDan's ReggaeTry,
# ReggaetonTry and ZeroSumGame, EsoXLB, Impulslogik, Momo64, Oglsdl, Settel, Socceroos, TameAnderson, Thomasso),
# BSD-2-clause (Saber), CC-BY-SA-3 (Alf42red, CapDan's TwilightArea), CC-BY-SA-4 (Jousboxx, Skiessi). The tutorial
# project and the templates are not songs; four shorties and Skiessi-C64, under 40 s (real_corpus.MIN_TRACK_S), are
# left out: 20 songs.
# Genre "daw": not judged by ear.
FRESH11_PACKAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("lmms-common", "daw", ("lmms/projects/demos/", "lmms/projects/shorties/")),
)
# Added in the twentieth session after fresh11 had been read (``--split all`` now holds fresh11): kept for one read
# (split ``fresh12``, real_corpus.UNREAD). Standard MIDI files rendered through the General MIDI soundfont FluidR3_GM
# by fluidsynth (real_corpus_render.render_midi; only this set reads .mid files, real_corpus.MIDI_EXT): OpenMSX, the
# OpenTTD music set (GPL-2; by its readme seven musicians: Jim Redfarn's 'Ezy Street' blues, boogie and jazz pieces,
# Tistou Blomberg's 'Modern' tracks, imuh3, mimm, Kyle Timmerman, Trolley Trev, -lucas-), and Freedoom's music, the
# MIDI lumps of its two WAD archives (BSD-3-clause; the Freedoom project's contributors; real_corpus_render.wad_midis
# writes them out). Genre "midi": not judged by ear.
FRESH12_PACKAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("openttd-openmsx", "midi", ("openttd/baseset/openmsx/",)),
    ("freedoom", "midi", ("freedoom/wad/",)),
)
