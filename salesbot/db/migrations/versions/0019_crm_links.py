"""Our leads in the CRM (amoCRM): the id there, our request key and what was sent.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crm_links",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("lead_id", sa.Uuid(), nullable=False),
        sa.Column("service", sa.String(32), nullable=False),
        sa.Column("request_key", sa.String(64), nullable=False),
        sa.Column("external_id", sa.String(64)),
        sa.Column("url", sa.String(500)),
        sa.Column("create_started_at", sa.DateTime(timezone=True)),
        sa.Column("pushed", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True)),
        sa.Column("last_error", sa.Text()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_crm_links_lead_id_leads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crm_links")),
        sa.UniqueConstraint("service", "lead_id", name="uq_crm_links_service_lead"),
        sa.UniqueConstraint("service", "external_id", name="uq_crm_links_service_external"),
    )


def downgrade() -> None:
    op.drop_table("crm_links")
