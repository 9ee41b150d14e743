"""What an agent turn actually does, as opposed to how it sounds.

A team lead listens for substance: an action taken or committed to (first person, a concrete
service verb, not "I'll try"), a cause explained, a follow-up promised, and, on the other side,
stalling ("someone will be in touch"), dismissing the customer, or pushing the cause onto a third
party while doing nothing about it. Each reader below looks at who the subject is and at negation
and modality, not at a scenario's wording, so a new scenario needs no new rules.
"""

from __future__ import annotations

import re

# Service actions an agent can take for a customer; a stem matches its inflections.
_ACTION_VERBS = (
    r"refund|revers|credit|send|sent|dispatch|book|cancel|submit|unlock|reset|add|chang|updat|"
    r"arrang|order|process|rais|log|schedul|remov|drop|tak(?:e|en|ing) (?:off|out)|replac|swap|repair|"
    r"fix|restor|switch|mark|flag|put (?:through|in)|appl|waiv|issu|set (?:up|you up)|resen|reactivat|"
    r"upgrad|downgrad|transfer|pass|escalat|note|email|text|writ|confirm|reserv|organis|organiz"
)
_SUBJECT = r"(?:i|we)(?:'ve| have|'m| am|'ll| will| just| also| now|'re| are)?"
_ACTION = re.compile(
    rf"\b{_SUBJECT}(?: (?:just|also|now|personally|already|going to|gone and|then))* (?:{_ACTION_VERBS})\w*\b"
    r"|\b(?:it's|it is|that's|that is|this is|it has|it's been|they're|they've been) (?:now )?"
    r"(?:done|gone through|been (?:processed|sent|booked|cancelled|refunded|reversed|submitted|unlocked)|"
    r"booked|processed|sent|cancelled|refunded|reversed|submitted|unlocked|on its way|sorted)\b"
    r"|^(?:done|sorted|all done)\b",
    re.IGNORECASE | re.MULTILINE,
)
# Modality that turns an action into a hope: "I'll try to", "I can ask", "I might be able to".
_HEDGED = re.compile(
    r"\b(?:i'll|i will|we'll) (?:try|see if|have to see|look into|need to check)|\b(?:i|we) (?:could|might|may)\b|"
    r"\bhopefully\b",
    re.IGNORECASE,
)
_EXPLAINS = re.compile(
    r"\b(?:because|that's why|which is why|that means|this means|which means|the reason|caused by|"
    r"what happened (?:is|was)|so that's|that's because|(?:sign|message|light|code|error) means|due to|"
    r"came from|by mistake|that's what)\b",
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
_DISMISSIVE = re.compile(
    r"\b(?:technically (?:correct|right)|in future|in the future,? (?:you|it's worth)|it's (?:really )?simple|"
    r"really simple|calm down|no need for (?:that|the)|that's (?:just )?the process|these things (?:do )?happen|"
    r"it happens|all you (?:need|have) to do is|you just need to|as i (?:already )?(?:said|explained)|"
    r"like i said|there's nothing (?:more )?(?:i|we) can do|that's all i can do|it's worth checking)\b",
    re.IGNORECASE,
)
# Third parties an agent may push the cause onto, and failure words about them.
_THIRD_PARTY = re.compile(
    r"\b(?:the (?:system|courier|carrier|seller|bank|warehouse|depot|other team|engineers?|supplier|"
    r"driver|update|network|app)|another department|they)\b",
    re.IGNORECASE,
)
_FAILURE = re.compile(
    r"\b(?:fault|problems?|issues?|buggy|glitch\w*|temperamental|messed|mess(?:ed)? up|dropped|lost|"
    r"doesn't (?:always )?(?:save|work)|didn't (?:save|work)|out of (?:our|my) hands|nothing to do with us|"
    r"not (?:something )?(?:we|i) control|can't control|(?:is|are) to blame)\b",
    re.IGNORECASE,
)
_OWNS = re.compile(r"\b(?:my mistake|our mistake|my fault|our fault|on us|on me|i should have|we should have)\b", re.I)
_NEGATED_BLAME = re.compile(
    r"\b(?:not|nothing|never|wasn't|isn't) (?:\w+ ){0,2}(?:your fault|you did|anything wrong|you've done)|"
    r"you did(?:n't| not) do anything wrong|you did everything right",
    re.IGNORECASE,
)
_REPEAT_ASK = re.compile(
    r"\b(?:start (?:again )?from the (?:beginning|start)|tell me (?:again )?what the (?:problem|issue) is|"
    r"explain (?:it )?again|go (?:over|through) (?:it|that) again|what seems to be the problem|"
    r"what's the (?:problem|issue) today)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:can't|cannot|won't|not|unable|no|never|don't|isn't)\b[^.!?]{0,30}$", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """The turn's sentences, stripped."""
    return [s.strip() for s in re.findall(r"(?:[^.!?]|\.(?=\d))+[.!?]*", text) if s.strip()]


def action_taken(text: str) -> str | None:
    """The sentence in which the agent takes or commits to a concrete action (not a hedge, not a question)."""
    for sentence in sentences(text):
        if sentence.endswith("?"):
            continue
        match = _ACTION.search(sentence)
        if match is None or _HEDGED.search(sentence):
            continue
        if _NEGATION.search(sentence[: match.start()]) or re.search(r"\bn't\b|\bnot\b", match.group(0), re.I):
            continue
        return sentence
    return None


def explains(text: str) -> str | None:
    """A sentence that gives the cause or what something means (a cause put on the customer is blame)."""
    return next(
        (s for s in sentences(text) if not s.endswith("?") and _EXPLAINS.search(s) and not _CUSTOMER_FAULT.search(s)),
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


def dismisses(text: str) -> str | None:
    """Words that talk down to the customer or close the subject."""
    match = _DISMISSIVE.search(text)
    return match.group(0) if match else None


def deflects(text: str, acting: bool) -> str | None:
    """A third party named as the cause of a failure, in a turn that neither owns it nor acts on it."""
    if acting or _OWNS.search(text):
        return None
    for sentence in sentences(text):
        if _THIRD_PARTY.search(sentence) and _FAILURE.search(sentence):
            return sentence
    return None


_CLOSING = re.compile(
    r"\b(?:anything else|something else|can i help|is that all|all right for you|okay for you|hold on|"
    r"bear with me)\b",
    re.IGNORECASE,
)


def asks_about_problem(text: str) -> str | None:
    """A question that seeks the facts or checks understanding (not a closing "anything else?")."""
    for sentence in sentences(text):
        if sentence.endswith("?") and not _CLOSING.search(sentence) and len(sentence.split()) >= 3:
            return sentence
    return None


def asks_to_repeat(text: str) -> str | None:
    """Asking the customer to tell the story again."""
    match = _REPEAT_ASK.search(text)
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
