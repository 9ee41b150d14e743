"""The pages people see: start, the interview room (the room's script does the rest through /api)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from starcoach.interview.planning import TRACKS
from starcoach.interview.sessions import NewSession
from starcoach.web import security
from starcoach.web.sessions import sessions_of

router = APIRouter(include_in_schema=False)


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    """A page from its template (Jinja escapes every value put into it)."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context)


def check_form_token(request: Request, presented: str | None) -> None:
    """Refuse a page form whose CSRF field is not this browser's token."""
    if not security.csrf_ok(request.app.state.secret, request.state.client_id, presented):
        raise security.Forbidden(
            "the form's security token is missing or out of date", hint="Reload the page and try again."
        )


@router.get("/", response_class=HTMLResponse)
def start_page(request: Request) -> HTMLResponse:
    """Choose a track, a company, a job description, and voice or typing."""
    unfinished = [s for s in sessions_of(request).started_by(request.state.owner) if s.status != "finished"][-3:]
    return render(request, "start.html", nav="start", tracks=list(TRACKS.values()), unfinished=unfinished)


@router.post("/start")
def start_session(
    request: Request,
    csrf_token: Annotated[str | None, Form()] = None,
    track: Annotated[str, Form(max_length=40)] = "full",
    company: Annotated[str | None, Form(max_length=200)] = None,
    job_description: Annotated[str | None, Form(max_length=200_000)] = None,
    mode: Annotated[str, Form(max_length=10)] = "typing",
) -> Response:
    """Start a session from the form, then go to its room."""
    check_form_token(request, csrf_token)
    new = NewSession(track, company, job_description)
    session = sessions_of(request).create(new, request.state.owner)
    chosen = "voice" if mode == "voice" else "typing"
    return RedirectResponse(f"/sessions/{session.id}?mode={chosen}", status_code=303)


@router.get("/sessions/{session_id}", response_class=HTMLResponse)
def interview_room(session_id: str, request: Request, mode: str = "typing") -> HTMLResponse:
    """The interview room; the session is checked here so a wrong id gets a page, not an empty room."""
    session = sessions_of(request).open(session_id, request.state.owner)
    return render(request, "room.html", nav="start", session=session, mode="voice" if mode == "voice" else "typing")
