"""Company notes and checklist ticks in a real SQLite file, across reopening the store."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from starcoach.errors import UserInputError
from starcoach.prep.company import updated_notes
from starcoach.settings import Settings
from starcoach.store import Store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def url(_isolated_home: Path) -> str:
    """A SQLite file in the test's StarCoach home."""
    return Settings(home=_isolated_home).resolved_database_url


def test_checklist_ticks_persist_across_reopening_the_store(url: str) -> None:
    with Store.open(url) as store:
        assert store.prep.tick("research-company", NOW)
        assert store.prep.tick("logistics", NOW)
        assert not store.prep.tick("logistics", NOW + timedelta(hours=1))
        assert store.prep.untick("logistics")
        assert not store.prep.untick("logistics")
    with Store.open(url) as reopened:
        ticks = reopened.prep.ticks()
    assert ticks == {"research-company": NOW}
    assert ticks["research-company"].tzinfo is not None


def test_company_notes_are_found_in_any_spelling_and_updates_keep_other_fields(url: str) -> None:
    with Store.open(url) as store:
        first = updated_notes(None, "Northwind  Broadband", {"product": "home fibre"}, NOW)
        store.prep.save_company(first)
        found = store.prep.find_company("NORTHWIND broadband")
        assert found == first
        second = updated_notes(found, "northwind broadband", {"channels": "phone, chat"}, NOW + timedelta(days=1))
        store.prep.save_company(second)
    with Store.open(url) as reopened:
        notes = reopened.prep.get_company("Northwind Broadband")
        assert (notes.company, notes.product, notes.channels) == ("northwind broadband", "home fibre", "phone, chat")
        assert notes.updated_at == NOW + timedelta(days=1)
        assert [n.company for n in reopened.prep.list_companies()] == ["northwind broadband"]


def test_missing_companies_are_clear_errors(url: str) -> None:
    with Store.open(url) as store:
        assert store.prep.find_company("Acme") is None
        with pytest.raises(UserInputError, match="no notes for the company 'Acme'"):
            store.prep.get_company(" Acme ")
        with pytest.raises(UserInputError, match="no notes"):
            store.prep.delete_company("Acme")


def test_an_empty_company_name_is_refused() -> None:
    with pytest.raises(UserInputError, match="the company name is empty"):
        updated_notes(None, "  \t ", {"product": "x"}, NOW)


def test_an_over_long_note_is_refused_naming_the_field() -> None:
    with pytest.raises(UserInputError, match="the pain points note is 4,001 characters"):
        updated_notes(None, "Acme", {"pain_points": "x" * 4001}, NOW)


def test_export_is_json_ready_and_delete_all_removes_everything(url: str) -> None:
    with Store.open(url) as store:
        store.prep.save_company(updated_notes(None, "Acme", {"product": "kettles"}, NOW))
        store.prep.tick("logistics", NOW)
        exported = json.loads(json.dumps(store.prep.export()))
        assert exported["company_notes"][0]["product"] == "kettles"
        assert exported["checklist_ticks"] == [{"item_id": "logistics", "ticked_at": NOW.isoformat()}]
        assert store.prep.count() == 2
        assert store.prep.delete_all() == 2
        assert store.prep.count() == 0
        assert store.prep.export() == {"company_notes": [], "checklist_ticks": []}


def test_reset_unticks_every_item(url: str) -> None:
    with Store.open(url) as store:
        store.prep.tick("logistics", NOW)
        store.prep.tick("follow-up", NOW)
        assert store.prep.reset_checklist() == 2
        assert store.prep.ticks() == {}
