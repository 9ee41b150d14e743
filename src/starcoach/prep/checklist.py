"""The before/during/after checklist: its items, and finding one by number or id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from starcoach.errors import UserInputError
from starcoach.prep.content import ChecklistItem, load_checklist

STAGE_TITLES = {"before": "Before the interview", "during": "During the interview", "after": "After the interview"}
_LIST_HINT = "See the items and their numbers with `starcoach prep checklist`."


@dataclass(frozen=True)
class ChecklistLine:
    """One item as shown: its number, whether it is ticked, and when."""

    number: int
    item: ChecklistItem
    ticked_at: datetime | None

    @property
    def ticked(self) -> bool:
        """True when the user has ticked this item."""
        return self.ticked_at is not None


def checklist_lines(ticks: Mapping[str, datetime]) -> list[ChecklistLine]:
    """Every item, numbered from 1 in display order, with its tick (ticks for unknown ids are ignored)."""
    return [ChecklistLine(n, item, ticks.get(item.id)) for n, item in enumerate(load_checklist(), start=1)]


def find_item(reference: str) -> ChecklistItem:
    """An item by its number in the list, its id, or a unique start of its id."""
    items = load_checklist()
    ref = reference.strip().lower()
    if ref.isdigit():
        number = int(ref)
        if 1 <= number <= len(items):
            return items[number - 1]
        raise UserInputError(f"there is no checklist item {number}; they run from 1 to {len(items)}", hint=_LIST_HINT)
    exact = [item for item in items if item.id == ref]
    matches = exact or [item for item in items if ref and item.id.startswith(ref)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        shown = ", ".join(item.id for item in matches)
        raise UserInputError(f"'{reference}' matches several checklist items ({shown})", hint="Give the full id.")
    raise UserInputError(f"no checklist item '{reference}'", hint=_LIST_HINT)


def progress_line(lines: list[ChecklistLine]) -> str:
    """How many are done (e.g. "5 of 18 done") and which item is next."""
    done = sum(line.ticked for line in lines)
    nxt = next((line for line in lines if not line.ticked), None)
    if nxt is None:
        return f"All {len(lines)} done. Good luck!"
    return f"{done} of {len(lines)} done. Next: {nxt.number}. {nxt.item.text}"
