"""Read answers from files and standard input, turning bad bytes into clear errors."""

from __future__ import annotations

import sys
from pathlib import Path

from starcoach.analysis.engine import MAX_ANSWER_CHARS
from starcoach.errors import UserInputError

# Enough bytes for the longest answer we accept even if every character took four bytes.
_READ_LIMIT = MAX_ANSWER_CHARS * 4 + 4


def decode_text(data: bytes, where: str) -> str:
    """Bytes to text: UTF-8 (with or without a byte-order mark), refusing binary data."""
    if b"\x00" in data[:8192]:
        raise UserInputError(
            "this looks like a binary file, not text", where=where, hint="Save the answer as a plain .txt file."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserInputError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start})",
            where=where,
            hint="Save the file as UTF-8 and try again.",
        ) from exc


def read_answer(source: str | None) -> tuple[str, str]:
    """The answer text and a name for it, from a path, or standard input for '-' or nothing."""
    if source in (None, "-"):
        if source is None and sys.stdin.isatty():
            raise UserInputError(
                "no answer given", hint="Pass a file, or pipe text in: echo '...' | starcoach analyze -"
            )
        data = sys.stdin.buffer.read(_READ_LIMIT + 1)
        where = "standard input"
    else:
        path = Path(source)
        if not path.exists():
            raise UserInputError(f"no such file: {source}", hint="Check the path.")
        if path.is_dir():
            raise UserInputError(f"{source} is a folder, not a file", hint="Give the path of a text file.")
        with path.open("rb") as handle:
            data = handle.read(_READ_LIMIT + 1)
        where = source
    if len(data) > _READ_LIMIT:
        raise UserInputError(
            f"the answer is over {_READ_LIMIT // 1000:,} kB; the limit is {MAX_ANSWER_CHARS:,} characters "
            "(about 20 minutes of speech)",
            where=where,
            hint="Analyse one answer at a time.",
        )
    return decode_text(data, where), where
