"""analyze(): one answer in, one AnswerReport out. Pure and deterministic."""

from __future__ import annotations

from collections.abc import Iterable

from starcoach.analysis.answer import Answer, QuestionType, Span, build_answer
from starcoach.analysis.feedback import Item, compose
from starcoach.analysis.followups import suggest_followups
from starcoach.analysis.registry import Pipeline, default_pipeline
from starcoach.analysis.report import (
    AnswerReport,
    CompetencyEvidence,
    EvidenceSpan,
    FeedbackItem,
    Fillers,
    Finding,
    Flags,
    ReportSentence,
    ScorePart,
    StarPresence,
    Tone,
)
from starcoach.analysis.scoring import (
    SCORING_VERSION,
    competency_evidence,
    competency_values,
    red_flags,
    score_lines,
    total,
)
from starcoach.analysis.signals import Signals
from starcoach.errors import UserInputError

# About 20 minutes of speech: far beyond any interview answer, small enough to stay fast.
MAX_ANSWER_CHARS = 20_000


def check_answer_text(text: str, where: str | None = None) -> str:
    """Refuse text that cannot be an answer, with a line that says what to do instead."""
    if not text or not text.strip():
        raise UserInputError("the answer is empty", where=where, hint="Type or paste what you would say.")
    if "\x00" in text:
        raise UserInputError(
            "the answer contains NUL bytes, so it looks like a binary file", where=where, hint="Give a plain-text file."
        )
    if len(text) > MAX_ANSWER_CHARS:
        raise UserInputError(
            f"the answer is {len(text):,} characters long; the limit is {MAX_ANSWER_CHARS:,} "
            "(about 20 minutes of speech)",
            where=where,
            hint="Analyse one answer at a time.",
        )
    if not any(ch.isalpha() for ch in text):
        raise UserInputError("the answer has no words in it", where=where, hint="Type or paste what you would say.")
    return text


def _evidence(answer: Answer, spans: Iterable[Span]) -> list[EvidenceSpan]:
    return [EvidenceSpan(start=s.start, end=s.end, text=answer.text[s.start : s.end]) for s in spans]


def _findings(s: Signals) -> list[Finding]:
    a = s.answer
    rows = [
        ("specificity", "concrete figures", [q.span for q in s.specificity.quantities]),
        ("fillers", "filler words", [f.span for f in s.fillers.fillers]),
        ("hedging", "hedges", list(s.hedging.spans)),
        ("signposting", "signposts", list(s.signposts.spans)),
        ("tools", "tools and practices named", list(s.tools.products + s.tools.practices)),
        ("empathy", "acknowledgements of feeling", list(s.empathy.acknowledgements)),
        ("active_listening", "listening and confirming", list(s.listening.spans)),
        ("ownership", 'your own actions ("I ...")', list(s.ownership.i_actions)),
        ("ownership_we", 'team actions ("we ...")', list(s.ownership.we_actions)),
        ("blame", "blaming words", list(s.blame.blame_spans)),
        ("overconfidence", "boasts and absolutes", list(s.overconfidence.boasts + s.overconfidence.absolutes)),
        ("theoretical", "general talk", list(s.theoretical.generic_spans)),
        ("rambling", "asides and digressions", list(s.rambling.digressions)),
        ("tone_warm", "warm words", list(s.tone.warm_spans)),
        ("tone_cold", "curt words", list(s.tone.cold_spans)),
    ]
    if a.question_type is QuestionType.CLOSING:
        rows.append(("questions_asked", "your questions", list(s.questions.questions)))
    return [Finding(id=i, label=label, count=len(spans), evidence=_evidence(a, spans)) for i, label, spans in rows]


def _feedback(answer: Answer, items: list[Item]) -> list[FeedbackItem]:
    return [
        FeedbackItem(
            kind=item.kind,
            id=item.id,
            message=item.message,
            evidence=_evidence(answer, item.spans),
        )
        for item in items
    ]


def build_report(answer: Answer, s: Signals, pipeline: Pipeline, report_id: str | None) -> AnswerReport:
    """Turn analyzer signals into the report."""
    lines = score_lines(s)
    evidence = competency_evidence(s)
    items = compose(s)
    flags = red_flags(s)
    return AnswerReport(
        id=report_id,
        question=answer.question,
        question_type=answer.question_type.value,
        word_count=answer.word_count,
        estimated_seconds=answer.estimated_seconds,
        words_per_minute=answer.words_per_minute,
        sentences=[
            ReportSentence(text=sent.text, start=sent.start, end=sent.end, star=label, confidence=conf)
            for sent, label, conf in zip(answer.sentences, s.star.labels, s.star.confidence)
        ],
        star=StarPresence(**s.star.presence),
        flags=Flags(
            quantified=s.specificity.quantified,
            empathy=s.empathy.empathy,
            active_listening=s.listening.found,
            ownership=s.ownership.ownership,
            filler_heavy=s.filler_heavy,
            no_questions=s.questions.none_asked,
            **flags,
        ),
        fillers=Fillers(
            count=s.fillers.count,
            per_100_words=s.fillers.per_100_words,
            items=_evidence(answer, [f.span for f in s.fillers.fillers]),
        ),
        tone=Tone(warmth=s.tone.warmth, certainty=s.tone.certainty, grovelling=s.tone.grovelling),
        findings=_findings(s),
        competencies=competency_values(evidence, s),
        competency_evidence={
            key: [
                CompetencyEvidence(reason=r.reason, weight=round(r.weight, 3), evidence=_evidence(answer, r.spans))
                for r in reasons
            ]
            for key, reasons in evidence.items()
        },
        score=total(lines),
        score_breakdown=[
            ScorePart(part=x.part, points=x.points, max_points=x.max_points, reason=x.reason) for x in lines
        ],
        feedback=_feedback(answer, items),
        followups=suggest_followups(items),
        analyzers=list(pipeline.ids),
        scoring=SCORING_VERSION,
    )


def analyze(
    text: str,
    question: str | None = None,
    *,
    question_type: QuestionType | None = None,
    report_id: str | None = None,
    words_per_minute: float = 150.0,
    pipeline: Pipeline | None = None,
) -> AnswerReport:
    """Analyse one answer to one question and return the full report."""
    check_answer_text(text)
    answer = build_answer(text, question, question_type, words_per_minute)
    chosen = pipeline or default_pipeline()
    results = chosen.run(answer)
    return build_report(answer, Signals.from_results(answer, results), chosen, report_id)
