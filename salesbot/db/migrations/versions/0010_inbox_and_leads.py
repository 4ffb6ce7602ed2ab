"""Inbox and leads: read markers, name hash, message sources.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Contacts found by name: a keyed hash of the normalised name (filled by the app, which
    # holds the key; `salesbot pii reindex` fills it for rows stored before this revision).
    op.add_column("contacts", sa.Column("name_hash", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_contacts_name_hash"), "contacts", ["name_hash"], unique=False)

    # The team's read marker, the newest customer message, and a pending hand-off: the
    # inbox filters on plain columns instead of scanning messages.
    op.add_column(
        "conversations",
        sa.Column("operator_read_seq", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column(
        "conversations",
        sa.Column("last_customer_seq", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column(
        "conversations",
        sa.Column("handoff_requested_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.execute(
        "UPDATE conversations c SET last_customer_seq = m.seq FROM ("
        " SELECT conversation_id, max(seq) AS seq FROM messages"
        " WHERE author = 'customer' GROUP BY conversation_id) m"
        " WHERE m.conversation_id = c.id"
    )
    # History before the inbox existed is not news: closed conversations count as read.
    op.execute(
        "UPDATE conversations SET operator_read_seq = last_customer_seq WHERE closed_at IS NOT NULL"
    )
    op.create_index(
        "ix_conversations_channel_last_message_at",
        "conversations",
        ["channel", "last_message_at"],
        unique=False,
    )
    op.create_index(
        "ix_conversations_stage", "conversations", [sa.text("(state ->> 'stage')")], unique=False
    )
    op.create_index(
        "ix_conversations_handoff_requested_at",
        "conversations",
        ["handoff_requested_at"],
        unique=False,
        postgresql_where=sa.text("handoff_requested_at IS NOT NULL"),
    )
    # Words of the messages (the inbox's `q`): Russian full-text search through GIN.
    op.create_index(
        "ix_messages_text_russian",
        "messages",
        [sa.text("to_tsvector('russian', text)")],
        unique=False,
        postgresql_using="gin",
    )

    op.create_index(op.f("ix_leads_status"), "leads", ["status"], unique=False)
    op.create_index(op.f("ix_leads_created_at"), "leads", ["created_at"], unique=False)
    op.create_index(op.f("ix_leads_updated_at"), "leads", ["updated_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_leads_updated_at"), table_name="leads")
    op.drop_index(op.f("ix_leads_created_at"), table_name="leads")
    op.drop_index(op.f("ix_leads_status"), table_name="leads")
    op.drop_index("ix_messages_text_russian", table_name="messages")
    op.drop_index(
        "ix_conversations_handoff_requested_at",
        table_name="conversations",
        postgresql_where=sa.text("handoff_requested_at IS NOT NULL"),
    )
    op.drop_index("ix_conversations_stage", table_name="conversations")
    op.drop_index("ix_conversations_channel_last_message_at", table_name="conversations")
    op.drop_column("conversations", "handoff_requested_at")
    op.drop_column("conversations", "last_customer_seq")
    op.drop_column("conversations", "operator_read_seq")
    op.drop_index(op.f("ix_contacts_name_hash"), table_name="contacts")
    op.drop_column("contacts", "name_hash")
