"""Start-up steps shared by `serve`, `worker` and the CLI: settings, logs, database, keys."""

from __future__ import annotations

import os

from salesbot.db import migrate
from salesbot.db.engine import resolve_database_url
from salesbot.observability.logging import configure_logging
from salesbot.security.pii import KeyRing, configure_keyring
from salesbot.settings import Settings


def init_process(settings: Settings, *, json_logs: bool = True) -> None:
    # Everything the process writes (the data folder, logs, uploads, documents, secrets) is
    # for its own user only: services often run as root, and these hold personal data.
    os.umask(0o077)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.data_dir.chmod(_data_dir_mode(settings))
    log_file = settings.log_file or settings.data_dir / "logs" / "salesbot.log"
    configure_logging(
        settings.log_level, log_file if settings.log_to_file else None, json_stdout=json_logs
    )
    configure_keyring(KeyRing.from_settings(settings))


def prepare_database(settings: Settings, *, apply_migrations: bool = True) -> str:
    """Start the embedded server if needed, migrate; return the SQLAlchemy URL."""
    url = resolve_database_url(settings)
    if apply_migrations:
        migrate.upgrade(url)
    return url


def _data_dir_mode(settings: Settings) -> int:
    """0700, except where the embedded PostgreSQL runs as its own system user (we are root):
    that user must pass through our folder to its own, so others may traverse (not list)."""
    if settings.uses_embedded_database and os.geteuid() == 0:
        return 0o711
    return 0o700
