"""Everything stored about a user is found, exported and deleted through one entry point, in real files."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from starcoach import analyze
from starcoach.prep.company import CompanyNotes
from starcoach.store import Store
from starcoach.store.calls import AgentTurn, CallStore, StoredCall
from starcoach.store.drafts import DraftStore
from starcoach.store.recordings import RecordingStore
from starcoach.store.user_data import DATA_KINDS, UserData
from tests.cli._run import starcoach
from tests.conftest import STRONG_STORY
from tests.store._records import make_session, standard_turns
from tests.stories._stories import REFUND, story

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


def _one_of_everything(store: Store, home: Path) -> None:
    store.create_session(make_session(turns=standard_turns()))
    store.stories.add(story("Refund turnaround", **REFUND))
    store.prep.save_company(CompanyNotes(company="Acme Telecom", product="Broadband", updated_at=NOW))
    store.prep.tick("research-company", NOW)
    recordings = RecordingStore(home)
    recordings.terminal_folder.mkdir(parents=True, exist_ok=True)
    (recordings.terminal_folder / "answer-1.wav").write_bytes(b"RIFF....WAVE")
    web = recordings.add("a1b2c3d4e5f6", 0, b"OggS-not-really", "ogg")
    recordings.keep_report(web, analyze(STRONG_STORY))
    CallStore(home).save(
        StoredCall(id="0123456789ab", owner="me", scenario="wrong-item", seed=3, turns=[AgentTurn(text="Hello.")])
    )
    DraftStore(home).save("a1b2c3d4e5f6", 3, "When the order system went down I")


def test_user_data_finds_exports_and_deletes_every_kind(sqlite_url: str, _isolated_home: Path) -> None:
    with Store.open(sqlite_url) as store:
        _one_of_everything(store, _isolated_home)
        data = UserData(store, _isolated_home)
        held = {"sessions": 1, "stories": 1, "prep": 2, "recordings": 2, "roleplay_calls": 1, "drafts": 1}
        assert data.held() == held
        assert tuple(data.held()) == DATA_KINDS

        exported = json.loads(json.dumps(data.export(NOW), default=str))
        assert [s["id"] for s in exported["sessions"]] == ["a1b2c3d4e5f6"]
        assert [s["title"] for s in exported["stories"]] == ["Refund turnaround"]
        assert "Acme Telecom" in json.dumps(exported["prep"])
        assert [c["id"] for c in exported["roleplay_calls"]] == ["0123456789ab"]
        assert [(d["turn"], d["text"]) for d in exported["drafts"]] == [(3, "When the order system went down I")]

        assert data.delete_all() == held
        assert data.held() == dict.fromkeys(DATA_KINDS, 0)
    # Nothing of the user's is left behind: not a file, not an emptied session folder.
    left = sorted(p.relative_to(_isolated_home).as_posix() for p in _isolated_home.rglob("*") if p.is_file())
    assert [p for p in left if not p.startswith("starcoach.db")] == []
    assert not (RecordingStore(_isolated_home).root / "a1b2c3d4e5f6").exists()


def test_the_cli_exports_and_deletes_what_the_web_app_keeps(sqlite_url: str, _isolated_home: Path) -> None:
    with Store.open(sqlite_url) as store:
        _one_of_everything(store, _isolated_home)
    target = _isolated_home / "export.json"
    assert starcoach("export", "--all", str(target)).returncode == 0
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert [c["id"] for c in exported["roleplay_calls"]] == ["0123456789ab"]
    deleted = starcoach("delete", "--all", "--yes")
    assert deleted.stdout.strip() == (
        "Deleted 1 session(s), 1 story(ies), 2 prep item(s), 2 recording(s), 1 role-play call(s), "
        "1 unfinished answer(s)."
    )
    assert starcoach("delete", "--all", "--yes").stdout.strip() == "Nothing stored; nothing to delete."
