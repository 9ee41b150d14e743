"""The story library, company notes and the interview-day checklist.

Revision ID: 0002_stories_and_prep
Revises: 0001_initial
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_stories_and_prep"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the stories, company_notes and checklist_ticks tables."""
    op.create_table(
        "stories",
        sa.Column("id", sa.String(8), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("title_key", sa.String(120), nullable=False),
        sa.Column("situation", sa.Text(), nullable=False),
        sa.Column("task", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("axes", sa.JSON(), nullable=False),
        sa.Column("competencies", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
        sa.UniqueConstraint("title_key", name=op.f("uq_stories_title_key")),
    )
    op.create_table(
        "company_notes",
        sa.Column("company_key", sa.String(200), nullable=False),
        sa.Column("company", sa.String(200), nullable=False),
        sa.Column("product", sa.Text(), nullable=False),
        sa.Column("customers", sa.Text(), nullable=False),
        sa.Column("channels", sa.Text(), nullable=False),
        sa.Column("pain_points", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("job_description", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("company_key", name=op.f("pk_company_notes")),
    )
    op.create_table(
        "checklist_ticks",
        sa.Column("item_id", sa.String(80), nullable=False),
        sa.Column("ticked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("item_id", name=op.f("pk_checklist_ticks")),
    )


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("checklist_ticks")
    op.drop_table("company_notes")
    op.drop_table("stories")
