"""The Answer: text split once into sentences and tokens that every analyzer reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from starcoach.analysis._segment import split_sentences, tokenize


class QuestionType(str, Enum):
    """What a question asks for, which changes what a good answer looks like."""

    BEHAVIORAL = "behavioral"
    SITUATIONAL = "situational"
    CLASSIC = "classic"
    CLOSING = "closing"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the answer text, by character offsets (end exclusive)."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Token:
    """One word, number or punctuation mark."""

    text: str
    lower: str
    start: int
    end: int
    sentence: int

    @property
    def is_word(self) -> bool:
        """True for words and numbers, False for punctuation."""
        return self.text[0].isalnum()


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence with its token range in ``Answer.tokens``."""

    index: int
    start: int
    end: int
    text: str
    first_token: int
    last_token: int  # exclusive


@dataclass(frozen=True)
class Answer:
    """An answer to one interview question, segmented once."""

    text: str
    question: str | None
    question_type: QuestionType
    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]
    words_per_minute: float = 150.0
    _lower: str = field(default="", repr=False)

    @property
    def lower(self) -> str:
        """The answer text in lower case, same offsets as ``text``."""
        return self._lower

    def sentence_tokens(self, sentence: Sentence) -> tuple[Token, ...]:
        """Tokens of one sentence."""
        return self.tokens[sentence.first_token : sentence.last_token]

    def words(self) -> list[Token]:
        """Word and number tokens, no punctuation."""
        return [t for t in self.tokens if t.is_word]

    @property
    def word_count(self) -> int:
        """Words as a person would count them: whitespace-separated chunks."""
        return len(self.text.split())

    @property
    def estimated_seconds(self) -> float:
        """Spoken length at the stated speaking rate."""
        return round(self.word_count / self.words_per_minute * 60.0, 1)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing a character offset."""
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None


_BEHAVIORAL = re.compile(
    r"\b(tell me about a time|describe a (?:time|situation|moment|case)|give (?:me|us) an example"
    r"|share an example|walk me through a time|have you ever|when was the last time|"
    r"tell me about an? (?:occasion|experience|situation|mistake|customer)|talk about a time"
    r"|can you (?:recall|think of) a time|an example of when|what(?:'s| is| was) (?:a|an|the) (?:time|example))\b"
    # "Tell me about a problem you solved": a past verb addressed to the candidate.
    r"|\b(?:tell me about|describe|talk me through)\b[^?]*\byou(?:'ve| have)?\s+(?:\w+ed|had|made|did|took|got|"
    r"gave|faced|solved|troubleshot|dealt|went|felt|learned|learnt|received|handled|built|found|ran|met|led|won|lost)\b",
    re.I,
)
_SITUATIONAL = re.compile(
    r"\b(what would you do|how would you|what would you say|imagine|suppose|if a customer|"
    r"what if|say a customer|picture this)\b",
    re.I,
)
_CLOSING = re.compile(
    r"\b(any questions for (?:us|me)|questions (?:do you have|you'd like to ask)"
    r"|anything you(?:'d| would) like to ask|anything (?:else )?you want to ask)\b",
    re.I,
)


def infer_question_type(question: str | None) -> QuestionType:
    """Guess a question's type from its wording ("Tell me about a time" is behavioral...)."""
    if not question or not question.strip():
        return QuestionType.UNKNOWN
    if _CLOSING.search(question):
        return QuestionType.CLOSING
    if _BEHAVIORAL.search(question):
        return QuestionType.BEHAVIORAL
    if _SITUATIONAL.search(question):
        return QuestionType.SITUATIONAL
    return QuestionType.CLASSIC


def build_answer(
    text: str,
    question: str | None = None,
    question_type: QuestionType | None = None,
    words_per_minute: float = 150.0,
) -> Answer:
    """Segment ``text`` into sentences and tokens with offsets."""
    sentence_spans = split_sentences(text)
    token_spans = tokenize(text)
    lowered = _lower_same_length(text)
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    cursor = 0
    for index, (s_start, s_end) in enumerate(sentence_spans):
        while cursor < len(token_spans) and token_spans[cursor][0] < s_start:
            cursor += 1  # tokens between sentences (stray symbols) are dropped
        first = len(tokens)
        while cursor < len(token_spans) and token_spans[cursor][1] <= s_end:
            t_start, t_end = token_spans[cursor]
            piece = text[t_start:t_end]
            # Lower case with straight apostrophes, so "didn’t" and "didn't" are one word.
            tokens.append(Token(piece, lowered[t_start:t_end], t_start, t_end, index))
            cursor += 1
        sentences.append(Sentence(index, s_start, s_end, text[s_start:s_end], first, len(tokens)))
    return Answer(
        text=text,
        question=question,
        question_type=question_type or infer_question_type(question),
        sentences=tuple(sentences),
        tokens=tuple(tokens),
        words_per_minute=words_per_minute,
        _lower=lowered,
    )


def _lower_same_length(text: str) -> str:
    # str.lower() can lengthen some characters ("İ"), which would shift offsets;
    # curly apostrophes become straight ones so word lists match either.
    lowered = "".join(ch if len(low := ch.lower()) != 1 else low for ch in text)
    return lowered.translate(_APOSTROPHES)


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
