"""The web app: pages for people, a JSON API under /api for the pages and for other programs.

``create_app`` builds it for one user's store and settings; ``starcoach serve`` runs it with
uvicorn. Every response carries strict security headers; every state-changing request must
carry this browser's CSRF token; every error is one friendly line, never a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from starcoach.backends import check_backends, make_transcriber
from starcoach.errors import ConfigError, NotFound, StaleTurn, StarCoachError, StoreError
from starcoach.settings import Settings
from starcoach.store import Store
from starcoach.store.recordings import RecordingStore
from starcoach.web import security
from starcoach.web.recordings import RecordedAnswers
from starcoach.web.sessions import make_session_service
from starcoach.web.speech_out import ServerVoice

HERE = Path(__file__).parent
log = logging.getLogger("starcoach.web")

_STATUS_FOR: dict[type[StarCoachError], int] = {NotFound: 404, StaleTurn: 409, security.Forbidden: 403}
_TITLES = {
    400: "That input cannot be used",
    403: "That request was refused",
    404: "Not found",
    405: "Not allowed",
    409: "That answer arrived late",
    413: "That upload is too large",
    415: "That upload is not audio",
    422: "Some fields are missing or wrong",
    500: "Something went wrong on our side",
    503: "Not available right now",
}


def status_for(error: StarCoachError) -> int:
    """The HTTP status a StarCoach error is answered with."""
    for kind, status in _STATUS_FOR.items():
        if isinstance(error, kind):
            return status
    if isinstance(error, StoreError | ConfigError):
        return 503  # the database, or a program the server needs (the speech engine), is not there
    return 400


def wants_json(request: Request) -> bool:
    """API paths answer JSON; pages answer HTML."""
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The app for this user's data and ``settings``; the store is opened here unless given (and closed on shutdown)."""
    check_backends(settings)  # a mistyped backend or option stops the server now, not on some later request
    owned_store = store is None
    opened = store or Store.open(settings.resolved_database_url)
    app = FastAPI(
        title="StarCoach",
        version="1",
        summary="Practise customer-service interviews: the API the StarCoach pages use.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.store = opened
    app.state.sessions = make_session_service(opened, settings)
    app.state.recordings = RecordedAnswers(RecordingStore(settings.home), make_transcriber(settings))
    app.state.voice = ServerVoice(settings)
    app.state.secret = security.load_secret(settings.home)
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    if owned_store:
        app.router.on_shutdown.append(opened.close)

    _install_guards(app)
    _install_error_pages(app)

    from starcoach.web.api import router as api_router
    from starcoach.web.pages import router as page_router
    from starcoach.web.review_pages import router as review_router
    from starcoach.web.roleplay_web import router as roleplay_router

    app.include_router(api_router)
    app.include_router(page_router)
    app.include_router(review_router)
    app.include_router(roleplay_router)
    return app


def _install_guards(app: FastAPI) -> None:
    @app.middleware("http")
    async def client_and_csrf(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        cookie = request.cookies.get(security.CLIENT_COOKIE)
        fresh = not security.valid_client_id(cookie)
        client_id = security.new_client_id() if fresh or cookie is None else cookie
        request.state.client_id = client_id
        request.state.owner = security.owner_key(client_id)
        request.state.csrf = security.csrf_token(app.state.secret, client_id)
        refusal = _refusal(request, app.state.secret, client_id)
        response = refusal if refusal is not None else await call_next(request)
        for name, value in security.SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if fresh:
            response.set_cookie(
                security.CLIENT_COOKIE, client_id, httponly=True, samesite="strict", max_age=400 * 24 * 3600
            )
        return response


def _refusal(request: Request, secret: bytes, client_id: str) -> Response | None:
    """A 403 for a cross-site or token-less state change; None when the request may go on."""
    if request.method in security.SAFE_METHODS:
        return None
    if security.cross_site(request):
        return _error(request, 403, "requests from other sites are refused", "Use StarCoach from its own pages.")
    presented = request.headers.get(security.CSRF_HEADER)
    form_post = request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded")
    if presented is None and form_post and not wants_json(request):
        return None  # a page form: its handler checks the csrf_token field after parsing the form
    if not security.csrf_ok(secret, client_id, presented):
        return _error(
            request,
            403,
            "the security token is missing or out of date",
            "Reload the page and try again. API clients: GET /api/token first and send it as X-CSRF-Token.",
        )
    return None


def _error(request: Request, status: int, what: str, hint: str | None) -> Response:
    """One error, as JSON for the API and as a page for people."""
    if wants_json(request):
        return JSONResponse({"error": {"status": status, "message": what, "hint": hint}}, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    context: dict[str, Any] = {
        "title": _TITLES.get(status, "Something went wrong"),
        "message": what,
        "hint": hint,
        "status": status,
    }
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(StarCoachError)
    async def starcoach_error(request: Request, exc: StarCoachError) -> Response:
        return _error(request, status_for(exc), exc.what, exc.hint)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for item in exc.errors()[:3]:
            place = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
            problems.append(f"{place or 'request'}: {item.get('msg', 'invalid')}")
        return _error(
            request, 422, "; ".join(problems) or "the request is not valid", "Check the fields and send it again."
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "request refused"
        hint = "Go back to the start page." if exc.status_code == 404 else None
        return _error(request, exc.status_code, detail.rstrip(".").lower() if exc.status_code == 404 else detail, hint)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _error(
            request, 500, "an unexpected error stopped this request", "Try again; your saved answers are safe."
        )
