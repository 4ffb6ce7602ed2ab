"""Connecting amoCRM: the admins' consent link and the redirect back (our state or nothing),
the connection and mapping in the admin API, the integration board's check, and the
`salesbot amocrm` commands."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from salesbot.cli import app as cli
from salesbot.crm import connection
from salesbot.crm.connection import webhook_secret
from salesbot.db.engine import Database
from salesbot.errors import ValidationFailed
from salesbot.settings import Settings, use_settings
from tests.crm.conftest import TALKS
from tests.fakes.amocrm_server import ACCOUNT_ID, CLIENT_ID, SOURCE_FIELD, FakeAmo

ADMIN = "/api/v1/admin/integrations/amocrm"


async def _consent_state(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    started = await client.post(f"{ADMIN}/connect", headers=headers)
    assert started.status_code == 200, started.text
    url = urlsplit(started.json()["consent_url"])
    query = parse_qs(url.query)
    assert url.netloc == "www.amocrm.ru" and query["client_id"] == [CLIENT_ID]
    return query["state"][0]


class TestConsent:
    async def test_an_admin_connects_and_sees_the_connection(
        self,
        amo: FakeAmo,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        settings: Settings,
    ) -> None:
        before = (await client.get(ADMIN, headers=admin_headers)).json()
        assert before["configured"] is True and before["connected"] is False
        state = await _consent_state(client, admin_headers)
        back = await client.get(
            "/api/v1/integrations/amocrm/callback?" + urlencode(amo.install_redirect(state))
        )
        assert back.status_code == 303 and back.headers["location"].startswith("/app/settings")
        after = (await client.get(ADMIN, headers=admin_headers)).json()
        assert after["connected"] is True and after["account_id"] == ACCOUNT_ID
        assert after["domain"] == "example.amocrm.ru" and after["access_expires_at"]
        assert after["webhook_url"].endswith(webhook_secret(settings))
        assert after["mapping"]["statuses"]["quote_sent"] == TALKS
        checked = await client.post(
            "/api/v1/admin/integrations/amocrm/check", headers=admin_headers
        )
        assert checked.json()["healthy"] is True, checked.json()

        replayed = await client.get(
            "/api/v1/integrations/amocrm/callback?" + urlencode(amo.install_redirect(state))
        )
        assert replayed.status_code == 422  # a state is good once
        assert (await client.delete(ADMIN, headers=admin_headers)).status_code == 204
        assert (await client.get(ADMIN, headers=admin_headers)).json()["connected"] is False

    async def test_a_code_without_our_state_is_refused(
        self, amo: FakeAmo, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        await _consent_state(client, admin_headers)
        strangers = ("someone-elses-state", "чужое-состояние")  # not even ASCII
        redirects = [amo.install_redirect(), *(amo.install_redirect(x) for x in strangers)]
        for query in redirects:
            refused = await client.get("/api/v1/integrations/amocrm/callback?" + urlencode(query))
            assert refused.status_code == 422
            assert refused.json()["error"]["code"] == "amocrm_state_invalid"
        assert amo.tokens_issued == 0  # no code was even spent

    async def test_connecting_without_the_integration_keys_says_which_are_missing(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        without = settings.model_copy(update={"amocrm_client_id": None})
        with pytest.raises(ValidationFailed, match="AMOCRM_CLIENT_ID") as refused:
            await connection.start(session, without, started_by="admin@example.com")
        assert refused.value.code == "amocrm_not_configured"

    async def test_managers_may_not_touch_the_connection(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        from tests.conftest import manager_login

        _email, headers = await manager_login(client, database)
        assert (await client.post(f"{ADMIN}/connect", headers=headers)).status_code == 403


class TestMapping:
    async def test_the_mapping_is_saved_checked_and_reset_to_the_settings(
        self, connected: FakeAmo, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        pipelines = (await client.get(f"{ADMIN}/pipelines", headers=admin_headers)).json()
        main = next(p for p in pipelines if p["is_main"])
        assert {"id": TALKS, "name": "Переговоры"} in main["stages"]
        mapping = {
            "pipeline_id": main["id"],
            "statuses": {"new": main["stages"][0]["id"], "brief_completed": TALKS},
            "fields": {"industry": str(SOURCE_FIELD), "users": "USERS_COUNT"},
        }
        saved = await client.put(f"{ADMIN}/mapping", json=mapping, headers=admin_headers)
        assert saved.status_code == 200 and saved.json() == mapping
        shown = (await client.get(ADMIN, headers=admin_headers)).json()["mapping"]
        assert shown == mapping

        wrong = {"statuses": {"paid": 1}, "fields": {"colour": "1", "users": "no spaces"}}
        refused = await client.put(f"{ADMIN}/mapping", json=wrong, headers=admin_headers)
        assert refused.status_code == 422
        details = refused.json()["error"]["details"]
        assert details["unknown_statuses"] == ["paid"] and details["unknown_fields"] == ["colour"]
        assert details["bad_field_ids"] == ["users"]

        reset = await client.delete(f"{ADMIN}/mapping", headers=admin_headers)
        assert reset.json()["statuses"]["quote_sent"] == TALKS

    async def test_pipelines_before_connecting_say_what_to_do(
        self, amo: FakeAmo, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        answer = await client.get(f"{ADMIN}/pipelines", headers=admin_headers)
        assert answer.status_code == 422
        error = answer.json()["error"]
        assert (
            error["code"] == "amocrm_not_connected"
            and "salesbot amocrm connect" in error["message"]
        )

    async def test_pipelines_while_amocrm_is_down_is_a_clear_503(
        self, connected: FakeAmo, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        connected.down = True
        answer = await client.get(f"{ADMIN}/pipelines", headers=admin_headers)
        assert answer.status_code == 503 and answer.json()["error"]["code"] == "amocrm_unavailable"


class TestCommands:
    def test_connect_walks_through_consent_pipelines_and_the_status_hook(
        self, amo: FakeAmo, settings: Settings, clean_db: None
    ) -> None:
        runner = CliRunner()
        # the admin opens the printed link, allows access and pastes where amoCRM sent them
        query = {"code": amo.issue_code(), "referer": "example.amocrm.ru"}
        redirect = "https://salesbot.example.com/integrations/amocrm/callback?" + urlencode(query)
        connected = runner.invoke(
            cli, ["amocrm", "connect"], input=redirect + "\n", terminal_width=200
        )
        assert connected.exit_code == 0, connected.output
        assert "amoCRM подключён" in connected.output and "Переговоры (2031)" in connected.output
        [hook] = amo.webhooks
        assert (
            hook["settings"] == ["status_lead"] and webhook_secret(settings) in hook["destination"]
        )
        assert webhook_secret(settings) not in connected.output  # the secret stays out of sight

        status = runner.invoke(cli, ["amocrm", "status"], terminal_width=200)
        assert status.exit_code == 0 and f"id {ACCOUNT_ID}" in status.output

        amo.blocked = True
        failed = runner.invoke(cli, ["amocrm", "pipelines"], terminal_width=200)
        assert failed.exit_code == 1 and "заблокировал" in failed.output

    def test_sync_needs_to_know_which_leads(self, settings: Settings) -> None:
        use_settings(settings)
        result = CliRunner().invoke(cli, ["amocrm", "sync"])
        assert result.exit_code == 2 and "--all" in result.output
