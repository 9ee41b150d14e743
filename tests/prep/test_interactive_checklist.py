"""The interactive checklist: typed numbers toggle items, each saved at once; Enter finishes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from starcoach.cli.prep_cmd import run_interactive
from starcoach.settings import Settings
from starcoach.store import Store


@pytest.fixture
def store(_isolated_home: Path) -> Iterator[Store]:
    """A store in the test's StarCoach home."""
    with Store.open(Settings(home=_isolated_home).resolved_database_url) as opened:
        yield opened


def _typing(*lines: str) -> Callable[[str], str]:
    answers: Iterator[str] = iter(lines)

    def ask(prompt: str) -> str:
        assert "Enter to finish" in prompt
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    return ask


def test_typed_numbers_tick_and_untick_and_bad_ones_are_explained(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    run_interactive(store, _typing("1 3", "3, 99", ""))
    assert set(store.prep.ticks()) == {"research-company"}
    printed = capsys.readouterr().out
    assert "there is no checklist item 99" in printed
    assert "2 of 18 done" in printed and "1 of 18 done" in printed


def test_end_of_input_finishes_and_keeps_what_was_ticked(store: Store) -> None:
    run_interactive(store, _typing("logistics"))
    assert set(store.prep.ticks()) == {"logistics"}
