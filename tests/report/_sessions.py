"""Sessions built from real analyses with fixed times, so reports can be compared exactly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from starcoach import analyze
from starcoach.session_records import SessionRecord, SilenceVerdict, TurnKind, TurnRecord
from tests.conftest import STRONG_STORY

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

PEAK_QUESTION = (
    "Describe a period when contact volume spiked, such as Black Friday or a big launch. How did you keep on top of it?"
)
PEAK_ANSWER = (
    "During the holiday sale last December our chat queue went from about 40 to 180 conversations an hour. "
    "I was the senior agent on the evening shift, so I had to keep the queue moving. "
    "First I tagged every incoming chat by topic in Freshdesk, then I answered the delivery questions with "
    "a macro we had written the week before. "
    "I flagged the billing chats for the morning team and told customers when they would hear back."
)
WEAKNESS_QUESTION = "What would you say is your biggest weakness?"
WEAKNESS_ANSWER = (
    "Honestly I'm amazing with customers, I can fix anything. Anyway, the real problem at my last job was that "
    "the system was so slow and management never listened."
)
UPSET_QUESTION = "Tell me about a time you turned an upset customer into a happy one."
FOLLOWUP_QUESTION = "What would you do differently if it happened again?"
FOLLOWUP_ANSWER = "I would book the technician before the call ends, so the customer hears a time straight away."
CLOSING_QUESTION = "Do you have any questions for us?"
CLOSING_ANSWER = "How do you measure quality on the team? And which CRM do you use for escalations?"


@dataclass(frozen=True)
class Turn:
    """What a test says about one turn; the report itself comes from analyze()."""

    kind: TurnKind
    question: str
    answer: str
    thinking: float | None = 4.0
    answering: float | None = 70.0
    silence: SilenceVerdict = "none"
    reason: str | None = None  # for a follow-up: the gap it asked about


STANDARD_TURNS = (
    Turn("main", UPSET_QUESTION, STRONG_STORY, thinking=3.5, answering=82.0, silence="composed"),
    Turn("followup", FOLLOWUP_QUESTION, FOLLOWUP_ANSWER, thinking=2.0, answering=12.0),
    Turn("main", PEAK_QUESTION, PEAK_ANSWER, thinking=6.0, answering=55.0, silence="added"),
    Turn("main", WEAKNESS_QUESTION, WEAKNESS_ANSWER, thinking=1.0, answering=20.0, silence="rambling"),
    Turn("closing", CLOSING_QUESTION, CLOSING_ANSWER, thinking=None, answering=None),
)


def make_session(
    turns: tuple[Turn, ...] = STANDARD_TURNS,
    company: str | None = "Northwind Broadband",
    session_id: str = "a1b2c3d4e5f6",
    started_at: datetime = START,
) -> SessionRecord:
    """A finished session whose turns carry real analyze() reports and fixed timestamps."""
    records = []
    for index, turn in enumerate(turns):
        records.append(
            TurnRecord(
                index=index,
                kind=turn.kind,
                question_id=None,
                question=turn.question,
                parent_index=index - 1 if turn.kind == "followup" else None,
                followup_reason=turn.reason,
                answer=turn.answer,
                report=analyze(turn.answer, turn.question),
                thinking_seconds=turn.thinking,
                answer_seconds=turn.answering,
                silence_verdict=turn.silence,
                created_at=started_at + timedelta(minutes=2 * index + 1),
            )
        )
    return SessionRecord(
        id=session_id,
        track="general",
        company=company,
        job_focus=["empathy_problem_solving", "time_tech"],
        job_tools=["Zendesk"],
        planned_question_ids=[],
        status="finished",
        started_at=started_at,
        finished_at=started_at + timedelta(minutes=2 * len(turns) + 2),
        turns=records,
    )
