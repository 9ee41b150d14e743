"""Widen an evidence span to a whole phrase, so a quote never stops mid-clause ("I understood" -> "I understood
why she was angry")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from starcoach.analysis.answer import Span

# A quote ends where the clause does: at a comma, semicolon, colon, bracket, a sentence's end (a full stop
# that is not a decimal point), a dash set off by spaces, or a line break; never past the sentence.
_CLAUSE_END = re.compile(r"[,;:!?()\"\u201c\u201d]|\.(?!\d)|\s[-\u2013\u2014]+\s|\n")
_LEAD_INS = frozenset(
    "a an the of to and or but so as in on at for from with by that which who when than".split()
    + "my your his her our their".split()
)
_JOINERS = "'\u2019-"
_WORD = re.compile(r"\S+")
# A spoken clause can run on for a whole sentence; past this many words a quote stops growing.
MAX_QUOTE_WORDS = 12


def whole_phrase(text: str, span: Span, max_words: int = MAX_QUOTE_WORDS) -> Span:
    """``span`` carried on to the end of its clause, or to ``max_words`` words in all, ending on a whole word."""
    end = span.start + len(text[span.start : span.end].rstrip())
    if end == span.start or _CLAUSE_END.fullmatch(text, end - 1, end):
        return span  # Empty, or it already ends its clause (a whole sentence, say).
    # Finish a word the span stops inside ("refund" of "refunded", "follow" of "follow-up").
    while end < len(text) and (text[end].isalnum() or (text[end] in _JOINERS and text[end + 1 : end + 2].isalnum())):
        end += 1
    boundary = _CLAUSE_END.search(text, end)
    clause_end = boundary.start() if boundary else len(text)
    words_so_far = len(_WORD.findall(text, span.start, end))
    rest = list(_WORD.finditer(text, end, clause_end))
    room = max(0, max_words - words_so_far)
    if len(rest) <= room:
        end = clause_end
    elif room:
        # Cut short, a quote should not end on a word that only leads into the rest ("one of", "and the").
        kept = rest[:room]
        while kept and kept[-1].group().lower() in _LEAD_INS:
            kept.pop()
        end = kept[-1].end() if kept else end
    return Span(span.start, max(span.end, len(text[:end].rstrip())))


def whole_phrases(text: str, spans: Iterable[Span], max_words: int = MAX_QUOTE_WORDS) -> tuple[Span, ...]:
    """Each span widened by :func:`whole_phrase`, with spans that then overlap merged into the earlier one."""
    merged: list[Span] = []
    for span in spans:
        wide = whole_phrase(text, span, max_words)
        for i, kept in enumerate(merged):
            if wide.start < kept.end and kept.start < wide.end:
                merged[i] = Span(min(kept.start, wide.start), max(kept.end, wide.end))
                break
        else:
            merged.append(wide)
    return tuple(merged)
