"""What a job description stresses for the prep kit: its competencies and tools, and the support metrics it names.

Reading the text (bounded, from a file or standard input) and the competency and tool focus are shared with
`practice --job-description` in ``starcoach.interview.job_description``; the metrics are the prep kit's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis.phrases import find_in_text
from starcoach.interview.job_description import focus_from_text
from starcoach.prep.content import load_metrics


@dataclass(frozen=True)
class MetricMention:
    """A metric the job description names, and how often."""

    id: str
    name: str
    count: int


@dataclass(frozen=True)
class JobDescription:
    """What a job description stresses: competency ids (most stressed first), tool names, metrics."""

    competencies: tuple[str, ...]
    tools: tuple[str, ...]
    metrics: tuple[MetricMention, ...]

    @property
    def is_empty(self) -> bool:
        """True when nothing in the job description was recognised."""
        return not (self.competencies or self.tools or self.metrics)


def metrics_in(text: str) -> tuple[MetricMention, ...]:
    """The metrics the text mentions, most mentioned first (ties in the data file's order)."""
    lowered = " ".join(text.lower().split())
    found = [
        MetricMention(metric.id, metric.name, len(find_in_text(lowered, metric.phrases))) for metric in load_metrics()
    ]
    order = {metric.id: n for n, metric in enumerate(load_metrics())}
    return tuple(sorted((m for m in found if m.count), key=lambda m: (-m.count, order[m.id])))


def parse_job_description(text: str) -> JobDescription:
    """Competencies and tools (as `practice --job-description` reads them) plus the metrics."""
    focus = focus_from_text(text)
    return JobDescription(focus.competencies, focus.tools, metrics_in(text))
