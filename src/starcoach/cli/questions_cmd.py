"""`starcoach questions`: list the question bank."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

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
    # The question's words are what the user reads, so they get every column left over: the id,
    # type, level and competencies share one narrow column (the id never wraps, as it is typed
    # into other commands), which leaves the text about 40 characters even at 80 columns.
    table = Table(title=f"{len(chosen)} question(s)", show_lines=True)
    table.add_column("id, type, level, competencies", no_wrap=True)
    table.add_column("question", ratio=1, min_width=20)
    for q in chosen:
        about = Text(q.id)
        about.append(f"\n{q.type}, level {q.difficulty}", style="dim")
        for cid in q.competencies:
            about.append(f"\n{cid}", style="dim")
        table.add_row(about, q.text)
    make_console().print(table)
