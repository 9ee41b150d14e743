"""Who is asking, and whether a state-changing request really came from our own pages.

Each browser gets a random client cookie (HttpOnly, SameSite=Strict); the sessions it starts are
stored against a hash of it. Every POST, PUT, PATCH or DELETE must carry a CSRF token, an HMAC
of that client id under a secret kept in the user's data folder, in the ``X-CSRF-Token`` header
(or a ``csrf_token`` form field), and a cross-site ``Origin`` is refused outright. Another site
cannot read our pages (no CORS headers), so it can never learn the token.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from starlette.requests import Request

from starcoach.errors import UserInputError

CLIENT_COOKIE = "starcoach_client"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_CLIENT_BYTES = 16

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    # Not no-referrer: under that, browsers send `Origin: null` with our own form POSTs, which are then refused.
    "referrer-policy": "same-origin",
    "permissions-policy": "microphone=(self), camera=(), geolocation=()",
}


def load_secret(home: Path) -> bytes:
    """The server's signing secret: made once, kept readable by the user only, so tokens survive a restart."""
    path = home / "web-secret"
    try:
        secret = path.read_bytes()
        if len(secret) >= 32:
            return secret
    except FileNotFoundError:
        pass
    home.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(secret)
    return secret


def new_client_id() -> str:
    """A fresh random browser id."""
    return secrets.token_hex(_CLIENT_BYTES)


def valid_client_id(value: str | None) -> bool:
    """Whether a cookie value looks like one we issued (anything else is replaced)."""
    return value is not None and len(value) == 2 * _CLIENT_BYTES and all(c in "0123456789abcdef" for c in value)


def owner_key(client_id: str) -> str:
    """What the store keeps for a browser: a hash, so the database never holds the cookie itself."""
    return hashlib.sha256(client_id.encode("ascii")).hexdigest()


def csrf_token(secret: bytes, client_id: str) -> str:
    """The token our pages embed for this browser."""
    return hmac.new(secret, client_id.encode("ascii"), hashlib.sha256).hexdigest()


def csrf_ok(secret: bytes, client_id: str, presented: str | None) -> bool:
    """Whether ``presented`` is this browser's token (compared in constant time)."""
    return presented is not None and hmac.compare_digest(csrf_token(secret, client_id), presented)


def cross_site(request: Request) -> bool:
    """True when the browser says the request comes from a page on another origin."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin == "null"
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1].rstrip("/") != host


class Forbidden(UserInputError):
    """A state change without this browser's security token."""

    code = "forbidden"
