"""Read a job description (bounded, from a file or standard input) for the competencies and tools it stresses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from starcoach.analysis.phrases import find_in_text
from starcoach.content.loader import load_lexicons
from starcoach.errors import UserInputError
from starcoach.textfile import read_text_file

# Words employers use for each competency in customer-service job descriptions.
_COMPETENCY_WORDS: dict[str, tuple[str, ...]] = {
    "communication": (
        "communicat*",
        "written",
        "verbal",
        "clear*",
        "explain*",
        "articulate",
        "listening",
        "writing",
        "phone manner",
        "english",
    ),
    "patience": (
        "patien*",
        "calm",
        "pressure",
        "fast-paced",
        "fast paced",
        "stressful",
        "resilien*",
        "composure",
        "high-volume",
        "high volume",
    ),
    "empathy_problem_solving": (
        "empath*",
        "problem-solving",
        "problem solving",
        "resolv*",
        "troubleshoot*",
        "solution*",
        "customer-first",
        "customer first",
        "care",
        "caring",
    ),
    "time_tech": (
        "crm",
        "ticket*",
        "sla*",
        "multitask*",
        "prioriti*",
        "organi*",
        "time management",
        "software",
        "systems",
        "tools",
        "zendesk",
        "salesforce",
        "freshdesk",
        "typing",
        "kpi*",
        "metrics",
        "targets",
    ),
    "emotional_intelligence": (
        "de-escalat*",
        "deescalat*",
        "difficult customers",
        "emotional",
        "escalat*",
        "conflict",
        "tact*",
        "diplomac*",
        "angry",
        "upset",
        "sensitive",
    ),
}
MAX_JOB_DESCRIPTION_BYTES = 200_000
# A dense page of pasted text; used only to say how long the limit is in words people picture.
CHARS_PER_PAGE = 3_600
_TRIM_HINT = "Paste only the job description itself (the role, the duties and the requirements) and try again."


@dataclass(frozen=True)
class JobFocus:
    """Competencies a job description stresses (most mentioned first) and tools it names."""

    competencies: tuple[str, ...]
    tools: tuple[str, ...]


def focus_from_text(text: str) -> JobFocus:
    """Count each competency's words; keep those mentioned at least twice, or the top one."""
    lowered = " ".join(text.lower().split())
    counts = {cid: len(find_in_text(lowered, words)) for cid, words in _COMPETENCY_WORDS.items()}
    ranked = sorted((c for c in counts if counts[c]), key=lambda c: (-counts[c], c))
    chosen = [c for c in ranked if counts[c] >= 2] or ranked[:1]
    tools: list[str] = []
    # Each tool name is looked up in the original once, however often the job description repeats it.
    seen: set[str] = set()
    collapsed = " ".join(text.split())
    for start, end in find_in_text(lowered, load_lexicons().tools.products):
        found = lowered[start:end]
        if found in seen:
            continue
        seen.add(found)
        name = text_case(collapsed, found)
        if name not in tools:
            tools.append(name)
    return JobFocus(tuple(chosen), tuple(tools))


def text_case(collapsed: str, lowered_name: str) -> str:
    """The tool name as the description (with its whitespace collapsed) spells it."""
    match = re.search(re.escape(lowered_name), collapsed, re.I)
    return match.group(0) if match else lowered_name


def _too_long(where: str) -> UserInputError:
    pages = MAX_JOB_DESCRIPTION_BYTES // CHARS_PER_PAGE
    return UserInputError(
        f"the job description is over {MAX_JOB_DESCRIPTION_BYTES // 1000} kB (about {pages} pages); nothing was saved",
        where=where,
        hint=_TRIM_HINT,
    )


def check_job_description_text(text: str, where: str = "job description") -> str:
    """The job description's text, stripped; a clear error when it is empty or over the size limit."""
    if len(text.encode("utf-8")) > MAX_JOB_DESCRIPTION_BYTES:
        raise _too_long(where)
    stripped = text.strip()
    if not stripped:
        raise UserInputError("the job description is empty", where=where, hint="Paste the job description's text.")
    return stripped


def read_job_description_text(source: str | Path, stdin: BinaryIO | None = None) -> str:
    """A job description's text from a file, or from standard input for '-'; reads at most the limit plus one byte."""
    text, where = read_text_file(
        source,
        noun="job description",
        max_bytes=MAX_JOB_DESCRIPTION_BYTES,
        too_long=_too_long,
        binary_hint="Save the job description as a plain .txt file.",
        stdin=stdin,
    )
    return check_job_description_text(text, where)


def read_job_description(path: Path) -> JobFocus:
    """Read and analyse a job description file, with clear errors for bad files."""
    return focus_from_text(read_job_description_text(path))
