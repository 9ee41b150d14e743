"""The answer-report JSON Schema: generated from AnswerReport and committed beside the package's data.

The committed file is the contract that `starcoach analyze --format json` and every batch line
honour; a test checks it still equals what the models generate. After changing the report models:

    .venv/bin/python -m starcoach.analysis.schema          # rewrite the committed file
    .venv/bin/python -m starcoach.analysis.schema --check  # exit 1 when it is out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from starcoach.analysis.report import AnswerReport

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "answer-report.schema.json"
REGENERATE = "python -m starcoach.analysis.schema"

_HEADER: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "answer-report.schema.json",
    "title": "Answer report",
    "description": (
        "What `starcoach analyze --format json` prints for one answer, and each line of "
        "`starcoach analyze --batch` output; AnswerReport reads it back unchanged. Spoken answers "
        f"also carry `transcript` and `delivery`. Generated from the report models by `{REGENERATE}`: "
        "do not edit by hand."
    ),
}


def generate_schema() -> dict[str, Any]:
    """The JSON Schema of a report as the models define it today."""
    # Validation mode: the report's own serializer hides the fields in serialization mode, and
    # the JSON a report prints is exactly what AnswerReport validates back.
    body = AnswerReport.model_json_schema(mode="validation")
    body.pop("title", None)
    body.pop("description", None)
    return {**_HEADER, **body}


def render_schema() -> str:
    """The generated schema as the exact text of the committed file."""
    return json.dumps(generate_schema(), indent=2, ensure_ascii=False) + "\n"


def load_schema(path: Path = SCHEMA_PATH) -> dict[str, Any]:
    """The committed schema."""
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def main(argv: list[str] | None = None) -> int:
    """Write the schema, or with --check say whether the committed one is current (exit 1 if not)."""
    parser = argparse.ArgumentParser(prog=REGENERATE, description="Generate the answer-report JSON Schema.")
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when the file is out of date")
    parser.add_argument("--path", type=Path, default=SCHEMA_PATH, help="the schema file (default: the package's)")
    args = parser.parse_args(argv)
    wanted = render_schema()
    current = args.path.read_text(encoding="utf-8") if args.path.is_file() else None
    if args.check:
        if current == wanted:
            return 0
        state = "is missing" if current is None else "differs from what the report models generate"
        print(f"{args.path} {state}; run `{REGENERATE}` and commit the result", file=sys.stderr)
        return 1
    if current != wanted:
        args.path.write_text(wanted, encoding="utf-8")
        print(f"wrote {args.path}")
    else:
        print(f"{args.path} is already current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
