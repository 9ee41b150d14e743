"""The customer's words from a configured language model, when there is one.

The emotional state, the facts revealed and the end of the call stay with the rule-based model,
so a call is scored the same whichever backend speaks. The language model only rewords the
customer's reply to sound less canned; if it fails, the built-in reply is used and the user
sees a notice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from starcoach.roleplay.call import Call, CustomerTurn
    from starcoach.settings import Settings

INSTRUCTIONS = (
    "You voice a customer on a support phone call in a job-interview practice tool. Rewrite the "
    "customer's draft reply so it sounds natural and in character. Keep every fact, name, number, "
    "time and promise in the draft; do not add new facts; keep the same mood; at most three sentences. "
    'Answer as JSON: {"reply": "..."}.'
)


class CustomerReply(BaseModel):
    """What the model must answer."""

    reply: str = Field(min_length=1, max_length=600)


def reword(call: Call, turn: CustomerTurn, settings: Settings, notice: Callable[[str], None]) -> str:
    """The customer's reply for this turn: the built-in one, or the configured model's rewording of it."""
    if settings.llm_backend == "embedded":
        return turn.text
    from starcoach.backends import make_language_model
    from starcoach.llm.choose import generate_with_fallback
    from starcoach.llm.protocol import Task
    from starcoach.roleplay.customer import Line
    from starcoach.roleplay.emotion import band

    agent_said = next((line.text for line in reversed(call.transcript) if line.speaker == "agent"), "")
    task = Task(
        instructions=INSTRUCTIONS,
        schema=CustomerReply,
        fallback=lambda: CustomerReply(reply=turn.text),
        data={
            "customer": f"{call.scenario.customer.name}: {call.scenario.customer.persona}",
            "mood": band(turn.state),
            "agent_just_said": agent_said,
            "draft_reply": turn.text,
        },
    )
    answer, _backend = generate_with_fallback(make_language_model(settings), task, notice)
    # The transcript keeps what the customer was heard to say, so later turns refer back to it.
    if call.transcript and call.transcript[-1].speaker == "customer":
        call.transcript[-1] = Line("customer", answer.reply)
    return answer.reply
