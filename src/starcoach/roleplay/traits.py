"""A call's agent behaviour in a team lead's vocabulary: which traits the engine saw in the call.

The vocabulary is the one contact-centre coaches use when they tag a call (and the one the shared
role-play scripts are labelled with); each trait is read off the engine's moves, so the review and
the benchmark speak of the same evidence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starcoach.roleplay.call import Call

TRAITS: tuple[str, ...] = (
    "acknowledges_feelings",
    "apologises",
    "takes_ownership",
    "confirms_understanding",
    "explains_clearly",
    "gives_timeline",
    "honest_limit",
    "offers_alternative",
    "appropriate_escalation",
    "follow_up_commitment",
    "personalises",
    "blames_others",
    "hides_behind_policy",
    "jargon",
    "dismissive",
    "over_promises",
    "interrupts_or_ignores",
    "premature_transfer",
    "scripted_empathy",
    "silence_or_stalling",
)
# Move kind -> the traits it is evidence of.
MOVE_TRAITS: dict[str, tuple[str, ...]] = {
    "acknowledges_feelings": ("acknowledges_feelings",),
    "apologises": ("apologises",),
    "owns_next_step": ("takes_ownership",),
    "confirms_understanding": ("confirms_understanding",),
    "asks_about_issue": ("confirms_understanding",),
    "explains": ("explains_clearly",),
    "clear_timeline": ("gives_timeline",),
    "honest_limits": ("honest_limit", "offers_alternative"),
    "offers_alternative": ("offers_alternative",),
    "escalates": ("appropriate_escalation",),
    "follow_up": ("follow_up_commitment",),
    "blame": ("blames_others",),
    "hides_behind_policy": ("hides_behind_policy",),
    "jargon": ("jargon",),
    "dismissive": ("dismissive",),
    "over_promises": ("over_promises",),
    "ignores_customer": ("interrupts_or_ignores",),
    "premature_handoff": ("premature_transfer",),
    "empty_sympathy": ("scripted_empathy",),
    "long_silence": ("silence_or_stalling",),
    "stalls": ("silence_or_stalling",),
}


def traits_of(call: Call) -> set[str]:
    """The traits shown anywhere in the call's agent turns."""
    found: set[str] = set()
    for turn in call.turns:
        for move in turn.moves:
            found.update(MOVE_TRAITS.get(move.kind, ()))
    # A handover counts as appropriate only in a turn where it was not premature.
    proper = any(
        any(m.kind == "escalates" for m in turn.moves) and not any(m.kind == "premature_handoff" for m in turn.moves)
        for turn in call.turns
    )
    if not proper:
        found.discard("appropriate_escalation")
    names = [part for part in re.split(r"\W+", call.scenario.customer.name) if len(part) > 2]
    if any(re.search(rf"\b{re.escape(n)}\b", turn.agent) for n in names for turn in call.turns):
        found.add("personalises")
    return found
