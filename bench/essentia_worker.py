"""Essentia's audio-problem detectors on one excerpt: the worker of ``bench/essentia_peer.py``.

Run only by the python of the separate Essentia virtual environment (Essentia is AGPL and
never a dependency of aceprod; nothing in the package imports it). One JSON request per
line on stdin, one JSON answer per line on stdout:

    {"hello": true}                              -> {"essentia": "<version>", "detectors": [...]}
    {"npy": "/tmp/x.npy", "sr": 48000, "detectors": ["ClickDetector", ...]}
        -> {"events": {"ClickDetector": [[start_s, end_s], ...], ...}, "values": {...}, "seconds": {...}}

The .npy holds a (2, n) float32 stereo excerpt. Every detector runs with its documented
default parameters; only ``sampleRate`` is set to the audio's rate where the algorithm has
one. Frame-wise detectors get frames of their own default ``frameSize``/``hopSize``; those
without one (NoiseBurstDetector, FalseStereoDetector, StartStopSilence) get FrameGenerator's
defaults (1024/512). Mono detectors run on each channel and their events are joined;
FalseStereoDetector reads the pair. The helpers above ``_run`` are plain numpy (tested
without Essentia); ``essentia`` is imported only when a request arrives.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np

FRAME_DEFAULT = (1024, 512)  # FrameGenerator's defaults, for detectors without a frameSize parameter
JOIN_S = 0.01  # point events closer than this are joined into one range (compacts the answer only)

# name -> (frameSize, hopSize) for frame-wise detectors, None for whole-signal ones
DETECTORS: dict[str, tuple[int, int] | None] = {
    "ClickDetector": (512, 256),
    "DiscontinuityDetector": (512, 256),
    "GapsDetector": (2048, 1024),
    "SaturationDetector": (512, 256),
    "NoiseBurstDetector": FRAME_DEFAULT,
    "FalseStereoDetector": FRAME_DEFAULT,
    "TruePeakDetector": None,
    "HumDetector": None,
    "StartStopCut": None,
    "DCRemoval": None,
}


def join_ranges(ranges: list[tuple[float, float]], gap_s: float = JOIN_S) -> list[list[float]]:
    """Sorted ranges with those closer than ``gap_s`` merged: [[start_s, end_s], ...]."""
    out: list[list[float]] = []
    for s, e in sorted((float(a), float(max(a, b))) for a, b in ranges):
        if out and s <= out[-1][1] + gap_s:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [[round(s, 4), round(e, 4)] for s, e in out]


def frame_indexes_to_ranges(hits: list[tuple[int, list[float]]], sr: float) -> list[list[float]]:
    """(frame start sample, sample indexes inside that frame) -> time ranges (one per frame's hits)."""
    rs = [((f0 + min(ix)) / sr, (f0 + max(ix)) / sr) for f0, ix in hits if len(ix)]
    return join_ranges(rs)


def flagged_frames_to_ranges(starts: list[int], frame: int, sr: float) -> list[list[float]]:
    """Start samples of flagged frames of ``frame`` samples -> the time ranges they cover."""
    return join_ranges([(s / sr, (s + frame) / sr) for s in starts])


def trailing_silence(stop_cut: int, last_sound_frame: int, hop: int, n: int, sr: float) -> list[list[float]]:
    """StartStopCut's ``stopCut`` == 0 means sound stops more than its maximumStopTime before
    the end: the range from the last non-silent frame (StartStopSilence) to the end."""
    if stop_cut:
        return []
    return [[round(min(n, (last_sound_frame + 1) * hop) / sr, 4), round(n / sr, 4)]]


def _frames(es, x: np.ndarray, size: int, hop: int):
    return es.FrameGenerator(np.ascontiguousarray(x, dtype=np.float32), frameSize=size, hopSize=hop, startFromZero=True)


def _run(es, name: str, y: np.ndarray, sr: float) -> tuple[list[list[float]], dict]:
    """One detector on the stereo excerpt ``y``: (events, values)."""
    n = y.shape[1]
    ev: list[tuple[float, float]] = []
    values: dict = {}
    if name == "FalseStereoDetector":
        size, hop = DETECTORS[name]
        alg, mux = es.FalseStereoDetector(), es.StereoMuxer()
        flagged, corr = [], []
        for i, (left, right) in enumerate(zip(_frames(es, y[0], size, hop), _frames(es, y[1], size, hop), strict=False)):
            flag, c = alg(mux(left, right))
            corr.append(float(c))
            if flag:
                flagged.append(i * hop)
        values["correlation_median"] = float(np.median(corr)) if corr else None
        return flagged_frames_to_ranges(flagged, size, sr), values
    for ch in range(y.shape[0]):
        x = np.ascontiguousarray(y[ch], dtype=np.float32)
        if name in ("ClickDetector", "GapsDetector", "SaturationDetector"):
            size, hop = DETECTORS[name]
            alg = getattr(es, name)(sampleRate=sr)
            for f in _frames(es, x, size, hop):
                s, e = alg(f)
                ev += list(zip(s, e, strict=False))
        elif name == "DiscontinuityDetector":
            size, hop = DETECTORS[name]
            alg, hits = es.DiscontinuityDetector(), []
            for i, f in enumerate(_frames(es, x, size, hop)):
                loc, _amp = alg(f)
                hits.append((i * hop, list(loc)))
            ev += [tuple(r) for r in frame_indexes_to_ranges(hits, sr)]
        elif name == "NoiseBurstDetector":
            size, hop = DETECTORS[name]
            alg, hits = es.NoiseBurstDetector(), []
            for i, f in enumerate(_frames(es, x, size, hop)):
                hits.append((i * hop, list(alg(f))))
            ev += [tuple(r) for r in frame_indexes_to_ranges(hits, sr)]
        elif name == "TruePeakDetector":
            loc, _ = es.TruePeakDetector(sampleRate=sr)(x)
            ev += [(p / sr, p / sr) for p in loc]
        elif name == "HumDetector":
            _r, freqs, _sal, s, e = es.HumDetector(sampleRate=sr)(x)
            ev += list(zip(s, e, strict=False))
            values.setdefault("hum_hz", []).extend(float(v) for v in freqs)
        elif name == "StartStopCut":
            _start_cut, stop_cut = es.StartStopCut(sampleRate=sr)(x)
            sss = es.StartStopSilence()
            size, hop = FRAME_DEFAULT
            last = -1
            for f in _frames(es, x, size, hop):
                _first, last = sss(f)
            ev += [tuple(r) for r in trailing_silence(int(stop_cut), int(last), hop, n, sr)]
        elif name == "DCRemoval":  # a filter, not a detector: the mean of what it takes out
            removed = x - es.DCRemoval(sampleRate=sr)(x)
            values["dc_removed"] = max(values.get("dc_removed", 0.0), abs(float(np.mean(removed))))
        else:
            raise ValueError(f"unknown detector {name!r}; known: {', '.join(DETECTORS)}")
    return join_ranges(ev), values


def main() -> int:
    es = None
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        if es is None:
            import essentia
            import essentia.standard as es

            essentia.log.infoActive = False
            essentia.log.warningActive = False
            version = essentia.__version__
        if req.get("hello"):
            ans = {"essentia": version, "detectors": [d for d in DETECTORS if hasattr(es, d)]}
        else:
            y = np.load(req["npy"])
            sr = float(req["sr"])
            ans = {"events": {}, "values": {}, "seconds": {}}
            for name in req["detectors"]:
                t0 = time.perf_counter()
                ans["events"][name], vals = _run(es, name, y, sr)
                ans["values"].update(vals)
                ans["seconds"][name] = round(time.perf_counter() - t0, 3)
        sys.stdout.write(json.dumps(ans) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
