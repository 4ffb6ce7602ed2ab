from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, pool

import salesbot.models  # noqa: F401
from salesbot.db import migrate
from salesbot.db.base import Base


class TestMigrations:
    def test_database_is_at_head(self, database_url: str) -> None:
        assert migrate.current_revision(database_url) == migrate.head_revision()

    def test_models_match_the_migrations(self, database_url: str) -> None:
        engine = create_engine(database_url, poolclass=pool.NullPool)
        try:
            with engine.connect() as connection:
                context = MigrationContext.configure(
                    connection,
                    opts={
                        # the queue's own tables, and the job tests' log table
                        "include_object": lambda obj, name, type_, reflected, compare_to: (
                            not (
                                type_ == "table"
                                and name is not None
                                and name.startswith(("procrastinate", "job_test_"))
                            )
                        ),
                        "compare_type": True,
                    },
                )
                differences = compare_metadata(context, Base.metadata)
        finally:
            engine.dispose()
        assert differences == []

    def test_downgrade_to_base_and_back(self, database_url: str) -> None:
        migrate.upgrade(database_url, "head")
        from alembic import command

        config = migrate.alembic_config(database_url)
        command.downgrade(config, "base")
        assert migrate.current_revision(database_url) is None
        migrate.upgrade(database_url)
        assert migrate.current_revision(database_url) == migrate.head_revision()
