"""Write one benchmark's section of docs/benchmarks.md between its markers, keeping the rest."""

from __future__ import annotations

import platform
import subprocess
from datetime import date
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def machine_line() -> str:
    """Where the figures were measured."""
    try:
        cpu = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        cpu = "?"
    return (
        f"Measured {date.today().isoformat()} on {platform.machine()}, {cpu} cores, Python {platform.python_version()}."
    )


def write_section(name: str, markdown: str) -> None:
    """Replace the text between <!-- name:start --> and <!-- name:end --> (appending if absent)."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{markdown.strip()}\n{end}"
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
