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
    for column in ("id", "type", "level", "competencies", "question"):
        table.add_column(column, overflow="fold")
    for q in chosen:
        table.add_row(q.id, q.type, str(q.difficulty), ", ".join(q.competencies), q.text)
    make_console().print(table)
