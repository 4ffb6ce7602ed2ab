"""Messages are counted into the analytics after their turn, in batches, instead of by an
extra statement inside it: each message keeps the id of the transaction that stored it,
and `analytics_fold` keeps the snapshot up to which messages have been counted.

Messages stored before this revision keep `xact` NULL: the statements inside their turns
counted them already.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-08 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("messages", sa.Column("xact", sa.BigInteger(), nullable=True))
    # Only now the default: existing rows stay NULL (counted), new ones get their transaction.
    op.alter_column(
        "messages", "xact", server_default=sa.text("(pg_current_xact_id()::text)::bigint")
    )
    op.create_index(
        "ix_messages_xact", "messages", ["xact"], postgresql_where=sa.text("xact IS NOT NULL")
    )
    op.create_table(
        "analytics_fold",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("folded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("messages", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_analytics_fold_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_fold")),
    )
    op.execute(
        "INSERT INTO analytics_fold (id, snapshot, folded_at)"
        " VALUES (1, pg_current_snapshot()::text, now())"
    )


def downgrade() -> None:
    op.drop_table("analytics_fold")
    op.drop_index("ix_messages_xact", table_name="messages")
    op.drop_column("messages", "xact")
