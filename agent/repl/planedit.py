"""`edit` on a plan: ``edit bpm=92 duration=12`` (one-track plans), ``edit 2 key="F minor"``,
``edit all duration=30``, ``edit candidates=3``, ``edit steps=32 model=base`` (the generation
preset of a track). Numbers that shape a track (bpm, duration, meter, vocal) re-derive its
sections; every value is checked and a bad one is refused with a fix."""

from __future__ import annotations

import math
from typing import Any

from pydantic import ValidationError

from agent.people.readers import words
from agent.planning.derive import section_template
from agent.planning.genres import GenrePreset
from agent.planning.pipelines import choose_preset
from agent.plans import MIN_TRACK_S, AlbumPlan, TrackPlan
from engine.errors import ConfigError
from engine.pipeline import normalize_key, normalize_timesig
from engine.protocol import EngineCapabilities

TRACK_FIELDS = {"title": "title", "caption": "caption", "lyrics": "lyrics", "bpm": "bpm", "key": "keyscale",
                "keyscale": "keyscale", "timesig": "timesignature", "meter": "timesignature",
                "duration": "duration", "length": "duration", "vocal": "vocal"}
ALBUM_FIELDS = {"candidates", "album"}
PRESET_FIELDS = {"model": "model", "steps": "steps", "shift": "shift", "guidance": "guidance", "cfg": "guidance",
                 "refine": "refine_denoise"}
SHAPE = {"bpm", "duration", "timesignature", "vocal"}
EXAMPLE = 'edit bpm=92 duration=12, edit 2 key="F minor", edit steps=32 model=base'


def _pairs(tokens: list[str]) -> list[tuple[str, str]]:
    out = []
    for tok in tokens:
        key, sep, value = tok.partition("=")
        if not sep or not key.strip() or value == "":
            raise ConfigError(f"malformed edit '{tok}' (fix: write FIELD=VALUE, e.g. {EXAMPLE})")
        key = key.strip().lower()
        if key not in TRACK_FIELDS and key not in ALBUM_FIELDS and key not in PRESET_FIELDS:
            fields = sorted(set(TRACK_FIELDS) | ALBUM_FIELDS | set(PRESET_FIELDS))
            raise ConfigError(f"unknown plan field '{key}' (fix: use one of {', '.join(fields)})")
        out.append((key, value))
    return out


def _value(field: str, raw: str) -> Any:
    try:
        if field in ("bpm", "duration"):
            try:
                number = float(raw.rstrip("s"))
            except ValueError:
                raise ValueError(f"'{raw}' is not a number") from None
            low, high = (30, 300) if field == "bpm" else (MIN_TRACK_S, math.inf)  # the engine caps durations
            if not math.isfinite(number) or not low <= number <= high:
                raise ValueError(f"{raw} is out of range ({low:g}-{high:g} bpm)" if field == "bpm" else
                                 f"{raw} is out of range (at least {low:g} s)")
            return int(round(number)) if field == "bpm" else number
        if field == "keyscale":
            return normalize_key(raw)
        if field == "timesignature":
            return normalize_timesig(raw)
        if field in TEXT_LIMITS and len(raw) > TEXT_LIMITS[field]:
            raise ValueError(f"{len(raw)} characters is too long (at most {TEXT_LIMITS[field]})")
        if field == "vocal":
            if raw.lower() in ("yes", "y", "true", "1", "on"):
                return True
            if raw.lower() in ("no", "n", "false", "0", "off"):
                return False
            raise ValueError(f"'{raw}' is not yes or no")
    except ValueError as exc:
        raise ConfigError(f"{field}: {exc} (fix: e.g. {EXAMPLE})") from None
    return raw


TEXT_LIMITS = {"title": 120, "caption": 2000, "lyrics": 8000}  # as in a YAML brief's tracks
PRESET_RANGES = {"steps": (1, 1000), "shift": (0.1, 20.0), "guidance": (0.0, 30.0), "refine_denoise": (0.0, 1.0)}


def _preset_value(field: str, raw: str) -> Any:
    if field == "model":
        return raw
    try:
        value = int(raw) if field == "steps" else float(raw)
    except ValueError:
        raise ConfigError(f"'{raw}' is not a number for {field} (fix: e.g. steps=32 shift=3)") from None
    low, high = PRESET_RANGES[field]
    if not math.isfinite(value) or not low <= value <= high:
        raise ConfigError(f"{field}={raw} is out of range (fix: {field} from {low:g} to {high:g}, e.g. steps=32 shift=3)")
    return value


def edit_track(track: TrackPlan, changes: dict[str, Any], *, max_duration_s: float) -> TrackPlan:
    data = track.model_dump() | changes
    if changes.get("vocal") and not track.vocal and "lyrics" not in changes:
        raise ConfigError(f"track {track.index} has no lyrics to sing (fix: edit {track.index} vocal=yes "
                          'lyrics="[verse] ...")')
    if changes.get("vocal") is False:
        data["lyrics"] = "[Instrumental]"
    if data["duration"] > max_duration_s:
        raise ConfigError(f"duration {data['duration']:g} s is more than the engine allows ({max_duration_s:g} s) "
                          f"(fix: edit duration={max_duration_s:g} or less)")
    if SHAPE & set(changes):
        data["events"] = section_template(duration=data["duration"], bpm=data["bpm"],
                                          timesignature=data["timesignature"], vocal=data["vocal"])
    try:
        return TrackPlan.model_validate(data)
    except ValidationError as err:
        e = err.errors()[0]
        raise ConfigError(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']} (fix: e.g. {EXAMPLE})") from None


def edit_plan(plan: AlbumPlan, text: str, *, caps: EngineCapabilities,
              presets: dict[int, GenrePreset], learned: dict[str, GenrePreset]) -> tuple[AlbumPlan, list[str]]:
    """Apply one `edit` line; returns the new plan (presets are updated in place) and what changed."""
    tokens = words(text, what="the edit", empty=f"edit what? (fix: {EXAMPLE})")
    target: list[int] | None = None
    if tokens[0].isdigit() or tokens[0].lower() == "all":
        target = [t.index for t in plan.tracks] if tokens[0].lower() == "all" else [int(tokens[0])]
        tokens = tokens[1:]
        if any(i not in {t.index for t in plan.tracks} for i in target):
            raise ConfigError(f"no track {tokens and target[0]} in the plan (fix: tracks are 1-{len(plan.tracks)})")
    pairs = _pairs(tokens)
    if not pairs:
        raise ConfigError(f"edit what? (fix: {EXAMPLE})")
    track_keys = [k for k, _ in pairs if k not in ALBUM_FIELDS]
    if track_keys and target is None:
        if len(plan.tracks) > 1:
            raise ConfigError(f"which track? the plan has {len(plan.tracks)} (fix: edit 2 {tokens[0]} "
                              f"or edit all {tokens[0]})")
        target = [plan.tracks[0].index]
    max_s = min(m.max_duration_s for m in caps.models)
    changed: list[str] = []
    update: dict[str, Any] = {}
    tracks = {t.index: t for t in plan.tracks}
    for key, raw in pairs:
        if key == "candidates":
            try:
                n = int(raw)
            except ValueError:
                raise ConfigError(f"'{raw}' is not a number of takes (fix: edit candidates=3)") from None
            if not 1 <= n <= 16:
                raise ConfigError(f"candidates={n} is out of range (fix: 1 to 16 takes per track)")
            update["candidates"] = n
            changed.append(f"{n} takes per track")
        elif key == "album":
            if len(raw) > TEXT_LIMITS["title"]:
                raise ConfigError(f"the album title is {len(raw)} characters (fix: at most {TEXT_LIMITS['title']})")
            update["title"] = raw
            changed.append(f"album title \"{raw}\"")
    track_changes = {TRACK_FIELDS[k]: _value(TRACK_FIELDS[k], v) for k, v in pairs if k in TRACK_FIELDS}
    preset_changes = {PRESET_FIELDS[k]: _preset_value(PRESET_FIELDS[k], v) for k, v in pairs if k in PRESET_FIELDS}
    for i in target or []:
        if track_changes:
            tracks[i] = edit_track(tracks[i], track_changes, max_duration_s=max_s)
        if preset_changes:
            t = tracks[i]
            now = presets.get(i) or _current(t, caps, learned)
            try:
                new = GenrePreset.model_validate(now.model_dump() | preset_changes)
            except ValidationError as err:
                e = err.errors()[0]
                raise ConfigError(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']} (fix: e.g. {EXAMPLE})") from None
            info = caps.model(new.model)
            if info is None:
                raise ConfigError(f"model '{new.model}' is not on this engine (fix: use one of "
                                  f"{', '.join(m.name for m in caps.models)})")
            presets[i] = new
        what = ", ".join(f"{k}={v}" for k, v in pairs if k not in ALBUM_FIELDS)
        changed.append(f"track {i}: {what}")
    update["tracks"] = [tracks[i] for i in sorted(tracks)]
    return plan.model_copy(update=update), changed


def _current(track: TrackPlan, caps: EngineCapabilities, learned: dict[str, GenrePreset]) -> GenrePreset:
    c = choose_preset(track, caps, learned.get(track.genre))
    return GenrePreset(model=c.model, steps=c.steps, shift=c.shift, guidance=c.guidance,
                       refine_denoise=c.refine_denoise)


def preset_line(track: TrackPlan, caps: EngineCapabilities, presets: dict[int, GenrePreset],
                learned: dict[str, GenrePreset]) -> str:
    mine = presets.get(track.index)
    c = choose_preset(track, caps, mine or learned.get(track.genre))
    source = "your edit" if mine else c.source
    refine = f" + refine {c.refine_denoise:g}" if c.refine_denoise else ""
    return f"track {track.index}: {c.model}, {c.steps} steps, shift {c.shift:g}, cfg {c.guidance:g}{refine} ({source})"
