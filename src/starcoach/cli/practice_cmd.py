"""`starcoach practice`: one question, a typed answer, the feedback."""

from __future__ import annotations

import random
import sys

from rich.text import Text

from starcoach.analysis.engine import analyze, check_answer_text
from starcoach.cli.render import make_console, render_report
from starcoach.content.loader import load_bank
from starcoach.content.models import COMPETENCY_IDS, Question
from starcoach.errors import UserInputError


def choose_question(
    question_id: str | None, competency: str | None, question_type: str | None, seed: int | None
) -> Question:
    """The requested question, or a random one matching the filters (closing questions only if asked for)."""
    bank = load_bank()
    if question_id:
        return bank.question(question_id)
    if competency is not None and competency not in COMPETENCY_IDS:
        raise UserInputError(f"unknown competency '{competency}'", hint=f"Use one of: {', '.join(COMPETENCY_IDS)}.")
    pool = [
        q
        for q in bank.questions
        if (competency is None or competency in q.competencies)
        and (q.type == question_type if question_type else q.type != "closing")
    ]
    if not pool:
        raise UserInputError("no question matches those filters", hint="Try fewer filters.")
    return random.Random(seed).choice(pool)


def read_typed_answer() -> str:
    """Lines until an empty line or end of input."""
    lines: list[str] = []
    for line in sys.stdin:
        if not line.strip() and lines:
            break
        lines.append(line.rstrip("\n"))
    return "\n".join(lines).strip()


def run(question_id: str | None, competency: str | None, question_type: str | None, seed: int | None) -> None:
    """Ask, read, analyse, print."""
    question = choose_question(question_id, competency, question_type, seed)
    console = make_console()
    console.print(Text("StarCoach practice round", style="bold"))
    console.print(
        Text(f"Question ({question.type}, level {question.difficulty}): ", style="bold") + Text(question.text)
    )
    console.print(
        Text(
            "Aim for 60-120 seconds spoken (about 150-300 words). Start with the situation, end with the result.",
            style="grey50",
        )
    )
    console.print(
        Text("Type your answer. Finish with an empty line, or Ctrl-D. Ctrl-C stops; nothing is saved.", style="grey50")
    )
    answer = read_typed_answer()
    check_answer_text(answer, "your answer")
    report = analyze(answer, question.text, question_type=_engine_type(question.type))
    console.print()
    render_report(report, console, answer)
    console.print(Text(f"What a strong answer shows: {question.hint}", style="italic"))


def _engine_type(kind: str):  # type: ignore[no-untyped-def]
    from starcoach.analysis.answer import QuestionType

    return QuestionType(kind)
