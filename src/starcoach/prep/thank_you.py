"""The thank-you note: one specific point from the conversation, one STAR example with its result.

The one composer of the note: `prep thank-you` drafts it with what the user adds (interviewer, story,
signature), and the session report drafts it from the session alone, with the same wording and length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from starcoach.prep._topic import question_reference
from starcoach.prep.content import load_note_sentences
from starcoach.session_records import SessionRecord, TurnRecord
from starcoach.stories.models import Story

MIN_WORDS = 120
MAX_WORDS = 180
POINT_MAX_WORDS = 26
# Tried longest first: the example's situation is shortened before the note leaves its length band.
_EXAMPLE_LIMITS = (32, 24, 16, 10)
RESULT_MAX_WORDS = 45
_PLACEHOLDER = re.compile(r"\[[^\]\n]{2,80}\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_STOP = frozenset("a an the a and or of to in on at for with about time you your i my me we was were is it".split())


@dataclass(frozen=True)
class NoteExample:
    """The example the note restates: a sentence of situation and a sentence of result."""

    situation: str
    result: str
    title: str | None = None


class ThankYouNote(BaseModel):
    """A draft thank-you note to edit and send after the interview."""

    model_config = ConfigDict(extra="forbid")

    text: str
    word_count: int = Field(ge=0)
    referenced_answer: int | None = Field(description="Number of the answer the note draws on, if any.")

    @property
    def placeholders(self) -> list[str]:
        """Bracketed gaps left for the user, like "[Your name]"."""
        return list(dict.fromkeys(_PLACEHOLDER.findall(self.text)))


def sentences(text: str) -> list[str]:
    """The text's sentences, each on one line."""
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def clip_words(text: str, limit: int) -> str:
    """At most ``limit`` words, ending on a comma when one is near the end, without a closing stop."""
    words = text.split()
    if len(words) <= limit:
        return text.rstrip(" .!?;:,")
    head = " ".join(words[:limit])
    comma = head.rfind(",")
    if comma > 0 and len(head[:comma].split()) >= limit // 2:
        head = head[:comma]
    return head.rstrip(" .!?;:,")


def _full_stop(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def example_from_story(story: Story) -> NoteExample:
    """A story's first situation sentence and its result sentence (the one with a number, if any)."""
    results = sentences(story.result) or [story.result]
    result = next((r for r in results if any(c.isdigit() for c in r)), results[0])
    return NoteExample(situation=(sentences(story.situation) or [story.situation])[0], result=result, title=story.title)


def example_from_turn(turn: TurnRecord) -> NoteExample | None:
    """The situation and result sentences of a spoken answer, when it has both."""
    spoken = turn.report.sentences
    situation = next((s.text for s in spoken if s.star == "S"), None)
    results = [s.text for s in spoken if s.star == "R"]
    result = next((r for r in results if any(c.isdigit() for c in r)), results[0] if results else None)
    if situation is None or result is None:
        return None
    return NoteExample(situation=situation, result=result)


def best_turn(session: SessionRecord) -> TurnRecord | None:
    """The answer the note should point back to: the best-scored main answer, else any answer."""
    for kinds in (("main",), ("main", "closing", "followup")):
        turns = [t for t in session.turns if t.kind in kinds and t.answer.strip()]
        if turns:
            return max(turns, key=lambda t: (t.report.score, -t.index))
    return None


def point_from_turn(turn: TurnRecord) -> str:
    """The question as a phrase from the candidate's side, e.g. "your question about a time I...", kept short."""
    phrase = question_reference(turn.question, turn.report.question_type)
    words = phrase.split()
    if len(words) <= POINT_MAX_WORDS:
        return phrase
    cut = " ".join(words[:POINT_MAX_WORDS]).rstrip(',;:.?!"') + "…"
    return cut + '"' if phrase.endswith('"') else cut


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z']+", text.lower()) if w not in _STOP and len(w) > 2}


def choose_story(stories: Sequence[Story], turn: TurnRecord | None) -> Story | None:
    """The library story closest to the answer the note points at: shared competencies, then shared words;
    ties go to a story whose result has a number in it, then to the oldest."""
    if not stories:
        return None
    top: set[str] = set()
    topic: set[str] = set()
    if turn is not None:
        ranked = sorted(turn.report.competencies.items(), key=lambda kv: -kv[1])
        top = {cid for cid, value in ranked[:2] if value > 0}
        topic = _words(turn.question)

    def rank(pair: tuple[int, Story]) -> tuple[int, int, int, int]:
        n, story = pair
        shared = len(top.intersection(story.competencies))
        overlap = len(topic & _words(f"{story.title} {story.summary} {story.situation}"))
        quantified = int(any(c.isdigit() for c in story.result))
        return (-shared, -overlap, -quantified, n)

    return min(enumerate(stories), key=rank)[1]


def _compose(
    values: dict[str, str], point: str | None, example: NoteExample | None, limit: int, extras: int, customers: bool
) -> str:
    s = load_note_sentences()
    middle = s.point.format(point=point) if point else s.point_missing
    if example is not None:
        shown = _full_stop(clip_words(example.situation, limit))
        result = _full_stop(clip_words(example.result, RESULT_MAX_WORDS))
        middle += " " + s.story.format(example=shown, result=result)
    else:
        middle += " " + s.story_missing
    bridge = (s.bridge_customers if customers else s.bridge).format(**values)
    body = [s.opening.format(**values) + " " + middle, " ".join([bridge, *s.extra[:extras]])]
    return "\n\n".join([s.greeting.format(**values), *body, s.closing, s.signoff.format(**values)])


def draft_note(
    *,
    company: str | None,
    point: str | None,
    example: NoteExample | None,
    interviewer: str | None = None,
    role: str = "customer support",
    customers: str | None = None,
    signature: str | None = None,
    referenced_answer: int | None = None,
) -> ThankYouNote:
    """A note of about 120-180 words: thanks, the specific point, the example and its result, a warm close.

    Anything not known (interviewer, company, point, example) is left as a [bracketed] gap to fill in.
    ``referenced_answer`` is the number of the session answer the point and example come from, if any.
    """
    values = {
        "interviewer": " ".join((interviewer or "").split()) or "[interviewer's name]",
        "company": " ".join((company or "").split()) or "[company]",
        "role": " ".join(role.split()) or "customer support",
        "customers": " ".join((customers or "").split()),
        "signature": " ".join((signature or "").split()) or "[Your name]",
    }
    extra_count = len(load_note_sentences().extra)
    text = ""
    for limit in _EXAMPLE_LIMITS:
        for extras in range(extra_count + 1):
            text = _compose(values, point, example, limit, extras, bool(values["customers"]))
            if MIN_WORDS <= len(text.split()) <= MAX_WORDS:
                return _note(text, referenced_answer)
            if len(text.split()) > MAX_WORDS:
                break
    return _note(text, referenced_answer)


def _note(text: str, referenced_answer: int | None) -> ThankYouNote:
    return ThankYouNote(text=text, word_count=len(text.split()), referenced_answer=referenced_answer)


def answer_number(session: SessionRecord, turn: TurnRecord) -> int:
    """The turn's number as the session report shows it (Q1, Q2, ...): its place in the order asked."""
    ordered = sorted(session.turns, key=lambda t: t.index)
    return next(n for n, asked in enumerate(ordered, start=1) if asked is turn)


def note_for_session(session: SessionRecord) -> ThankYouNote:
    """The note a session alone supports: its company, its best answer's topic, and that answer's example."""
    turn = best_turn(session)
    if turn is None:
        return draft_note(company=session.company, point=None, example=None)
    return draft_note(
        company=session.company,
        point=point_from_turn(turn),
        example=example_from_turn(turn),
        referenced_answer=answer_number(session, turn),
    )
