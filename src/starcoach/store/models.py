"""The database tables: sessions, and the turns answered in them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Named constraints, because SQLite batch migrations can only drop or alter a constraint by its name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime, stored as UTC and always read back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC; a naive datetime is a bug, since every clock in StarCoach is aware."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: StarCoach stores timezone-aware times only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """SQLite returns the stored UTC wall time without a zone; PostgreSQL returns the server's zone."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base for StarCoach's tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, list[str]: JSON, dict[str, float]: JSON}


class SessionRow(Base):
    """One mock interview: its settings and plan."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(12), primary_key=True)
    track: Mapped[str] = mapped_column(String(40))
    company: Mapped[str | None] = mapped_column(Text)
    job_focus: Mapped[list[str]]
    job_tools: Mapped[list[str]]
    planned_question_ids: Mapped[list[str]]
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime | None]


class TurnRow(Base):
    """One question and its answer, with the full AnswerReport as JSON text."""

    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("session_id", "index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(12), ForeignKey("sessions.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    question_id: Mapped[str | None] = mapped_column(String(120))
    question: Mapped[str] = mapped_column(Text)
    parent_index: Mapped[int | None] = mapped_column(Integer)
    followup_reason: Mapped[str | None] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    report: Mapped[str] = mapped_column(Text)
    # Copied out of the report so `history` and `progress` need not parse every report.
    score: Mapped[float] = mapped_column(Float)
    competencies: Mapped[dict[str, float]]
    thinking_seconds: Mapped[float | None] = mapped_column(Float)
    answer_seconds: Mapped[float | None] = mapped_column(Float)
    interrupted: Mapped[bool] = mapped_column(Boolean)
    asked_for_moment: Mapped[bool] = mapped_column(Boolean)
    silence_addition: Mapped[str | None] = mapped_column(Text)
    silence_verdict: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]


class StoryRow(Base):
    """One STAR story in the user's library."""

    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(String(8), primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    # Lower-cased, space-collapsed title: two stories may not share a title in any spelling.
    title_key: Mapped[str] = mapped_column(String(120), unique=True)
    situation: Mapped[str] = mapped_column(Text)
    task: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    result: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    axes: Mapped[list[str]]
    competencies: Mapped[list[str]]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CompanyNotesRow(Base):
    """What the user found out about one company, and the job description of the role they are applying for."""

    __tablename__ = "company_notes"

    company_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    company: Mapped[str] = mapped_column(String(200))
    product: Mapped[str] = mapped_column(Text)
    customers: Mapped[str] = mapped_column(Text)
    channels: Mapped[str] = mapped_column(Text)
    pain_points: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text)
    job_description: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class ChecklistTickRow(Base):
    """One ticked item of the interview-day checklist (unticked items have no row)."""

    __tablename__ = "checklist_ticks"

    item_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    ticked_at: Mapped[datetime]


class SessionOwnerRow(Base):
    """The browser (a hashed cookie) that started a session in the web app."""

    __tablename__ = "session_owners"

    session_id: Mapped[str] = mapped_column(String(12), ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
