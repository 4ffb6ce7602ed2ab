"""The amoCRM tools of the MCP server, through the SDK's own client: a manager's AI assistant
finds deals and creates a task as the amoCRM user with the manager's e-mail."""

from __future__ import annotations

from datetime import UTC, datetime

from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from salesbot.db.engine import Database
from salesbot.models import Role
from salesbot.security.tokens import issue_token
from salesbot.settings import Settings
from salesbot.users import service as users
from tests.assistant.conftest import seed_deals
from tests.conftest import create_user
from tests.fakes.amocrm_server import FakeAmo
from tests.mcp.conftest import McpHttp, mcp_http
from tests.mcp.test_http import _data, _text

__all__ = ["mcp_http"]


async def manager_token(database: Database, settings: Settings, email: str) -> str:
    await create_user(database, role=Role.manager, email=email)
    async with database.transaction() as session:
        user = await users.by_email(session, email)
    return issue_token(settings, user_id=user.id, role=user.role)[0]


async def test_a_manager_finds_deals_and_sets_a_task_in_amocrm(
    mcp_http: McpHttp, connected: FakeAmo, database: Database, settings: Settings
) -> None:
    found = seed_deals(connected)
    anna = connected.add_user("Анна Смирнова", "anna@example.ru")
    token = await manager_token(database, settings, "anna@example.ru")
    async with (
        mcp_http.client(token) as http,
        Client(streamable_http_client(mcp_http.url, http_client=http)) as client,
    ):
        names = {tool.name for tool in (await client.list_tools()).tools}
        assert {"amocrm_find_contacts", "amocrm_find_deals", "amocrm_read_card",
                "amocrm_create_task"} <= names  # fmt: skip
        deals = _data(await client.call_tool("amocrm_find_deals", {"company": "Ромашка"}))
        card = _data(
            await client.call_tool(
                "amocrm_read_card", {"entity_type": "leads", "entity_id": found["first"]["id"]}
            )
        )
        task = _data(
            await client.call_tool(
                "amocrm_create_task",
                {
                    "text": "Подготовить КП",
                    "due": "2026-12-08T15:00:00+03:00",
                    "entity_type": "leads",
                    "entity_id": found["first"]["id"],
                },
            )
        )
        unclear = await client.call_tool(
            "amocrm_create_task",
            {"text": "x", "due": "2026-12-08T15:00:00+03:00", "responsible": "Пётр"},
        )
    assert {d["id"] for d in deals["deals"]} == {found["first"]["id"], found["second"]["id"]}
    assert "этап «Переговоры»" in card["card"]
    assert task["responsible"] == "Анна Смирнова"
    [made] = connected.tasks
    assert made["responsible_user_id"] == anna["id"]
    assert datetime.fromtimestamp(made["complete_till"], UTC) == datetime(
        2026, 12, 8, 12, tzinfo=UTC
    )
    assert unclear.is_error and "Уточните ответственного «Пётр»" in _text(unclear)


async def test_a_manager_unknown_to_amocrm_is_told_why(
    mcp_http: McpHttp, connected: FakeAmo, database: Database, settings: Settings
) -> None:
    token = await manager_token(database, settings, "stranger@example.ru")
    async with (
        mcp_http.client(token) as http,
        Client(streamable_http_client(mcp_http.url, http_client=http)) as client,
    ):
        refused = await client.call_tool("amocrm_find_contacts", {"query": "Петрова"})
    assert refused.is_error and "нет вашего e-mail" in _text(refused)
