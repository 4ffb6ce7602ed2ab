"""Personal data under 152-FZ: the legal basis and the consent text kept with a contact.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("contacts", sa.Column("legal_basis", sa.String(16), nullable=True))
    op.add_column("contacts", sa.Column("consent_text", sa.Text(), nullable=True))
    op.add_column("contacts", sa.Column("consented_at", sa.DateTime(timezone=True), nullable=True))
    # Contacts from before: the form always required the box (its text then is not known);
    # in the chat a contact was given to get an offer.
    op.execute(
        """
        UPDATE contacts SET legal_basis = CASE
            WHEN EXISTS (
                SELECT 1 FROM conversations c
                WHERE c.contact_id = contacts.id AND c.external_chat_id LIKE 'form:%'
            ) THEN 'consent' ELSE 'contract' END
        WHERE legal_basis IS NULL
        """
    )


def downgrade() -> None:
    op.drop_column("contacts", "consented_at")
    op.drop_column("contacts", "consent_text")
    op.drop_column("contacts", "legal_basis")
