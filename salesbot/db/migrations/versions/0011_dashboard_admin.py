"""Dashboard admin: integration status and pricing preview.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The latest outcome per outside service (checks from the dashboard and real calls).
    op.create_table(
        "integration_status",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("healthy", sa.Boolean(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_integration_status")),
    )


def downgrade() -> None:
    op.drop_table("integration_status")
