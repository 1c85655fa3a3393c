"""The ACE-Step instruction strings must be exact: the model was trained on them."""

from engine.constants import TASK_INSTRUCTIONS, StageType, Task, instruction_for
from engine.stages import STAGES


def test_exact_instruction_strings():
    assert instruction_for(Task.text2music) == "Fill the audio semantic mask based on the given conditions:"
    assert instruction_for(Task.repaint) == "Repaint the mask area based on the given conditions:"
    assert instruction_for(Task.cover) == "Generate audio semantic tokens based on the given conditions:"
    assert instruction_for(Task.extract, track_name="vocals") == "Extract the VOCALS track from the audio:"
    assert instruction_for(Task.lego, track_name="backing_vocals") == \
        "Generate the BACKING_VOCALS track based on the audio context:"
    assert instruction_for(Task.complete, track_classes=["bass", "keyboard"]) == \
        "Complete the input track with BASS | KEYBOARD:"


def test_default_variants_without_names():
    assert instruction_for(Task.extract) == "Extract the track from the audio:"
    assert instruction_for(Task.lego) == "Generate the track based on the audio context:"
    assert instruction_for(Task.complete) == "Complete the input track:"


def test_cover_is_a_task_type_not_a_substring():
    # Only the cover stage maps to the cover task; no other stage's instruction is inspected.
    assert [s for s, spec in STAGES.items() if spec.task is Task.cover] == [StageType.cover]
    assert set(TASK_INSTRUCTIONS) == set(Task)
