"""Build tiny, random ACE-Step 1.5 checkpoints in diffusers format, entirely offline.

Every component is the real diffusers/transformers class with toy sizes: the DiT
(AceStepTransformer1DModel), the condition encoder, the VQ audio tokenizer and
detokenizer, an Oobleck VAE with ACE-Step's real 48 kHz / 1920-sample hop (25 latent
frames per second), a tiny Qwen3 text encoder and a byte-level BPE tokenizer trained
here on the repo's docs (no hub access). The weights are random: the audio is noise, but every tensor takes
the same path as with the real checkpoints.

    python tests/acestep/tiny_checkpoint.py OUT_DIR [--variants turbo base sft]

writes ``OUT_DIR/acestep-v15-<variant>-diffusers/``. Variants share byte-identical
VAE, text encoder and tokenizer folders (as the real releases do) and differ in the
transformer and condition encoder, so switching variants exercises the engine's
"swap only what differs" path.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

ACOUSTIC_DIM = 4  # real: 64
HIDDEN = 32  # real: 2048
TEXT_DIM = 32  # real: 1024 (Qwen3-Embedding-0.6B)
VAE_HOP = (2, 4, 4, 6, 10)  # product 1920, as ACE-Step 1.5's VAE (48 kHz -> 25 Hz)
VARIANT_SEEDS = {"turbo": 1, "base": 2, "sft": 3, "xl-turbo": 4, "xl-base": 5, "xl-sft": 6}


def _attn(**extra: object) -> dict:
    base = dict(num_attention_heads=4, num_key_value_heads=2, head_dim=8, rope_theta=10000.0, sliding_window=16)
    base.update(extra)
    return base


def _corpus() -> list[str]:
    """English text to learn BPE merges from: this repository's own documentation."""
    root = Path(__file__).resolve().parents[2]
    docs = sorted(root.glob("*.md")) + sorted(root.glob("engine/*/README.md"))
    return [line for p in docs for line in p.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]


def build_tokenizer():
    """A byte-level BPE tokenizer (Qwen's kind: every byte is a token, merges on top)
    trained here on the repo's docs, so captions take about as many tokens per
    character as with the real one; with Qwen's special tokens. No hub access."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=2048, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  special_tokens=specials, show_progress=False)
    tok.train_from_iterator(_corpus(), trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, eos_token="<|endoftext|>", pad_token="<|endoftext|>", model_max_length=4096
    )


def build_shared(seed: int = 0) -> dict:
    """Components every variant shares: VAE, text encoder, tokenizer, scheduler."""
    import torch
    from diffusers import AutoencoderOobleck, FlowMatchEulerDiscreteScheduler
    from transformers import Qwen3Config, Qwen3Model

    tokenizer = build_tokenizer()
    torch.manual_seed(seed)
    text_encoder = Qwen3Model(
        Qwen3Config(
            hidden_size=TEXT_DIM,
            intermediate_size=64,
            num_hidden_layers=1,
            num_attention_heads=4,
            num_key_value_heads=2,
            head_dim=8,
            vocab_size=len(tokenizer),
            max_position_embeddings=4096,
        )
    )
    torch.manual_seed(seed)
    vae = AutoencoderOobleck(
        encoder_hidden_size=2 * ACOUSTIC_DIM,  # mean + scale halves
        downsampling_ratios=list(VAE_HOP),
        channel_multiples=[1, 1, 1, 1, 1],
        decoder_channels=4,
        decoder_input_channels=ACOUSTIC_DIM,
        audio_channels=2,
        sampling_rate=48000,
    )
    scheduler = FlowMatchEulerDiscreteScheduler(num_train_timesteps=1, shift=1.0)
    return {"vae": vae, "text_encoder": text_encoder, "tokenizer": tokenizer, "scheduler": scheduler}


def build_variant(name: str) -> dict:
    """Components that differ per variant: DiT, condition encoder, VQ tokenizer/detokenizer."""
    import torch
    from diffusers import AceStepTransformer1DModel
    from diffusers.pipelines.ace_step import (
        AceStepAudioTokenDetokenizer,
        AceStepAudioTokenizer,
        AceStepConditionEncoder,
    )

    seed = VARIANT_SEEDS[name]
    kind = name.removeprefix("xl-")
    torch.manual_seed(seed)
    transformer = AceStepTransformer1DModel(
        hidden_size=HIDDEN,
        intermediate_size=64,
        num_hidden_layers=2,
        in_channels=3 * ACOUSTIC_DIM,  # noisy latent + source latent + chunk mask
        audio_acoustic_hidden_dim=ACOUSTIC_DIM,
        patch_size=2,
        is_turbo=kind == "turbo",
        model_version=kind,
        **_attn(),
    )
    torch.manual_seed(seed)
    condition_encoder = AceStepConditionEncoder(
        hidden_size=HIDDEN,
        intermediate_size=64,
        text_hidden_dim=TEXT_DIM,
        timbre_hidden_dim=ACOUSTIC_DIM,
        num_lyric_encoder_hidden_layers=1,
        num_timbre_encoder_hidden_layers=1,
        **_attn(),
    )
    with torch.no_grad():  # a small, non-zero "encoded silence" instead of the converter's real one
        condition_encoder.silence_latent.normal_(0.0, 0.1)
    torch.manual_seed(seed)
    vq = dict(hidden_size=HIDDEN, intermediate_size=64, audio_acoustic_hidden_dim=ACOUSTIC_DIM, pool_window_size=5)
    audio_tokenizer = AceStepAudioTokenizer(fsq_dim=HIDDEN, num_attention_pooler_hidden_layers=1, **vq, **_attn())
    audio_token_detokenizer = AceStepAudioTokenDetokenizer(num_attention_pooler_hidden_layers=1, **vq, **_attn())
    return {
        "transformer": transformer,
        "condition_encoder": condition_encoder,
        "audio_tokenizer": audio_tokenizer,
        "audio_token_detokenizer": audio_token_detokenizer,
    }


def build_tiny_checkpoints(root: str | Path, variants: tuple[str, ...] = ("turbo", "base")) -> dict[str, Path]:
    """Write one diffusers folder per variant under ``root``; returns name -> folder."""
    import torch
    from diffusers import AceStepPipeline

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    shared = build_shared()
    out: dict[str, Path] = {}
    first: Path | None = None
    for name in variants:
        folder = root / f"acestep-v15-{name}-diffusers"
        with torch.no_grad():
            pipe = AceStepPipeline(**shared, **build_variant(name))
        if first is None:
            pipe.save_pretrained(folder, safe_serialization=True)
            first = folder
        else:  # byte-identical shared folders, as in the real releases
            shutil.copytree(first, folder, dirs_exist_ok=True)
            for part in ("transformer", "condition_encoder", "audio_tokenizer", "audio_token_detokenizer"):
                shutil.rmtree(folder / part)
                getattr(pipe, part).save_pretrained(folder / part, safe_serialization=True)
        (folder / "TINY_RANDOM_WEIGHTS.json").write_text(json.dumps({"variant": name, "note": __doc__.splitlines()[0]}))
        out[name] = folder
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--variants", nargs="+", default=["turbo", "base", "sft"], choices=sorted(VARIANT_SEEDS))
    args = ap.parse_args(argv)
    for name, folder in build_tiny_checkpoints(args.out_dir, tuple(args.variants)).items():
        print(f"{name}: {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
