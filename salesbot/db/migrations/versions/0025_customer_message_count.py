"""A conversation counts its customer's messages, so the website chat's cap reads the row it
has already locked instead of counting the messages on every one.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 23:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "conversations",
        sa.Column("customer_messages", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )
    op.execute(
        """
        UPDATE conversations c SET customer_messages = counted.n
        FROM (
            SELECT conversation_id, count(*) AS n FROM messages
            WHERE author = 'customer' GROUP BY conversation_id
        ) AS counted
        WHERE counted.conversation_id = c.id
        """
    )


def downgrade() -> None:
    op.drop_column("conversations", "customer_messages")
