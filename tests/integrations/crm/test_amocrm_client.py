"""The amoCRM client against the fake account: OAuth with rotating refresh tokens kept
encrypted in the database, a refresh shared by processes, amoCRM's answers (HAL, bare 204s,
problem+json validation errors, HTML 429s and bans) and the 7 requests a second."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from sqlalchemy import text

from salesbot.db.engine import Database
from salesbot.integrations import http
from salesbot.integrations.crm.amocrm.client import AmoClient, NotConnected
from salesbot.integrations.errors import PermanentError, RetryableError
from salesbot.settings import Settings
from tests.fakes.amocrm_server import ACCOUNT_ID, FakeAmo
from tests.integrations.crm.conftest import DOMAIN, amo_settings


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    async def instantly(seconds: float) -> None:
        await asyncio.sleep(0)

    monkeypatch.setattr(http, "_sleep", instantly)
    yield


def _client(
    settings: Settings, fake: FakeAmo, database: Database, **overrides: object
) -> AmoClient:
    return AmoClient(amo_settings(settings, fake, **overrides), database=lambda: database)


async def _connected(settings: Settings, fake: FakeAmo, database: Database) -> AmoClient:
    client = _client(settings, fake, database)
    await client.exchange_code(fake.issue_code(), DOMAIN)
    return client


class TestOAuth:
    async def test_the_code_gives_a_pair_stored_encrypted_for_every_process(
        self, amo: FakeAmo, settings: Settings, database: Database, clean_db: None
    ) -> None:
        client = await _connected(settings, amo, database)
        tokens = await client.tokens.load()
        assert tokens is not None and tokens.account_id == ACCOUNT_ID and tokens.domain == DOMAIN
        async with database.transaction() as session:
            stored = await session.scalar(
                text("SELECT value FROM service_tokens WHERE key = 'amocrm:oauth'")
            )
        assert tokens.refresh_token not in stored and tokens.access_token not in stored
        other = _client(settings, amo, database)  # another process: no code, same account
        assert await other.call("GET", "/api/v4/leads/pipelines")
        assert amo.tokens_issued == 1
        await client.close()
        await other.close()

    async def test_a_spent_or_unknown_code_is_refused_with_what_to_do(
        self, amo: FakeAmo, settings: Settings, database: Database, clean_db: None
    ) -> None:
        client = _client(settings, amo, database)
        code = amo.issue_code()
        await client.exchange_code(code, DOMAIN)
        with pytest.raises(PermanentError, match="подключите аккаунт заново") as refused:
            await client.exchange_code(code, DOMAIN)
        assert "revoked" in str(refused.value)
        await client.close()

    async def test_an_expired_access_token_is_refreshed_once_and_the_refresh_token_rotates(
        self, amo: FakeAmo, settings: Settings, database: Database, clean_db: None
    ) -> None:
        client = await _connected(settings, amo, database)
        before = await client.tokens.load()
        amo.expire_tokens()  # amoCRM says 401 to the token we still think fresh
        assert await client.call("GET", "/api/v4/leads/pipelines")
        after = await client.tokens.load()
        assert before and after and after.refresh_token != before.refresh_token
        assert [c.status for c in amo.calls_to("/api/v4/leads/pipelines")] == [401, 200]
        assert before.refresh_token not in amo.refresh_tokens  # the old one is dead
        await client.close()

    async def test_a_token_near_its_end_is_refreshed_before_amocrm_refuses_it(
        self, amo: FakeAmo, settings: Settings, database: Database, clean_db: None
    ) -> None:
        amo.token_ttl = 1800  # within the hour before the end: refreshed at the next call
        client = await _connected(settings, amo, database)
        amo.token_ttl = 86400
        assert await client.call("GET", "/api/v4/leads/pipelines")
        assert amo.tokens_issued == 2
        assert [c.status for c in amo.calls_to("/api/v4/leads/pipelines")] == [200]
        await client.close()

    async def test_two_processes_refreshing_at_once_spend_the_refresh_token_once(
        self, amo: FakeAmo, settings: Settings, database: Database, clean_db: None
    ) -> None:
        await (await _connected(settings, amo, database)).close()
        amo.expire_tokens()
        workers = [_client(settings, amo, database) for _ in range(3)]
        answers = await asyncio.gather(*(w.call("GET", "/api/v4/leads/pipelines") for w in workers))
        assert all(answers)
        refreshes = [
            c
            for c in amo.calls_to("/oauth2/access_token")
            if c.body["grant_type"] == "refresh_token"
        ]
        assert len(refreshes) == 1 and refreshes[0].status == 200
        for worker in workers:
            await worker.close()

    async def test_a_revoked_refresh_token_asks_for_a_new_consent(
        self, amo: FakeAmo, settings: Settings, database: Database, clean_db: None
    ) -> None:
        client = await _connected(settings, amo, database)
        amo.expire_tokens()
        amo.revoke_refresh_tokens()  # the integration was uninstalled in amoCRM
        with pytest.raises(PermanentError, match="Invalid refresh token"):
            await client.call("GET", "/api/v4/leads/pipelines")
        await client.close()

    async def test_without_a_connection_the_error_says_how_to_connect(
        self, amo: FakeAmo, settings: Settings, database: Database, clean_db: None
    ) -> None:
        client = _client(settings, amo, database)
        with pytest.raises(NotConnected, match="salesbot amocrm connect"):
            await client.call("GET", "/api/v4/leads/pipelines")
        assert amo.calls == []
        await client.close()

    async def test_a_long_lived_token_needs_no_oauth(
        self, amo: FakeAmo, settings: Settings, database: Database, clean_db: None
    ) -> None:
        amo.long_lived_token = "long-lived-token-of-a-private-integration"
        client = _client(
            settings, amo, database, amocrm_access_token=SecretStr(amo.long_lived_token)
        )
        assert await client.call("GET", "/api/v4/leads/pipelines")
        amo.expire_tokens()  # its owner let it lapse: no refresh to try, a clear error
        with pytest.raises(PermanentError, match="AMOCRM_ACCESS_TOKEN"):
            await client.call("GET", "/api/v4/leads/pipelines")
        assert amo.calls_to("/oauth2/access_token") == []
        await client.close()


class TestAnswers:
    async def test_an_empty_answer_is_none_not_an_error(
        self, amo: FakeAmo, settings: Settings, database: Database, clean_db: None
    ) -> None:
        client = await _connected(settings, amo, database)
        assert await client.call("GET", "/api/v4/leads", params={"query": "nobody"}) is None
        assert await client.call("GET", "/api/v4/leads/999") is None
        assert amo.calls_to("/api/v4/leads*")[-1].status == 204
        await client.close()

    async def test_a_429_with_an_html_body_is_retried(
        self, amo: FakeAmo, settings: Settings, database: Database, clean_db: None
    ) -> None:
        client = await _connected(settings, amo, database)
        amo.rate_limit_next(2)
        assert await client.call("GET", "/api/v4/leads/pipelines")
        assert [c.status for c in amo.calls_to("/api/v4/leads/pipelines")] == [429, 429, 200]
        await client.close()

    async def test_a_lasting_outage_is_a_retryable_error(
        self, amo: FakeAmo, settings: Settings, database: Database, clean_db: None
    ) -> None:
        client = await _connected(settings, amo, database)
        amo.fail_next(502, times=10)
        with pytest.raises(RetryableError):
            await client.call("GET", "/api/v4/leads/pipelines")
        assert len(amo.calls_to("/api/v4/leads/pipelines")) == settings.max_retries + 1
        await client.close()

    async def test_a_validation_error_names_the_fields_and_is_not_retried(
        self, amo: FakeAmo, settings: Settings, database: Database, clean_db: None
    ) -> None:
        client = await _connected(settings, amo, database)
        body = [{"name": "x", "custom_fields_values": [{"field_id": 1, "values": [{"value": 1}]}]}]
        with pytest.raises(PermanentError, match=r"custom_fields_values\.0\.field_id") as error:
            await client.call("POST", "/api/v4/leads", json=body)
        assert error.value.retryable is False
        assert len(amo.calls_to("/api/v4/leads", "POST")) == 1
        await client.close()

    async def test_the_ban_page_is_told_as_a_ban(
        self, amo: FakeAmo, settings: Settings, database: Database, clean_db: None
    ) -> None:
        client = await _connected(settings, amo, database)
        amo.blocked = True
        with pytest.raises(PermanentError, match="заблокировал доступ"):
            await client.call("GET", "/api/v4/leads/pipelines")
        await client.close()


class TestRateLimit:
    async def test_a_burst_from_two_processes_keeps_to_seven_a_second(
        self, amo: FakeAmo, settings: Settings, database: Database, clean_db: None
    ) -> None:
        await (await _connected(settings, amo, database)).close()
        amo.enforce_rate = True  # the fake answers 429 past 7 requests in any second
        workers = [
            _client(settings, amo, database, amocrm_requests_per_second=7.0) for _ in range(2)
        ]
        calls = [workers[n % 2].call("GET", "/api/v4/leads/pipelines") for n in range(16)]
        assert all(await asyncio.gather(*calls))
        assert {c.status for c in amo.calls_to("/api/v4/leads/pipelines")} == {200}
        for worker in workers:
            await worker.close()
