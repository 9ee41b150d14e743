"""Read a job description for the competencies and tools it stresses, to steer question choice."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from starcoach.analysis.phrase_match import find_in_text
from starcoach.content.loader import load_lexicons
from starcoach.errors import UserInputError
from starcoach.textfile import decode_text

# Words employers use for each competency in customer-service adverts.
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
    # Each tool name is looked up in the original once, however often the advert repeats it.
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


def read_job_description(path: Path) -> JobFocus:
    """Read and analyse a job description file, with clear errors for bad files."""
    where = str(path)
    if not path.exists():
        raise UserInputError("job description file not found", where=where, hint="Check the path.")
    if path.is_dir():
        raise UserInputError("this is a folder, not a job description file", where=where, hint="Give a text file.")
    try:
        data = path.read_bytes()[: MAX_JOB_DESCRIPTION_BYTES + 1]
    except OSError as exc:
        raise UserInputError(
            f"cannot read the job description ({exc.strerror})", where=where, hint="Check the file's permissions."
        ) from exc
    if len(data) > MAX_JOB_DESCRIPTION_BYTES:
        raise UserInputError("the job description is over 200 kB", where=where, hint="Paste just the advert's text.")
    text = decode_text(data, where, binary_hint="Save the job advert as a plain .txt file.")
    if not text.strip():
        raise UserInputError("the job description is empty", where=where, hint="Paste the advert's text into it.")
    return focus_from_text(text)
