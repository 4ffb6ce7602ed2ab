"""Pricing: price-list versions and stored quotes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 00:01:30.897723
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "price_list_versions",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_by", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_price_list_versions")),
    )
    op.create_table(
        "quotes",
        sa.Column("price_list_version", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Uuid(), nullable=True),
        sa.Column("product", sa.String(length=50), nullable=False),
        sa.Column("inputs", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("result", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("recommended", sa.String(length=50), nullable=True),
        sa.Column("recommended_total", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("computed_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_quotes_conversation_id_conversations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["price_list_version"],
            ["price_list_versions.version"],
            name=op.f("fk_quotes_price_list_version_price_list_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
    )
    op.create_index(op.f("ix_quotes_conversation_id"), "quotes", ["conversation_id"], unique=False)


def downgrade() -> None:

    op.drop_index(op.f("ix_quotes_conversation_id"), table_name="quotes")
    op.drop_table("quotes")
    op.drop_table("price_list_versions")
