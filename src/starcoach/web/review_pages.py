"""The pages for looking back: one answer's feedback, the history with progress, and a session's report.

Every page reads the session through ``SessionService.open``, so another browser's session is a
plain 404. User text reaches the templates as data and is escaped there; the only markup passed in
is SVG built from numbers and escaped labels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from starcoach.content.models import COMPETENCY_IDS
from starcoach.errors import NotFound
from starcoach.report import formatting as fmt
from starcoach.report.charts import radar_svg, trend_svg
from starcoach.report.style import COMPETENCY_NAMES, STAR_NAMES
from starcoach.session_records import SessionRecord, TurnRecord
from starcoach.web.pages import render
from starcoach.web.review_markup import answer_blocks, evidence_attr
from starcoach.web.sessions import sessions_of

if TYPE_CHECKING:
    from starcoach.analysis.report import AnswerReport

router = APIRouter(include_in_schema=False)

STATUS_LABELS = {"in_progress": "in progress", "finished": "finished"}


def _turn(session: SessionRecord, index: str) -> TurnRecord:
    """The turn at ``index`` (as typed in the address), or a friendly 404."""
    hint = "Pick an answer from the session's report."
    if not index.isdigit() or len(index) > 6:
        raise NotFound(f"'{index[:20]}' is not an answer number", hint=hint)
    found = next((t for t in session.turns if t.index == int(index)), None)
    if found is None:
        count = len(session.turns)
        raise NotFound(f"this session has {count} answer{'' if count == 1 else 's'}, not {int(index) + 1}", hint=hint)
    return found


def trusted_svg(svg: str) -> Markup:
    """A chart from ``report.charts`` as markup: those build SVG from numbers and escape every label."""
    return Markup(svg)


def _radar(report: AnswerReport) -> Markup:
    values = {COMPETENCY_NAMES[c]: report.competencies.get(c, 0.0) for c in COMPETENCY_IDS}
    return trusted_svg(radar_svg(values, standalone=False))


@router.get("/sessions/{session_id}/turns/{index}", response_class=HTMLResponse)
def feedback_page(session_id: str, index: str, request: Request) -> HTMLResponse:
    """One answer's feedback: the answer by STAR part, what to keep and fix, competencies, delivery."""
    from starcoach.report.session import answer_entry
    from starcoach.speech.delivery import clock
    from starcoach.web.review_charts import pace_svg, pauses_svg

    session = sessions_of(request).open(session_id, request.state.owner)
    turn = _turn(session, index)
    report, length = turn.report, len(turn.answer)
    # A follow-up is judged on the gap it asked about, as the session report judges it, not as a whole answer.
    entry = answer_entry(session, turn.index)
    feedback = [(item, evidence_attr(item.evidence, length)) for item in entry.feedback]
    competencies = [
        {
            "name": COMPETENCY_NAMES[c],
            "value": report.competencies.get(c, 0.0),
            "reasons": report.competency_evidence.get(c, []),
            "evidence": evidence_attr((e for r in report.competency_evidence.get(c, []) for e in r.evidence), length),
        }
        for c in COMPETENCY_IDS
    ]
    delivery = report.delivery
    ordered = sorted(t.index for t in session.turns)
    position = ordered.index(turn.index)
    return render(
        request,
        "feedback.html",
        session=session,
        turn=turn,
        report=report,
        entry=entry,
        score=fmt.score(report.score),
        number=position + 1,
        total=len(ordered),
        previous=ordered[position - 1] if position > 0 else None,
        following=ordered[position + 1] if position + 1 < len(ordered) else None,
        blocks=answer_blocks(turn.answer, report),
        star_names=STAR_NAMES,
        present={label for label in "STAR" if any(s.star == label for s in report.sentences)},
        feedback=feedback,
        labels=fmt.FEEDBACK_LABELS,
        kinds=fmt.KIND_LABELS,
        radar=_radar(report),
        competencies=competencies,
        delivery=delivery,
        pace=pace_svg(delivery.wpm) if delivery is not None else None,
        pauses=pauses_svg(delivery) if delivery is not None else None,
        clock=clock,
    )


@router.get("/history", response_class=HTMLResponse)
def history_page(request: Request) -> HTMLResponse:
    """Every session this browser may see, newest first, and each competency's progress over them."""
    from starcoach.report.trend import competency_trend

    sessions = sessions_of(request).visible(request.state.owner)
    answered = [s for s in sessions if s.answers]
    series, labels = competency_trend(answered)
    chart = trusted_svg(trend_svg(series, labels, standalone=False)) if answered else None
    return render(
        request,
        "history.html",
        nav="history",
        sessions=list(reversed(sessions)),
        answered=answered,
        chart=chart,
        names=[COMPETENCY_NAMES[c] for c in COMPETENCY_IDS],
        ids=list(COMPETENCY_IDS),
        statuses=STATUS_LABELS,
        fmt=fmt,
    )


@router.get("/sessions/{session_id}/report", response_class=HTMLResponse)
def report_page(session_id: str, request: Request) -> HTMLResponse:
    """The session report in the app's layout, each answer linking to its feedback page."""
    from starcoach.report import build_session_report

    session = sessions_of(request).open(session_id, request.state.owner)
    built = build_session_report(session)
    turns = sorted(session.turns, key=lambda t: t.index)
    coverage = {c.name: c.mean for c in built.coverage}
    radar = trusted_svg(radar_svg(coverage, standalone=False)) if turns else None
    return render(
        request,
        "report.html",
        session=session,
        built=built,
        entries=list(zip(built.answers, turns, strict=True)),
        radar=radar,
        fmt=fmt,
        statuses=STATUS_LABELS,
    )


@router.get("/sessions/{session_id}/report.html", response_class=HTMLResponse)
def report_download(session_id: str, request: Request) -> HTMLResponse:
    """The self-contained HTML report, as a file to keep or share."""
    from starcoach.report import build_session_report, render_html
    from starcoach.report.trend import competency_trend

    service = sessions_of(request)
    session = service.open(session_id, request.state.owner)
    history = service.history(session, request.state.owner)
    page = render_html(build_session_report(session), competency_trend(history))
    disposition = f'attachment; filename="starcoach-report-{session.id}.html"'
    return HTMLResponse(page, headers={"Content-Disposition": disposition})
