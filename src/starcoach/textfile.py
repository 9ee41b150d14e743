"""Turn the bytes of a user's text file into text, with one clear error for binary or non-UTF-8 data."""

from __future__ import annotations

from starcoach.errors import UserInputError


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
