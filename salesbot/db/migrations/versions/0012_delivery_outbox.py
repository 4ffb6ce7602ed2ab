"""Delivery outbox: every outbound message carries its delivery state; an index finds the
conversations whose customer waits for an answer.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 20:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL for customer messages; outbound ones go pending → sent, or failed → … → dead.
    op.add_column("messages", sa.Column("delivery_status", sa.String(length=16), nullable=True))
    op.add_column(
        "messages",
        sa.Column("delivery_attempts", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("messages", sa.Column("delivery_error", sa.Text(), nullable=True))
    op.add_column("messages", sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))
    # The id the channel gave the message it delivered (Telegram message_id, Avito id, …).
    op.add_column(
        "messages", sa.Column("external_message_id", sa.String(length=255), nullable=True)
    )
    op.create_check_constraint(
        op.f("ck_messages_delivery_status_known"),
        "messages",
        "delivery_status IS NULL OR delivery_status IN "
        "('pending', 'sent', 'failed', 'dead', 'withheld')",
    )
    # The inbox asks "does this conversation have an undelivered message?" per row.
    op.create_index(
        "ix_messages_undelivered",
        "messages",
        ["conversation_id"],
        postgresql_where=sa.text("delivery_status IN ('failed', 'dead')"),
    )
    # The answer backstop's look-up: conversations whose customer waits for a turn.
    op.create_index(
        "ix_conversations_unanswered",
        "conversations",
        ["last_message_at"],
        postgresql_where=sa.text(
            "closed_at IS NULL AND owner = 'bot' AND last_customer_seq > "
            "COALESCE((state ->> 'answered_through')::bigint, 0)"
        ),
    )
    # Every outbound message stored before the outbox existed was delivered by the website.
    op.execute(
        "UPDATE messages SET delivery_status = 'sent', delivered_at = created_at "
        "WHERE author <> 'customer'"
    )


def downgrade() -> None:
    op.drop_index("ix_conversations_unanswered", table_name="conversations")
    op.drop_index("ix_messages_undelivered", table_name="messages")
    op.drop_constraint(op.f("ck_messages_delivery_status_known"), "messages", type_="check")
    for column in (
        "external_message_id",
        "delivered_at",
        "delivery_error",
        "delivery_attempts",
        "delivery_status",
    ):
        op.drop_column("messages", column)
