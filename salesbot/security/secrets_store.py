"""Secrets the product can make itself (JWT key, PII keys), generated once per data directory.

In production a missing secret is a start-up error; in development and tests the secret is
generated on first use and kept in `<data dir>/secrets.json` (mode 0600) so that tokens and
encrypted data survive restarts.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import fasteners
from pydantic import SecretStr

from salesbot.errors import ConfigurationError
from salesbot.settings import GENERATED_SECRETS, Settings, generate_secret


def complete_secrets(settings: Settings) -> Settings:
    missing = [name for name in GENERATED_SECRETS if getattr(settings, name) is None]
    if not missing:
        return settings
    if settings.is_production:
        raise ConfigurationError(
            "Production start refused: set "
            + ", ".join(name.upper() for name in missing)
            + " (see .env.example and docs/configuration.md)."
        )
    stored = _load_or_create(settings.data_dir / "secrets.json", missing)
    return settings.model_copy(update={name: SecretStr(stored[name]) for name in missing})


def _load_or_create(path: Path, names: list[str]) -> dict[str, str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Two processes starting at once must agree on one key, hence the file lock.
    with fasteners.InterProcessLock(str(path) + ".lock"):
        stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
        added = {name: generate_secret() for name in names if name not in stored}
        if added:
            stored.update(added)
            tmp = path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as handle:
                json.dump(stored, handle, indent=2)
            tmp.replace(path)
    return stored
