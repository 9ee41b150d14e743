"""Distil the shipped MiniLM into static word vectors the analysis can afford on every answer.

    python bench/build_word_vectors.py [--dims 128]

Every whole word of MiniLM's own vocabulary (plus contractions and British spellings it
splits into pieces) is run through the full model alone, as a one-word sentence; the
384-d outputs are reduced by PCA and stored as float16 in
``src/starcoach/analysis/data/word_vectors.npz`` with the word list. A sentence is then the
weighted mean of its words' vectors (``starcoach.analysis._vectors``): about a microsecond a
word instead of ~15 ms a sentence for the full model, which keeps ``analyze`` interactive.
The approach is the one model2vec popularised; this script needs the embedding model
installed (requirements/embeddings.txt) and takes a few minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
from starcoach.stories.matching import embedding as minilm  # noqa: E402

OUT = REPO / "src" / "starcoach" / "analysis" / "data" / "word_vectors.npz"

# Spoken and typed English splits these into pieces; the analysis tokenizer keeps them whole.
_CONTRACTIONS = (
    [
        f"{head}{tail}"
        for head in ("i", "you", "we", "they", "he", "she", "it", "that", "there", "what", "who", "let")
        for tail in ("'m", "'re", "'ve", "'d", "'ll", "'s")
    ]
    + [
        f"{verb}n't"
        for verb in (
            "do",
            "does",
            "did",
            "is",
            "are",
            "was",
            "were",
            "have",
            "has",
            "had",
            "could",
            "would",
            "should",
            "must",
            "need",
            "might",
        )
    ]
    + ["can't", "won't", "shan't", "ain't"]
)


def _british(word: str) -> list[str]:
    """British spellings of an American vocabulary word ("apologized" -> "apologised")."""
    out = []
    for us, gb in (
        ("ize", "ise"),
        ("ized", "ised"),
        ("izing", "ising"),
        ("ization", "isation"),
        ("yze", "yse"),
        ("yzed", "ysed"),
        ("or", "our"),
        ("ors", "ours"),
        ("ter", "tre"),
        ("eled", "elled"),
        ("eling", "elling"),
        ("og", "ogue"),
    ):
        if word.endswith(us) and len(word) > len(us) + 2:
            out.append(word[: -len(us)] + gb)
    return out


def vocabulary(tokenizer_json: Path) -> tuple[list[str], list[int]]:
    """Words to distil, and each one's rank (MiniLM's word-piece ids follow corpus frequency)."""
    vocab: dict[str, int] = json.loads(tokenizer_json.read_text(encoding="utf-8"))["model"]["vocab"]
    words: dict[str, int] = {}
    for piece, rank in vocab.items():
        if (piece.isalpha() and piece.islower() and len(piece) > 1) or piece in ("i", "a"):
            words.setdefault(piece, rank)
            for variant in _british(piece):
                words.setdefault(variant, rank)
    worst = max(words.values())
    for word in _CONTRACTIONS:
        words.setdefault(word, vocab.get(word.split("'")[0], worst))
    ordered = sorted(words, key=lambda w: (words[w], w))
    return ordered, [words[w] for w in ordered]


def _forward_batch(model: minilm.MiniLM, ids: np.ndarray) -> np.ndarray:
    """Mean-pooled outputs for a batch of equal-length sequences (no padding, so no mask)."""
    batch, length = ids.shape
    x = model._word[ids] + model._position[:length] + model._type0
    x = minilm._layer_norm(x, model._ln_g, model._ln_b)
    width, heads = x.shape[-1], minilm.HEADS
    head = width // heads
    for w in model._layers:
        qkv = x @ w.qkv_w + w.qkv_b
        q, k, v = qkv.reshape(batch, length, 3, heads, head).transpose(2, 0, 3, 1, 4)
        attention = minilm._softmax(q @ k.transpose(0, 1, 3, 2) / math.sqrt(head))
        context = (attention @ v).transpose(0, 2, 1, 3).reshape(batch, length, width)
        x = minilm._layer_norm(x + context @ w.out_w + w.out_b, w.ln1_g, w.ln1_b)
        hidden = minilm._gelu(x @ w.up_w + w.up_b)
        x = minilm._layer_norm(x + hidden @ w.down_w + w.down_b, w.ln2_g, w.ln2_b)
    pooled = x.mean(axis=1)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dims", type=int, default=128)
    args = parser.parse_args()
    model = minilm.load_model()
    words, ranks = vocabulary(model.folder / minilm.TOKENIZER_FILE)
    tokenizer = model._tokenizer
    encoded = [tokenizer.encode(w).ids for w in words]
    by_length: dict[int, list[int]] = {}
    for i, ids in enumerate(encoded):
        by_length.setdefault(len(ids), []).append(i)
    vectors = np.zeros((len(words), 384), dtype=np.float32)
    started = time.time()
    done = 0
    for _length, rows in sorted(by_length.items()):
        for at in range(0, len(rows), 256):
            chunk = rows[at : at + 256]
            vectors[chunk] = _forward_batch(model, np.asarray([encoded[i] for i in chunk], dtype=np.int64))
            done += len(chunk)
        print(f"{done}/{len(words)} words, {time.time() - started:.0f} s", file=sys.stderr)
    # Remove the direction every word shares, then keep the strongest components (PCA).
    mean = vectors.mean(axis=0)
    centred = vectors - mean
    _, singular, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[: args.dims].T
    kept = float((singular[: args.dims] ** 2).sum() / (singular**2).sum())
    np.savez_compressed(
        OUT,
        words=np.asarray(words),
        ranks=np.asarray(ranks, dtype=np.int32),
        vectors=reduced.astype(np.float16),
    )
    print(f"{len(words)} words, {args.dims} dims ({kept:.1%} of the variance), written to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
