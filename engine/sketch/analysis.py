"""Audio -> structure, for sources without a sketch latent (uploaded files).

- tempo: librosa beat tracking on an onset envelope (22.05 kHz mono);
- key: CQT chroma correlated with the Krumhansl-Kessler profiles (24 keys);
- sections: beat-synchronous chroma + MFCC self-similarity, checkerboard novelty
  peaks at least 4 s apart, labelled by relative energy (intro/verse/chorus/outro);
- chords: one diatonic triad per bar from bar-averaged chroma.
"""

from __future__ import annotations

import librosa
import numpy as np
import soxr
from pydantic import BaseModel
from scipy import ndimage, signal

from engine.constants import KEY_PROFILES, SAMPLE_RATE
from engine.errors import AudioInputError
from engine.pipeline import key_name
from engine.sketch.arrangement import Arrangement, Chord, Section
from engine.sketch.compose import ENERGY, compose
from engine.sketch.harmony import chord_pcs

SR = SAMPLE_RATE
AR = 22050
HOP = 512
_PROFILES = {mode: np.array(p) for mode, p in KEY_PROFILES.items()}


class AudioStructure(BaseModel):
    duration_s: float
    bpm: float
    tonic: int
    mode: str
    sections: list[Section]
    chords: list[Chord]


def _mono22(audio: np.ndarray) -> np.ndarray:
    if audio.ndim != 2 or audio.shape[1] < SR // 2:
        raise AudioInputError("cannot analyse less than 0.5 s of audio (fix: give a longer source)")
    return soxr.resample(audio.mean(axis=0).astype(np.float32), SR, AR, quality="HQ")


def estimate_tempo(y: np.ndarray) -> tuple[float, np.ndarray]:
    """(bpm, beat times in s) of mono 22.05 kHz audio."""
    env = librosa.onset.onset_strength(y=y, sr=AR, hop_length=HOP)
    tempo, beats = librosa.beat.beat_track(onset_envelope=env, sr=AR, hop_length=HOP, start_bpm=110.0)
    bpm = float(np.atleast_1d(tempo)[0]) if np.size(tempo) else 120.0
    if not np.isfinite(bpm) or bpm <= 0:
        bpm = 120.0
    return bpm, librosa.frames_to_time(beats, sr=AR, hop_length=HOP)


def estimate_key(chroma: np.ndarray) -> tuple[int, str, float]:
    """(tonic pc, mode, correlation) from a chroma matrix ``(12, frames)``."""
    prof = chroma.mean(axis=1)
    best = (0, "major", -2.0)
    for tonic in range(12):
        for mode, ref in _PROFILES.items():
            r = float(np.corrcoef(prof, np.roll(ref, tonic))[0, 1])
            if r > best[2]:
                best = (tonic, mode, r)
    return best


def novelty_boundaries(feats: np.ndarray, times: np.ndarray, *, min_gap_s: float = 4.0, kernel: int = 16) -> list[float]:
    """Section boundaries (s) from a checkerboard kernel over the self-similarity of ``feats`` ``(d, m)``."""
    m = feats.shape[1]
    if m < 2 * kernel:
        return []
    f = feats / (np.linalg.norm(feats, axis=0, keepdims=True) + 1e-9)
    ssm = f.T @ f
    k = kernel
    sign = np.sign(np.arange(-k, k) + 0.5)
    cb = np.outer(sign, sign) * np.outer(signal.windows.gaussian(2 * k, k / 2), signal.windows.gaussian(2 * k, k / 2))
    pad = np.pad(ssm, k, mode="edge")
    nov = np.array([np.sum(pad[i:i + 2 * k, i:i + 2 * k] * cb) for i in range(m)])
    nov = ndimage.uniform_filter1d(nov, 3)
    peaks, _ = signal.find_peaks(nov, height=np.percentile(nov, 70))
    out: list[float] = []
    for p in sorted(peaks, key=lambda p: -nov[p]):
        t = float(times[p])
        if all(abs(t - o) >= min_gap_s for o in out) and min_gap_s / 2 < t < times[-1] - min_gap_s / 2:
            out.append(t)
    return sorted(out)


def label_sections(bounds: list[float], rms: np.ndarray, rms_t: np.ndarray, duration: float) -> list[Section]:
    edges = [0.0] + bounds + [duration]
    energies = [float(np.mean(rms[(rms_t >= a) & (rms_t < b)]) if np.any((rms_t >= a) & (rms_t < b)) else 0.0)
                for a, b in zip(edges[:-1], edges[1:], strict=True)]
    hi = np.percentile(energies, 66) if len(energies) > 2 else max(energies)
    mean = float(np.mean(energies))
    out = []
    for i, (a, b) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
        e = energies[i]
        if i == 0 and len(edges) > 3 and e < mean:
            kind = "intro"
        elif i == len(edges) - 2 and len(edges) > 3 and e < mean:
            kind = "outro"
        elif e >= hi and len(edges) > 2:
            kind = "chorus"
        else:
            kind = "verse"
        out.append(Section(kind=kind, start_s=a, end_s=b, energy=ENERGY.get(kind, 0.6)))
    return out


def bar_chords(chroma: np.ndarray, times: np.ndarray, tonic: int, mode: str, bpm: float, duration: float) -> list[Chord]:
    """One diatonic triad per bar (4/4 assumed), best template match of bar-mean chroma."""
    from engine.sketch.harmony import parse_chord

    numerals = ["I", "ii", "iii", "IV", "V", "vi"] if mode == "major" else ["i", "bIII", "iv", "v", "bVI", "bVII"]
    cands = [parse_chord(s, tonic) for s in numerals]
    templates = np.array([[1.0 if pc in chord_pcs(r, q) else 0.0 for pc in range(12)] for r, q in cands])
    bar_s = 240.0 / bpm
    out = []
    for k in range(int(np.ceil(duration / bar_s))):
        sel = (times >= k * bar_s) & (times < (k + 1) * bar_s)
        v = chroma[:, sel].mean(axis=1) if np.any(sel) else np.ones(12)
        r, q = cands[int(np.argmax(templates @ v))]
        out.append(Chord(beat=4.0 * k, beats=4.0, root=r, quality=q))
    return out


def analyse(audio: np.ndarray) -> AudioStructure:
    """Tempo, key, sections and chords of ``audio`` ``(2, n)`` at 48 kHz."""
    y = _mono22(audio)
    duration = audio.shape[1] / SR
    bpm, beats = estimate_tempo(y)
    chroma = librosa.feature.chroma_cqt(y=y, sr=AR, hop_length=HOP)
    times = librosa.frames_to_time(np.arange(chroma.shape[1]), sr=AR, hop_length=HOP)
    tonic, mode, _ = estimate_key(chroma)
    mfcc = librosa.feature.mfcc(y=y, sr=AR, hop_length=HOP, n_mfcc=13)
    rms = librosa.feature.rms(y=y, hop_length=HOP)[0]
    if beats.size >= 8:
        idx = librosa.time_to_frames(beats, sr=AR, hop_length=HOP)
        feats = np.vstack([librosa.util.sync(chroma, idx), librosa.util.sync(mfcc, idx) / 50.0])
        ftimes = np.concatenate([[0.0], beats])[: feats.shape[1]]
    else:
        feats, ftimes = np.vstack([chroma, mfcc / 50.0]), times
    bounds = novelty_boundaries(feats, ftimes, kernel=8 if beats.size >= 8 else 64)
    sections = label_sections(bounds, rms, times[: rms.size], duration)
    chords = bar_chords(chroma, times, tonic, mode, bpm, duration)
    return AudioStructure(duration_s=duration, bpm=bpm, tonic=tonic, mode=mode, sections=sections, chords=chords)


def arrangement_from_audio(audio: np.ndarray, *, caption: str, lyrics: str, seed: int) -> Arrangement:
    """An arrangement with the audio's tempo, key, sections and chords, in ``caption``'s timbre."""
    from engine.pipeline import SectionEvent

    st = analyse(audio)
    events = [SectionEvent(type=s.kind, start=s.start_s, end=s.end_s) for s in st.sections]
    arr = compose(caption=caption, lyrics=lyrics, bpm=round(st.bpm, 2), keyscale=key_name(st.tonic, st.mode),
                  timesignature="4/4", duration_s=st.duration_s, events=events, seed=seed)
    arr.chords = st.chords
    return arr
