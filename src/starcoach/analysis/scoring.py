"""The score rubric (docs/scoring.md) and the five competency values, each with its evidence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from starcoach.analysis.analyzers.rambling import WINDOW_SECONDS
from starcoach.analysis.answer import QuestionType, Span
from starcoach.analysis.signals import Signals

SCORING_VERSION = "score.v2"

# Points each part of the rubric is worth; they add up to 100.
STRUCTURE, SPECIFICS, OWNERSHIP, CUSTOMER, DELIVERY, COMPOSURE = 35.0, 15.0, 10.0, 15.0, 15.0, 10.0
PENALTIES = {"theoretical": 25.0, "blame": 20.0, "overconfident": 15.0, "rambling": 10.0}


@dataclass
class Part:
    """One rubric line while it is being computed."""

    part: str
    max_points: float
    share: float = 0.0
    reasons: list[str] = field(default_factory=list)

    def add(self, share: float, reason: str) -> None:
        """Credit a share of this part's points, saying why."""
        self.share += share
        self.reasons.append(reason)

    @property
    def points(self) -> float:
        """Points earned, never above the maximum."""
        return round(min(self.share, 1.0) * self.max_points, 1)


def length_fit(seconds: float) -> float:
    """1.0 inside the 60-120 s window, falling off on both sides."""
    low, high = WINDOW_SECONDS
    if seconds < low:
        return float(max(0.0, seconds / low) ** 1.5)
    if seconds > high:
        return max(0.0, 1.0 - (seconds - high) / high)
    return 1.0


def _structure(s: Signals) -> Part:
    qtype = s.answer.question_type
    if qtype is QuestionType.SITUATIONAL:
        return _steps(s)
    if qtype is QuestionType.CLASSIC:
        # "How do you handle stress?" may be answered with a story: credit whichever it is.
        story, substance = _story(s), _substance(s)
        return story if story.points > substance.points else substance
    return _story(s)


def _story(s: Signals) -> Part:
    """A behavioral answer: one real event told as situation, task, action, result."""
    part = Part("structure", STRUCTURE)
    star = s.star
    actions = len(star.sentences_with("A"))
    weights = {"S": 0.2, "T": 0.15, "A": 0.35, "R": 0.3}
    names = {"S": "situation", "T": "task", "A": "action", "R": "result"}
    for code, weight in weights.items():
        if star.has(code):
            depth = 1.0 if code != "A" else min(actions, 3) / 3
            part.add(
                weight * (0.5 + 0.5 * depth) if code == "A" else weight,
                f"has {'an' if code == 'A' else 'a'} {names[code]}",
            )
    return part


def _steps(s: Signals) -> Part:
    """A situational answer: steps in order, the reasons for them, and how it would end."""
    part = Part("structure", STRUCTURE)
    star = s.star
    actions = len(star.sentences_with("A"))
    if actions:
        part.add(min(actions, 4) / 4 * 0.5, f"{actions} action step(s)")
    if actions and s.reasons:
        part.add(0.1, "says why")
    if star.has("R"):
        part.add(0.25, "says how it would end or be followed up")
    if s.signposts.found and actions >= 2:
        part.add(0.15, "steps signposted in order")
    return part


def _substance(s: Signals) -> Part:
    """A general question (strengths, why this job, what service means): on topic, backed, substantial."""
    part = Part("structure", STRUCTURE)
    relevance = s.relevance
    if relevance >= 0.3:
        part.add(0.3 * min(1.0, (relevance - 0.3) / 0.25 + 0.4), "answers the question asked")
    if s.theoretical.event_sentences or s.specificity.quantified:
        part.add(0.35, "backs it with a real example or a figure")
    elif s.star.has("A"):
        part.add(0.15, "says what you do")
    part.add(0.35 * s.substance, f"{s.answer.word_count} words of substance")
    return part


def _specifics(s: Signals) -> Part:
    part = Part("specifics", SPECIFICS)
    figures = len(s.specificity.quantities)
    if figures:
        part.add(0.5 + 0.1 * min(figures - 1, 2), f"{figures} concrete figure(s)")
    if s.tools.products:
        part.add(0.2, "names a tool")
    if s.tools.practices:
        part.add(0.1, "names a working practice")
    return part


def _ownership(s: Signals) -> Part:
    part = Part("ownership", OWNERSHIP)
    if s.ownership.ownership:
        part.add(1.0, "says what they personally did")
    elif s.ownership.i_actions:
        part.add(0.4, "some first-person actions, but not in the story's steps")
    return part


def _customer(s: Signals) -> Part:
    part = Part("customer focus", CUSTOMER)
    if s.empathy.empathy:
        part.add(0.5, "acknowledges feelings")
    if s.listening.found:
        part.add(0.5, "listens and confirms")
    return part


def _delivery(s: Signals) -> Part:
    part = Part("delivery", DELIVERY)
    fit = length_fit(s.answer.estimated_seconds)
    part.add(0.45 * fit, f"length {s.answer.estimated_seconds:.0f} s against 60-120 s")
    # Credit for a flaw left out grows with what was said: ten words cannot earn it in full.
    if not s.filler_heavy:
        part.add(0.25 * s.substance, "few fillers")
    if s.hedging.per_100_words <= 3.0:
        part.add(0.15 * s.substance, "few hedges")
    if s.signposts.found:
        part.add(0.15, "signposts")
    return part


def _composure(s: Signals) -> Part:
    part = Part("composure", COMPOSURE)
    if s.calm_spans:
        part.add(0.4, "stays calm")
    if s.de_escalation_spans:
        part.add(0.3, "de-escalates or adapts")
    if s.escalation_spans and s.star.has("A"):
        part.add(0.2, "knows who to escalate to")
    if s.tone.warmth > 0.5 and not s.tone.grovelling:
        part.add(0.3, "warm tone")
    return part


@dataclass(frozen=True)
class ScoreLine:
    """A finished rubric line."""

    part: str
    points: float
    max_points: float
    reason: str


def _closing_score(s: Signals) -> list[ScoreLine]:
    asked = len(s.questions.questions)
    topics = len(s.questions.good_topics)
    question_points = 0.0 if not asked else 40.0 + 12.0 * min(asked - 1, 2)
    topic_points = min(topics, 5) * 6.0
    lines = [
        ScoreLine("questions asked", question_points, 64.0, f"{asked} question(s) for the interviewer"),
        ScoreLine("curiosity about the work", topic_points, 30.0, f"{topics} topic(s) about the job itself"),
    ]
    if s.listening.found:
        lines.append(ScoreLine("listening", 6.0, 6.0, "refers back to the conversation"))
    return lines


def score_lines(s: Signals) -> list[ScoreLine]:
    """Every rubric line, penalties included, for one answer."""
    if s.closing:
        return _closing_score(s)
    lines = [
        ScoreLine(p.part, p.points, p.max_points, "; ".join(p.reasons) or "nothing found")
        for p in (_structure(s), _specifics(s), _ownership(s), _customer(s), _delivery(s), _composure(s))
    ]
    confidence = flag_confidence(s)
    for flag, penalty in PENALTIES.items():
        if red_flags(s)[flag]:
            # Half the penalty at the detector's threshold, the full penalty when it is certain.
            share = 0.5 + 0.5 * confidence[flag]
            lines.append(
                ScoreLine(
                    f"red flag: {flag}",
                    -round(penalty * share, 1),
                    0.0,
                    f"minus {penalty * share:.0f} of {penalty:.0f} for {flag} "
                    f"({confidence[flag]:.0%} past the threshold)",
                )
            )
    return lines


def flag_confidence(s: Signals) -> dict[str, float]:
    """How far past its threshold each red-flag detector is, 0 (just past) to 1 (certain)."""
    models = s.models.flags
    raw = {
        "theoretical": (s.theoretical.confidence, models.answer["theoretical"].threshold),
        "rambling": (s.rambling.confidence, models.answer["rambling"].threshold),
        "blame": (s.blame.confidence, models.sentence["blame"].threshold),
        "overconfident": (s.overconfidence.confidence, models.sentence["overconfident"].threshold),
    }
    return {k: max(0.0, min(1.0, (p - t) / max(1.0 - t, 1e-6))) for k, (p, t) in raw.items()}


def red_flags(s: Signals) -> dict[str, bool]:
    """The red flags that cost points."""
    return {
        "theoretical": s.theoretical.theoretical,
        "blame": s.blame.blame,
        "overconfident": s.overconfidence.overconfident,
        "rambling": s.rambling.rambling,
    }


def total(lines: Iterable[ScoreLine]) -> float:
    """The overall score, 0-100."""
    return round(max(0.0, min(100.0, sum(line.points for line in lines))), 1)


@dataclass(frozen=True)
class CompetencyReason:
    """One contribution to a competency value."""

    reason: str
    weight: float
    spans: tuple[Span, ...]


def _credit(reasons: list[CompetencyReason], weight: float, reason: str, spans: Iterable[Span]) -> None:
    reasons.append(CompetencyReason(reason, weight, tuple(spans)))


def competency_evidence(s: Signals) -> dict[str, list[CompetencyReason]]:
    """For each of the five competencies, the signals that count toward it."""
    star_parts = sum(s.star.has(code) for code in "STAR")
    actions = s.star.sentences_with("A")
    story = bool(actions)
    out: dict[str, list[CompetencyReason]] = {key: [] for key in _COMPETENCIES}

    comm = out["communication"]
    if s.signposts.found:
        _credit(comm, 0.2, "signposts the answer", s.signposts.spans)
    if star_parts:
        _credit(comm, 0.35 * star_parts / 4, f"{star_parts} of 4 STAR parts", s.part_spans("R") or s.part_spans("A"))
    if s.listening.found:
        _credit(comm, 0.2, "confirms understanding", s.listening.spans)
    fit = length_fit(s.answer.estimated_seconds)
    if fit > 0 and not s.rambling.rambling:
        _credit(comm, 0.25 * fit, "fits the 60-120 s window", ())

    pat = out["patience"]
    if s.calm_spans:
        _credit(pat, 0.35, "stays calm", s.calm_spans)
    if story:
        _credit(pat, 0.4 * min(len(actions), 3) / 3, "steady sequence of actions", s.part_spans("A"))
    if story and not s.blame.blames_others:
        _credit(pat, 0.25, "no blame under pressure", ())

    emp = out["empathy_problem_solving"]
    if s.empathy.empathy:
        _credit(emp, 0.35, "acknowledges feelings", s.empathy.acknowledgements)
    if s.listening.found:
        _credit(emp, 0.25, "clarifies the issue", s.listening.spans)
    if story:
        _credit(emp, 0.2, "proposes or takes a fix", s.part_spans("A"))
    if s.star.has("R"):
        _credit(emp, 0.2, "reaches a result", s.part_spans("R"))

    tech = out["time_tech"]
    tool_spans = s.tools.products + s.tools.practices
    if tool_spans:
        _credit(tech, 0.2 if len(tool_spans) == 1 else 0.35, "names tools or practices", tool_spans)
    if s.prioritisation_spans:
        _credit(tech, 0.3, "prioritises under volume", s.prioritisation_spans)
    if s.specificity.quantified:
        _credit(tech, 0.2, "quantifies workload or outcome", [q.span for q in s.specificity.quantities])
    if story:
        _credit(tech, 0.15, "concrete steps", s.part_spans("A"))

    emo = out["emotional_intelligence"]
    if s.de_escalation_spans:
        _credit(emo, 0.3, "de-escalates or adapts tone", s.de_escalation_spans)
    if s.empathy.empathy:
        _credit(emo, 0.25, "reads the customer's feelings", s.empathy.acknowledgements)
    if s.escalation_spans and story:
        _credit(emo, 0.2, "chooses an escalation path", s.escalation_spans)
    if s.calm_spans:
        _credit(emo, 0.1, "keeps composure", s.calm_spans)
    if story and not (s.blame.blame or s.overconfidence.overconfident):
        _credit(emo, 0.15, "self-aware: no blame, no boasting", ())
    return out


_COMPETENCIES = ("communication", "patience", "empathy_problem_solving", "time_tech", "emotional_intelligence")


def competency_values(evidence: dict[str, list[CompetencyReason]], s: Signals) -> dict[str, float]:
    """Each competency 0-1: the sum of its credits, lowered by red flags that undercut it."""
    values = {}
    flags = red_flags(s)
    for key, reasons in evidence.items():
        value = sum(r.weight for r in reasons)
        if flags["blame"] and key in ("patience", "emotional_intelligence"):
            value -= 0.3
        if flags["rambling"] and key == "communication":
            value -= 0.3
        if flags["theoretical"]:
            value *= 0.6
        values[key] = round(max(0.0, min(1.0, value)), 2)
    return values
