"""An answer cut into pieces for the feedback page: its sentences by STAR part, and the words flagged.

Nothing here makes HTML: the template walks the pieces and Jinja escapes every one of them.
Pieces are cut at every evidence boundary, so the page's script can light up exactly the words a
feedback item points at by comparing offsets.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from starcoach.analysis.report import AnswerReport, EvidenceSpan, ReportSentence
from starcoach.report.style import STAR_NAMES

Mark = str  # "flag" (a red flag's or fix's words) or "filler"


@dataclass(frozen=True)
class Piece:
    """A stretch of the answer with the same marks throughout; offsets index the answer text."""

    start: int
    end: int
    text: str
    marks: frozenset[Mark]


@dataclass(frozen=True)
class Block:
    """A sentence (with its STAR part) or the text between sentences (``star`` None)."""

    star: str | None
    name: str | None
    pieces: tuple[Piece, ...]


def clamp(span: EvidenceSpan | ReportSentence, length: int) -> tuple[int, int] | None:
    """A span's offsets kept inside the answer; None when nothing is left of it."""
    start, end = max(0, min(length, span.start)), max(0, min(length, span.end))
    return (start, end) if end > start else None


def evidence_attr(spans: Iterable[EvidenceSpan], length: int) -> str:
    """Spans as the page's ``data-evidence`` value, "start-end;start-end", offsets kept in the answer."""
    kept = (clamp(span, length) for span in spans)
    return ";".join(f"{a}-{b}" for a, b in (k for k in kept if k is not None))


def _sentences(report: AnswerReport, length: int) -> list[tuple[int, int, str]]:
    """Sentences in order, overlaps dropped, as (start, end, STAR label)."""
    kept: list[tuple[int, int, str]] = []
    for sentence in sorted(report.sentences, key=lambda s: s.start):
        span = clamp(sentence, length)
        if span is not None and (not kept or span[0] >= kept[-1][1]):
            kept.append((span[0], span[1], sentence.star))
    return kept


def _marked_spans(
    report: AnswerReport, length: int, sentences: Sequence[tuple[int, int, str]]
) -> list[tuple[int, int, Mark]]:
    """The spans to mark: fillers, and red-flag or fix words narrower than a whole sentence.

    A fix such as "too short" quotes the whole answer; marking it would paint everything, so spans
    that cover a sentence are left to the hover highlight instead.
    """
    marked: list[tuple[int, int, Mark]] = []
    for filler in report.fillers.items:
        span = clamp(filler, length)
        if span is not None:
            marked.append((span[0], span[1], "filler"))
    for item in report.feedback:
        if item.kind == "strength":
            continue
        for evidence in item.evidence:
            span = clamp(evidence, length)
            if span is not None and not any(span[0] <= a and b <= span[1] for a, b, _ in sentences):
                marked.append((span[0], span[1], "flag"))
    return marked


def _all_evidence(report: AnswerReport) -> list[EvidenceSpan]:
    spans = [e for item in report.feedback for e in item.evidence]
    spans.extend(report.fillers.items)
    spans.extend(e for reasons in report.competency_evidence.values() for r in reasons for e in r.evidence)
    return spans


def _cut(
    text: str, start: int, end: int, cuts: Sequence[int], marked: Sequence[tuple[int, int, Mark]]
) -> tuple[Piece, ...]:
    """[start, end) cut at every boundary inside it, each piece with the marks covering it."""
    points = [start, *(c for c in cuts if start < c < end), end]
    pieces = []
    for a, b in itertools.pairwise(points):
        marks = frozenset(kind for s, e, kind in marked if s <= a and b <= e)
        pieces.append(Piece(a, b, text[a:b], marks))
    return tuple(pieces)


def answer_blocks(answer: str, report: AnswerReport) -> list[Block]:
    """The answer as blocks of pieces, every character once, in order."""
    length = len(answer)
    sentences = _sentences(report, length)
    marked = _marked_spans(report, length, sentences)
    cuts = sorted(
        {p for span in _all_evidence(report) if (k := clamp(span, length)) is not None for p in k}
        | {p for a, b, _ in marked for p in (a, b)}
    )
    blocks: list[Block] = []
    cursor = 0
    for start, end, star in sentences:
        if start > cursor:
            blocks.append(Block(None, None, _cut(answer, cursor, start, cuts, marked)))
        blocks.append(Block(star, STAR_NAMES.get(star, star), _cut(answer, start, end, cuts, marked)))
        cursor = end
    if cursor < length:
        blocks.append(Block(None, None, _cut(answer, cursor, length, cuts, marked)))
    return blocks
