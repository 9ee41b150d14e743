"""What an agent turn actually does, as opposed to how it sounds.

A team lead listens for substance: an action taken or committed to (first person, a concrete
service verb, not "I'll try"), a cause explained, a follow-up promised, and, on the other side,
stalling ("someone will be in touch"), dismissing the customer, or pushing the cause onto a third
party while doing nothing about it. Each reader below looks at who the subject is and at negation
and modality, not at a scenario's wording, so a new scenario needs no new rules. The word lists
(service verbs, causes, dismissals, third parties...) come from content/data/roleplay_phrases.toml,
as ``MoveRules`` (``rules.py``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starcoach.roleplay.rules import MoveRules

# Who acts, in "I've just refunded" or "we're sending": the subject, then a service verb's stem
# (the stems are the phrase file's action_verbs); or the thing itself is done ("it's booked").
_SUBJECT = r"(?:i|we)(?:'ve| have|'m| am|'ll| will| just| also| now|'re| are)?"
_DONE = (
    r"|\b(?:it's|it is|that's|that is|this is|it has|it's been|they're|they've been) (?:now )?"
    r"(?:done|gone through|been (?:processed|sent|booked|cancelled|refunded|reversed|submitted|unlocked)|"
    r"booked|processed|sent|cancelled|refunded|reversed|submitted|unlocked|on its way|sorted)\b"
    r"|^(?:done|sorted|all done)\b"
)


def action_pattern(verbs: tuple[str, ...]) -> re.Pattern[str]:
    """The agent taking a concrete action with one of ``verbs`` (stems), or the action being done."""
    stems = "|".join(verbs)
    return re.compile(
        rf"\b{_SUBJECT}(?: (?:just|also|now|personally|already|going to|gone and|then))* (?:{stems})\w*\b" + _DONE,
        re.IGNORECASE | re.MULTILINE,
    )


# Modality that turns an action into a hope: "I'll try to", "I can ask", "I might be able to".
_HEDGED = re.compile(
    r"\b(?:i'll|i will|we'll) (?:try|see if|have to see|look into|need to check)|\b(?:i|we) (?:could|might|may)\b|"
    r"\bhopefully\b",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"\b(?:i'll|i will|we'll|we will|i'm|i am) (?:also )?(?:email|text|call|ring|phone|write|send you|"
    r"check back|check in|follow up|stay on the line|update you|let you know|keep you)"
    r"|\byou(?:'ll| will) (?:get|receive|have) (?:an? )?(?:email|text|confirmation|letter|call)"
    r"|\bin writing\b|\bconfirmation (?:email|text|letter)\b"
    r"|\b(?:your|the) (?:reference|ticket|case|booking|cancellation|confirmation) (?:number )?(?:is )?#?[A-Z]*-?\d{3,}",
    re.IGNORECASE,
)
# A promise of contact with no one and no time: the customer is left waiting.
_VAGUE = re.compile(
    r"\b(?:someone|somebody|the team|they|a colleague) (?:will|'ll|should) (?:be in touch|get back to you|contact you|"
    r"call you|look at it|look into it)|\b(?:keep an eye on|just have to wait|you'll have to wait|"
    r"wait and see|bear with (?:me|us)|one moment|hold on a (?:second|moment|sec))\b",
    re.IGNORECASE,
)
_NEGATED_BLAME = re.compile(
    r"\b(?:not|nothing|never|wasn't|isn't) (?:\w+ ){0,2}(?:your fault|you did|anything wrong|you've done)|"
    r"you did(?:n't| not) do anything wrong|you did everything right",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:can't|cannot|won't|not|unable|no|never|don't|isn't)\b[^.!?]{0,30}$", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """The turn's sentences, stripped."""
    return [s.strip() for s in re.findall(r"(?:[^.!?]|\.(?=\d))+[.!?]*", text) if s.strip()]


def action_taken(text: str, said: MoveRules) -> str | None:
    """The sentence in which the agent takes or commits to a concrete action (not a hedge, not a question)."""
    for sentence in sentences(text):
        if sentence.endswith("?"):
            continue
        match = said.action.search(sentence)
        if match is None or _HEDGED.search(sentence):
            continue
        if _NEGATION.search(sentence[: match.start()]) or re.search(r"\bn't\b|\bnot\b", match.group(0), re.I):
            continue
        return sentence
    return None


def explains(text: str, said: MoveRules) -> str | None:
    """A sentence that gives the cause or what something means (a cause put on the customer is blame)."""
    return next(
        (
            s
            for s in sentences(text)
            if not s.endswith("?") and said.explanations.search(s) and not _CUSTOMER_FAULT.search(s)
        ),
        None,
    )


def follows_up(text: str) -> str | None:
    """A sentence that promises a follow-up: an email, a text, a call back, something in writing."""
    return next((s for s in sentences(text) if _FOLLOW_UP.search(s)), None)


def stalls(text: str, has_time: bool) -> str | None:
    """Vague waiting with no one named and no time given ("someone will be in touch")."""
    if has_time:
        return None
    match = _VAGUE.search(text)
    return match.group(0) if match else None


def dismisses(text: str, said: MoveRules) -> str | None:
    """Words that talk down to the customer or close the subject."""
    match = said.dismissals.search(text)
    return match.group(0) if match else None


def deflects(text: str, said: MoveRules, acting: bool) -> str | None:
    """A third party named as the cause of a failure, in a turn that neither owns it nor acts on it."""
    if acting or said.owning_mistakes.search(text):
        return None
    for sentence in sentences(text):
        if said.third_parties.search(sentence) and said.failures.search(sentence):
            return sentence
    return None


def asks_about_problem(text: str, said: MoveRules) -> str | None:
    """A question that seeks the facts or checks understanding (not a closing "anything else?")."""
    for sentence in sentences(text):
        if sentence.endswith("?") and not said.closing_questions.search(sentence) and len(sentence.split()) >= 3:
            return sentence
    return None


def asks_to_repeat(text: str, said: MoveRules) -> str | None:
    """Asking the customer to tell the story again."""
    match = said.repeat_requests.search(text)
    return match.group(0) if match else None


# Blame of the customer by what they did: a counterfactual ("if you'd read the email") or a cause
# ("because you typed it wrong"); "if you'd like..." or "if you prefer..." is an offer, not blame.
_CUSTOMER_FAULT = re.compile(
    r"\bif you(?:'d| had) (?!like|prefer|rather|want|wish)(?:\w+ed|read|done|been|seen|kept|told|rung|put)\b|"
    r"\b(?:because|since|as) you (?:typed|entered|clicked|forgot|missed|didn't|did not|never|put|used|chose|ignored|"
    r"got it wrong)\b|\byou (?:typed|entered|put) (?:it|them|the \w+) (?:in )?(?:wrong|incorrectly)\b",
    re.IGNORECASE,
)


def blames_customer(text: str) -> str | None:
    """The sentence that puts the cause on what the customer did."""
    return next((s for s in sentences(text) if _CUSTOMER_FAULT.search(s)), None)


def blame_is_negated(text: str) -> bool:
    """True for exonerations such as "that's not your fault" or "you did everything right"."""
    return bool(_NEGATED_BLAME.search(text))


def negated_before(lowered: str, start: int) -> bool:
    """True when a negation sits shortly before ``start`` in the same sentence ("I can't guarantee")."""
    return bool(_NEGATION.search(lowered[max(0, start - 40) : start]))
