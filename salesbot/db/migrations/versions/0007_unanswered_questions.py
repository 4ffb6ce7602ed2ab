"""Questions the knowledge base could not answer.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 00:50:03.782322
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from pgvector.sqlalchemy import Vector

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "unanswered_questions",
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("embedder", sa.String(length=100), nullable=False),
        sa.Column("embedding", Vector(), nullable=False),
        sa.Column("times_asked", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("first_asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unanswered_questions")),
    )


def downgrade() -> None:

    op.drop_table("unanswered_questions")
