"""Speed of the quality pass vs a straightforward librosa/pyloudnorm version, same run.

    .venv/bin/python bench/quality_speed.py [--repeat 5] [--file x.flac]

Writes a 3-minute 48 kHz stereo FLAC (the synthetic song) unless --file is given,
times decode + full analysis (no separation), the naive reference (librosa.load,
librosa.stft, pyloudnorm, resample_poly true peak, librosa beat/chroma/onsets),
the analysis with the engine's stems (a 30 s sketch take with 6 stems, the 3-minute
song with 4; --no-stems skips it) and the separators. Prints medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def naive(path: str) -> dict:
    import librosa
    import numpy as np
    import pyloudnorm as pyln
    from scipy.signal import resample_poly

    y, sr = librosa.load(path, sr=48_000, mono=False)
    meter = pyln.Meter(sr)
    lufs = meter.integrated_loudness(y.T)
    lra = pyln.Meter(sr).loudness_range(y.T) if hasattr(meter, "loudness_range") else None
    tp = max(float(np.abs(resample_poly(ch, 4, 1)).max()) for ch in y)
    mono = y.mean(axis=0)
    S = np.abs(librosa.stft(mono, n_fft=2048, hop_length=1024)) ** 2
    flat = librosa.feature.spectral_flatness(S=S)
    cen = librosa.feature.spectral_centroid(S=S, sr=sr)
    mel = librosa.feature.melspectrogram(S=S, sr=sr)
    env = librosa.onset.onset_strength(S=librosa.power_to_db(mel), sr=sr, hop_length=1024)
    tempo, beats = librosa.beat.beat_track(onset_envelope=env, sr=sr, hop_length=1024)
    chroma = librosa.feature.chroma_cqt(y=librosa.resample(mono, orig_sr=sr, target_sr=22050), sr=22050)
    corr = float(np.corrcoef(y[0], y[1])[0, 1])
    return {"lufs": lufs, "lra": lra, "tp": tp, "flat": float(flat.mean()), "cen": float(cen.mean()), "tempo": tempo,
            "chroma": chroma.shape, "corr": corr}


def sketch_take():
    """A clean 30 s pop take of the sketch engine with its stems (what the agent analyses)."""
    from engine.pipeline import SectionEvent
    from engine.protocol import get_engine
    from engine.take import StageRequest

    events = [SectionEvent(type=t, start=i * 7.5, end=(i + 1) * 7.5) for i, t in enumerate(("intro", "verse", "chorus", "outro"))]
    req = StageRequest(stage_id="bench", stage_type="generate", task="text2music", model="base", instruction=None,
                       caption="pop, synth, drums, bass, female vocals, upbeat", lyrics="[verse]\nla la la\n[chorus]\noh oh oh",
                       bpm=118, keyscale="G major", timesignature="4/4", duration=30.0, vocal_language="en", events=events,
                       seed=1, steps=50, shift=3.0, guidance_scale=7.0)
    return get_engine("sketch").run(req, [])


def timed(repeat: int, *fns) -> list[list[float]]:
    """Seconds of each of ``fns``, called in turn ``repeat`` times (interleaved: drift hits all alike)."""
    runs: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, out in zip(fns, runs, strict=True):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
    return runs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--file")
    ap.add_argument("--no-separation", action="store_true")
    ap.add_argument("--no-stems", action="store_true", help="skip the with-stems figures")
    a = ap.parse_args()
    from engine.audio import read_audio, write_flac
    from quality import fixtures as F
    from quality.analyze import analyze_file
    from quality.separate import separate

    tmp = tempfile.mkdtemp()
    path = a.file or str(Path(tmp) / "song180.flac")
    if not a.file:
        write_flac(path, F.song(duration_s=180.0, seed=3)[0])
    analyze_file(path)  # warm numba caches and imports
    naive(path)
    ours, ref = timed(a.repeat, lambda: analyze_file(path), lambda: naive(path))
    mo, mr = statistics.median(ours), statistics.median(ref)
    dur = read_audio(path).shape[1] / 48_000
    print(f"file: {path} ({dur:.0f} s)")
    print(f"aceprod quality pass (decode included): median {mo:.2f} s over {a.repeat} ({dur / mo:.0f}x real time), runs {[round(x, 2) for x in ours]}")
    print(f"librosa/pyloudnorm reference:           median {mr:.2f} s, runs {[round(x, 2) for x in ref]}")
    print(f"speed-up: {mr / mo:.1f}x")
    # with stems: what the agent pays per take (a 30 s sketch-engine take with its 6 stems)
    # and the 3-minute song with its 4 stems
    if not a.no_stems:
        from quality.analyze import analyze

        take = sketch_take()
        song, stems, _ = F.song(duration_s=180.0, seed=3)
        for label, mix, st in (("30 s sketch take", take.audio, take.stems), ("3-minute song", song, stems)):
            analyze(mix, stems=st)
            t_mix, t_stems = timed(a.repeat, lambda: analyze(mix),  # noqa: B023 (called at once)
                                   lambda: analyze(mix, stems=st))  # noqa: B023
            m0, m1 = statistics.median(t_mix), statistics.median(t_stems)
            print(f"{label}, {len(st)} stems: mix only median {m0:.2f} s, with stems {m1:.2f} s "
                  f"(+{(m1 - m0) / len(st) * 1000:.0f} ms per stem), runs {[round(x, 2) for x in t_stems]}")
    if not a.no_separation:
        y = read_audio(path)
        for m in ("dsp", "spleeter"):
            try:
                separate(y[:, : 48_000 * 5], method=m)
                (ts,) = timed(max(1, a.repeat // 2), lambda: separate(y, method=m))  # noqa: B023 (called at once)
                s = statistics.median(ts)
                print(f"separation {m}: median {s:.1f} s ({dur / s:.1f}x real time)")
            except Exception as exc:  # report, do not fail the bench
                print(f"separation {m}: unavailable ({exc})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
