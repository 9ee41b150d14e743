"""The role-play's phrase file compiled for the move detector: phrase tuples and ready regexes.

Built once per phrase file: the built-in one on the first turn of the process, a coach's extended
one when a call is given it, so a turn never re-reads or re-compiles a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from starcoach.content.roleplay_phrases import RoleplayPhrases, load_roleplay_phrases, whole_words
from starcoach.roleplay.substance import action_pattern


@dataclass(frozen=True)
class MoveRules:
    """The live-call lists as the detector reads them (see content/data/roleplay_phrases.toml)."""

    acknowledgements: tuple[str, ...]
    apologies: tuple[str, ...]
    ownership: tuple[str, ...]
    confirmations: tuple[str, ...]
    blame: tuple[str, ...]
    policy: tuple[str, ...]
    jargon: tuple[str, ...]
    over_promises: tuple[str, ...]
    escalation: tuple[str, ...]
    weak_ownership: re.Pattern[str]
    time: re.Pattern[str]
    commitment: re.Pattern[str]
    limits: re.Pattern[str]
    alternatives: re.Pattern[str]
    scheduled: re.Pattern[str]
    past: re.Pattern[str]
    action: re.Pattern[str]
    explanations: re.Pattern[str]
    dismissals: re.Pattern[str]
    third_parties: re.Pattern[str]
    failures: re.Pattern[str]
    owning_mistakes: re.Pattern[str]
    repeat_requests: re.Pattern[str]
    closing_questions: re.Pattern[str]


def move_rules(phrases: RoleplayPhrases | None = None) -> MoveRules:
    """The detector's rules from a phrase file (a coach's extended one), or the built-in ones (cached)."""
    if phrases is None:
        return builtin_rules()
    words, patterns = phrases.phrases, phrases.patterns
    # Lists read from the lower-cased turn compile as they are; those read from the turn as said
    # (substance.py's, and the past) are case-blind.
    blind = re.IGNORECASE
    return MoveRules(
        acknowledgements=words.acknowledgements,
        apologies=words.apologies,
        ownership=words.ownership,
        confirmations=words.confirmations,
        blame=words.blame,
        policy=words.policy,
        jargon=words.jargon,
        over_promises=words.over_promises,
        escalation=words.escalation,
        weak_ownership=whole_words(patterns.weak_ownership),
        time=whole_words(patterns.time),
        commitment=whole_words(patterns.commitment),
        limits=whole_words(patterns.limits),
        alternatives=whole_words(patterns.alternatives),
        scheduled=whole_words(patterns.scheduled),
        past=whole_words(patterns.past, blind),
        action=action_pattern(patterns.action_verbs),
        explanations=whole_words(patterns.explanations, blind),
        dismissals=whole_words(patterns.dismissals, blind),
        third_parties=whole_words(patterns.third_parties, blind),
        failures=whole_words(patterns.failures, blind),
        owning_mistakes=whole_words(patterns.owning_mistakes, blind),
        repeat_requests=whole_words(patterns.repeat_requests, blind),
        closing_questions=whole_words(patterns.closing_questions, blind),
    )


@lru_cache(maxsize=1)
def builtin_rules() -> MoveRules:
    """The rules from the shipped phrase file, read and compiled on first use, once per process."""
    return move_rules(load_roleplay_phrases())
