"""What every benchmark needs: a fresh database on the embedded server and settings for it."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from pydantic import SecretStr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from salesbot.db import embedded, migrate  # noqa: E402
from salesbot.db.engine import Database, to_sqlalchemy_url  # noqa: E402
from salesbot.db.runtime import set_database  # noqa: E402
from salesbot.security.pii import KeyRing, configure_keyring  # noqa: E402
from salesbot.settings import Environment, Settings, use_settings  # noqa: E402
from tests.conftest import ingest_sample_kb  # noqa: E402


def bench_database(name: str) -> tuple[Database, Settings]:
    """A new, migrated database `name` under data/bench, made the process's database."""
    data_dir = ROOT / "data" / "bench"
    data_dir.mkdir(parents=True, exist_ok=True)
    admin = embedded.start_embedded_server(data_dir)
    embedded.drop_database(admin, name)
    url = to_sqlalchemy_url(embedded.ensure_database(admin, name))
    migrate.upgrade(url)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        environment=Environment.test,
        database_url=url,
        # not the server's parent folder: the app makes its data folder 0700, and the
        # server's own user (when we are root) must still pass through to stop it
        salesbot_data_dir=data_dir / "app",
        embedder="use",
        jwt_secret_key=SecretStr("bench" * 8),
        pii_encryption_key=SecretStr("bench"),
        pii_hash_key=SecretStr("bench"),
    )
    use_settings(settings)
    configure_keyring(KeyRing.from_settings(settings))
    database = Database(url)
    set_database(database)
    return database, settings


# The sample knowledge base (knowledge_base/) into the benchmark's database: as the tests load it.
load_sample_knowledge = ingest_sample_kb


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    """Milliseconds: the median, the 95th percentile, the worst, and how many."""
    return {
        "median_ms": round(statistics.median(values), 1),
        "p95_ms": round(percentile(values, 0.95), 1),
        "worst_ms": round(max(values), 1),
        "runs": len(values),
    }
