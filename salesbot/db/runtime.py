"""The process's database handle, set once at start by `serve`, `worker` or a CLI command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from salesbot.db.engine import Database

_database: Database | None = None


def set_database(database: Database | None) -> None:
    global _database
    _database = database


def get_database() -> Database:
    if _database is None:
        raise RuntimeError("the database is not initialised in this process")
    return _database


@contextmanager
def using_database(database: Database) -> Iterator[Database]:
    """`database` is the process's for the block; the one before it is back afterwards (a
    command run inside another program, such as a test, leaves that program's handle)."""
    global _database
    previous, _database = _database, database
    try:
        yield database
    finally:
        _database = previous
