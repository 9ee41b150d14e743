"""A pasted job advert: read it safely, and find the competencies, tools and metrics it stresses."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from starcoach.analysis.phrase_match import find_in_text
from starcoach.errors import UserInputError
from starcoach.interview.job_description import MAX_JOB_DESCRIPTION_BYTES, focus_from_text
from starcoach.prep.content import load_metrics
from starcoach.textfile import decode_text

# A dense page of pasted text; used only to say how long the limit is in words people picture.
CHARS_PER_PAGE = 3_600
_TRIM_HINT = "Paste only the advert itself (the role, the duties and the requirements) and try again."


@dataclass(frozen=True)
class MetricMention:
    """A metric the advert names, and how often."""

    id: str
    name: str
    count: int


@dataclass(frozen=True)
class JobAd:
    """What a job advert stresses: competency ids (most stressed first), tool names, metrics."""

    competencies: tuple[str, ...]
    tools: tuple[str, ...]
    metrics: tuple[MetricMention, ...]

    @property
    def is_empty(self) -> bool:
        """True when nothing in the advert was recognised."""
        return not (self.competencies or self.tools or self.metrics)


def metrics_in(text: str) -> tuple[MetricMention, ...]:
    """The metrics the text mentions, most mentioned first (ties in the data file's order)."""
    lowered = " ".join(text.lower().split())
    found = [
        MetricMention(metric.id, metric.name, len(find_in_text(lowered, metric.phrases))) for metric in load_metrics()
    ]
    order = {metric.id: n for n, metric in enumerate(load_metrics())}
    return tuple(sorted((m for m in found if m.count), key=lambda m: (-m.count, order[m.id])))


def parse_job_ad(text: str) -> JobAd:
    """Competencies and tools (as `practice --job-description` reads them) plus the metrics."""
    focus = focus_from_text(text)
    return JobAd(focus.competencies, focus.tools, metrics_in(text))


def _too_long(where: str) -> UserInputError:
    pages = MAX_JOB_DESCRIPTION_BYTES // CHARS_PER_PAGE
    return UserInputError(
        f"the job description is over {MAX_JOB_DESCRIPTION_BYTES // 1000} kB (about {pages} pages); nothing was saved",
        where=where,
        hint=_TRIM_HINT,
    )


def check_job_ad_text(text: str, where: str = "job description") -> str:
    """The advert text, stripped; a clear error when it is empty or over the size limit."""
    if len(text.encode("utf-8")) > MAX_JOB_DESCRIPTION_BYTES:
        raise _too_long(where)
    stripped = text.strip()
    if not stripped:
        raise UserInputError("the job description is empty", where=where, hint="Paste the advert's text into it.")
    return stripped


def read_job_ad(source: str, stdin: BinaryIO | None = None) -> str:
    """The advert's text from a file, or from standard input for '-'; reads at most the limit plus one byte."""
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        where = "standard input"
        data = stream.read(MAX_JOB_DESCRIPTION_BYTES + 1)
    else:
        path = Path(source)
        where = source
        if not path.exists():
            raise UserInputError("job description file not found", where=where, hint="Check the path.")
        if path.is_dir():
            raise UserInputError("this is a folder, not a job description file", where=where, hint="Give a text file.")
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_JOB_DESCRIPTION_BYTES + 1)
        except OSError as exc:
            raise UserInputError(
                f"cannot read the job description ({exc.strerror})", where=where, hint="Check the file's permissions."
            ) from exc
    if len(data) > MAX_JOB_DESCRIPTION_BYTES:
        raise _too_long(where)
    text = decode_text(data, where, binary_hint="Save the job advert as a plain .txt file.")
    return check_job_ad_text(text, where)
