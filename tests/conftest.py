"""Shared fixtures: a real PostgreSQL (embedded, or SALESBOT_TEST_DATABASE_URL), migrated once.

Service tests run inside a transaction that is rolled back; HTTP and job tests commit for
real, and the tables they touch are emptied after each test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from pydantic import SecretStr
from pydantic_ai import models
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.app import create_app
from salesbot.db import embedded, migrate
from salesbot.db.engine import Database, to_sqlalchemy_url
from salesbot.db.runtime import set_database
from salesbot.models import Role
from salesbot.security import passwords
from salesbot.security.pii import KeyRing, configure_keyring
from salesbot.settings import Environment, Settings, use_settings
from salesbot.users import service as users
from tests.fakes.threaded import ThreadedFake

# argon2id at its production cost takes a quarter of a second a hash on CI's cores, and
# creating a user and logging in was most of many tests. Tests in this process hash with
# the cheapest parameters; the scheme and its checks are the same (servers the tests start
# as processes keep the production cost).
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
passwords._DUMMY_HASH = passwords._hasher.hash("salesbot-timing-equaliser")

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA_DIR = ROOT / "data" / "test"
APP_TABLES = [
    "assistant_token_uses",
    "assistant_sessions",
    "payments",
    "bookings",
    "crm_links",
    "messages",
    "conversations",
    "contacts",
    "users",
    "job_errors",
    "kb_collections",
    # kb_embedding_cache stays: content-addressed vectors are valid in every test, and a warm
    # cache spares each test that loads the sample knowledge base ~4 s of embedding.
    "documents",
    "document_templates",
    "document_counters",
    "setting_overrides",
    "quotes",
    "price_list_versions",
    "analytics_events",
    "conversation_facts",
    "conversation_days",
    "analytics_reply_times",
    "integration_status",
    "webhook_events",
    "send_slots",
    "service_tokens",
    "outgoing_mails",
]
JOB_TABLES = ["procrastinate_events", "procrastinate_jobs", "procrastinate_workers"]


# A developer's own settings (OPENAI_API_KEY, LLM_PROVIDER, …) never reach the tests: every
# test builds its settings explicitly, and real model requests are refused unless a fake
# provider of tests/fakes is running (it allows them while it runs).
for _name in Settings.model_fields:
    if _name not in {"database_url"}:
        os.environ.pop(_name.upper(), None)
models.ALLOW_MODEL_REQUESTS = False


@pytest.fixture(autouse=True)
def _no_real_model_requests() -> None:
    models.ALLOW_MODEL_REQUESTS = ThreadedFake.running_model_fakes > 0


def redis_url_for_tests() -> str | None:
    return os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    external = os.environ.get("SALESBOT_TEST_DATABASE_URL")
    if external:
        url = to_sqlalchemy_url(external)
        migrate.upgrade(url)
        yield url
        return
    TEST_DATA_DIR.mkdir(parents=True, exist_ok=True)
    admin = embedded.start_embedded_server(TEST_DATA_DIR)
    name = f"salesbot_test_{os.getpid()}"
    embedded.drop_database(admin, name)
    url = to_sqlalchemy_url(embedded.ensure_database(admin, name))
    migrate.upgrade(url)
    yield url
    embedded.drop_database(admin, name)


def make_settings(database_url: str, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": Environment.test,
        "database_url": database_url,
        "salesbot_data_dir": tmp_path,
        "jwt_secret_key": SecretStr("test-jwt-secret-" + "x" * 32),
        "pii_encryption_key": SecretStr("test-pii-key"),
        "pii_hash_key": SecretStr("test-pii-hash-key"),
        "embedded_worker": False,
        "log_to_file": False,
        "redis_url": None,
        # alerts go at once whatever the hour the suite runs at; the hold outside working
        # hours has its own tests (tests/notifications/test_working_hours.py)
        "team_alerts_off_hours": "send",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def process_settings(database_url: str, tmp_path: Path, **overrides: Any) -> Settings:
    """`make_settings`, made the process's settings (and its PII keys) for the test."""
    settings = make_settings(database_url, tmp_path, **overrides)
    return in_use(settings)


def closed_today(settings: Settings, **overrides: Any) -> Settings:
    """Managers work only on tomorrow's weekday: now is outside their hours, whatever the
    time the suite runs at."""
    from zoneinfo import ZoneInfo

    from salesbot.db.base import utcnow

    today = utcnow().astimezone(ZoneInfo(settings.timezone)).isoweekday()
    return settings.model_copy(
        update={"working_days": str(today % 7 + 1), "working_hours": "09:00-19:00", **overrides}
    )


def in_use(settings: Settings) -> Settings:
    configure_keyring(KeyRing.from_settings(settings))
    use_settings(settings)
    return settings


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return process_settings(database_url, tmp_path)


@pytest.fixture(scope="session")
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url, pool_size=5)
    set_database(db)
    yield db
    set_database(None)
    await db.dispose()


@pytest.fixture
async def session(database: Database, settings: Settings) -> AsyncIterator[AsyncSession]:
    """A session whose work is rolled back after the test (commits become savepoints)."""
    async with database.engine.connect() as connection:
        transaction = await connection.begin()
        session = AsyncSession(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        try:
            yield session
        finally:
            await session.close()
            await transaction.rollback()


@pytest.fixture
async def clean_db(database: Database) -> AsyncIterator[None]:
    """For tests that commit: empty the tables afterwards."""
    yield
    async with database.engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {', '.join(APP_TABLES + JOB_TABLES)} CASCADE"))


@pytest.fixture
async def fresh_board(database: Database, clean_db: None) -> AsyncIterator[None]:
    """Outside calls note their outcome for the integration board in the background: each
    test starts afresh, and what it noted is written before its tables are emptied."""
    from salesbot.integrations import outcomes

    outcomes.recorder.forget()
    yield
    await outcomes.recorder.flush()
    outcomes.recorder.forget()


@pytest.fixture
async def app(settings: Settings, clean_db: None, database: Database) -> AsyncIterator[FastAPI]:
    application = create_app(settings, configure_process=False)
    async with application.router.lifespan_context(application):
        yield application
    set_database(database)  # the app's lifespan replaced the process handle; restore it


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.10", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def create_user(
    database: Database,
    *,
    role: Role = Role.admin,
    password: str = "correct-horse",
    email: str | None = None,
) -> tuple[str, str]:
    email = email or f"{role.value}-{uuid.uuid4().hex[:8]}@example.com"
    async with database.transaction() as s:
        await users.create(s, email=email, password=password, role=role)
    return email, password


async def login(client: httpx.AsyncClient, email: str, password: str) -> str:
    response = await client.post(
        "/api/v1/auth/token", data={"username": email, "password": password}
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


async def manager_login(
    client: httpx.AsyncClient, database: Database
) -> tuple[str, dict[str, str]]:
    """A new manager's e-mail and the headers of their session."""
    email, password = await create_user(database, role=Role.manager)
    return email, {"Authorization": f"Bearer {await login(client, email, password)}"}


@pytest.fixture
async def admin_headers(client: httpx.AsyncClient, database: Database) -> dict[str, str]:
    email, password = await create_user(database, role=Role.admin)
    return {"Authorization": f"Bearer {await login(client, email, password)}"}


@pytest.fixture(scope="session", autouse=True)
def _quiet_masked_logs() -> None:
    from salesbot.observability.logging import configure_logging

    configure_logging("WARNING", None)


async def ingest_sample_kb(database: Database, settings: Settings) -> None:
    """The sample knowledge base (knowledge_base/) in the settings' collection."""
    from salesbot.knowledge.ingestion import ingest_path
    from salesbot.knowledge.service import KnowledgeService

    await ingest_path(
        database,
        KnowledgeService(settings),
        ROOT / "knowledge_base",
        collection=settings.kb_collection,
        actor="test",
    )
