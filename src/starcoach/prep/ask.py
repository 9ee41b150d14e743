"""Questions to ask the interviewer, tailored to the company notes and the job description, each with its reason."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starcoach.competencies import COMPETENCY_PHRASES
from starcoach.prep.company import CompanyNotes
from starcoach.prep.content import AskTemplate, load_ask_templates
from starcoach.prep.job_description import JobDescription, MetricMention

MAX_QUESTIONS = 8
MIN_QUESTIONS = 6
# How many tailored questions of each kind, so one long job description cannot crowd out the rest.
_PER_KIND = {"fact": 2, "metric": 2, "tool": 1, "competency": 2}
_FACT_WORDS = 12


@dataclass(frozen=True)
class AskQuestion:
    """A question to ask, why it suits this interview, and what it was chosen for."""

    text: str
    why: str
    source: str  # "fact", "metric", "tool", "competency" or "general"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def first_item(text: str, words: int = _FACT_WORDS) -> str:
    """The first entry of a list the user typed ("a; b" or lines or commas), kept short, without end stops."""
    first = re.split(r"[;\n]|,\s+(?=\S)|\s+-\s+", text.strip(), maxsplit=1)[0]
    first = re.sub(r"^\s*(?:[-*\u2022]|\d+[.)])\s*", "", first)
    clipped = " ".join(first.split()[:words])
    return clipped.rstrip(" .!?;:,")


def lower_start(text: str) -> str:
    """Lower-case the first letter unless the first word looks like a name or an acronym."""
    word = text.split(" ", 1)[0]
    if len(word) > 1 and (word.isupper() or any(c.isupper() for c in word[1:])):
        return text
    return text[:1].lower() + text[1:]


def _fill(template: AskTemplate, values: dict[str, str], source: str) -> AskQuestion:
    return AskQuestion(template.text.format(**values), template.why.format(**values), source)


def _fact_questions(notes: CompanyNotes, templates: list[AskTemplate]) -> list[AskQuestion]:
    values = {
        "company": notes.company,
        "product": first_item(notes.product),
        "customers": lower_start(first_item(notes.customers)),
        "channels": " ".join(notes.channels.split()).rstrip(" ."),
        "pain_point": lower_start(first_item(notes.pain_points)),
    }
    order = ("pain_points", "channels", "product", "customers")
    chosen = [t for fact in order for t in templates if t.fact == fact and getattr(notes, fact).strip()]
    return [_fill(t, {**values, "mentions": ""}, "fact") for t in chosen]


def _metric_questions(metrics: tuple[MetricMention, ...], templates: list[AskTemplate]) -> list[AskQuestion]:
    out: list[AskQuestion] = []
    for metric in metrics:
        own = [t for t in templates if t.metric == metric.id] or [t for t in templates if t.metric == "any"]
        for template in own[:1]:
            out.append(_fill(template, {"metric": metric.name, "mentions": _times(metric.count)}, "metric"))
    return out


def _competency_questions(competencies: tuple[str, ...], templates: list[AskTemplate]) -> list[AskQuestion]:
    out: list[AskQuestion] = []
    for rank, competency in enumerate(competencies):
        mentions = (
            "the skill the job description stresses most"
            if rank == 0
            else "among the skills the job description stresses"
        )
        for template in templates:
            if template.competency == competency:
                values = {"mentions": mentions, "competency": COMPETENCY_PHRASES.get(competency, competency)}
                out.append(_fill(template, values, "competency"))
    return out


def questions_to_ask(
    notes: CompanyNotes | None, job: JobDescription | None, limit: int = MAX_QUESTIONS
) -> list[AskQuestion]:
    """Tailored questions first (company facts, metrics, tools, competencies), then general ones to fill up."""
    templates = list(load_ask_templates())
    tailored: dict[str, list[AskQuestion]] = {kind: [] for kind in _PER_KIND}
    if notes is not None:
        tailored["fact"] = _fact_questions(notes, templates)
    if job is not None:
        tailored["metric"] = _metric_questions(job.metrics, templates)
        tailored["tool"] = [
            _fill(t, {"tool": job.tools[0], "mentions": ""}, "tool") for t in templates if t.tool and job.tools
        ]
        tailored["competency"] = _competency_questions(job.competencies, templates)
    chosen = [q for kind, cap in _PER_KIND.items() for q in tailored[kind][:cap]]
    covered = {
        "metric": bool(tailored["metric"]),
        "tool": bool(tailored["tool"]),
        "escalation": any("escalation" in q.text.lower() for q in chosen),
    }
    general = [
        _fill(t, {}, "general") for t in templates if t.general and not (t.unless and covered.get(t.unless, False))
    ]
    # Tailored questions come first; general ones fill the list to at least MIN_QUESTIONS, and the
    # last general question (next steps) is always kept, since every interview should end with it.
    room = max(limit - len(chosen), MIN_QUESTIONS - len(chosen), 1)
    fillers = [*general[: room - 1], general[-1]] if len(general) > room else general
    return [*chosen, *fillers][: max(limit, MIN_QUESTIONS)]
