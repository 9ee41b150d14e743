"""Sessions and turns.

Revision ID: 0001_sessions_and_turns
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_sessions_and_turns"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the two tables."""
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(12), primary_key=True),
        sa.Column("track", sa.String(32), nullable=False),
        sa.Column("company", sa.String(200), nullable=True),
        sa.Column("job_focus", sa.Text, nullable=False),
        sa.Column("job_tools", sa.Text, nullable=False),
        sa.Column("planned_question_ids", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(12), sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("turn_index", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("question_id", sa.String(80), nullable=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("interrupted", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.UniqueConstraint("session_id", "turn_index", name="uq_turn_per_session"),
    )
    op.create_index("ix_turns_session_id", "turns", ["session_id"])


def downgrade() -> None:
    """Drop the two tables."""
    op.drop_index("ix_turns_session_id", table_name="turns")
    op.drop_table("turns")
    op.drop_table("sessions")
