"""Read a user's text file (or standard input) with a size limit, with one clear error for each way it can fail.

Every command that takes a text file from the user (an answer, a job description, a story file) reads it here,
so they all refuse the same bad input the same way: a missing path, a folder, an unreadable file, a file over
its limit (never read past the limit plus one byte), binary data, bytes that are not UTF-8.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from starcoach.errors import UserInputError

STDIN = "-"


def read_text_file(
    source: str | Path,
    *,
    noun: str,
    max_bytes: int,
    too_long: Callable[[str], UserInputError],
    binary_hint: str,
    stdin: BinaryIO | None = None,
) -> tuple[str, str]:
    """The text of ``source`` and where it came from, for messages; the string ``-`` (not a Path) is standard input.

    ``noun`` names the file in errors ("answer file not found"); ``too_long(where)`` is the error for
    more than ``max_bytes`` bytes, so each caller can say what its limit means.
    """
    if isinstance(source, str) and source == STDIN:
        where = "standard input"
        data = (stdin if stdin is not None else sys.stdin.buffer).read(max_bytes + 1)
    else:
        where = str(source)
        data = _read_path(Path(source), where, noun, max_bytes)
    if len(data) > max_bytes:
        raise too_long(where)
    return decode_text(data, where, binary_hint), where


def _read_path(path: Path, where: str, noun: str, max_bytes: int) -> bytes:
    if not path.exists():
        raise UserInputError(f"{noun} file not found", where=where, hint="Check the path.")
    if path.is_dir():
        raise UserInputError("this is a folder, not a file", where=where, hint=f"Give the path of the {noun} file.")
    try:
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as exc:
        raise UserInputError(
            f"cannot read the {noun} file ({exc.strerror})", where=where, hint="Check the file's permissions."
        ) from exc


def decode_text(data: bytes, where: str, binary_hint: str) -> str:
    """UTF-8 (with or without a byte-order mark); refuse data holding NUL bytes, which text never does."""
    if b"\x00" in data:
        raise UserInputError("this looks like a binary file, not text", where=where, hint=binary_hint)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserInputError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start})",
            where=where,
            hint="Save the file as UTF-8 and try again.",
        ) from exc
