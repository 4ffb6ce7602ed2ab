"""Webhook events remember when they last failed and whether that failure may pass by itself
(an outside service away, a lost connection), so the periodic catch-up queues them again.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Events that failed before are left to an admin's replay, as they were.
    op.add_column(
        "webhook_events",
        sa.Column("retryable", sa.Boolean(), nullable=False, server_default=sa.text("false")),
    )
    op.add_column("webhook_events", sa.Column("failed_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    op.drop_column("webhook_events", "failed_at")
    op.drop_column("webhook_events", "retryable")
