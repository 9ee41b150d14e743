"""Split text into tokens and sentences, keeping character offsets into the original."""

from __future__ import annotations

import re

# Words keep inner apostrophes and hyphens ("didn't", "follow-up"); numbers keep
# separators and a trailing percent sign ("1,200", "4.5", "96%").
_TOKEN = re.compile(
    r"\d+(?:[.,:]\d+)*(?:%|st|nd|rd|th)?"
    r"|[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*"
    r"|[^\w\s]",
)

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "prof",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "u.s",
        "u.k",
        "approx",
        "dept",
        "inc",
        "ltd",
        "co",
        "no",
    ]
)

_TERMINATOR = re.compile(r"[.!?\u2026]+")
_CLOSERS = "\"')]\u201d\u2019"
_OPENERS = "\"'([\u201c\u2018"
_RUN_ON_WORDS = 60
# Speech transcripts come with few full stops: past this many words per stop, every stretch
# is split at its clause joins, as a listener hears the breaks.
_TRANSCRIPT_WORDS_PER_STOP = 25
_FILLER = r"(?:um+|uh+|er|erm|like|you know|yeah|honestly|basically|well|okay|ok)"
_CLAUSE_START = (
    r"(?:i|i'd|i'm|i've|i'll|she|he|they|we|it|you|my|our|his|her|their|there|that's|this|everyone|everybody|"
    r"nobody|the (?:customer|caller|guest|client|passenger|patient|manager|supervisor|system|team|next)|"
    r"after that|afterwards|then|one time|in the end|eventually|finally|since then|now|later)"
)
# A new clause: a joining word, optional fillers, then something that starts a clause.
_CLAUSE_JOIN = re.compile(
    rf"[,;]?\s+(?=(?:and|so|but|then|and then|and so|so then|but then|and after that|after that)\s+"
    rf"(?:{_FILLER}[,\s]+)*{_CLAUSE_START}\b)",
    re.I,
)
_MIN_CLAUSE_WORDS = 4
# Without full stops a new sentence often starts with the speaker and no joining word at all
# ("...charged twice my job was to find it i let her finish..."): break before "I" or "my job"
# unless the word before it ties it to what came before ("that", "told her", "because").
_DETERMINERS = frozenset("the a an any every each this that these those some no all which whatever".split())
_TIME_NOUNS = frozenset("day week month year morning afternoon evening night time shift weekend".split())
_BARE_START = re.compile(r"\s+(?=(?:i|my (?:job|task|goal|role|aim|responsibility|priority))\b(?!'))", re.I)
_TIES = frozenset(
    "that when because if so and but then as since where while which who what how why whether said say says "
    "told tell think thought knew know felt feel hope sure guess mean meant saw see realised realized noticed "
    "heard her him them me you us it before after until once than like um uh er erm".split()
)


def tokenize(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of every token in ``text``."""
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans between paired double quotes, where a full stop does not end the sentence."""
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch == "\u201c" or (ch == '"' and open_at is None):
            open_at = i
        elif (ch == "\u201d" or ch == '"') and open_at is not None:
            regions.append((open_at, i))
            open_at = None
    return regions


def _inside(pos: int, after: int, regions: list[tuple[int, int]]) -> bool:
    # A stop just before the closing quote ("...again." She) still ends the sentence.
    return any(start < pos and after <= end for start, end in regions)


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    return text[start:end].lower().strip(".")


def _is_boundary(text: str, term_start: int, after: int, regions: list[tuple[int, int]]) -> bool:
    if _inside(term_start, after, regions):
        return False
    nxt = text[after:].lstrip()
    if after > term_start + 1 and text[after - 1] in '"\u201d' and nxt[:1].islower():
        return False  # a quoted question or exclamation mid-sentence: ?" so we...
    if text[term_start] == "." and _word_before(text, term_start) in _ABBREVIATIONS:
        # After an abbreviation only a capitalised word starts a new sentence.
        nxt = text[after:].lstrip(_OPENERS + " \t\n")
        return bool(nxt) and nxt[0].isupper() and not nxt.startswith("I ")
    return True


def _raw_sentences(text: str) -> list[tuple[int, int]]:
    regions = _quoted_regions(text)
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _TERMINATOR.finditer(text):
        end = match.end()
        while end < len(text) and text[end] in _CLOSERS:
            end += 1
        at_text_end = end >= len(text) or not text[end:].strip()
        if not at_text_end and not text[end].isspace():
            continue  # "4.5", "e.g.x", "?!" inside a word
        if at_text_end or _is_boundary(text, match.start(), end, regions):
            spans.append((start, end))
            start = end
    spans.append((start, len(text)))
    return spans


def _split_run_on(text: str, start: int, end: int, transcript: bool) -> list[tuple[int, int]]:
    """Break a long or unpunctuated stretch at its clause joins ("... and then i called ...")."""
    if not transcript and len(text[start:end].split()) <= _RUN_ON_WORDS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    cursor = start
    cuts = [m.end() for m in _CLAUSE_JOIN.finditer(text, start, end)]
    if transcript:
        cuts += [m.end() for m in _BARE_START.finditer(text, start, end) if _starts_clause(text, m.start())]
    for cut in sorted(set(cuts)):
        if len(text[cursor:cut].split()) >= _MIN_CLAUSE_WORDS and len(text[cut:end].split()) >= _MIN_CLAUSE_WORDS:
            pieces.append((cursor, cut))
            cursor = cut
    pieces.append((cursor, end))
    return pieces


def _starts_clause(text: str, at: int) -> bool:
    """Whether "I" at ``at`` begins a new clause rather than continuing one ("any team i join")."""
    words = text[max(0, at - 60) : at].lower().split()
    before = words[-1].strip(",;:") if words else ""
    if before in _TIES:
        return False
    # "the way i do", "any team i join": a noun after a determiner takes "I" as a relative clause,
    # except a time ("that week i found...").
    two_back = words[-2] if len(words) >= 2 else ""
    return two_back not in _DETERMINERS or before in _TIME_NOUNS


def looks_transcribed(text: str) -> bool:
    """Sparse full stops over many words: text a speech recogniser wrote, or typed like speech."""
    words = len(text.split())
    stops = len(_TERMINATOR.findall(text))
    return words >= 20 and words / max(stops, 1) > _TRANSCRIPT_WORDS_PER_STOP


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence, trimmed of surrounding whitespace."""
    result: list[tuple[int, int]] = []
    transcript = looks_transcribed(text)
    for start, end in _raw_sentences(text):
        for piece_start, piece_end in _split_run_on(text, start, end, transcript):
            chunk = text[piece_start:piece_end]
            stripped = chunk.strip()
            if not stripped or not any(ch.isalnum() for ch in stripped):
                continue
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            result.append((piece_start + lead, piece_end - trail))
    return result
