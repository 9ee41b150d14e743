"""Embeddings kept between runs, so that only text never seen before goes through the model.

Two stores, both keyed by the SHA-256 of a text and tied to one model (the SHA-256 of its
weights), looked up in this order after the process's own memory:

- **shipped**: the question bank and moment descriptions, embedded once by
  ``bench/build_reference_vectors.py`` and shipped in ``data/reference_vectors.npz``;
- **on disk**: the user's story texts, cached under ``<StarCoach home>/cache/``. The file is a
  convenience: if it is missing, unreadable, corrupt or made for another model it is ignored
  (and rewritten), never an error.

Embedding one sentence takes tens of milliseconds in numpy, so a library of 20 stories (a few
hundred sentences) plus the bank used to cost half a minute on the first match of every run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starcoach.stories.matching.embedding import MiniLM, Vector

SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "reference_vectors.npz"
BUILD_COMMAND = "PYTHONPATH=src python bench/build_reference_vectors.py"
DIMENSIONS = 384
# Enough for dozens of edited libraries (a story is ~20 texts) at 1.5 KB a vector (~15 MB); the
# oldest entries go first when it fills.
DISK_CAPACITY = 10_000

_LOCK = threading.Lock()
_SHIPPED: dict[str, dict[str, Vector]] = {}


def text_key(text: str) -> str:
    """The key a text's vector is stored under."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_vectors(path: Path, model_id: str) -> dict[str, Vector] | None:
    """The vectors in a store file made for ``model_id``, or None when it is absent, corrupt or another model's."""
    import zipfile

    import numpy as np

    try:
        # Opened here, not by np.load, so that a corrupt file's handle is closed as well.
        with path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
            model = str(data["model"])
            keys = [str(k) for k in data["keys"]]
            vectors = np.asarray(data["vectors"], dtype=np.float32)
    except (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile):
        return None
    if model != model_id or vectors.ndim != 2 or vectors.shape != (len(keys), DIMENSIONS):
        return None
    if not np.isfinite(vectors).all():
        return None
    return dict(zip(keys, vectors))


def write_vectors(path: Path, model_id: str, vectors: dict[str, Vector]) -> None:
    """Write a store file atomically (a reader never sees half a file); raises OSError on failure."""
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    keys = list(vectors)
    matrix = np.stack([vectors[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, DIMENSIONS), np.float32)
    handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez(out, model=np.array(model_id), keys=np.array(keys, dtype="U64"), vectors=matrix)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def shipped_vectors(model_id: str) -> dict[str, Vector]:
    """The vectors shipped with the package for ``model_id`` (empty if the file is missing or stale)."""
    with _LOCK:
        if model_id not in _SHIPPED:
            _SHIPPED[model_id] = read_vectors(SHIPPED_FILE, model_id) or {}
        return _SHIPPED[model_id]


def disk_cache_path(cache_dir: Path, model_id: str) -> Path:
    """Where story vectors are cached for this model inside ``cache_dir`` (the front end's choice)."""
    return cache_dir / f"story-vectors-{model_id[:16]}.npz"


def embed_with_stores(
    model: MiniLM, model_id: str, texts: Sequence[str], *, cache_dir: Path | None = None, remember: bool = True
) -> Vector:
    """Embeddings of ``texts``, from the shipped and on-disk stores where they hold them.

    Texts found in neither go through ``model``; with ``remember`` they are then added to the
    on-disk cache in ``cache_dir`` (a failure to write it only costs the next run the same work).
    Without ``cache_dir`` nothing is read from or written to disk.
    """
    import numpy as np

    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    keys = [text_key(t) for t in texts]
    found: dict[str, Vector] = {}
    shipped = shipped_vectors(model_id)
    for text, key in zip(texts, keys):
        hit = shipped.get(key)
        if hit is None:
            hit = model.cached(text)
        if hit is not None:
            found[key] = hit
    missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in found))
    path = disk_cache_path(cache_dir, model_id) if missing and remember and cache_dir is not None else None
    on_disk = (read_vectors(path, model_id) or {}) if path is not None else {}
    for text in missing:
        key = text_key(text)
        if key in on_disk:
            found[key] = on_disk[key]
            model.remember(text, on_disk[key])
    new = [t for t in missing if text_key(t) not in found]
    if new:
        computed = model.encode(new)
        found.update(zip((text_key(t) for t in new), computed))
        if path is not None:
            _save(path, model_id, on_disk, ((text_key(t), v) for t, v in zip(new, computed)))
    return np.stack([found[k] for k in keys])


def _save(path: Path, model_id: str, old: dict[str, Vector], new: Iterable[tuple[str, Vector]]) -> None:
    merged = dict(old)
    merged.update(new)
    if len(merged) > DISK_CAPACITY:
        # dicts keep insertion order: the first keys are the oldest.
        merged = dict(list(merged.items())[-DISK_CAPACITY:])
    # A home that cannot be written (read-only, full) only costs the next run the same work.
    with contextlib.suppress(OSError):
        write_vectors(path, model_id, merged)
