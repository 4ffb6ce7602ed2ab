"""`salesbot webhooks …` through typer's runner, against the test database."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, pool, text
from typer.testing import CliRunner

from salesbot import cli_webhooks
from salesbot.cli import _settings, _with_session
from salesbot.cli_webhooks import webhooks_commands
from salesbot.db.engine import Database
from salesbot.db.runtime import set_database
from salesbot.observability.logging import configure_logging
from salesbot.settings import Settings
from tests.webhooks.conftest import record_committed, set_status

# Built the way salesbot.cli adds it: with the main CLI's settings and transaction helpers.
webhooks_app = webhooks_commands(_settings, _with_session)


@pytest.fixture
def runner(
    settings: Settings, database: Database, clean_db: None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[CliRunner]:
    # Wide enough that rich cuts no id, whatever terminal (or none) the test process has.
    monkeypatch.setattr(cli_webhooks.console, "_width", 250)
    yield CliRunner(env={"COLUMNS": "250"})
    # The command set up the process for itself (database handle, logs): put the tests' back.
    set_database(database)
    configure_logging("WARNING", None)


@pytest.fixture
async def events(database: Database) -> dict[str, uuid.UUID]:
    ids = {
        "failed": (await record_committed(database, "avito", "a-1")).event.id,
        "processed": (await record_committed(database, "telegram", "t-1")).event.id,
        "received": (await record_committed(database, "telegram", "t-2")).event.id,
    }
    await set_status(database, ids["failed"], "failed", last_error="ConnectionError: [email]")
    await set_status(database, ids["processed"], "processed")
    return ids


def _rows(database_url: str, sql: str, **params: object) -> list[tuple[object, ...]]:
    engine = create_engine(database_url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def _status(database_url: str, event_id: uuid.UUID) -> object:
    [(status,)] = _rows(
        database_url, "SELECT status FROM webhook_events WHERE id = :id", id=event_id
    )
    return status


def _jobs(database_url: str) -> int:
    [(count,)] = _rows(
        database_url, "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'webhooks.process'"
    )
    assert isinstance(count, int)
    return count


class TestList:
    def test_table_with_filters(self, runner: CliRunner, events: dict[str, uuid.UUID]) -> None:
        result = runner.invoke(webhooks_app, ["list", "--status", "failed"])
        assert result.exit_code == 0, result.output
        assert str(events["failed"]) in result.stdout
        assert str(events["received"]) not in result.stdout
        assert "ConnectionError: [email]" in result.stdout  # markup-looking text kept as is
        assert "1 of 1" in result.stdout

    def test_json(self, runner: CliRunner, events: dict[str, uuid.UUID]) -> None:
        result = runner.invoke(webhooks_app, ["list", "--provider", "telegram", "--json"])
        assert result.exit_code == 0, result.output
        body = json.loads(result.stdout)
        assert body["total"] == 2
        assert [item["id"] for item in body["items"]] == [
            str(events["received"]),
            str(events["processed"]),
        ]
        assert "payload" not in body["items"][0]

    def test_bad_status_is_a_usage_error(self, runner: CliRunner) -> None:
        result = runner.invoke(webhooks_app, ["list", "--status", "lost"])
        assert result.exit_code == 2


class TestReplay:
    def test_one_event(
        self, runner: CliRunner, events: dict[str, uuid.UUID], database_url: str
    ) -> None:
        before = _jobs(database_url)
        result = runner.invoke(webhooks_app, ["replay", str(events["failed"])])
        assert result.exit_code == 0, result.output
        assert "поставлено в очередь повторно" in result.stdout
        assert _status(database_url, events["failed"]) == "received"
        assert _jobs(database_url) == before + 1

    def test_processed_event_needs_force(
        self, runner: CliRunner, events: dict[str, uuid.UUID], database_url: str
    ) -> None:
        refused = runner.invoke(webhooks_app, ["replay", str(events["processed"])])
        assert refused.exit_code == 1
        assert "уже обработано" in refused.stderr
        assert _status(database_url, events["processed"]) == "processed"
        forced = runner.invoke(webhooks_app, ["replay", str(events["processed"]), "--force"])
        assert forced.exit_code == 0, forced.output
        assert _status(database_url, events["processed"]) == "received"

    def test_unknown_and_malformed_ids(self, runner: CliRunner) -> None:
        missing = runner.invoke(webhooks_app, ["replay", str(uuid.uuid4())])
        assert missing.exit_code == 1 and "не найдено" in missing.stderr
        malformed = runner.invoke(webhooks_app, ["replay", "nope"])
        assert malformed.exit_code == 2 and "не похоже" in malformed.stderr

    def test_every_failed_event(
        self, runner: CliRunner, events: dict[str, uuid.UUID], database_url: str
    ) -> None:
        other = runner.invoke(webhooks_app, ["replay", "--failed", "--provider", "telegram"])
        assert other.exit_code == 0, other.output
        assert "Поставлено в очередь повторно: 0." in other.stdout
        result = runner.invoke(webhooks_app, ["replay", "--failed"])
        assert result.exit_code == 0, result.output
        assert "Поставлено в очередь повторно: 1." in result.stdout
        assert _status(database_url, events["failed"]) == "received"

    def test_an_id_or_failed_but_not_both(
        self, runner: CliRunner, events: dict[str, uuid.UUID]
    ) -> None:
        neither = runner.invoke(webhooks_app, ["replay"])
        assert neither.exit_code == 2 and "либо" in neither.stderr
        both = runner.invoke(webhooks_app, ["replay", str(events["failed"]), "--failed"])
        assert both.exit_code == 2
