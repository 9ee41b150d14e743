"""`starcoach serve`: it says where it listens, warns off loopback, and fails cleanly on a taken port."""

from __future__ import annotations

import re
import socket
import subprocess
from pathlib import Path

import httpx

from tests.web.conftest import STARCOACH, running_server, server_env, stop_server


def test_serve_prints_its_address_and_serves_the_start_page(_isolated_home: Path) -> None:
    with running_server(_isolated_home) as server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.url), server.url
        assert int(server.url.rsplit(":", 1)[1]) > 0  # --port 0 became a real port
        page = httpx.get(server.url + "/", timeout=30)
        assert page.status_code == 200
        assert "Start a mock interview" in page.text
        assert page.headers["x-frame-options"] == "DENY"
        token = httpx.get(server.url + "/api/token", timeout=30)
        assert token.status_code == 200 and token.json()["csrf_token"]
        assert "Warning" not in server.stderr_text()
        code = stop_server(server.process)
    assert code in (0, 130), server.stderr_text()
    assert "Traceback" not in server.stderr_text()
    assert (_isolated_home / "starcoach.db").exists()  # the data went to STARCOACH_HOME


def test_serve_on_all_interfaces_warns_that_it_is_not_loopback_only(_isolated_home: Path) -> None:
    with running_server(_isolated_home, "--host", "0.0.0.0") as server:
        assert server.url.startswith("http://0.0.0.0:")
        port = server.url.rsplit(":", 1)[1]
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=30).status_code == 200
        text = server.stderr_text()
        assert "Warning" in text and "not only on this machine" in text, text


def test_a_port_already_in_use_is_one_line_and_exit_code_2(_isolated_home: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [STARCOACH, "serve", "--port", str(port)],
            env=server_env(_isolated_home),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(port) in lines[0] and "--port" in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""
