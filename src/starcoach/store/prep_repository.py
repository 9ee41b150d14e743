"""Company notes and checklist ticks in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from starcoach.errors import UserInputError
from starcoach.prep.company import CompanyNotes, company_key
from starcoach.store._repository_base import RepositoryBase
from starcoach.store.models import ChecklistTickRow, CompanyNotesRow

_LIST_HINT = "See the companies you have notes for with `starcoach prep show`."
_FIELDS = ("company", "product", "customers", "channels", "pain_points", "notes", "job_description", "updated_at")


def _notes(row: CompanyNotesRow) -> CompanyNotes:
    return CompanyNotes.model_validate({field: getattr(row, field) for field in _FIELDS})


class PrepRepository(RepositoryBase):
    """Company notes (one per company, any spelling of its name) and the checklist's ticked items."""

    # -- company notes ----------------------------------------------------------------------
    def save_company(self, notes: CompanyNotes) -> None:
        """Store the notes, replacing any already stored for the same company."""
        with self._writing() as db:
            row = db.get(CompanyNotesRow, notes.key)
            if row is None:
                row = CompanyNotesRow(company_key=notes.key)
                db.add(row)
            for field in _FIELDS:
                setattr(row, field, getattr(notes, field))

    def find_company(self, name: str) -> CompanyNotes | None:
        """The notes for a company (any case or spacing of its name), or None."""
        with self._reading() as db:
            row = db.get(CompanyNotesRow, company_key(name))
            return None if row is None else _notes(row)

    def get_company(self, name: str) -> CompanyNotes:
        """The notes for a company; a clear error when there are none."""
        found = self.find_company(name)
        if found is None:
            raise UserInputError(f"no notes for the company '{name.strip()}'", hint=_LIST_HINT)
        return found

    def list_companies(self) -> list[CompanyNotes]:
        """Every company's notes, most recently updated first."""
        with self._reading() as db:
            rows = db.scalars(
                select(CompanyNotesRow).order_by(CompanyNotesRow.updated_at.desc(), CompanyNotesRow.company_key)
            ).all()
            return [_notes(row) for row in rows]

    def delete_company(self, name: str) -> CompanyNotes:
        """Remove one company's notes; returns what was removed."""
        with self._writing() as db:
            row = db.get(CompanyNotesRow, company_key(name))
            if row is None:
                raise UserInputError(f"no notes for the company '{name.strip()}'", hint=_LIST_HINT)
            removed = _notes(row)
            db.delete(row)
        return removed

    # -- checklist --------------------------------------------------------------------------
    def tick(self, item_id: str, at: datetime) -> bool:
        """Mark an item done; returns False when it already was (its first tick time is kept)."""
        with self._writing() as db:
            if db.get(ChecklistTickRow, item_id) is not None:
                return False
            db.add(ChecklistTickRow(item_id=item_id, ticked_at=at))
            return True

    def untick(self, item_id: str) -> bool:
        """Mark an item not done; returns False when it was not ticked."""
        with self._writing() as db:
            row = db.get(ChecklistTickRow, item_id)
            if row is None:
                return False
            db.delete(row)
            return True

    def ticks(self) -> dict[str, datetime]:
        """Each ticked item's id and when it was ticked."""
        with self._reading() as db:
            return {row.item_id: row.ticked_at for row in db.scalars(select(ChecklistTickRow))}

    def reset_checklist(self) -> int:
        """Untick every item; returns how many were ticked."""
        with self._writing() as db:
            return self._clear(db, ChecklistTickRow)

    # -- everything -------------------------------------------------------------------------
    def export(self) -> dict[str, object]:
        """Company notes and checklist ticks as one JSON-ready object."""
        companies = [notes.model_dump(mode="json") for notes in self.list_companies()]
        ticks = [{"item_id": item, "ticked_at": at.isoformat()} for item, at in sorted(self.ticks().items())]
        return {"company_notes": companies, "checklist_ticks": ticks}

    def count(self) -> int:
        """How many rows there are: company notes plus ticked items (what `delete_all` would remove)."""
        with self._reading() as db:
            notes = db.scalar(select(func.count()).select_from(CompanyNotesRow)) or 0
            ticks = db.scalar(select(func.count()).select_from(ChecklistTickRow)) or 0
        return notes + ticks

    def delete_all(self) -> int:
        """Remove every company's notes and every tick in one transaction; returns how many rows went."""
        with self._writing() as db:
            return self._clear(db, CompanyNotesRow) + self._clear(db, ChecklistTickRow)

    @staticmethod
    def _clear(db: Session, table: type[CompanyNotesRow] | type[ChecklistTickRow]) -> int:
        count = db.scalar(select(func.count()).select_from(table)) or 0
        db.execute(delete(table))
        return count
