"""Channels keep order and pace: a webhook event remembers the chat it belongs to
(`order_key`), so its job and any replay run after the chat's earlier events; `send_slots`
holds the next free moment to send to each chat and to each channel, shared by every worker;
a lead's `source` takes a Telegram deep link's payload (up to 64 characters).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("leads", "source", type_=sa.String(64), existing_nullable=False)
    op.add_column("webhook_events", sa.Column("order_key", sa.String(128), nullable=True))
    op.create_table(
        "send_slots",
        sa.Column("key", sa.String(160), primary_key=True),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.execute("UPDATE leads SET source = left(source, 32)")
    op.alter_column("leads", "source", type_=sa.String(32), existing_nullable=False)
    op.drop_table("send_slots")
    op.drop_column("webhook_events", "order_key")
