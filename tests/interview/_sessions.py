from starcoach.content.loader import load_bank
from starcoach.interview.engine import InterviewEngine, new_session_id
from starcoach.session_records import SessionRecord, TurnRecord
from starcoach.testing import FakeClock


def make_engine(
    track: str, question_ids: list[str], clock: FakeClock, saved: list[TurnRecord] | None = None
) -> InterviewEngine:
    """An engine for a session with a fixed plan, recording committed turns in ``saved``."""
    bank = load_bank()
    session = SessionRecord(id=new_session_id(), track=track, planned_question_ids=question_ids, started_at=clock.now())
    store = saved if saved is not None else []
    return InterviewEngine(
        session,
        {q.id: q for q in bank.questions},
        clock,
        on_turn=store.append,
        on_turn_updated=lambda t: store.__setitem__(t.index, t),
    )
