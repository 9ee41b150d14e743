"""The Store: sessions and turns in SQLite (default) or PostgreSQL, each write committed on its own."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session

from starcoach.errors import StoreError
from starcoach.session_records import SCORED_KINDS, SessionRecord, SessionSummary, TurnRecord
from starcoach.store import _records
from starcoach.store._engine import WRITE_OPTION, Target, make_engine, parse, prepare_sqlite_file, translated
from starcoach.store._migrate import migrate
from starcoach.store.models import SessionOwnerRow, SessionRow, TurnRow

if TYPE_CHECKING:
    from starcoach.store.prep_repository import PrepRepository
    from starcoach.store.story_repository import StoryRepository

EXPORT_FORMAT = "starcoach-export"
EXPORT_VERSION = 1
MIN_PREFIX = 4
_HISTORY_HINT = "See your sessions and their ids with `starcoach history`."


class Store:
    """Where sessions live. Open with ``Store.open(url)``; close when done."""

    def __init__(self, engine: Engine, target: Target) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**{WRITE_OPTION: True})
        self._target = target

    @classmethod
    def open(cls, url: str) -> Store:
        """Open the database, creating and migrating it as needed; refuse a corrupt or newer one untouched."""
        target = parse(url)
        prepare_sqlite_file(target)
        migrate(target)
        return cls(make_engine(target), target)

    @property
    def stories(self) -> StoryRepository:
        """The story library."""
        from starcoach.store.story_repository import StoryRepository

        return StoryRepository(self._writing, self._reading, self._target)

    @property
    def prep(self) -> PrepRepository:
        """Company notes and the interview-day checklist."""
        from starcoach.store.prep_repository import PrepRepository

        return PrepRepository(self._writing, self._reading, self._target)

    def close(self) -> None:
        """Release every connection."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        # One transaction per write: committed on leaving, rolled back whole on any error.
        with translated(self._target), Session(self._writer, expire_on_commit=False) as db, db.begin():
            yield db

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with translated(self._target), Session(self._engine) as db, db.begin():
            yield db

    def _require(self, db: Session, session_id: str) -> SessionRow:
        row = db.get(SessionRow, session_id)
        if row is None:
            raise StoreError(f"no session '{session_id}'", hint=_HISTORY_HINT)
        return row

    # -- writing ----------------------------------------------------------------------------
    def create_session(self, record: SessionRecord) -> None:
        """Store a new session, with any turns it already has."""
        with self._writing() as db:
            if db.get(SessionRow, record.id) is not None:
                raise StoreError(f"session '{record.id}' is already stored")
            db.add(_records.session_row(record))
            db.add_all(_records.turn_row(record.id, turn) for turn in record.turns)

    def add_turn(self, session_id: str, turn: TurnRecord) -> None:
        """Store one answered turn; it is committed when this returns."""
        with self._writing() as db:
            self._require(db, session_id)
            taken = select(TurnRow.id).where(TurnRow.session_id == session_id, TurnRow.index == turn.index)
            if db.scalar(taken) is not None:
                raise StoreError(
                    f"answer {turn.index + 1} of session '{session_id}' is already stored",
                    hint="Another StarCoach may be running this session; continue it in one place only.",
                )
            db.add(_records.turn_row(session_id, turn))

    def update_turn(self, session_id: str, turn: TurnRecord) -> None:
        """Replace a stored turn, e.g. with what was said into the silence after it."""
        with self._writing() as db:
            changed = db.execute(
                update(TurnRow)
                .where(TurnRow.session_id == session_id, TurnRow.index == turn.index)
                .values(**_records.turn_values(turn))
            )
            if changed.rowcount != 1:  # type: ignore[attr-defined]  # an update's result has rowcount
                raise StoreError(
                    f"answer {turn.index + 1} of session '{session_id}' is not stored",
                    hint=_HISTORY_HINT,
                )

    def set_owner(self, session_id: str, owner: str) -> None:
        """Record which web client started a session (``owner`` is a hash, never the cookie itself)."""
        with self._writing() as db:
            self._require(db, session_id)
            db.merge(SessionOwnerRow(session_id=session_id, owner=owner))

    def owner_of(self, session_id: str) -> str | None:
        """The web client that started a session; None for one started in the terminal."""
        with self._reading() as db:
            return db.scalar(select(SessionOwnerRow.owner).where(SessionOwnerRow.session_id == session_id))

    def set_plan(self, session_id: str, question_ids: list[str]) -> None:
        """Replace a session's planned questions."""
        with self._writing() as db:
            self._require(db, session_id).planned_question_ids = list(question_ids)

    def finish_session(self, session_id: str, finished_at: datetime) -> None:
        """Mark a session finished at the given time."""
        with self._writing() as db:
            row = self._require(db, session_id)
            row.status = "finished"
            row.finished_at = finished_at

    def delete_all(self) -> int:
        """Remove every session and its turns; returns how many sessions were removed."""
        with self._writing() as db:
            count = db.scalar(select(func.count()).select_from(SessionRow)) or 0
            db.execute(delete(SessionRow))  # turns go with them: ON DELETE CASCADE
        return count

    # -- reading ----------------------------------------------------------------------------
    def _load(self, db: Session, row: SessionRow) -> SessionRecord:
        turns = db.scalars(select(TurnRow).where(TurnRow.session_id == row.id)).all()
        return _records.session_record(row, turns)

    def _find(self, db: Session, session_id: str) -> SessionRow:
        key = session_id.strip().lower()
        row = db.get(SessionRow, key)
        if row is not None:
            return row
        if len(key) < MIN_PREFIX or not re.fullmatch(r"[0-9a-f]+", key):
            raise StoreError(
                f"no session '{session_id}' (give the id, or at least its first {MIN_PREFIX} characters)",
                hint=_HISTORY_HINT,
            )
        ids = db.scalars(select(SessionRow.id).where(SessionRow.id.startswith(key)).order_by(SessionRow.id)).all()
        if not ids:
            raise StoreError(f"no session '{session_id}'", hint=_HISTORY_HINT)
        if len(ids) > 1:
            shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
            raise StoreError(
                f"'{session_id}' matches {len(ids)} sessions ({shown})",
                hint="Give more characters of the id.",
            )
        return self._require(db, ids[0])

    def get_session(self, session_id: str) -> SessionRecord:
        """A session by id, or by a unique prefix of at least four characters."""
        with self._reading() as db:
            return self._load(db, self._find(db, session_id))

    def latest_unfinished(self) -> SessionRecord | None:
        """The most recently started session that is not finished, if any."""
        with self._reading() as db:
            row = db.scalars(
                select(SessionRow)
                .where(SessionRow.status != "finished")
                .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
                .limit(1)
            ).first()
            return None if row is None else self._load(db, row)

    def list_sessions(self) -> list[SessionSummary]:
        """Every session, oldest first, with its mean score and competencies over its scored answers."""
        with self._reading() as db:
            rows = db.scalars(select(SessionRow).order_by(SessionRow.started_at, SessionRow.id)).all()
            scored: defaultdict[str, list[tuple[float, dict[str, float]]]] = defaultdict(list)
            for session_id, score, competencies in db.execute(
                select(TurnRow.session_id, TurnRow.score, TurnRow.competencies)
                .where(TurnRow.kind.in_(SCORED_KINDS))
                .order_by(TurnRow.session_id, TurnRow.index)
            ):
                scored[session_id].append((score, competencies))
            counted = select(TurnRow.session_id, func.count()).group_by(TurnRow.session_id)
            answers: dict[str, int] = {session_id: count for session_id, count in db.execute(counted)}
            return [_records.summary(row, scored[row.id], answers.get(row.id, 0)) for row in rows]

    def recent_question_ids(self, sessions: int) -> set[str]:
        """Bank question ids answered in the last ``sessions`` sessions (by start time)."""
        if sessions <= 0:
            return set()
        with self._reading() as db:
            recent = (
                select(SessionRow.id)
                .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
                .limit(sessions)
                .subquery()
            )
            ids = db.scalars(
                select(TurnRow.question_id)
                .where(TurnRow.session_id.in_(select(recent.c.id)), TurnRow.question_id.is_not(None))
                .distinct()
            ).all()
            return {i for i in ids if i is not None}

    def export_all(self, now: datetime | None = None) -> dict[str, object]:
        """Everything stored, as one JSON-ready object (``now`` is the export time; default: the clock)."""
        with self._reading() as db:
            rows = db.scalars(select(SessionRow).order_by(SessionRow.started_at, SessionRow.id)).all()
            turns: defaultdict[str, list[TurnRow]] = defaultdict(list)
            for turn in db.scalars(select(TurnRow)):
                turns[turn.session_id].append(turn)
            sessions = [_records.session_record(row, turns[row.id]).model_dump(mode="json") for row in rows]
        exported_at = (now or datetime.now(UTC)).astimezone(UTC)
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": exported_at.isoformat(),
            "sessions": sessions,
            "stories": self.stories.export(),
            "prep": self.prep.export(),
        }
