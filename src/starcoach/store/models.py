"""The database tables: sessions and the turns answered in them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base for StarCoach's tables."""


class SessionRow(Base):
    """One mock interview."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(12), primary_key=True)
    track: Mapped[str] = mapped_column(String(32))
    company: Mapped[str | None] = mapped_column(String(200), nullable=True)
    job_focus: Mapped[str] = mapped_column(Text, default="[]")
    job_tools: Mapped[str] = mapped_column(Text, default="[]")
    planned_question_ids: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class TurnRow(Base):
    """One question and its answer; the whole record is kept as JSON beside a few queryable columns."""

    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("session_id", "turn_index", name="uq_turn_per_session"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(12), ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    turn_index: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    question_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    score: Mapped[float] = mapped_column(Float)
    interrupted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    record: Mapped[str] = mapped_column(Text)
