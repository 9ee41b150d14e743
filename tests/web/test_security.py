"""Security: CSRF and cross-site refusals, escaping, headers, upload checks, and sessions kept from other browsers."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from starcoach.settings import Settings
from starcoach.web import security
from starcoach.web.recordings import MAX_UPLOAD_BYTES
from tests.conftest import STRONG_STORY
from tests.web.conftest import ClientFactory, answer_turn, api_headers, csrf_token, page_token, start_session

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')


def assert_escaped(html: str, where: str) -> None:
    for payload in PAYLOADS:
        assert payload not in html, f"{where}: {payload!r} is in the page unescaped"
    assert "<script>alert" not in html and "<img src=x" not in html, where
    assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", ""), where


def recordings_of(settings: Settings, session_id: str) -> list[Path]:
    folder = settings.home / "recordings" / "web" / session_id
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture(scope="module")
def wav_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A short real WAV from espeak-ng."""
    import shutil

    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is not installed: run `make test` (it installs it) or apt-get install espeak-ng")
    out = tmp_path_factory.mktemp("wav") / "hello.wav"
    subprocess.run(["espeak-ng", "-w", str(out), "I fixed the customer's order."], check=True, capture_output=True)
    return out.read_bytes()


# -- CSRF and cross-site requests --------------------------------------------------------------------
def test_a_post_without_the_token_is_refused(client: TestClient) -> None:
    client.get("/api/token")
    response = client.post("/api/sessions", json={"track": "behavioral"})
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["status"] == 403 and "token" in error["message"] and "X-CSRF-Token" in error["hint"]
    assert client.get("/api/sessions").json() == []


def test_a_wrong_or_malformed_token_is_refused(client: TestClient) -> None:
    token = csrf_token(client)
    for bad in ("", "0" * 64, token[:-1], token.upper(), token + "0"):
        response = client.post("/api/sessions", json={"track": "behavioral"}, headers={"X-CSRF-Token": bad})
        assert response.status_code == 403, bad


def test_another_browsers_token_is_refused(make_client: ClientFactory) -> None:
    mine, theirs = make_client(), make_client()
    their_token = csrf_token(theirs)
    assert csrf_token(mine) != their_token
    response = mine.post("/api/sessions", json={"track": "behavioral"}, headers={"X-CSRF-Token": their_token})
    assert response.status_code == 403
    assert mine.get("/api/sessions").json() == [] and theirs.get("/api/sessions").json() == []


def test_a_cross_site_origin_is_refused_even_with_the_token(client: TestClient) -> None:
    headers = api_headers(client)
    for origin in ("https://evil.example", "http://testserver.evil.example", "null"):
        response = client.post("/api/sessions", json={"track": "behavioral"}, headers={**headers, "Origin": origin})
        assert response.status_code == 403, origin
        assert "other sites" in response.json()["error"]["message"]
    same = client.post(
        "/api/sessions", json={"track": "behavioral"}, headers={**headers, "Origin": "http://testserver"}
    )
    assert same.status_code == 201


def test_a_page_form_without_its_token_gets_a_403_page(client: TestClient) -> None:
    form = {"track": "behavioral", "company": "Acme", "mode": "typing"}
    missing = client.post("/start", data=form, follow_redirects=False)
    assert missing.status_code == 403
    assert missing.headers["content-type"].startswith("text/html")
    assert "security token" in missing.text and "Back to the start page" in missing.text
    wrong = client.post("/start", data={**form, "csrf_token": "0" * 64}, follow_redirects=False)
    assert wrong.status_code == 403
    cross = client.post(
        "/start",
        data={**form, "csrf_token": page_token(client.get("/").text)},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert cross.status_code == 403
    assert client.get("/api/sessions").json() == []

    good = client.post("/start", data={**form, "csrf_token": page_token(client.get("/").text)}, follow_redirects=False)
    assert good.status_code == 303 and re.fullmatch(r"/sessions/[0-9a-f]{12}\?mode=typing", good.headers["location"])


def test_a_form_post_to_the_api_still_needs_the_header(client: TestClient) -> None:
    token = csrf_token(client)
    response = client.post("/api/sessions", data={"csrf_token": token, "track": "behavioral"})
    assert response.status_code == 403


def test_the_client_cookie_is_httponly_and_same_site_strict(make_client: ClientFactory) -> None:
    fresh = make_client()
    response = fresh.get("/")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{security.CLIENT_COOKIE}=")
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    # A forged cookie value is replaced, not trusted.
    forged = make_client(cookies={security.CLIENT_COOKIE: "../../etc/passwd"})
    replaced = forged.get("/api/token")
    assert security.CLIENT_COOKIE in replaced.headers.get("set-cookie", "")


# -- escaping ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_typed_by_the_user_is_escaped_on_every_page(client: TestClient, payload: str) -> None:
    token = page_token(client.get("/").text)
    started = client.post(
        "/start",
        data={
            "csrf_token": token,
            "track": "behavioral",
            "company": payload,
            "job_description": f"We need {payload} patience and empathy with customers. {payload}",
            "mode": "typing",
        },
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text
    room_url = started.headers["location"]
    session_id = room_url.split("/")[2].split("?")[0]

    room = client.get(room_url)
    assert room.status_code == 200
    assert_escaped(room.text, "room page")
    assert "&lt;" in room.text  # the company name is shown, escaped

    answer_turn(client, session_id, 0, f"{payload} {STRONG_STORY} {payload}")
    for url in (room_url, f"/sessions/{session_id}?mode={payload}", "/"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert_escaped(page.text, url)
    assert "&lt;" in client.get("/").text  # the unfinished session, with its company name, escaped
    report = client.get(f"/api/sessions/{session_id}/report", params={"format": "html"})
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert_escaped(report.text, "the API's HTML report")
    markdown = client.get(f"/api/sessions/{session_id}/report", params={"format": "md"})
    assert not markdown.headers["content-type"].startswith("text/html")
    assert markdown.headers["x-content-type-options"] == "nosniff"

    # Error pages that repeat what was sent.
    bad_track = client.post(
        "/start", data={"csrf_token": token, "track": payload, "mode": "typing"}, follow_redirects=False
    )
    assert bad_track.status_code == 400 and "unknown track" in bad_track.text
    assert_escaped(bad_track.text, "unknown-track page")
    for url in (f"/sessions/{payload}", f"/{payload}", f"/sessions/{session_id}/{payload}"):
        missing = client.get(url)
        assert missing.status_code == 404, url
        assert_escaped(missing.text, url)
    too_long = client.post(
        "/start",
        data={"csrf_token": token, "track": "behavioral", "company": payload * 40, "mode": "typing"},
        follow_redirects=False,
    )
    assert 400 <= too_long.status_code < 500
    assert_escaped(too_long.text, "too-long company page")


def test_pages_run_no_inline_script(client: TestClient) -> None:
    session = start_session(client)
    for url in ("/", f"/sessions/{session['id']}", "/no-such-page"):
        html = client.get(url).text
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, f"{url}: inline script {tag}"
        assert not re.search(r"\son[a-z]+\s*=", html), f"{url}: inline event handler"


# -- headers -----------------------------------------------------------------------------------------
def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    session = start_session(client)
    responses = [
        client.get("/"),
        client.get(f"/sessions/{session['id']}"),
        client.get("/static/room.js"),
        client.get("/api/tracks"),
        client.get("/nowhere"),
        client.post("/api/sessions", json={}),  # refused by the CSRF guard
    ]
    for response in responses:
        headers = response.headers
        where = f"{response.request.method} {response.request.url.path}"
        assert headers["x-content-type-options"] == "nosniff", where
        assert headers["x-frame-options"] == "DENY", where
        csp = {
            part.split()[0]: part.split()[1:] for part in headers["content-security-policy"].split(";") if part.strip()
        }
        script_sources = csp.get("script-src", csp.get("default-src"))
        assert script_sources == ["'self'"], where
        assert "'unsafe-inline'" not in script_sources and "'unsafe-eval'" not in script_sources
        assert csp["frame-ancestors"] == ["'none'"], where
        assert csp["object-src"] == ["'none'"], where
        assert "access-control-allow-origin" not in headers, where
    assert "microphone=(self)" in responses[0].headers["permissions-policy"]
    # Never no-referrer: under it browsers send `Origin: null` with our own form POSTs, which are then refused.
    assert responses[0].headers["referrer-policy"] in (
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    )


# -- uploads -----------------------------------------------------------------------------------------
def upload(client: TestClient, session_id: str, body: bytes | Iterator[bytes], content_type: str, turn: int = 0) -> Any:
    return client.post(
        f"/api/sessions/{session_id}/recordings",
        params={"turn": turn},
        content=body,
        headers={**api_headers(client), "Content-Type": content_type},
    )


def test_an_upload_over_25_mb_is_refused_without_storing(client: TestClient, web_settings: Settings) -> None:
    session = start_session(client)
    big = b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(MAX_UPLOAD_BYTES + 1024)
    response = upload(client, session["id"], big, "audio/wav")
    assert 400 <= response.status_code < 500
    assert "25 MB" in response.json()["error"]["message"]
    assert recordings_of(web_settings, session["id"]) == []

    # Without a Content-Length (chunked), the size is counted as it arrives.
    def chunks() -> Iterator[bytes]:
        yield big[:1024]
        for _ in range(27):
            yield bytes(1024 * 1024)

    streamed = upload(client, session["id"], chunks(), "audio/wav")
    assert 400 <= streamed.status_code < 500
    assert recordings_of(web_settings, session["id"]) == []


@pytest.mark.parametrize(
    "body",
    [
        b"this is not audio at all, only text pretending to be a recording",
        b"<html><script>alert(1)</script></html>",
        bytes.fromhex("1a45dfa3") + b"\x00garbage that only starts like WebM" * 50,
        b"RIFF\x10\x00\x00\x00WAVEjunkjunkjunk",
        b"",
    ],
    ids=["text", "html", "fake-webm-header", "broken-wav", "empty"],
)
def test_bytes_that_are_not_audio_are_refused_and_not_kept(
    client: TestClient, web_settings: Settings, body: bytes
) -> None:
    session = start_session(client)
    response = upload(client, session["id"], body, "audio/webm")
    assert response.status_code == 400, response.text
    assert response.json()["error"]["message"]
    assert [p for p in recordings_of(web_settings, session["id"]) if p.is_file()] == []


def test_a_file_named_webm_in_a_form_is_judged_by_its_bytes(client: TestClient, web_settings: Settings) -> None:
    session = start_session(client)
    response = client.post(
        f"/api/sessions/{session['id']}/recordings",
        params={"turn": 0},
        files={"file": ("answer.webm", b"not audio, just a name", "audio/webm")},
        headers=api_headers(client),
    )
    assert response.status_code == 400
    assert [p for p in recordings_of(web_settings, session["id"]) if p.is_file()] == []


def test_a_real_wav_sent_as_ogg_is_accepted_by_its_content(
    client: TestClient, web_settings: Settings, wav_bytes: bytes
) -> None:
    session = start_session(client)
    response = upload(client, session["id"], wav_bytes, "audio/ogg")
    assert response.status_code == 201, response.text
    kept = recordings_of(web_settings, session["id"])
    assert [p.suffix for p in kept] == [".wav"] and kept[0].read_bytes() == wav_bytes


# -- another browser ---------------------------------------------------------------------------------
def test_another_browser_cannot_see_or_answer_a_session(
    make_client: ClientFactory, web_settings: Settings, wav_bytes: bytes
) -> None:
    owner, stranger = make_client(), make_client()
    session = start_session(owner)
    sid = session["id"]
    recording = upload(owner, sid, wav_bytes, "audio/wav").json()
    answer_turn(owner, sid, 0, STRONG_STORY)
    nobody = "0123456789ab"
    assert nobody != sid
    headers = api_headers(stranger)

    def both(method: str, path: str, **kwargs: Any) -> tuple[Any, Any]:
        theirs = stranger.request(method, path.format(sid=sid), **kwargs)
        missing = stranger.request(method, path.format(sid=nobody), **kwargs)
        return theirs, missing

    requests: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", "/api/sessions/{sid}", {}),
        ("GET", "/api/sessions/{sid}/turns/0", {}),
        ("GET", "/api/sessions/{sid}/report", {}),
        ("GET", "/api/sessions/{sid}/recordings/" + recording["id"], {}),
        ("POST", "/api/sessions/{sid}/answers", {"json": {"turn": 1, "text": "mine now"}, "headers": headers}),
        ("POST", "/api/sessions/{sid}/silence", {"json": {"turn": 0}, "headers": headers}),
        ("POST", "/api/sessions/{sid}/recordings/" + recording["id"] + "/transcript", {"headers": headers}),
        (
            "POST",
            "/api/sessions/{sid}/recordings?turn=1",
            {"content": wav_bytes, "headers": {**headers, "Content-Type": "audio/wav"}},
        ),
    ]
    for method, path, kwargs in requests:
        theirs, missing = both(method, path, **kwargs)
        assert theirs.status_code == missing.status_code == 404, (method, path, theirs.text)
        assert theirs.json() == {
            "error": {**missing.json()["error"], "message": missing.json()["error"]["message"].replace(nobody, sid)}
        }, (method, path)
    page, missing_page = both("GET", "/sessions/{sid}")
    assert page.status_code == missing_page.status_code == 404
    assert page.text.replace(sid, nobody) == missing_page.text
    assert stranger.get("/api/sessions").json() == []
    assert sid not in stranger.get("/").text
    # The owner's session is untouched.
    assert owner.get(f"/api/sessions/{sid}").json()["answers"] == 1
    assert len(recordings_of(web_settings, sid)) == 1
