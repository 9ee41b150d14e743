"""Which browser started a web session, so another one cannot read or answer it.

Revision ID: 0003_session_owners
Revises: 0002_stories_and_prep
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_session_owners"
down_revision = "0002_stories_and_prep"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the session_owners table (sessions started in the terminal have no row)."""
    op.create_table(
        "session_owners",
        sa.Column("session_id", sa.String(12), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_session_owners_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_session_owners")),
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("session_owners")
