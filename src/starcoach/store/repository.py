"""The Store: sessions and turns in SQLite (default) or PostgreSQL, every write committed at once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, func, inspect, select, text, update
from sqlalchemy.engine.url import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from starcoach.content.models import COMPETENCY_IDS
from starcoach.errors import StoreError
from starcoach.interview.records import SessionRecord, SessionSummary, TurnRecord
from starcoach.store.models import SessionRow, TurnRow

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
EXPORT_FORMAT = "starcoach-export"
EXPORT_VERSION = 1


def _utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _explain(exc: BaseException, where: str) -> StoreError:
    message = str(getattr(exc, "orig", exc)).lower()
    if "file is not a database" in message or "malformed" in message:
        return StoreError(
            "the database file is corrupt or not a StarCoach database",
            where=where,
            hint="Move it aside (it was not changed) and StarCoach will start a new one.",
        )
    if "disk is full" in message or "no space" in message:
        return StoreError("the disk is full", where=where, hint="Free some space; nothing was lost.")
    if "readonly" in message or "read-only" in message or "unable to open" in message or "permission" in message:
        return StoreError(
            "cannot write to the database",
            where=where,
            hint="Check that the data folder exists and is writable, or set STARCOACH_HOME.",
        )
    if "connection" in message or "could not connect" in message or "connect" in message:
        return StoreError(
            "cannot reach the database server",
            where=where,
            hint="Check STARCOACH_DATABASE_URL and that the server is running.",
        )
    return StoreError(
        f"database error ({message.splitlines()[0][:120]})", where=where, hint="Nothing was changed; try again."
    )


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets a reader and a writer (or two processes) share the file; the busy timeout
    # makes a second writer wait instead of failing; foreign keys make deletes cascade.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    return config


class Store:
    """Where sessions live. Open with ``Store.open(url)``; close when done."""

    def __init__(self, engine: Engine, where: str) -> None:
        self._engine = engine
        self._where = where
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # -- opening ----------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str) -> Store:
        """Open (creating if needed) and migrate the database; refuse corrupt or newer ones untouched."""
        parsed = make_url(url)
        where = parsed.database or url if parsed.get_backend_name() == "sqlite" else parsed.render_as_string()
        sqlite = parsed.get_backend_name() == "sqlite"
        if sqlite and parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the data folder ({exc.strerror})",
                    where=str(folder),
                    hint="Set STARCOACH_HOME to a folder you can write to.",
                ) from exc
        engine = create_engine(url, future=True, pool_pre_ping=not sqlite)
        if sqlite:
            event.listen(engine, "connect", _on_sqlite_connect)
        store = cls(engine, where)
        try:
            store._check_and_migrate(sqlite)
        except BaseException:
            engine.dispose()
            raise
        return store

    def _check_and_migrate(self, sqlite: bool) -> None:
        from alembic import command
        from alembic.script import ScriptDirectory

        try:
            with self._engine.connect() as connection:
                # A read first: a corrupt file fails here, before anything is written to it.
                tables = set(inspect(connection).get_table_names())
                known = {rev.revision for rev in ScriptDirectory(str(_MIGRATIONS)).walk_revisions()}
                if "alembic_version" in tables:
                    current = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
                    unknown = [rev for rev in current if rev not in known]
                    if unknown:
                        raise StoreError(
                            f"this database was made by a newer StarCoach (schema {unknown[0]})",
                            where=self._where,
                            hint="Upgrade StarCoach; the database was not changed.",
                        )
                elif tables:
                    raise StoreError(
                        "this database holds tables StarCoach did not make",
                        where=self._where,
                        hint="Point STARCOACH_DATABASE_URL at an empty or StarCoach database.",
                    )
            with self._engine.begin() as connection:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA journal_mode=WAL")
                command.upgrade(_alembic_config(connection), "head")
        except StoreError:
            raise
        except (SQLAlchemyError, OSError) as exc:
            raise _explain(exc, self._where) from exc

    def close(self) -> None:
        """Release connections."""
        self._engine.dispose()

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as db:
                yield db
        except StoreError:
            raise
        except IntegrityError as exc:
            raise StoreError("that record is already stored", where=self._where, hint="Nothing was changed.") from exc
        except (DBAPIError, SQLAlchemyError) as exc:
            raise _explain(exc, self._where) from exc

    # -- writing ----------------------------------------------------------------------------
    def create_session(self, record: SessionRecord) -> None:
        """Store a new session (and any turns it already has)."""
        with self._transaction() as db:
            db.add(
                SessionRow(
                    id=record.id,
                    track=record.track,
                    company=record.company,
                    job_focus=json.dumps(record.job_focus),
                    job_tools=json.dumps(record.job_tools),
                    planned_question_ids=json.dumps(record.planned_question_ids),
                    status=record.status,
                    started_at=record.started_at,
                    finished_at=record.finished_at,
                )
            )
            db.flush()
            for turn in record.turns:
                db.add(_turn_row(record.id, turn))

    def add_turn(self, session_id: str, turn: TurnRecord) -> None:
        """Store one answered turn, committed before returning."""
        with self._transaction() as db:
            if db.get(SessionRow, session_id) is None:
                raise StoreError(f"no session '{session_id}'", where=self._where, hint="See `starcoach history`.")
            db.add(_turn_row(session_id, turn))

    def update_turn(self, session_id: str, turn: TurnRecord) -> None:
        """Replace a stored turn (e.g. after the silence that followed it)."""
        with self._transaction() as db:
            db.execute(
                update(TurnRow)
                .where(TurnRow.session_id == session_id, TurnRow.turn_index == turn.index)
                .values(record=turn.model_dump_json(), score=turn.report.score, interrupted=turn.interrupted)
            )

    def set_plan(self, session_id: str, question_ids: list[str]) -> None:
        """Replace a session's planned questions."""
        with self._transaction() as db:
            db.execute(
                update(SessionRow)
                .where(SessionRow.id == session_id)
                .values(planned_question_ids=json.dumps(question_ids))
            )

    def finish_session(self, session_id: str, finished_at: datetime) -> None:
        """Mark a session finished."""
        with self._transaction() as db:
            db.execute(
                update(SessionRow).where(SessionRow.id == session_id).values(status="finished", finished_at=finished_at)
            )

    def delete_all(self) -> int:
        """Remove every session and turn; returns how many sessions there were."""
        with self._transaction() as db:
            count = db.scalar(select(func.count()).select_from(SessionRow)) or 0
            db.execute(delete(TurnRow))
            db.execute(delete(SessionRow))
        return int(count)

    # -- reading ----------------------------------------------------------------------------
    def _load(self, db: Session, row: SessionRow) -> SessionRecord:
        turns = db.scalars(select(TurnRow).where(TurnRow.session_id == row.id).order_by(TurnRow.turn_index)).all()
        return SessionRecord(
            id=row.id,
            track=row.track,
            company=row.company,
            job_focus=json.loads(row.job_focus),
            job_tools=json.loads(row.job_tools),
            planned_question_ids=json.loads(row.planned_question_ids),
            status=row.status,
            started_at=_utc(row.started_at),
            finished_at=None if row.finished_at is None else _utc(row.finished_at),
            turns=[TurnRecord.model_validate_json(t.record) for t in turns],
        )

    def get_session(self, session_id: str) -> SessionRecord:
        """A session by id, or by a unique prefix of at least four characters."""
        key = session_id.strip().lower()
        with self._transaction() as db:
            row = db.get(SessionRow, key)
            if row is None and len(key) >= 4:
                rows = db.scalars(select(SessionRow).where(SessionRow.id.startswith(key, autoescape=True))).all()
                if len(rows) > 1:
                    raise StoreError(
                        f"'{session_id}' matches {len(rows)} sessions",
                        where=self._where,
                        hint="Give more characters of the id (see `starcoach history`).",
                    )
                row = rows[0] if rows else None
            if row is None:
                raise StoreError(
                    f"no session '{session_id}'", where=self._where, hint="List your sessions with `starcoach history`."
                )
            return self._load(db, row)

    def latest_unfinished(self) -> SessionRecord | None:
        """The most recently started session that was not finished."""
        with self._transaction() as db:
            row = db.scalars(
                select(SessionRow)
                .where(SessionRow.status != "finished")
                .order_by(SessionRow.started_at.desc())
                .limit(1)
            ).first()
            return None if row is None else self._load(db, row)

    def list_sessions(self) -> list[SessionSummary]:
        """Every session, oldest first, with its mean score and competencies."""
        with self._transaction() as db:
            rows = db.scalars(select(SessionRow).order_by(SessionRow.started_at)).all()
            summaries = []
            for row in rows:
                record = self._load(db, row)
                reports = [t.report for t in record.turns]
                means = (
                    {
                        c: round(sum(r.competencies.get(c, 0.0) for r in reports) / len(reports), 3)
                        for c in COMPETENCY_IDS
                    }
                    if reports
                    else {}
                )
                summaries.append(
                    SessionSummary(
                        id=record.id,
                        track=record.track,
                        company=record.company,
                        status=record.status,
                        started_at=record.started_at,
                        finished_at=record.finished_at,
                        answers=len(reports),
                        mean_score=round(sum(r.score for r in reports) / len(reports), 1) if reports else None,
                        competencies=means,
                    )
                )
            return summaries

    def recent_question_ids(self, sessions: int) -> set[str]:
        """Question ids answered in the last ``sessions`` sessions."""
        if sessions <= 0:
            return set()
        with self._transaction() as db:
            recent = select(SessionRow.id).order_by(SessionRow.started_at.desc()).limit(sessions).subquery()
            ids = db.scalars(select(TurnRow.question_id).where(TurnRow.session_id.in_(select(recent.c.id)))).all()
            return {i for i in ids if i}

    def export_all(self) -> dict[str, Any]:
        """Everything stored, as one JSON-ready object."""
        with self._transaction() as db:
            rows = db.scalars(select(SessionRow).order_by(SessionRow.started_at)).all()
            sessions = [self._load(db, row).model_dump(mode="json") for row in rows]
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": datetime.now(UTC).isoformat(),
            "sessions": sessions,
        }


def _turn_row(session_id: str, turn: TurnRecord) -> TurnRow:
    return TurnRow(
        session_id=session_id,
        turn_index=turn.index,
        kind=turn.kind,
        question_id=turn.question_id,
        score=turn.report.score,
        interrupted=turn.interrupted,
        created_at=turn.created_at,
        record=turn.model_dump_json(),
    )
