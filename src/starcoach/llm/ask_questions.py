"""Questions to ask the interviewer, proposed by a configured language model from the job description.

The built-in questions (``starcoach.prep.ask``) fill templates from the skills, tools and
metrics the job description names; a model can read the whole job description and ask about what it actually
says. Its list is validated (3-8 short questions, each with a reason) before it is shown;
anything else falls back to the built-in list with a notice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import BaseModel, Field, field_validator

from starcoach.llm.protocol import Task

MIN_PROPOSED = 3
MAX_PROPOSED = 8
MAX_QUESTION_CHARS = 200
MAX_REASON_CHARS = 300

INSTRUCTIONS = (
    "You help a candidate prepare for a customer-service job interview. From the job description, propose "
    f"{MIN_PROPOSED} to {MAX_PROPOSED} questions the candidate could ask the interviewer at the end of "
    "the interview. Each question must be about something the job description actually says (the team, the "
    "channels, the metrics, the tools, the skills it stresses), be one short spoken question ending with "
    "a question mark, and not be answered by the job description itself. Give each a one-sentence reason saying "
    "why it suits this job. End with a question about the next steps in the hiring process. "
    'Answer as JSON: {"questions": [{"question": "...", "reason": "..."}]}.'
)


class ProposedQuestion(BaseModel):
    """One question to ask and why it suits this job."""

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    reason: str = Field(min_length=1, max_length=MAX_REASON_CHARS)

    @field_validator("question")
    @classmethod
    def _is_one_question(cls, value: str) -> str:
        text = " ".join(value.split())
        if not text.endswith("?"):
            raise ValueError("a question to ask must end with '?'")
        if text.count("?") > 1:
            raise ValueError("one question per item")
        return text

    @field_validator("reason")
    @classmethod
    def _has_reason(cls, value: str) -> str:
        text = " ".join(value.split())
        if not text:
            raise ValueError("the reason is empty")
        return text


class ProposedQuestions(BaseModel):
    """What the model must answer: the list of questions."""

    questions: list[ProposedQuestion] = Field(min_length=MIN_PROPOSED, max_length=MAX_PROPOSED)


def questions_task(
    job_description: str,
    skills: Sequence[str],
    tools: Sequence[str],
    company: str | None,
    builtin: Callable[[], Sequence[tuple[str, str]]],
) -> Task[ProposedQuestions]:
    """The task; ``builtin`` gives the embedded (question, reason) pairs it falls back to."""

    def fallback() -> ProposedQuestions:
        # The built-in list is ours and trusted: it is not held to the model's shape rules
        # (its closing line need not end in '?'), so it is wrapped as it is.
        items = [ProposedQuestion.model_construct(question=q, reason=r) for q, r in builtin()]
        return ProposedQuestions.model_construct(questions=items)

    return Task(
        instructions=INSTRUCTIONS,
        schema=ProposedQuestions,
        fallback=fallback,
        data={
            "job_description": job_description,
            "company": company or "(not given)",
            "skills_the_job_description_stresses": ", ".join(skills) or "(none recognised)",
            "tools_the_job_description_names": ", ".join(tools) or "(none recognised)",
        },
    )
