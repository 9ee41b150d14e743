"""Sessions and their turns.

Revision ID: 0001_initial
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the sessions and turns tables."""
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(12), nullable=False),
        sa.Column("track", sa.String(40), nullable=False),
        sa.Column("company", sa.Text(), nullable=True),
        sa.Column("job_focus", sa.JSON(), nullable=False),
        sa.Column("job_tools", sa.JSON(), nullable=False),
        sa.Column("planned_question_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
    )
    op.create_index("ix_sessions_started_at", "sessions", ["started_at"])
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("session_id", sa.String(12), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("question_id", sa.String(120), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("parent_index", sa.Integer(), nullable=True),
        sa.Column("followup_reason", sa.Text(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("competencies", sa.JSON(), nullable=False),
        sa.Column("thinking_seconds", sa.Float(), nullable=True),
        sa.Column("answer_seconds", sa.Float(), nullable=True),
        sa.Column("interrupted", sa.Boolean(), nullable=False),
        sa.Column("asked_for_moment", sa.Boolean(), nullable=False),
        sa.Column("silence_addition", sa.Text(), nullable=True),
        sa.Column("silence_verdict", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_turns"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_turns_session_id_sessions", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("session_id", "index", name="uq_turns_session_id_index"),
    )


def downgrade() -> None:
    """Drop both tables."""
    op.drop_table("turns")
    op.drop_index("ix_sessions_started_at", table_name="sessions")
    op.drop_table("sessions")
