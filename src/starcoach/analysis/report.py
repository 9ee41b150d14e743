"""AnswerReport: the one model every view renders; its JSON honours the answer-report contract."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, field_validator, model_serializer
from pydantic.config import JsonDict
from pydantic.json_schema import SkipJsonSchema

from starcoach.competencies import COMPETENCY_IDS

StarLabel = Literal["S", "T", "A", "R", "O"]
Share = Annotated[float, Field(ge=0, le=1)]


def _no_null_default(schema: JsonDict) -> None:
    """A field left out of the JSON when it is None has no null default in the schema either."""
    schema.pop("default", None)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvidenceSpan(_Model):
    """Words in the answer that earned a finding: offsets and the quoted text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class ReportSentence(_Model):
    """A sentence with its STAR label."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    star: StarLabel
    confidence: float = Field(ge=0, le=1)


class StarPresence(_Model):
    """Which STAR parts the answer has."""

    situation: bool
    task: bool
    action: bool
    result: bool


class Flags(_Model):
    """Each flag is true when the answer shows it."""

    quantified: bool
    blame: bool
    theoretical: bool
    rambling: bool
    overconfident: bool
    empathy: bool
    active_listening: bool
    ownership: bool
    filler_heavy: bool
    no_questions: bool


class Fillers(_Model):
    """Filler words with where they are."""

    count: int = Field(ge=0)
    per_100_words: float = Field(ge=0)
    items: list[EvidenceSpan]


class Tone(_Model):
    """Warmth and certainty signals, 0-1."""

    warmth: float = Field(ge=0, le=1)
    certainty: float = Field(ge=0, le=1)
    grovelling: bool


class Finding(_Model):
    """One signal an analyzer measured, with the words behind it."""

    id: str
    label: str
    count: int = Field(ge=0)
    evidence: list[EvidenceSpan]


class ScorePart(_Model):
    """A line of the score rubric: points earned out of the maximum, and why."""

    part: str
    points: float
    max_points: float
    reason: str


class CompetencyEvidence(_Model):
    """Why a competency got its value: each contributing signal and its words."""

    reason: str
    weight: float
    evidence: list[EvidenceSpan]


class FeedbackItem(_Model):
    """A strength or a fix, pointing at the words it is about."""

    kind: Literal["strength", "fix", "red_flag"]
    id: str
    message: str
    evidence: list[EvidenceSpan]


class Pause(_Model):
    """A silence between stretches of speech, in seconds from the start of the recording."""

    start: float = Field(ge=0)
    end: float = Field(ge=0)
    duration: float = Field(ge=0)
    # A mid-answer silence long enough for a listener to wonder whether the speaker is lost.
    long: bool


class TimedFiller(_Model):
    """A filler word heard in a recording, with when it was said."""

    text: str
    start: float = Field(ge=0)
    end: float = Field(ge=0)


class DeliveryNote(_Model):
    """One delivery metric in plain words: its good range and where this answer sits."""

    metric: str
    status: Literal["good", "fix", "info"]
    good_range: str
    text: str


class Delivery(_Model):
    """How a spoken answer sounded: pace, pauses, fillers, start, length, pitch and loudness."""

    duration_seconds: float = Field(ge=0)
    recording_seconds: float = Field(ge=0)
    speaking_seconds: float = Field(ge=0)
    # Words per minute without fillers (what the pace advice reads), and counting them; reports stored
    # before fillers were left out of the pace have no second figure.
    wpm: float = Field(ge=0)
    articulation_wpm: float = Field(ge=0)
    wpm_with_fillers: float | None = Field(default=None, ge=0)
    pauses: list[Pause]
    long_pauses: list[Pause]
    longest_pause: float = Field(ge=0)
    time_to_first_word: float = Field(ge=0)
    fillers: list[TimedFiller]
    instant_filler: bool
    pitch_median_hz: float | None
    pitch_variation: float | None
    monotone: bool | None
    loudness_variation_db: float | None
    uneven_loudness: bool | None
    explanations: list[DeliveryNote]


class AnswerReport(_Model):
    """Everything StarCoach says about one answer."""

    id: str | None
    question: str | None
    question_type: str
    word_count: int = Field(ge=0)
    estimated_seconds: float = Field(ge=0)
    words_per_minute: float = Field(gt=0)
    sentences: list[ReportSentence]
    star: StarPresence
    flags: Flags
    fillers: Fillers
    tone: Tone | None
    findings: list[Finding]
    # Every competency is always there (0 when the answer shows nothing of it), so the schema
    # can promise the five keys that report readers index by name.
    competencies: dict[str, Share] = Field(json_schema_extra={"required": list(COMPETENCY_IDS)})
    competency_evidence: dict[str, list[CompetencyEvidence]]
    score: float = Field(ge=0, le=100)
    score_breakdown: list[ScorePart]
    feedback: list[FeedbackItem]
    followups: list[str]
    analyzers: list[str]
    scoring: str
    # Only for spoken answers; typed answers leave them out of the JSON entirely (the contract
    # types them as object and string, so a null there would not validate), and the schema says so.
    transcript: str | SkipJsonSchema[None] = Field(default=None, json_schema_extra=_no_null_default)
    delivery: Delivery | SkipJsonSchema[None] = Field(default=None, json_schema_extra=_no_null_default)

    @field_validator("competencies")
    @classmethod
    def _every_competency(cls, values: dict[str, float]) -> dict[str, float]:
        missing = [c for c in COMPETENCY_IDS if c not in values]
        if missing:
            raise ValueError(f"competencies lack {', '.join(missing)}")
        return values

    @model_serializer(mode="wrap")
    def _omit_absent_speech(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        for key in ("transcript", "delivery"):
            if data.get(key, "") is None:
                del data[key]
        return data
