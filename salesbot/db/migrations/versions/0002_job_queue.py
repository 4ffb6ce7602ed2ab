"""Job queue: procrastinate's schema (as pinned in pyproject) and the last error of each job.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

Upgrading procrastinate to a release with schema changes needs a new migration that applies
its shipped migration files; see docs/decisions.md.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from procrastinate.schema import SchemaManager

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema = SchemaManager.get_schema()
    # Raw driver call: the schema holds many statements and percent signs, which must not be
    # parsed as bind parameters.
    op.get_bind().connection.driver_connection.execute(schema)  # type: ignore[union-attr]
    op.create_table(
        "job_errors",
        sa.Column("job_id", sa.BigInteger(), nullable=False),
        sa.Column("task_name", sa.String(length=255), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("error_type", sa.String(length=255), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_job_errors")),
    )


def downgrade() -> None:
    op.drop_table("job_errors")
    op.execute(
        """
        DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers,
            procrastinate_jobs, procrastinate_workers, procrastinate_version CASCADE;
        DROP TYPE IF EXISTS procrastinate_job_status, procrastinate_job_event_type CASCADE;
        """
    )
