"""Errors about the user's data read as one `starcoach: error:` line without the database's path (issue 19, point 9)."""

from pathlib import Path

import pytest

from tests.cli._run import starcoach

pytestmark = pytest.mark.slow


def _the_one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("starcoach: error: "), stderr
    return lines[0]


def test_a_corrupt_database_is_named_as_the_starcoach_database_not_by_its_path(_isolated_home: Path) -> None:
    _isolated_home.mkdir(parents=True, exist_ok=True)
    (_isolated_home / "starcoach.db").write_bytes(b"this is not a database at all" * 100)
    result = starcoach("history")
    assert result.returncode == 2
    line = _the_one_error_line(result.stderr)
    assert str(_isolated_home) not in line
    assert "StarCoach database" in line and "left untouched" in line
    # Whoever needs the path to move the file aside is told where to find it.
    assert "`starcoach config`" in line


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["report", "beefbeef"], "no session 'beefbeef'"),
        (["report", "zz"], "no session 'zz'"),
        (["stories", "show", "Dragon slaying"], "no story 'Dragon slaying'"),
        (["prep", "show", "Nowhere Ltd"], "no notes for the company 'Nowhere Ltd'"),
    ],
)
def test_something_not_found_is_one_line_without_the_database_path(
    _isolated_home: Path, args: list[str], said: str
) -> None:
    starcoach("history")  # the database now exists, so the lookups below reach it
    result = starcoach(*args)
    assert result.returncode == 2
    line = _the_one_error_line(result.stderr)
    assert said in line
    assert str(_isolated_home) not in line and "starcoach.db" not in line


def test_a_database_server_that_cannot_be_used_is_not_named_by_its_url(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+psycopg://coach:hunter2@127.0.0.1:1/starcoach"
    monkeypatch.setenv("STARCOACH_DATABASE_URL", url)
    result = starcoach("history")
    assert result.returncode == 2
    line = _the_one_error_line(result.stderr)
    assert "coach@127.0.0.1:1/starcoach" not in line and "hunter2" not in line
    assert "`starcoach config`" in line
