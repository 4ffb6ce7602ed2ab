"""Uploads remember when a message took them, so files never attached can be deleted.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 21:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "attachments", sa.Column("attached_at", sa.DateTime(timezone=True), nullable=True)
    )
    # Files already in a message are attached (message attachments keep "file:<id>").
    op.execute(
        """
        UPDATE attachments SET attached_at = attachments.created_at
        FROM (
            SELECT DISTINCT substring(item ->> 'storage_key' FROM 6) AS file_id
            FROM messages, jsonb_array_elements(messages.attachments) AS item
            WHERE item ->> 'storage_key' LIKE 'file:%'
        ) AS used
        WHERE attachments.id::text = used.file_id
        """
    )
    op.create_index(
        "ix_attachments_unattached",
        "attachments",
        ["created_at"],
        postgresql_where=sa.text("attached_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_attachments_unattached", table_name="attachments")
    op.drop_column("attachments", "attached_at")
