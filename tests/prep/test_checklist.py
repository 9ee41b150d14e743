"""The checklist's items, and finding them by number, id or a start of the id."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from starcoach.errors import UserInputError
from starcoach.prep.checklist import checklist_lines, find_item, progress_line
from starcoach.prep.content import STAGES, load_checklist


def test_the_checklist_covers_before_during_and_after_in_that_order() -> None:
    stages = [item.stage for item in load_checklist()]
    assert stages == sorted(stages, key=STAGES.index)
    assert set(stages) == set(STAGES)
    assert len({item.id for item in load_checklist()}) == len(stages)


def test_items_are_found_by_number_id_or_unique_prefix() -> None:
    items = load_checklist()
    assert find_item("1") == items[0]
    assert find_item(f" {items[-1].id.upper()} ") == items[-1]
    assert find_item("send-thank").id == "send-thank-you"


@pytest.mark.parametrize(
    ("reference", "message"),
    [("0", "no checklist item 0"), ("99", "no checklist item 99"), ("nope", "no checklist item 'nope'")],
)
def test_unknown_items_are_clear_errors(reference: str, message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        find_item(reference)


def test_an_ambiguous_prefix_names_the_candidates() -> None:
    with pytest.raises(UserInputError, match="several"):
        find_item("ta")


def test_progress_names_the_next_unticked_item() -> None:
    items = load_checklist()
    lines = checklist_lines({items[0].id: datetime(2026, 3, 1, tzinfo=UTC)})
    assert lines[0].ticked and not lines[1].ticked
    assert progress_line(lines).startswith(f"1 of {len(items)} done. Next: 2. {items[1].text}")
    everything = checklist_lines({item.id: datetime(2026, 3, 1, tzinfo=UTC) for item in items})
    assert progress_line(everything).startswith(f"All {len(items)} done")
