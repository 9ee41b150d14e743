"""The story library in the database: add, replace, find, list and delete stories."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from starcoach.errors import StoreError, UserInputError
from starcoach.store._repository_base import RepositoryBase
from starcoach.store.models import StoryRow
from starcoach.stories.models import Story

MIN_PREFIX = 4
_LIST_HINT = "See your stories with `starcoach stories list`."


def title_key(title: str) -> str:
    """The form in which two titles count as the same: case and spacing ignored."""
    return " ".join(title.split()).casefold()


def _row(story: Story) -> StoryRow:
    return StoryRow(id=story.id, title_key=title_key(story.title), **_values(story))


def _values(story: Story) -> dict[str, object]:
    return {
        "title": story.title,
        "situation": story.situation,
        "task": story.task,
        "action": story.action,
        "result": story.result,
        "summary": story.summary,
        "axes": list(story.axes),
        "competencies": list(story.competencies),
        "created_at": story.created_at,
        "updated_at": story.updated_at,
    }


def _story(row: StoryRow) -> Story:
    return Story(
        id=row.id,
        title=row.title,
        situation=row.situation,
        task=row.task,
        action=row.action,
        result=row.result,
        summary=row.summary,
        axes=tuple(row.axes),
        competencies=tuple(row.competencies),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class StoryRepository(RepositoryBase):
    """The user's stories; every write is one transaction, so a failed import stores nothing."""

    def _duplicate(self, db: Session, story: Story) -> None:
        clash = db.scalar(select(StoryRow).where(StoryRow.title_key == title_key(story.title), StoryRow.id != story.id))
        if clash is not None:
            raise UserInputError(
                f"a story titled '{clash.title}' already exists",
                hint="Give this story another title, or change the existing one with `starcoach stories edit`.",
            )

    def add(self, story: Story) -> None:
        """Store a new story; refuse a title already used."""
        self.add_many([story])

    def add_many(self, stories: Sequence[Story]) -> None:
        """Store several new stories in one transaction: all of them, or (on any error) none."""
        keys = [title_key(s.title) for s in stories]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise UserInputError(f"the title '{repeated[0]}' appears twice", hint="Give each story its own title.")
        with self._writing() as db:
            for story in stories:
                held = db.get(StoryRow, story.id)
                if held is not None:
                    raise UserInputError(
                        f"story id {story.id} is already in your library, as '{held.title}'",
                        hint="Delete that story first, or drop the story's id line to add it as a new one.",
                    )
                self._duplicate(db, story)
                db.add(_row(story))

    def replace(self, story: Story) -> None:
        """Overwrite a stored story (same id) with a new version."""
        with self._writing() as db:
            row = db.get(StoryRow, story.id)
            if row is None:
                raise StoreError(f"no story '{story.id}'", hint=_LIST_HINT)
            self._duplicate(db, story)
            row.title_key = title_key(story.title)
            for name, value in _values(story).items():
                setattr(row, name, value)

    def all(self) -> list[Story]:
        """Every story, oldest first."""
        with self._reading() as db:
            rows = db.scalars(select(StoryRow).order_by(StoryRow.created_at, StoryRow.id)).all()
            return [_story(row) for row in rows]

    def get(self, reference: str) -> Story:
        """A story by its title (any case), its id, or a unique id prefix of four or more characters."""
        with self._reading() as db:
            return _story(self._find(db, reference))

    def _find(self, db: Session, reference: str) -> StoryRow:
        by_title = db.scalar(select(StoryRow).where(StoryRow.title_key == title_key(reference)))
        if by_title is not None:
            return by_title
        key = reference.strip().lower()
        if len(key) >= MIN_PREFIX and re.fullmatch(r"[0-9a-f]+", key):
            rows = db.scalars(select(StoryRow).where(StoryRow.id.startswith(key)).order_by(StoryRow.id)).all()
            if len(rows) == 1:
                return rows[0]
            if len(rows) > 1:
                raise UserInputError(f"'{reference}' matches {len(rows)} stories", hint="Give the full title or id.")
        raise UserInputError(f"no story '{reference}'", hint=_LIST_HINT)

    def delete(self, reference: str) -> Story:
        """Remove one story; returns what was removed."""
        with self._writing() as db:
            row = self._find(db, reference)
            removed = _story(row)
            db.delete(row)
        return removed

    def delete_all(self) -> int:
        """Remove every story; returns how many were removed."""
        with self._writing() as db:
            count = db.scalar(select(func.count()).select_from(StoryRow)) or 0
            db.execute(delete(StoryRow))
        return count

    def export(self) -> list[dict[str, object]]:
        """Every story as JSON-ready dicts."""
        return [story.model_dump(mode="json") for story in self.all()]
