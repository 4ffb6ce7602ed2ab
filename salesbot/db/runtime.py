"""The process's database handle, set once at start by `serve`, `worker` or a CLI command."""

from __future__ import annotations

from salesbot.db.engine import Database

_database: Database | None = None


def set_database(database: Database | None) -> None:
    global _database
    _database = database


def get_database() -> Database:
    if _database is None:
        raise RuntimeError("the database is not initialised in this process")
    return _database
