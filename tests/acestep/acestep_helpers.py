"""Helpers shared by the acestep tests (imported by name; conftest puts this folder on sys.path)."""

from __future__ import annotations

from engine.take import StageRequest

# Every stage type that reads a source, with its own fields (base-only tasks on base).
SOURCE_TYPES = {
    "refine": dict(denoise=0.5),
    "cover": dict(task="cover", audio_cover_strength=0.6),
    "repaint": dict(task="repaint", repainting_start=4.0, repainting_end=6.0),
    "extract": dict(task="extract", model="base", track_name="drums", steps=4, guidance_scale=7.0),
    "lego": dict(task="lego", model="base", track_name="guitar", steps=4, guidance_scale=7.0),
    "complete": dict(task="complete", model="base", complete_track_classes=["bass", "drums"], steps=4,
                     guidance_scale=7.0),
}


def make_request(**kw) -> StageRequest:
    d = dict(
        stage_id="s1", stage_type="generate", task="text2music", model="turbo", instruction=None,
        caption="warm jazz piano trio, brushed drums", lyrics="[verse]\nla la la", bpm=120, keyscale="C major",
        timesignature="4/4", duration=10.0, vocal_language="en", events=[], seed=7, steps=8, shift=3.0,
        guidance_scale=0.0,
    )
    d.update(kw)
    return StageRequest(**d)


def rewrite_weights(folder, edit) -> None:
    """Rewrite every safetensors file of a component folder: ``edit(dict name -> tensor)``
    changes the dict in place (drop, rename or alter tensors), as a different converter would."""
    from pathlib import Path

    from safetensors.torch import load_file, save_file

    for f in sorted(Path(folder).glob("*.safetensors")):
        tensors = load_file(f)
        edit(tensors)
        save_file(tensors, f, metadata={"format": "pt"})


def copy_variant(tiny_root, dst, name: str = "turbo"):
    """A private copy of one tiny variant folder under ``dst`` (returns the folder)."""
    import shutil

    folder = dst / f"acestep-v15-{name}-diffusers"
    shutil.copytree(tiny_root / f"acestep-v15-{name}-diffusers", folder)
    return folder
