"""Stories for tests, written as a candidate would, each with different strengths."""

from __future__ import annotations

from datetime import UTC, datetime

from starcoach.stories.models import Story

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def story(title: str, *, story_id: str = "0123abcd", **fields: object) -> Story:
    """A story with sensible parts; any field can be overridden."""
    parts: dict[str, object] = {
        "situation": "During the January sale our chat queue at an online shoe shop hit 300 waiting customers.",
        "task": "As shift lead I had to cut the wait without dropping quality.",
        "action": "I split the queue by topic in Zendesk, wrote three macros for the commonest questions, "
        "and paired each new hire with a veteran.",
        "result": "The average wait fell from 14 minutes to 4 and CSAT stayed at 92 percent.",
    }
    parts.update(fields)
    return Story.model_validate({"id": story_id, "title": title, "created_at": WHEN, "updated_at": WHEN, **parts})


REFUND = {
    "situation": "A customer phoned furious because she had been charged twice for a sofa after our billing "
    "system migration.",
    "task": "I had to get her money back and keep her trust.",
    "action": "I apologised for the stress it caused, checked both charges in the billing system while she "
    "waited, filed the refund myself and told her exactly when it would arrive.",
    "result": "The refund landed in three days, she thanked me in the survey and kept her order.",
}
FAILURE = {
    "situation": "In my first month I promised a caller a replacement router would ship the same day.",
    "task": "It was my mistake: the warehouse had already closed, so the promise could not be kept.",
    "action": "I called him back before he noticed, owned the error, arranged next-morning courier delivery "
    "and asked my team lead to check my next few promises.",
    "result": "He received it the next day and stayed a customer; since then I check cut-off times before "
    "promising anything.",
}
