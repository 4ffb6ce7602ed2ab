"""The assistant inside amoCRM: disposable tokens already used (a replay is refused) and each
amoCRM user's conversation with it (a question it asked, the choices it offered).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 13:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assistant_token_uses",
        sa.Column("jti", sa.String(128), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("jti", name=op.f("pk_assistant_token_uses")),
    )
    op.create_index("ix_assistant_token_uses_expires_at", "assistant_token_uses", ["expires_at"])
    op.create_table(
        "assistant_sessions",
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("state", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account_id", "user_id", name=op.f("pk_assistant_sessions")),
    )


def downgrade() -> None:
    op.drop_table("assistant_sessions")
    op.drop_index("ix_assistant_token_uses_expires_at", table_name="assistant_token_uses")
    op.drop_table("assistant_token_uses")
