"""Shared inputs for the prep-kit tests: a job description, stories, page-sized pastes."""

from __future__ import annotations

from datetime import UTC, datetime

from starcoach.stories.models import Story

CREATED = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)

JOB_DESCRIPTION = (
    "Customer Support Specialist (remote). You will answer 50-60 tickets per day in Zendesk and keep our CSAT "
    "above 92%. We watch average handle time (AHT) closely and expect you to meet our first response SLA. "
    "You stay calm under pressure, write clearly and de-escalate upset customers with empathy."
)
# A dense page of pasted text: about 3,500 characters.
PAGE = (
    "About the team. Our support team helps thousands of customers every week across phone, chat and email. "
    "We care about clear communication, calm problem solving and ownership of every case from start to finish. "
) * 17


def pages(count: int) -> str:
    """``count`` pages of pasted job description text, with the real job description at the top."""
    return JOB_DESCRIPTION + "\n\n" + "\n\n".join(PAGE for _ in range(count))


def make_story(
    title: str = "Outage night",
    *,
    story_id: str = "5eed0001",
    result: str = "Every affected customer had a credit by morning and our CSAT for the week stayed at 94 percent.",
    axes: tuple[str, ...] = ("escalation",),
    competencies: tuple[str, ...] = ("empathy_problem_solving", "patience"),
) -> Story:
    """A complete story."""
    return Story(
        id=story_id,
        title=title,
        situation="During a regional outage our phone queue tripled and callers were angry about lost work.",
        task="As shift lead I had to keep wait times down and make sure nobody was promised what we could not do.",
        action="I posted a status macro, triaged callers by business impact and set follow-up flags for credits.",
        result=result,
        summary="Kept a tripled queue calm during an outage.",
        axes=axes,
        competencies=competencies,
        created_at=CREATED,
        updated_at=CREATED,
    )
