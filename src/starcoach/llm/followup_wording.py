"""Follow-up questions worded by a configured language model.

The follow-up planner still decides *whether* to follow up and *which gap* to press; the model
only words the question, so a session is steered the same whichever backend speaks. Its wording
is kept per (session, answer, gap): the web app rebuilds the engine on every request and the
CLI recomputes the prompt, and both must show the same question without asking the model again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Protocol

from pydantic import BaseModel, Field, field_validator

from starcoach.llm.choose import generate_with_fallback
from starcoach.llm.protocol import LanguageModel, Task

MAX_QUESTION_CHARS = 200
# Enough for every follow-up a busy web server has planned but not yet had answered.
_CACHE_SIZE = 4096
_PROBE_WANTED = "more detail about the same story"

INSTRUCTIONS = (
    "You are the interviewer in a customer-service job-interview practice tool. The candidate answered "
    "a question; the interviewer has decided to ask one follow-up to get what the answer is missing. "
    "Word that follow-up: one short, natural, spoken question that refers to the candidate's own story "
    "where it helps, asks only for what is missing, and ends with a question mark. Do not give feedback, "
    "do not answer for the candidate, do not ask two questions. The draft question shows the intent; "
    f"you may keep it if it already fits. At most {MAX_QUESTION_CHARS} characters. "
    'Answer as JSON: {"question": "..."}.'
)


class FollowUpWording(BaseModel):
    """What the model must answer: one question."""

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)

    @field_validator("question")
    @classmethod
    def _one_question(cls, value: str) -> str:
        # Shown as the interviewer's line and stored as the turn's question, so it must read as one.
        text = " ".join(value.split())
        if not text:
            raise ValueError("the question is empty")
        if not text.endswith("?"):
            raise ValueError("the question does not end with '?'")
        if text.count("?") > 1:
            raise ValueError("more than one question")
        return text


class PlannedFollowUp(Protocol):
    """The planner's follow-up (``starcoach.interview.followups.FollowUp``)."""

    @property
    def question(self) -> str: ...

    @property
    def reason(self) -> str: ...


class AnsweredTurn(Protocol):
    """The answer a follow-up presses on (``starcoach.session_records.TurnRecord``)."""

    @property
    def index(self) -> int: ...

    @property
    def question(self) -> str: ...

    @property
    def answer(self) -> str: ...


def wording_task(asked: str, answer: str, wanted: str, draft: str) -> Task[FollowUpWording]:
    """The task that words one follow-up; its embedded answer is the planner's own ``draft``."""
    return Task(
        instructions=INSTRUCTIONS,
        schema=FollowUpWording,
        # The draft is ours and trusted: some of the built-in ones are imperatives ("Walk me
        # through ..."), which the question-mark rule for model output must not reject.
        fallback=lambda: FollowUpWording.model_construct(question=draft),
        data={
            "question_asked": asked,
            "candidate_answer": answer,
            "what_the_answer_is_missing": wanted,
            "draft_follow_up": draft,
        },
    )


_cache: OrderedDict[tuple[str, int, str], str] = OrderedDict()
_cache_lock = threading.Lock()


def _remember(key: tuple[str, int, str], make: Callable[[], str]) -> str:
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    # The model is asked outside the lock, so one slow server does not hold up other sessions.
    text = make()
    with _cache_lock:
        text = _cache.setdefault(key, text)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return text


class FollowUpWorder:
    """The engine's ``word_followup`` hook: a follow-up's wording from ``model``, remembered per session."""

    def __init__(self, model: LanguageModel, notice: Callable[[str], None], wanted: Mapping[str, str]) -> None:
        self.model = model
        self.notice = notice
        self.wanted = wanted  # gap id -> what the follow-up asks for (interview.followups.GAP_WANTED)

    def __call__(self, session_id: str, follow: PlannedFollowUp, turn: AnsweredTurn) -> str:
        """The words for ``follow``, asked after ``turn`` of session ``session_id``."""

        def ask() -> str:
            wanted = self.wanted.get(follow.reason, _PROBE_WANTED)
            task = wording_task(turn.question, turn.answer, wanted, follow.question)
            worded, _backend = generate_with_fallback(self.model, task, self.notice)
            return worded.question

        return _remember((session_id, turn.index, follow.reason), ask)
