"""Property-based checks of the whole HTTP API against its own OpenAPI schema (schemathesis):
generated requests, valid and invalid, to every operation, as an admin. No answer may be a
server error, and every answer must be one the schema lists, with the content type, headers
and body it documents.

Left out: schemathesis' checks of how strict validation is (whether a value the schema allows is
accepted, `false` taken for 0, …) and of undeclared methods; they judge business rules and
FastAPI's coercion, not whether the schema tells the truth."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from anyio.from_thread import start_blocking_portal
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from salesbot.app import create_app, openapi_json
from salesbot.db.engine import Database
from salesbot.db.runtime import set_database
from salesbot.models import Role
from salesbot.security.tokens import issue_token
from salesbot.settings import Settings
from salesbot.users import service as users
from tests.conftest import make_settings

# Bounded so `make test` stays fast; derandomised so a failure reproduces run after run.
EXAMPLES_PER_OPERATION = 8

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_dict(json.loads(openapi_json()))


async def _admin_token(settings: Settings) -> str:
    database = Database(str(settings.database_url), pool_size=1)
    try:
        async with database.transaction() as session:
            user = await users.create(
                session, email="schema-admin@example.com", password="correct-horse", role=Role.admin
            )
        return issue_token(settings, user_id=user.id, role=user.role)[0]
    finally:
        await database.dispose()


@pytest.fixture(scope="module")
def api(
    database_url: str, database: Database, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[asgi.ASGIClient]:
    """The app with its lifespan, on schemathesis' own event-loop thread, and an admin's
    token on every request."""
    settings = make_settings(
        database_url,
        Path(tmp_path_factory.mktemp("schema")),
        rate_limit_per_minute=100_000,  # the generator is one client; 429s would hide the rest
        embedded_worker=True,  # a real worker, so /ready is ready
    )
    with start_blocking_portal() as portal:
        token = portal.call(_admin_token, settings)
    with asgi.get_client(create_app(settings, configure_process=False)) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield client
    asgi.shutdown_lifespans()
    set_database(database)  # the app's lifespan replaced the process handle


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation(case: schemathesis.Case, api: asgi.ASGIClient) -> None:
    case.call_and_validate(session=api, checks=CHECKS)
