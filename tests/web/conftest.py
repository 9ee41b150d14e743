"""Fixtures for the web app: an app on a temporary home, TestClients (one per "browser"), CSRF tokens.

Every test already runs with its own STARCOACH_HOME (the autouse ``_isolated_home`` in tests/conftest.py);
``web_settings`` points the app at it, so nothing touches the user's data. Each ``TestClient`` keeps its own
cookie jar, so two clients are two browsers with two client cookies and two CSRF tokens. ``running_server``
runs the real ``starcoach serve --port 0`` as a subprocess, for tests that need a real HTTP server.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from starcoach.settings import Settings
from starcoach.web.app import create_app

BASE_URL = "http://testserver"
STARCOACH = str(Path(sys.executable).parent / "starcoach")
_ADDRESS = re.compile(r"StarCoach is running at (http://\S+?)/?\s")

_FORM_TOKEN = re.compile(r'name="csrf_token"\s+value="([0-9a-f]+)"')
_META_TOKEN = re.compile(r'<meta\s+name="csrf-token"\s+content="([0-9a-f]+)"')


@pytest.fixture
def web_settings(_isolated_home: Path) -> Settings:
    """Settings on this test's temporary home."""
    return Settings(home=_isolated_home)


@pytest.fixture
def web_app(web_settings: Settings) -> FastAPI:
    """The app for this test's home (its store is closed when the clients using it shut down)."""
    return create_app(web_settings)


ClientFactory = Callable[..., TestClient]


@pytest.fixture
def make_client(web_app: FastAPI) -> Iterator[ClientFactory]:
    """Make a new "browser" (TestClient with its own cookies) for the test's app; all are closed afterwards.

    Keyword arguments go to ``TestClient`` (e.g. ``cookies=`` to continue as an earlier browser,
    ``raise_server_exceptions=False`` to see the 500 page instead of the exception).
    """
    opened: list[TestClient] = []

    def make(**kwargs: Any) -> TestClient:
        kwargs.setdefault("base_url", BASE_URL)
        client = TestClient(web_app, **kwargs)
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in reversed(opened):
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: ClientFactory) -> TestClient:
    """One browser on the test's app. Server errors come back as responses (a 500 must be visible, not raised)."""
    return make_client(raise_server_exceptions=False)


def csrf_token(client: TestClient) -> str:
    """This browser's CSRF token, from GET /api/token (which also sets its client cookie)."""
    response = client.get("/api/token")
    assert response.status_code == 200, response.text
    token = response.json()["csrf_token"]
    assert isinstance(token, str) and token
    return token


def api_headers(client: TestClient) -> dict[str, str]:
    """Headers for a state-changing API call from this browser."""
    return {"X-CSRF-Token": csrf_token(client)}


def page_token(html: str) -> str:
    """The CSRF token a page embeds (the start form's hidden field, or the meta tag the room script reads)."""
    found = _FORM_TOKEN.search(html) or _META_TOKEN.search(html)
    assert found is not None, "no CSRF token in the page"
    return found.group(1)


def start_session(client: TestClient, track: str = "behavioral", questions: int = 2, **fields: Any) -> dict[str, Any]:
    """Start a session through the API; returns the SessionOut JSON."""
    body = {"track": track, "questions": questions, **fields}
    response = client.post("/api/sessions", json=body, headers=api_headers(client))
    assert response.status_code == 201, response.text
    session: dict[str, Any] = response.json()
    return session


def answer_turn(client: TestClient, session_id: str, turn: int, text: str, **fields: Any) -> dict[str, Any]:
    """Answer one turn through the API; returns the AnswerOut JSON."""
    response = client.post(
        f"/api/sessions/{session_id}/answers",
        json={"turn": turn, "text": text, **fields},
        headers=api_headers(client),
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def finish_session(client: TestClient, session_id: str, text: str) -> list[dict[str, Any]]:
    """Answer every waiting turn (questions and follow-ups) with ``text`` until done; returns the AnswerOut list."""
    answers: list[dict[str, Any]] = []
    waiting = client.get(f"/api/sessions/{session_id}").json()
    for _ in range(40):
        if waiting["state"] == "done":
            return answers
        answered = answer_turn(client, session_id, waiting["turn"], text)
        answers.append(answered)
        waiting = answered["next"]
    raise AssertionError("the session never finished")


@pytest.fixture
def csrf() -> Callable[[TestClient], str]:
    """``csrf(client)``: that browser's CSRF token (the same as the module-level ``csrf_token``)."""
    return csrf_token


@pytest.fixture
def finished_session(client: TestClient) -> dict[str, Any]:
    """A behavioral session of two questions answered in full (follow-ups included) by ``client``."""
    from tests.conftest import STRONG_STORY

    session = start_session(client, "behavioral", 2, company="Acme Telecom")
    answers = finish_session(client, session["id"], STRONG_STORY)
    return {"session": session, "answers": answers, "id": session["id"]}


# -- the real server, as `starcoach serve` runs it ----------------------------------------------------
@dataclass
class Server:
    """A running ``starcoach serve``: its address, its process, and everything it printed to stderr."""

    url: str
    process: subprocess.Popen[str]
    stderr: list[str] = field(default_factory=list)

    def stderr_text(self) -> str:
        """What it printed to stderr so far."""
        return "".join(self.stderr)


def server_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for a server on ``home`` (no user config file, no proxies)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARCOACH_") and "proxy" not in k.lower()}
    env.update({"STARCOACH_HOME": str(home), "STARCOACH_CONFIG": str(home / "no-config.toml"), **extra})
    return env


@contextmanager
def running_server(home: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60) -> Iterator[Server]:
    """Start ``starcoach serve --port 0 ARGS`` on ``home``, wait for its address, stop it (Ctrl-C) afterwards."""
    process = subprocess.Popen(
        [STARCOACH, "serve", "--port", "0", *args],
        env=env or server_env(home),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    started = threading.Event()
    address: list[str] = []

    def drain() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            found = _ADDRESS.search(line)
            if found and not address:
                address.append(found.group(1))
                started.set()
        started.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        if not started.wait(timeout) or not address:
            raise AssertionError(f"starcoach serve did not start: {''.join(lines)}")
        yield Server(address[0], process, lines)
    finally:
        stop_server(process)
        reader.join(10)
        if process.stderr is not None:
            process.stderr.close()


def stop_server(process: subprocess.Popen[str], grace: float = 15) -> int:
    """Ctrl-C the server and wait for it to end (killing it only if it hangs); returns its exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        deadline = time.monotonic() + grace
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if process.poll() is None:
            process.kill()
    return process.wait(10)
