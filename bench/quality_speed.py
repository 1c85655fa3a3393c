"""Speed of the quality pass vs a straightforward librosa/pyloudnorm version, same run.

    .venv/bin/python bench/quality_speed.py [--repeat 5] [--file x.flac]

Writes a 3-minute 48 kHz stereo FLAC (the synthetic song) unless --file is given,
times decode + full analysis (no separation), the naive reference (librosa.load,
librosa.stft, pyloudnorm, resample_poly true peak, librosa beat/chroma/onsets),
and the separators. Prints medians.
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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--file")
    ap.add_argument("--no-separation", action="store_true")
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
    ours, ref = [], []
    for _ in range(a.repeat):
        t = time.perf_counter()
        analyze_file(path)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        naive(path)
        ref.append(time.perf_counter() - t)
    mo, mr = statistics.median(ours), statistics.median(ref)
    dur = read_audio(path).shape[1] / 48_000
    print(f"file: {path} ({dur:.0f} s)")
    print(f"aceprod quality pass (decode included): median {mo:.2f} s over {a.repeat} ({dur / mo:.0f}x real time), runs {[round(x, 2) for x in ours]}")
    print(f"librosa/pyloudnorm reference:           median {mr:.2f} s, runs {[round(x, 2) for x in ref]}")
    print(f"speed-up: {mr / mo:.1f}x")
    if not a.no_separation:
        y = read_audio(path)
        for m in ("dsp", "spleeter"):
            try:
                separate(y[:, : 48_000 * 5], method=m)
                ts = []
                for _ in range(max(1, a.repeat // 2)):
                    t = time.perf_counter()
                    separate(y, method=m)
                    ts.append(time.perf_counter() - t)
                s = statistics.median(ts)
                print(f"separation {m}: median {s:.1f} s ({dur / s:.1f}x real time)")
            except Exception as exc:  # report, do not fail the bench
                print(f"separation {m}: unavailable ({exc})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
