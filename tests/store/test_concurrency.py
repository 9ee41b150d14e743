"""Two processes writing to one database at once: every turn lands, and the file stays sound."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from starcoach.store import Store
from tests.conftest import REPO
from tests.store._records import make_session, make_turn

TURNS_EACH = 50

# Each writer waits for the go file, so that both open the store and write to it at the same time.
WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from starcoach.session_records import SessionRecord, TurnRecord
    from starcoach.store import Store

    url, go, ready, turn_file, first, count, session_file = sys.argv[1:8]
    Path(ready).touch()
    while not Path(go).exists():
        time.sleep(0.002)
    store = Store.open(url)
    if session_file != "-":
        store.create_session(SessionRecord.model_validate_json(Path(session_file).read_text()))
    template = TurnRecord.model_validate_json(Path(turn_file).read_text())
    for index in range(int(first), int(first) + int(count)):
        store.add_turn("a1b2c3d4e5f6", template.model_copy(update={"index": index}))
    store.close()
    """
)


def _run_writers(url: str, folder: Path, session_files: list[str], count: int) -> None:
    turn_file = folder / "turn.json"
    turn_file.write_text(make_turn(0).model_dump_json(), encoding="utf-8")
    go = folder / "go"
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                url,
                str(go),
                str(folder / f"ready.{n}"),
                str(turn_file),
                str(n * count),
                str(count),
                session_file,
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n, session_file in enumerate(session_files)
    ]
    try:
        for n, writer in enumerate(writers):
            ready = folder / f"ready.{n}"
            while not ready.exists() and writer.poll() is None:
                time.sleep(0.002)
        go.touch()
        for writer in writers:
            _, err = writer.communicate(timeout=120)
            assert writer.returncode == 0, err.decode()
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()


def _check_sqlite_is_sound(url: str) -> None:
    if not url.startswith("sqlite:///"):
        return
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()


def test_two_processes_adding_turns_at_once_lose_nothing(store_url: str, tmp_path: Path) -> None:
    with Store.open(store_url) as store:
        store.create_session(make_session())
    _run_writers(store_url, tmp_path, ["-", "-"], TURNS_EACH)
    with Store.open(store_url) as store:
        turns = store.get_session("a1b2c3d4e5f6").turns
    assert [t.index for t in turns] == list(range(2 * TURNS_EACH))
    assert all(t.report == turns[0].report for t in turns)
    _check_sqlite_is_sound(store_url)


def test_two_processes_opening_a_new_database_at_once_both_get_it(store_url: str, tmp_path: Path) -> None:
    # Both find an empty database: one migrates it while the other waits, then finds it migrated.
    session_file = tmp_path / "session.json"
    session_file.write_text(make_session().model_dump_json(), encoding="utf-8")
    _run_writers(store_url, tmp_path, [str(session_file), "-"], 0)
    with Store.open(store_url) as store:
        assert [s.id for s in store.list_sessions()] == ["a1b2c3d4e5f6"]
    _check_sqlite_is_sound(store_url)
