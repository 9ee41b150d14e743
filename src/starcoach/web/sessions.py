"""The session service as the web app holds it: one per app, built from the app's settings.

Everything about a session (checking, planning, answering, the deliberate silence, finishing)
is the service's (`starcoach.interview.sessions`); the web app only names the browser (its hashed
client id is the ``owner``) and turns what the service says into pages and JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request

from starcoach.interview.sessions import SessionRules, SessionService, wording_model

if TYPE_CHECKING:
    from starcoach.settings import Settings
    from starcoach.store import Store


def make_session_service(store: Store, settings: Settings) -> SessionService:
    """The service for this app's store, following its settings (and its language model, if one is set)."""
    return SessionService(store, SessionRules.from_settings(settings), model=wording_model(settings))


def sessions_of(request: Request) -> SessionService:
    """The app's session service."""
    service: SessionService = request.app.state.sessions
    return service
