"""`starcoach questions`: list the question bank."""

from __future__ import annotations

from rich.table import Table

from starcoach.cli.render import make_console
from starcoach.content.loader import load_bank
from starcoach.content.models import COMPETENCY_IDS
from starcoach.errors import UserInputError


def run(competency: str | None, question_type: str | None) -> None:
    """Print the matching questions as a table."""
    if competency is not None and competency not in COMPETENCY_IDS:
        raise UserInputError(f"unknown competency '{competency}'", hint=f"Use one of: {', '.join(COMPETENCY_IDS)}.")
    bank = load_bank()
    chosen = [
        q
        for q in bank.questions
        if (competency is None or competency in q.competencies) and (question_type is None or q.type == question_type)
    ]
    table = Table(title=f"{len(chosen)} question(s)", show_lines=False)
    table.add_column("id", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("level", justify="right")
    table.add_column("competencies")
    table.add_column("question", ratio=1)
    for q in chosen:
        table.add_row(q.id, q.type, str(q.difficulty), "\n".join(q.competencies), q.text)
    make_console().print(table)
