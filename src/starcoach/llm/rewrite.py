"""A stronger STAR version of the candidate's answer, keeping only the facts they gave.

A rewrite that invents facts teaches the candidate to tell a story that did not happen, and
numbers are the facts interviewers press on. So a model's rewrite is rejected when it contains
a number (in digits) the answer does not: the client asks once more, and then the built-in
rewrite (the candidate's own sentences in STAR order, ``starcoach.report._outline``) is used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from starcoach.llm.protocol import Task

StarPart = Literal["situation", "task", "action", "result"]
STAR_PARTS: tuple[StarPart, ...] = ("situation", "task", "action", "result")
MAX_REWRITE_CHARS = 3000

INSTRUCTIONS = (
    "You coach candidates for customer-service job interviews. Rewrite the candidate's answer as a "
    "stronger STAR answer (Situation, Task, Action, Result), in the first person, in plain spoken "
    "English, at most about 250 words. Use ONLY facts the candidate gave: do not add events, people, "
    "tools, numbers, dates or results they did not mention. Where a STAR part is missing from their "
    "answer, write a short placeholder in square brackets saying what to add, e.g. [Result: what "
    "happened, with a number], instead of making it up. Also list which STAR parts were missing from "
    'the original answer. Answer as JSON: {"rewrite": "...", "missing": ["result"]}.'
)

# A thousands separator joins digits ("1,200"); a decimal point is part of the number ("4.5").
_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0 ](?=\d{3}\b)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


class StarRewrite(BaseModel):
    """A rewritten answer and the STAR parts the original lacked."""

    rewrite: str = Field(min_length=1, max_length=MAX_REWRITE_CHARS)
    missing: list[StarPart] = Field(default_factory=list, max_length=len(STAR_PARTS))

    @field_validator("rewrite")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the rewrite is empty")
        return value.strip()

    @field_validator("missing")
    @classmethod
    def _in_star_order(cls, value: list[StarPart]) -> list[StarPart]:
        return [part for part in STAR_PARTS if part in value]


def numbers_in(text: str) -> set[str]:
    """The numbers written in digits in ``text``, normalised ("1,200" -> "1200", "4.50" -> "4.5")."""
    found = set()
    for raw in _NUMBER.findall(_THOUSANDS.sub("", text)):
        whole, _, fraction = raw.partition(".")
        whole = whole.lstrip("0") or "0"
        fraction = fraction.rstrip("0")
        found.add(f"{whole}.{fraction}" if fraction else whole)
    return found


def checked_against(answer: str) -> type[StarRewrite]:
    """``StarRewrite`` that also rejects any number the ``answer`` does not contain."""
    allowed = numbers_in(answer)

    class CheckedStarRewrite(StarRewrite):
        # The same schema name goes to the model; only the check is answer-specific.
        model_config = ConfigDict(title="StarRewrite")

        @model_validator(mode="after")
        def _no_new_numbers(self) -> CheckedStarRewrite:
            invented = sorted(numbers_in(self.rewrite) - allowed)
            if invented:
                raise ValueError(f"the rewrite adds numbers the answer does not have: {', '.join(invented)}")
            return self

    return CheckedStarRewrite


def rewrite_task(answer: str, question: str | None, builtin: Callable[[], StarRewrite]) -> Task[StarRewrite]:
    """The task that rewrites ``answer``; ``builtin`` gives the embedded rewrite it falls back to."""
    schema = checked_against(answer)
    return Task(
        instructions=INSTRUCTIONS,
        schema=schema,
        # Built from the candidate's own sentences, so it is trusted as it is.
        fallback=lambda: schema.model_construct(**builtin().model_dump()),
        data={"interview_question": question or "(not given)", "candidate_answer": answer},
    )
