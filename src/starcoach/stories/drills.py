"""The two story drills: the 60-second competency sweep, and telling a story again to compare."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from starcoach.content.models import COMPETENCY_IDS
from starcoach.stories.models import STAR_PARTS, Story

if TYPE_CHECKING:
    from starcoach.analysis.report import AnswerReport

DRILL_SECONDS = 60.0
# Evidenced means the engine found words for the competency and at least two of its signals, or one
# strong one (a minute is too short to earn them all; a lone generic signal scores 0.15-0.25).
EVIDENCED_AT = 0.35
SWEEP_QUESTION = (
    "In one minute, using your story '{title}', show how it demonstrates communication, patience under "
    "pressure, empathy and problem-solving, time management and tools, and emotional intelligence."
)


@dataclass(frozen=True)
class CompetencyVerdict:
    """Whether the drill answer showed one competency, and the words that showed it."""

    competency: str
    value: float
    evidenced: bool
    words: tuple[str, ...]


@dataclass(frozen=True)
class SweepResult:
    """The 60-second drill: per competency, evidenced or not, and whether time ran out."""

    story_title: str
    seconds: float
    over_time: bool
    verdicts: tuple[CompetencyVerdict, ...]
    report: AnswerReport

    @property
    def evidenced(self) -> tuple[str, ...]:
        """The competencies the answer showed."""
        return tuple(v.competency for v in self.verdicts if v.evidenced)


def sweep_question(story: Story) -> str:
    """What the 60-second drill asks."""
    return SWEEP_QUESTION.format(title=story.title)


def judge_sweep(story: Story, text: str, seconds: float, words_per_minute: float = 150.0) -> SweepResult:
    """Analyse a 60-second drill answer and mark each competency evidenced or missing."""
    from starcoach.analysis.answer import QuestionType
    from starcoach.analysis.engine import analyze

    report = analyze(
        text, sweep_question(story), question_type=QuestionType.BEHAVIORAL, words_per_minute=words_per_minute
    )
    verdicts = []
    for cid in COMPETENCY_IDS:
        evidence = report.competency_evidence.get(cid, [])
        # Short phrases first: "Salesforce" says more about why than a whole sentence does.
        words = tuple(sorted(dict.fromkeys(span.text for item in evidence for span in item.evidence), key=len))
        value = report.competencies.get(cid, 0.0)
        verdicts.append(CompetencyVerdict(cid, value, value >= EVIDENCED_AT and bool(words), words))
    return SweepResult(story.title, seconds, seconds > DRILL_SECONDS, tuple(verdicts), report)


@dataclass(frozen=True)
class ComparisonRow:
    """One measure of the first and second telling, and which way it moved."""

    measure: str
    first: str
    second: str
    change: str


def _signed(delta: float, unit: str = "") -> str:
    return "same" if abs(delta) < 0.05 else f"{delta:+.1f}{unit}"


def compare_tellings(first: AnswerReport, second: AnswerReport) -> list[ComparisonRow]:
    """Side by side: score, length, each STAR part, each competency and the red flags raised."""
    rows = [
        ComparisonRow("score", f"{first.score:.0f}", f"{second.score:.0f}", _signed(second.score - first.score)),
        ComparisonRow("words", str(first.word_count), str(second.word_count), _words(first, second)),
        ComparisonRow(
            "spoken length",
            f"{first.estimated_seconds:.0f} s",
            f"{second.estimated_seconds:.0f} s",
            _signed(second.estimated_seconds - first.estimated_seconds, " s"),
        ),
    ]
    for part in STAR_PARTS:
        had, has = _present(first, part), _present(second, part)
        change = "same" if had == has else ("added" if has else "lost")
        rows.append(ComparisonRow(part, "yes" if had else "no", "yes" if has else "no", change))
    for cid in COMPETENCY_IDS:
        a, b = first.competencies.get(cid, 0.0), second.competencies.get(cid, 0.0)
        rows.append(ComparisonRow(cid, f"{a:.2f}", f"{b:.2f}", "same" if abs(b - a) < 0.005 else f"{b - a:+.2f}"))
    flags_a, flags_b = set(_flag_ids(first)), set(_flag_ids(second))
    rows.append(
        ComparisonRow(
            "red flags",
            ", ".join(sorted(flags_a)) or "none",
            ", ".join(sorted(flags_b)) or "none",
            _flag_change(flags_a, flags_b),
        )
    )
    return rows


def _words(first: AnswerReport, second: AnswerReport) -> str:
    delta = second.word_count - first.word_count
    return "same" if delta == 0 else f"{delta:+d}"


def _present(report: AnswerReport, part: str) -> bool:
    return bool(getattr(report.star, part))


def _flag_ids(report: AnswerReport) -> list[str]:
    return [item.id for item in report.feedback if item.kind == "red_flag"]


def _flag_change(before: set[str], after: set[str]) -> str:
    gone, new = sorted(before - after), sorted(after - before)
    parts = [f"dropped {', '.join(gone)}"] if gone else []
    parts += [f"new {', '.join(new)}"] if new else []
    return "; ".join(parts) or "same"
