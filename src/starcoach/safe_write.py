"""Write files the safe way: to a temporary name first, so a failure never leaves half a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from starcoach.errors import UserInputError


def write_atomically(path: Path, body: str) -> None:
    """Write ``body`` to ``path`` via a temporary file and a rename."""
    write_through_temporary(path, lambda tmp: tmp.write_text(body, encoding="utf-8"))


def write_through_temporary(path: Path, write: Callable[[Path], object], hint: str = "Give a file name.") -> None:
    """Let ``write`` fill a temporary file beside ``path``, then rename it; on any failure remove it."""
    if path.is_dir():
        raise UserInputError(f"{path} is a folder", hint=hint)
    tmp = path.with_name(path.name + ".part")
    try:
        write(tmp)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserInputError(
            f"cannot write {path} ({exc.strerror})", hint="Check the folder exists and is writable."
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
