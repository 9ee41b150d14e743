"""Write files the safe way: to a temporary name first, so a failure never leaves half a file."""

from __future__ import annotations

from pathlib import Path

from starcoach.errors import UserInputError


def write_atomically(path: Path, body: str) -> None:
    """Write ``body`` to ``path`` via a temporary file and a rename."""
    if path.is_dir():
        raise UserInputError(f"{path} is a folder", hint="Give a file name.")
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserInputError(
            f"cannot write {path} ({exc.strerror})", hint="Check the folder exists and is writable."
        ) from exc
