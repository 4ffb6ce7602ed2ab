"""Alembic environment: synchronous psycopg, serialised by an advisory lock.

`salesbot serve` and `salesbot worker` both migrate at start; the lock makes the second wait
and then find nothing to do.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool, text

import salesbot.models  # noqa: F401  (registers every table on the metadata)
from salesbot.db.base import Base

config = context.config
target_metadata = Base.metadata
_LOCK = "SELECT pg_advisory_lock(hashtext('salesbot.migrations'))"
_UNLOCK = "SELECT pg_advisory_unlock(hashtext('salesbot.migrations'))"


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        from salesbot.db.engine import resolve_database_url
        from salesbot.settings import get_settings

        url = resolve_database_url(get_settings())
    return url


def _include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    # procrastinate owns its tables; they come from its own schema file.
    return not (type_ == "table" and name is not None and name.startswith("procrastinate"))


def run_migrations_online() -> None:
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        connection.execute(text(_LOCK))
        connection.commit()
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                include_object=_include_object,
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
        finally:
            connection.execute(text(_UNLOCK))
            connection.commit()
    engine.dispose()


run_migrations_online()
