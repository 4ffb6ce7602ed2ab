"""Mail outbox: every mail stored in the transaction that asked for it, then sent by a job.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outgoing_mails",
        sa.Column("id", sa.Uuid(), nullable=False),
        # Queuing the same logical mail twice keeps one row.
        sa.Column("dedupe_key", sa.String(length=255), nullable=False),
        sa.Column("template", sa.String(length=40), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),  # encrypted
        sa.Column("context", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("attachment_ids", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("retryable", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(length=255), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'failed')",
            name=op.f("ck_outgoing_mails_status_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_mails")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outgoing_mails_dedupe_key")),
    )
    op.create_index(
        "ix_outgoing_mails_failed_created_at",
        "outgoing_mails",
        ["created_at"],
        unique=False,
        postgresql_where=sa.text("status = 'failed'"),
    )


def downgrade() -> None:
    op.drop_index("ix_outgoing_mails_failed_created_at", table_name="outgoing_mails")
    op.drop_table("outgoing_mails")
