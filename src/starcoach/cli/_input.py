"""Read answers from files and standard input, turning bad bytes into clear errors."""

from __future__ import annotations

import sys
from pathlib import Path

from starcoach import textfile
from starcoach.analysis.engine import MAX_ANSWER_CHARS
from starcoach.errors import UserInputError

# Enough bytes for the longest answer we accept even if every character took four bytes.
_READ_LIMIT = MAX_ANSWER_CHARS * 4 + 4


def decode_text(data: bytes, where: str) -> str:
    """An answer's bytes as text (see ``starcoach.textfile``)."""
    return textfile.decode_text(data, where, binary_hint="Save the answer as a plain .txt file.")


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
