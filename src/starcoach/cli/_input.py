"""Read answers from files and standard input, turning bad bytes into clear errors."""

from __future__ import annotations

import sys

from starcoach import textfile
from starcoach.analysis.engine import MAX_ANSWER_CHARS
from starcoach.errors import UserInputError

# Enough bytes for the longest answer we accept even if every character took four bytes.
_READ_LIMIT = MAX_ANSWER_CHARS * 4 + 4
_BINARY_HINT = "Save the answer as a plain .txt file."


def decode_text(data: bytes, where: str) -> str:
    """An answer's bytes as text (see ``starcoach.textfile``)."""
    return textfile.decode_text(data, where, binary_hint=_BINARY_HINT)


def _too_long(where: str) -> UserInputError:
    return UserInputError(
        f"the answer is over {_READ_LIMIT // 1000:,} kB; the limit is {MAX_ANSWER_CHARS:,} characters "
        "(about 20 minutes of speech)",
        where=where,
        hint="Analyse one answer at a time.",
    )


def read_answer(source: str | None) -> tuple[str, str]:
    """The answer text and a name for it, from a path, or standard input for '-' or nothing."""
    if source is None and sys.stdin.isatty():
        raise UserInputError("no answer given", hint="Pass a file, or pipe text in: echo '...' | starcoach analyze -")
    return textfile.read_text_file(
        textfile.STDIN if source is None else source,
        noun="answer",
        max_bytes=_READ_LIMIT,
        too_long=_too_long,
        binary_hint=_BINARY_HINT,
    )
