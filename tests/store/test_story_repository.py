"""The story library in a real database: titles unique in any spelling, imports all-or-nothing."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import NullPool, create_engine, inspect

from starcoach.errors import UserInputError
from starcoach.store import Store
from starcoach.store._migrate import alembic_config
from tests.store._records import make_session
from tests.stories._stories import FAILURE, REFUND, story

QUEUE = story("Chat queue at the January sale", story_id="0000aaaa", axes=["process_improvement"])
CHARGE = story("Double charge", story_id="0000bbbb", axes=["difficult_customer"], **REFUND)
MISTAKE = story("My own mistake", story_id="1111cccc", axes=["failure_learned"], **FAILURE)


def test_stories_are_kept_across_reopening(store_url: str) -> None:
    with Store.open(store_url) as store:
        store.stories.add(QUEUE)
        store.stories.add(CHARGE)
    with Store.open(store_url) as store:
        assert store.stories.all() == [QUEUE, CHARGE]


def test_a_story_is_found_by_title_in_any_case_or_by_an_id_prefix(store: Store) -> None:
    store.stories.add_many([QUEUE, CHARGE, MISTAKE])
    assert store.stories.get("double CHARGE") == CHARGE
    assert store.stories.get("1111") == MISTAKE
    with pytest.raises(UserInputError, match="'0000' matches 2 stories"):
        store.stories.get("0000")
    with pytest.raises(UserInputError, match="no story 'Lost parcel'"):
        store.stories.get("Lost parcel")


def test_a_duplicate_title_is_refused_whatever_its_case_and_spacing(store: Store) -> None:
    store.stories.add(CHARGE)
    again = story("  double   charge ", story_id="2222dddd")
    with pytest.raises(UserInputError, match="a story titled 'Double charge' already exists"):
        store.stories.add(again)
    assert store.stories.all() == [CHARGE]


def test_an_import_with_one_clash_stores_nothing(store: Store) -> None:
    store.stories.add(CHARGE)
    with pytest.raises(UserInputError, match="already exists"):
        store.stories.add_many([QUEUE, story("DOUBLE charge", story_id="2222dddd"), MISTAKE])
    assert store.stories.all() == [CHARGE]
    with pytest.raises(UserInputError, match="appears twice"):
        store.stories.add_many([QUEUE, story("chat queue at the january sale", story_id="2222dddd")])
    assert store.stories.all() == [CHARGE]


def test_replacing_keeps_the_id_and_refuses_taking_another_story_s_title(store: Store) -> None:
    store.stories.add_many([QUEUE, CHARGE])
    store.stories.replace(QUEUE.model_copy(update={"result": "Wait fell to 3 minutes."}))
    assert store.stories.get(QUEUE.id).result == "Wait fell to 3 minutes."
    with pytest.raises(UserInputError, match="already exists"):
        store.stories.replace(QUEUE.model_copy(update={"title": "Double Charge"}))
    assert store.stories.get(QUEUE.id).title == QUEUE.title


def test_deleting_one_story_and_then_all(store: Store) -> None:
    store.stories.add_many([QUEUE, CHARGE, MISTAKE])
    assert store.stories.delete("double charge") == CHARGE
    assert [s.id for s in store.stories.all()] == [QUEUE.id, MISTAKE.id]
    assert store.stories.delete_all() == 2
    assert store.stories.all() == []


def test_the_full_export_holds_the_stories(store: Store) -> None:
    store.stories.add(CHARGE)
    exported = store.export_all()
    assert exported["stories"] == [CHARGE.model_dump(mode="json")]


def test_a_database_from_before_the_story_library_is_upgraded_with_its_sessions_intact(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        store.create_session(make_session())
    engine = create_engine(sqlite_url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0001_initial")
            assert "stories" not in inspect(connection).get_table_names()
    finally:
        engine.dispose()
    with Store.open(sqlite_url) as store:
        store.stories.add(CHARGE)
        assert [s.id for s in store.list_sessions()] == ["a1b2c3d4e5f6"]
        assert store.stories.all() == [CHARGE]
