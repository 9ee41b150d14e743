"""`starcoach serve`: run the web app with uvicorn, on loopback unless told otherwise."""

from __future__ import annotations

import socket
import sys

from starcoach.errors import UserInputError
from starcoach.llm.openai_compatible import is_loopback
from starcoach.settings import Settings


def _listen(host: str, port: int) -> socket.socket:
    """Bind the port ourselves: a clear error when it is taken, and the real port when 0 was asked for."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio only sets TCP_NODELAY on sockets that say TCP, and without it a
    # response written in two parts waits ~40 ms for the client's delayed ACK.
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as exc:
        listener.close()
        raise UserInputError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc})",
            hint="Is StarCoach already running there? Pick another port with --port.",
        ) from exc
    return listener


def run_server(settings: Settings, host: str, port: int) -> None:
    """Start the app for ``settings`` and block until Ctrl-C."""
    import uvicorn

    from starcoach.web.app import create_app

    listener = _listen(host, port)
    app = create_app(settings)
    shown = f"[{host}]" if ":" in host else host
    print(
        f"StarCoach is running at http://{shown}:{listener.getsockname()[1]}/  (Ctrl-C stops it)",
        file=sys.stderr,
        flush=True,
    )
    if not is_loopback(host):
        print(
            f"Warning: listening on {host}, not only on this machine. Anyone who can reach this address "
            "can see and change your practice sessions. Use the default (127.0.0.1) unless you mean it.",
            file=sys.stderr,
            flush=True,
        )
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    server.run(sockets=[listener])
