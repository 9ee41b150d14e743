"""Name an interview question's topic from the candidate's side, for the thank-you note to point back at."""

from __future__ import annotations

import re

_LEAD_IN = re.compile(
    r"^(?:tell me (?:a (?:bit|little) )?about|describe|give me an example of|walk me through|talk me through)\s+",
    re.I,
)
# Openings of a question that turn into a topic phrase from the candidate's side.
_REPHRASE = (
    (re.compile(r"^(what|how) would you\b", re.I), "{wh} I would"),
    (re.compile(r"^(how|what|why|which|where) do you\b", re.I), "{wh} I"),
    (re.compile(r"^what(?:'s| is) (your)\b", re.I), "my"),
)
_PHRASE_SWAPS = {"the two of you": "the two of us", "between you": "between us", "you were": "I was"}
_WORD_SWAPS = {
    "you're": "I'm",
    "you've": "I've",
    "you'd": "I'd",
    "you'll": "I'll",
    "your": "my",
    "yours": "mine",
    "yourself": "myself",
    "we're": "you're",
    "we've": "you've",
    "we": "you",
    "our": "your",
    "us": "you",
}
# After these words "you" is an object, so it becomes "me" rather than "I" (as does any verb in -ing).
_OBJECT_AFTER = frozenset(
    "to toward towards with at for about over from against behind than like ask asks asked tell tells told "
    "give gives gave show shows showed let lets hire hired call calls called contact contacts contacted "
    "email emails emailed want wants wanted need needs needed pay pays paid thank thanks thanked help helps "
    "helped".split()
)
# A phrase may be lower-cased when it opens with one of these; anything else may be a name.
_COMMON_OPENERS = frozenset(
    "a an the last this that these those one two three during in on at after before when while my our it its "
    "there we she he they her his their so then as by because since within over back early late once every "
    "about around almost nearly most some someone somebody near each both all no only even if what how why "
    "where which who you your".split()
)
_WORD = re.compile(r"[A-Za-z']+")


def _is_object_position(previous: str) -> bool:
    return previous in _OBJECT_AFTER or (previous.endswith("ing") and not previous.endswith("thing"))


def _swap_pronouns(text: str) -> str:
    # Fixed phrases go in as placeholders so the word swaps below cannot swap them back.
    fixed = list(_PHRASE_SWAPS.values())
    for n, (phrase, _swap) in enumerate(_PHRASE_SWAPS.items()):
        text = re.sub(rf"\b{phrase}\b", f"\x00{n}\x00", text, flags=re.I)
    out: list[str] = []
    previous = ""
    for token in re.split(r"([^A-Za-z'\x00-\x09]+)", text):
        lower = token.lower()
        if lower == "you":
            token = "me" if _is_object_position(previous) else "I"
        elif lower in _WORD_SWAPS:
            token = _WORD_SWAPS[lower]
        if _WORD.fullmatch(token):
            previous = token.lower()
        out.append(token)
    return re.sub("\x00(\\d)\x00", lambda m: fixed[int(m.group(1))], "".join(out))


def _first_sentence(question: str) -> str:
    text = question.strip().replace("\u2019", "'")
    parts = re.split(r"(?<=[.?!])\s+|(?<=[.?!][\"\u201d])\s+", text, maxsplit=1)
    first = parts[0].rstrip(" .?!")
    # A sentence that ends inside a quote keeps the quote mark but not its full stop.
    return re.sub(r"[.?!]([\"\u201d])$", r"\1", first)


def _soften_start(text: str) -> str:
    first = text.split(" ", 1)[0].lower()
    return text[0].lower() + text[1:] if text and first in _COMMON_OPENERS else text


def question_reference(question: str, question_type: str) -> str:
    """A phrase naming the question's topic from the candidate's side, e.g. "your question about a time I..."."""
    first = _first_sentence(question)
    if not first:
        return "your questions"
    lead_in = _LEAD_IN.match(first)
    if lead_in:
        return "your question about " + _swap_pronouns(first[lead_in.end() :])
    for pattern, opening in _REPHRASE:
        match = pattern.match(first)
        if match:
            topic = opening.format(wh=match.group(1).lower()) + _swap_pronouns(first[match.end() :])
            return "your question about " + topic
    if question_type == "situational":
        return "the scenario where " + _soften_start(_swap_pronouns(first))
    return f'your question, "{" ".join(question.split())}"'
