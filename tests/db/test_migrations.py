from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, pool

import salesbot.models  # noqa: F401
from salesbot.db import embedded, migrate
from salesbot.db.base import Base
from salesbot.db.engine import to_sqlalchemy_url
from tests.conftest import TEST_DATA_DIR


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

    def test_downgrade_to_base_and_back(self, scratch_database_url: str) -> None:
        url = scratch_database_url
        migrate.upgrade(url, "head")
        from alembic import command

        config = migrate.alembic_config(url)
        command.downgrade(config, "base")
        assert migrate.current_revision(url) is None
        migrate.upgrade(url)
        assert migrate.current_revision(url) == migrate.head_revision()


@pytest.fixture
def scratch_database_url(database_url: str) -> Iterator[str]:
    """A database of its own: dropping the schema and making it again gives the queue's
    types new ids, which the shared test database's open connections would still hold."""
    if os.environ.get("SALESBOT_TEST_DATABASE_URL"):
        yield database_url  # an outside server: the one database the developer gave
        return
    admin = embedded.start_embedded_server(TEST_DATA_DIR)
    name = f"salesbot_scratch_{os.getpid()}"
    embedded.drop_database(admin, name)
    yield to_sqlalchemy_url(embedded.ensure_database(admin, name))
    embedded.drop_database(admin, name)
