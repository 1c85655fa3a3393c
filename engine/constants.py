"""ACE-Step task routing constants, shared by every engine.

The instruction strings are the exact ones ACE-Step 1.5 was trained with
(as in ACE-Step 1.5's own task code). Cover mode is decided by the task type
(``StageType.cover``), never by looking for words inside an instruction.
"""

from __future__ import annotations

from enum import StrEnum

SAMPLE_RATE = 48_000
CHANNELS = 2
TARGET_LUFS = -14.0  # streaming playback level: what the critic expects and the curator masters to
# Krumhansl & Kessler (1982) probe-tone profiles, C first: how well each pitch class fits a key.
KEY_PROFILES: dict[str, tuple[float, ...]] = {
    "major": (6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88),
    "minor": (6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17),
}


class StageType(StrEnum):
    """The built-in stage types: the names of the shipped registry ``engine.stages.STAGES``
    (a registry may hold more; a stage's type is any name its registry holds)."""

    generate = "generate"
    refine = "refine"
    cover = "cover"
    repaint = "repaint"
    extract = "extract"
    lego = "lego"
    complete = "complete"
    mix = "mix"


class Task(StrEnum):
    """ACE-Step's own task names (what the model is asked to do)."""

    text2music = "text2music"
    repaint = "repaint"
    cover = "cover"
    extract = "extract"
    lego = "lego"
    complete = "complete"


TASK_INSTRUCTIONS: dict[Task, str] = {
    Task.text2music: "Fill the audio semantic mask based on the given conditions:",
    Task.repaint: "Repaint the mask area based on the given conditions:",
    Task.cover: "Generate audio semantic tokens based on the given conditions:",
    Task.extract: "Extract the {TRACK_NAME} track from the audio:",
    Task.lego: "Generate the {TRACK_NAME} track based on the audio context:",
    Task.complete: "Complete the input track with {TRACK_CLASSES}:",
}

# The `_default` variants, used when no track name / classes are given.
TASK_INSTRUCTIONS_DEFAULT: dict[Task, str] = {
    Task.extract: "Extract the track from the audio:",
    Task.lego: "Generate the track based on the audio context:",
    Task.complete: "Complete the input track:",
}

TRACK_NAMES: tuple[str, ...] = (
    "woodwinds",
    "brass",
    "fx",
    "synth",
    "strings",
    "percussion",
    "keyboard",
    "guitar",
    "bass",
    "drums",
    "backing_vocals",
    "vocals",
)

# Tasks only ACE-Step's base model was trained on (multi-track data).
BASE_ONLY_TASKS: frozenset[Task] = frozenset({Task.extract, Task.lego, Task.complete})


def instruction_for(
    task: Task,
    *,
    track_name: str | None = None,
    track_classes: list[str] | None = None,
) -> str:
    """The exact instruction string for ``task``.

    Track names are upper-cased; classes are upper-cased and joined with " | ".
    Without a name (or classes) the `_default` variant is returned.
    """
    if task in (Task.extract, Task.lego):
        if not track_name:
            return TASK_INSTRUCTIONS_DEFAULT[task]
        return TASK_INSTRUCTIONS[task].replace("{TRACK_NAME}", track_name.upper())
    if task is Task.complete:
        if not track_classes:
            return TASK_INSTRUCTIONS_DEFAULT[task]
        joined = " | ".join(c.upper() for c in track_classes)
        return TASK_INSTRUCTIONS[task].replace("{TRACK_CLASSES}", joined)
    return TASK_INSTRUCTIONS[task]
