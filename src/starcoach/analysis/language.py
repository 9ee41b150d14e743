"""language.v1: what each sentence means, in general terms the learned flag models read.

For every sentence: a meaning vector (distilled MiniLM, see ``_vectors``) and general
grammatical facts: who the subject is (the speaker, the team, the customer, someone
else), whether it is negated, hypothetical, habitual or past, quoted or asked, and
which of the project's word lists it touches. None of these is a verdict on its own;
``flag_model`` weighs them with weights learned from labelled answers by other hands.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from starcoach.analysis._grammar import (
    FILLER_SOUND_TEXT,
    HABITUAL,
    count_past,
    first_person_actions,
    spoken_tokens,
)
from starcoach.analysis._match import compile_phrases
from starcoach.analysis._vectors import word_vectors
from starcoach.analysis.answer import Answer, QuestionType, Sentence
from starcoach.analysis.registry import Results, analyzer
from starcoach.content.loader import load_lexicons

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Matrix = NDArray[np.float32]

_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
_NEGATION = frozenset(["not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "without", "cannot"])
_HYPOTHETICAL = frozenset(["would", "could", "should", "might", "i'd", "we'd", "you'd", "they'd", "if"])
_SUBJECTS = {
    "i": frozenset(["i", "i'd", "i've", "i'm", "i'll", "myself"]),
    "we": frozenset(["we", "we'd", "we've", "we're", "we'll", "us", "our"]),
    "you": frozenset(["you", "you'd", "you've", "you're", "you'll", "your"]),
    "they": frozenset(["he", "she", "they", "he'd", "she'd", "they'd", "they're", "he's", "she's", "them", "him"]),
}
_PARTIES = {
    "customer": re.compile(r"\b(?:customers?|callers?|clients?|guests?|passengers?|patients?|members?|shoppers?)\b"),
    "others": re.compile(
        r"\b(?:management|managers?|supervisors?|boss|colleagues?|co-?workers?|teammates?|departments?|"
        r"warehouse|carriers?|couriers?|(?:the|our) it(?: team| department)?|engineering|vendors?|suppliers?|"
        r"head office|corporate|company)\b"
    ),
    "system": re.compile(r"\b(?:systems?|software|tools?|crm|website|app|portal|computers?|network|servers?)\b"),
}
_COMPARATIVE = re.compile(
    r"\b(?:best|better than|than (?:anyone|anybody|most|everyone|the others?|the rest)|"
    r"most \w+|faster|nobody else|no one else|anyone else|the only one|always|never|everything|everyone|"
    r"anything|any customer|naturally|natural)\b"
)
# Quoted or reported speech: quote marks (an apostrophe inside a word is not one) or a verb of saying.
_QUOTE = re.compile(r"[\"\u201c\u201d]|(?<!\w)'[a-z]|\b(?:said|say|says|saying|told|tell|asked|ask|replied)\b")
_TIME_ANCHOR = re.compile(
    r"\b(?:last (?:year|month|week|winter|summer|spring|autumn|fall|christmas|quarter|night)|\w+ (?:years?|months?|"
    r"weeks?|days?) ago|one (?:day|time|morning|evening|night|shift)|once|back in|in (?:january|february|march|"
    r"april|may|june|july|august|september|october|november|december|20\d\d)|on (?:monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)|at my (?:last|previous|old|first) \w+|when i (?:was|worked))\b"
)
_LEXICON_GROUPS = (
    "empathy.acknowledge",
    "empathy.feelings",
    "active_listening.phrases",
    "blame.faults",
    "blame.targets",
    "overconfidence.boasts",
    "overconfidence.absolutes",
    "hedging.phrases",
)


@lru_cache(maxsize=1)
def _lexicon_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    lexicons = load_lexicons()
    out = []
    for name in _LEXICON_GROUPS:
        section, field = name.split(".")
        phrases = getattr(getattr(lexicons, section), field)
        out.append((name, compile_phrases(tuple(phrases))))
    return tuple(out)


@dataclass(frozen=True)
class SentenceMeaning:
    """One sentence's general features (name -> value) and its words without fillers."""

    features: dict[str, float]
    words: tuple[str, ...]


@dataclass(frozen=True)
class LanguageResult:
    """Per-sentence meaning vectors and features, the question's vector, and the answer's context."""

    sentences: tuple[SentenceMeaning, ...]
    vectors: Any  # (sentences, dims) float32
    question_vector: Any  # (dims,) float32, zeros without a question
    context: dict[str, float]  # answer_context(): read by every flag model, computed once

    def vector(self, index: int) -> Matrix:
        """The meaning vector of one sentence."""
        row: Matrix = self.vectors[index]
        return row


def _words(answer: Answer, sentence: Sentence) -> tuple[str, ...]:
    """The sentence's words, fillers left out."""
    return tuple(_WORD.findall(FILLER_SOUND_TEXT.sub(" ", answer.lower[sentence.start : sentence.end])))


def sentence_meaning(answer: Answer, sentence: Sentence) -> SentenceMeaning:
    """General features of one sentence."""
    words = _words(answer, sentence)
    raw = answer.lower[sentence.start : sentence.end]
    tokens = [t for t in spoken_tokens(answer.sentence_tokens(sentence), raw, sentence.start) if t.is_word]
    # Fillers dropped before any pattern is read, so "the um, best" is still "the best".
    lowered = FILLER_SOUND_TEXT.sub("", answer.lower[sentence.start : sentence.end])
    present = set(words)
    f: dict[str, float] = {}
    for name, forms in _SUBJECTS.items():
        if present & forms:
            f[f"who:{name}"] = 1.0
    for name, pattern in _PARTIES.items():
        if pattern.search(lowered):
            f[f"who:{name}"] = 1.0
    if first_person_actions(tokens):
        f["i:acts"] = 1.0
    if present & _NEGATION or any(w.endswith("n't") for w in words):
        f["neg"] = 1.0
    if present & _HYPOTHETICAL:
        f["mood:hypothetical"] = 1.0
    if present & HABITUAL:
        f["mood:habitual"] = 1.0
    past = count_past(tokens)
    if past:
        f["tense:past"] = min(past, 3) / 3
    if _QUOTE.search(lowered):
        f["quote"] = 1.0
    if "?" in lowered:
        f["asks"] = 1.0
    if _COMPARATIVE.search(lowered):
        f["comparative"] = 1.0
    if _TIME_ANCHOR.search(lowered):
        f["time_anchor"] = 1.0
    if any(ch.isdigit() for ch in lowered):
        f["digits"] = 1.0
    for name, pattern in _lexicon_patterns():
        if pattern.search(lowered):
            f[f"lex:{name}"] = 1.0
    f["len"] = min(len(words), 40) / 40
    # Two shapes a linear model cannot form from single features: praise of oneself, and a fault
    # laid on someone else (a party as subject with a negation or a blaming word).
    if f.get("who:i") and f.get("comparative"):
        f["shape:self_praise"] = 1.0
    others = any(f.get(k) for k in ("who:they", "who:others", "who:system", "who:customer"))
    if others and (f.get("neg") or f.get("lex:blame.faults")):
        f["shape:fault_elsewhere"] = 1.0
    return SentenceMeaning(f, words)


def answer_context(answer: Answer, meanings: Sequence[SentenceMeaning]) -> dict[str, float]:
    """Features of the whole answer that every sentence's model may read."""
    qtype = answer.question_type
    group = {
        QuestionType.BEHAVIORAL: "behavioral",
        QuestionType.SITUATIONAL: "situational",
        QuestionType.UNKNOWN: "unknown",
    }.get(qtype, "general")
    words = sum(len(m.words) for m in meanings)  # fillers left out: an "um" changes no meaning
    acted = sum(1 for m in meanings if m.features.get("i:acts") and m.features.get("tense:past"))
    return {
        f"q:{group}": 1.0,
        "answer:log_words": math.log1p(words) / math.log1p(400),
        "answer:past_i_acts": min(acted, 4) / 4,
        "answer:digits": 1.0 if any(m.features.get("digits") for m in meanings) else 0.0,
    }


@analyzer("language.v1", produces=LanguageResult)
def analyze_language(answer: Answer, _: Results) -> LanguageResult:
    """Meaning vectors and general features for every sentence."""
    import numpy as np

    table = word_vectors()
    meanings = tuple(sentence_meaning(answer, s) for s in answer.sentences)
    vectors = (
        np.stack([table.sentence(m.words) for m in meanings])
        if meanings
        else np.zeros((0, table.dims), dtype=np.float32)
    )
    question_words = re.findall(r"[a-z']+", (answer.question or "").lower().replace("\u2019", "'"))
    return LanguageResult(meanings, vectors, table.sentence(question_words), answer_context(answer, meanings))
