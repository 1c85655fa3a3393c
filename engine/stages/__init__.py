"""Stage types: the shipped registry ``STAGES`` (see ``registry``), one spec each.

Each spec says which fields the type takes, how it reads its sources, which ACE-Step
task it runs and its own request fields with their defaults (``base.StageSpec``);
repaint adds checks of its own (``repaint``), mix hands over its sources' gains and
sums them (``mix``). A built-in type is a ``StageType`` name (``engine.constants``; the
assert below ties the two) and its spec here; each engine adds its handler for the name
(``engine/sketch/tasks/``, ``engine/acestep/tasks.py``). The executor knows no type: it
builds every request from the spec.
"""

from __future__ import annotations

from engine.constants import StageType, Task
from engine.stages.base import CheckContext, StageSpec
from engine.stages.mix import MixStage
from engine.stages.registry import StageRegistry, UnknownStageTypeError
from engine.stages.repaint import RepaintStage

DEFAULT_DENOISE = 0.5  # refine: re-noise to half the schedule
DEFAULT_COVER_STRENGTH = 1.0  # cover: every step sees the source skeleton

STAGES = StageRegistry([
    StageSpec(StageType.generate, Task.text2music, "Text to music: a whole take from caption, lyrics and metas."),
    # refine re-noises an earlier stage's clean latent to `denoise` and finishes the truncated schedule
    StageSpec(StageType.refine, Task.text2music, "Polish an earlier take: re-noise to `denoise` (0-1) and denoise "
              "again.", source_mode="input", request_defaults={"denoise": DEFAULT_DENOISE}),
    # cover: the first audio_cover_strength of the steps see the source (5 Hz VQ bottleneck), the rest the caption
    StageSpec(StageType.cover, Task.cover, "Restyle a source: keep its structure in proportion to "
              "audio_cover_strength (0-1).", source_mode="one",
              request_defaults={"audio_cover_strength": DEFAULT_COVER_STRENGTH}),
    RepaintStage(StageType.repaint, Task.repaint, "Regenerate a time range of a source (repainting_start.."
                 "repainting_end seconds); the model sees both sides of the gap.", source_mode="one",
                 request_defaults={"repainting_start": None, "repainting_end": None}),
    StageSpec(StageType.extract, Task.extract, "Isolate one track (track_name) of the source. Base model only.",
              source_mode="one", required=("track_name",)),
    StageSpec(StageType.lego, Task.lego, "Generate one new track (track_name) against the source as context. Base "
              "model only.", source_mode="one", required=("track_name",)),
    StageSpec(StageType.complete, Task.complete, "Add the listed track classes (complete_track_classes) to the "
              "source. Base model only.", source_mode="one", required=("complete_track_classes",)),
    MixStage(StageType.mix, None, "Sum two or more earlier stages (sources: [{stage, gain_db}]).",
             source_mode="many", model_stage=False),
])
assert set(STAGES) == set(StageType), "every built-in StageType needs a spec"

__all__ = ["DEFAULT_COVER_STRENGTH", "DEFAULT_DENOISE", "STAGES", "CheckContext", "StageRegistry", "StageSpec",
           "UnknownStageTypeError"]
