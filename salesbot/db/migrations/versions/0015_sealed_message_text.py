"""Messages keep phones and e-mails out of plain text: the masked text stays in `text`, the
original goes encrypted to `sealed_text`, keyed hashes of the contacts to `contact_hashes`.

Rows stored before this revision keep `contact_hashes` NULL until the periodic job
`pii.seal_messages` (or `salesbot pii seal-messages`) seals them; it needs the PII keys, which
a migration does not hold.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("messages", sa.Column("sealed_text", sa.Text(), nullable=True))
    op.add_column(
        "messages", sa.Column("contact_hashes", postgresql.ARRAY(sa.String(64)), nullable=True)
    )
    op.create_index(
        "ix_messages_contact_hashes", "messages", ["contact_hashes"], postgresql_using="gin"
    )
    op.create_index(
        "ix_messages_unsealed",
        "messages",
        ["id"],
        postgresql_where=sa.text("contact_hashes IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_messages_unsealed", table_name="messages")
    op.drop_index("ix_messages_contact_hashes", table_name="messages")
    # The originals are encrypted with keys a migration does not hold: going back would leave
    # only the masked text, so refuse while any message is sealed.
    sealed = op.get_bind().execute(
        sa.text("SELECT count(*) FROM messages WHERE sealed_text IS NOT NULL")
    )
    if sealed.scalar_one():
        raise RuntimeError(
            "Messages hold encrypted originals; downgrading past 0015 would lose them. "
            "Restore a backup taken before 0015 instead."
        )
    op.drop_column("messages", "contact_hashes")
    op.drop_column("messages", "sealed_text")
