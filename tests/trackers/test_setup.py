"""Setting the trackers up: what each misses (the CLI's check, the admin API, the
integration board), the board's own places, and the status mapping an admin fills from them."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import text
from typer.testing import CliRunner

from salesbot.cli import app as cli
from salesbot.db.engine import Database
from salesbot.integrations.trackers import mapping
from salesbot.integrations.trackers.mapping import TrackerMapping
from salesbot.settings import Settings, use_settings
from tests.fakes import trello_server as t
from tests.fakes.trello_server import FakeTrello
from tests.trackers.conftest import Chat

ADMIN = "/api/v1/admin/integrations/trackers"


class TestAdminApi:
    async def test_each_tracker_is_listed_with_what_it_misses(
        self, trello: FakeTrello, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        answer = await client.get(ADMIN, headers=admin_headers)
        assert answer.status_code == 200, answer.text
        by_name = {item["name"]: item for item in answer.json()}
        assert list(by_name) == ["trello", "clickup", "shortcut", "github"]
        assert by_name["trello"]["configured"] is True and by_name["trello"]["problems"] == []
        assert by_name["trello"]["unmapped"] == ["qualified", "brief_completed"]
        clickup = by_name["clickup"]
        assert clickup["configured"] is False and "CLICKUP_TOKEN" in clickup["problems"][0]

    async def test_an_admin_fills_the_mapping_from_the_boards_lists(
        self,
        trello: FakeTrello,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        settings: Settings,
    ) -> None:
        stages = await client.get(f"{ADMIN}/trello/stages", headers=admin_headers)
        assert stages.status_code == 200, stages.text
        lists = {stage["name"]: stage["id"] for stage in stages.json()}
        assert lists == {
            "Новые лиды": t.LIST_NEW,
            "В работе": t.LIST_IN_PROGRESS,
            "Выиграны": t.LIST_WON,
            "Проиграны": t.LIST_LOST,
        }
        mapping = {"new": lists["Новые лиды"], "qualified": lists["В работе"]}
        saved = await client.put(
            f"{ADMIN}/trello/mapping", json={"statuses": mapping}, headers=admin_headers
        )
        assert saved.status_code == 200 and saved.json() == {"statuses": mapping}
        listed = {i["name"]: i for i in (await client.get(ADMIN, headers=admin_headers)).json()}
        assert listed["trello"]["mapping"] == mapping

        reset = await client.delete(f"{ADMIN}/trello/mapping", headers=admin_headers)
        assert reset.json() == {"statuses": settings.trello_status_map}

    async def test_a_mapping_with_a_stranger_list_or_status_is_refused_and_nothing_saved(
        self, trello: FakeTrello, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        refused = await client.put(
            f"{ADMIN}/trello/mapping",
            json={"statuses": {"new": t.LIST_ARCHIVED, "paid": t.LIST_WON}},
            headers=admin_headers,
        )
        assert refused.status_code == 422
        error = refused.json()["error"]
        assert error["code"] == "tracker_mapping_invalid"
        assert error["details"]["unknown_statuses"] == ["paid"]
        assert error["details"]["unknown_places"] == [t.LIST_ARCHIVED]  # a closed list
        listed = {i["name"]: i for i in (await client.get(ADMIN, headers=admin_headers)).json()}
        assert listed["trello"]["mapping"]["new"] == t.LIST_NEW

    async def test_unknown_off_or_unreachable_trackers_get_clear_errors(
        self, trello: FakeTrello, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        unknown = await client.get(f"{ADMIN}/jira/stages", headers=admin_headers)
        assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "tracker_unknown")
        off = await client.get(f"{ADMIN}/clickup/stages", headers=admin_headers)
        assert (off.status_code, off.json()["error"]["code"]) == (422, "tracker_not_configured")
        trello.down = True
        down = await client.get(f"{ADMIN}/trello/stages", headers=admin_headers)
        assert (down.status_code, down.json()["error"]["code"]) == (503, "tracker_unavailable")
        assert "Trello" in down.json()["error"]["message"]

    async def test_managers_may_not_touch_the_trackers(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        from tests.conftest import manager_login

        headers = (await manager_login(client, database))[1]
        assert (await client.get(ADMIN, headers=headers)).status_code == 403


class TestBoard:
    async def test_the_integration_board_says_what_the_tracker_misses(
        self,
        trello: FakeTrello,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        database: Database,
    ) -> None:
        async with database.transaction() as session:  # an admin's mapping without «Новый»
            await mapping.save(
                session, "trello", TrackerMapping({"won": t.LIST_WON}), updated_by="a"
            )
        checked = await client.post(
            "/api/v1/admin/integrations/trello/check", headers=admin_headers
        )
        assert checked.status_code == 200, checked.text
        assert checked.json()["healthy"] is False
        assert "статусу «Новый» не сопоставлен список" in checked.json()["last_error"]


class TestCommands:
    def test_check_shows_ready_off_and_broken_trackers(
        self, trello: FakeTrello, settings: Settings, clean_db: None
    ) -> None:
        ready = CliRunner().invoke(cli, ["trackers", "check"], terminal_width=200)
        assert ready.exit_code == 0, ready.output
        assert "готов" in ready.output and "выключен" in ready.output
        use_settings(settings.model_copy(update={"trello_status_map": {}}))
        broken = CliRunner().invoke(cli, ["trackers", "check"], terminal_width=200)
        assert broken.exit_code == 1 and "не готов" in broken.output

    def test_stages_then_map_then_sync(
        self, trello: FakeTrello, settings: Settings, clean_db: None
    ) -> None:
        runner = CliRunner()
        stages = runner.invoke(cli, ["trackers", "stages", "trello"], terminal_width=200)
        assert stages.exit_code == 0 and t.LIST_IN_PROGRESS in stages.output
        mapped = runner.invoke(
            cli, ["trackers", "map", "trello", f"new={t.LIST_NEW}", f"won={t.LIST_WON}"]
        )
        assert mapped.exit_code == 0 and "Сохранено" in mapped.output, mapped.output
        bad = runner.invoke(cli, ["trackers", "map", "trello", "new"])
        assert bad.exit_code == 2 and "статус=id" in bad.output
        stranger = runner.invoke(cli, ["trackers", "map", "trello", "new=65f0c0ffee0000000000dead"])
        assert stranger.exit_code == 1 and "неизвестные" in stranger.output
        unknown = runner.invoke(cli, ["trackers", "stages", "jira"])
        assert unknown.exit_code == 1 and "Трекера «jira» нет" in unknown.output
        assert runner.invoke(cli, ["trackers", "sync"]).exit_code == 2

    async def test_sync_all_queues_every_lead_for_every_tracker_that_is_on(
        self, trello: FakeTrello, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        await (await Chat.start(client)).say("Нужен ИИ-Юрист")
        await (await Chat.start(client)).say("Нужен ИИ-Аналитик")
        async with database.transaction() as session:
            await session.execute(text("DELETE FROM procrastinate_jobs"))
        result = await asyncio.to_thread(CliRunner().invoke, cli, ["trackers", "sync", "--all"])
        assert result.exit_code == 0 and "trello: 2" in result.output, result.output
        async with database.transaction() as session:
            queued = await session.scalar(
                text(
                    "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'trackers.sync_lead'"
                )
            )
        assert queued == 2
