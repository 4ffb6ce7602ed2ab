"""`salesbot mcp --http`: the SDK's own client over streamable HTTP against the served app."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from loguru import logger
from mcp import Client, MCPError
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult, TextContent

from salesbot.db.engine import Database
from salesbot.models import Role
from salesbot.pricing.domain import Brief, Hosting, Sla
from salesbot.pricing.service import PricingService
from salesbot.security.tokens import issue_chat_token
from salesbot.settings import Settings
from salesbot.users import service as users
from tests.mcp.conftest import McpHttp, account, forged_token, seed_knowledge, token_for

QUOTE_ARGS = {
    "product": "ai-manager",
    "users": 30,
    "integrations": 4,
    "hosting": "cloud",
    "sla": "99.5",
}
MCP_ACCEPT = {"Accept": "application/json, text/event-stream"}


def _text(result: CallToolResult) -> str:
    return "\n".join(c.text for c in result.content if isinstance(c, TextContent))


def _data(result: CallToolResult) -> dict[str, Any]:
    assert not result.is_error, _text(result)
    assert isinstance(result.structured_content, dict)
    return result.structured_content


def _leaves(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in _leaves(inner)]
    return [error]


class TestTools:
    async def test_a_manager_lists_the_tools_searches_and_quotes(
        self, mcp_http: McpHttp, database: Database, settings: Settings
    ) -> None:
        await seed_knowledge(database, settings)
        user_id, token = await account(database, settings, Role.manager)
        lines: list[str] = []
        sink = logger.add(lambda message: lines.append(str(message)), level="INFO")
        try:
            async with (
                mcp_http.client(token) as http,
                Client(streamable_http_client(mcp_http.url, http_client=http)) as client,
            ):
                tools = {tool.name: tool for tool in (await client.list_tools()).tools}
                assert {"search_knowledge", "compute_quote", "list_products"} <= set(tools)
                schema = tools["compute_quote"].input_schema
                assert set(schema["required"]) == set(QUOTE_ARGS)
                assert "ctx" not in schema["properties"]  # the SDK's context is not an argument
                assert tools["search_knowledge"].description

                found = _data(
                    await client.call_tool(
                        "search_knowledge", {"query": "можно ли оплатить картой", "limit": 2}
                    )
                )
                quote = _data(await client.call_tool("compute_quote", QUOTE_ARGS))
        finally:
            logger.remove(sink)

        assert 1 <= len(found["hits"]) <= 2
        best = found["hits"][0]
        assert "картой" in best["text"]
        assert best["source_title"] == "Оплата" and best["document"] == "payments.md"
        assert isinstance(best["score"], float)

        # The pricing service's own quote (stored, as `salesbot quote` stores it).
        assert [p["code"] for p in quote["packages"]] == ["start", "optimum", "enterprise"]
        brief = Brief("ai-manager", 30, 4, Hosting.cloud, Sla.p995)
        async with database.transaction() as session:
            stored = await PricingService(settings).get(session, uuid.UUID(quote["id"]))
            expected = await PricingService(settings).unsaved(session, brief)
        assert stored.result == expected.result == {k: v for k, v in quote.items() if k != "id"}
        assert all(isinstance(p["total"], str) for p in quote["packages"])  # exact money
        assert quote["recommended"] == expected.recommended

        # One line per call, with the user's id and never what was asked.
        calls = [line for line in lines if "mcp tool" in line]
        assert any(f"mcp tool search_knowledge by user {user_id}: ok" in line for line in calls)
        assert any(f"mcp tool compute_quote by user {user_id}: ok" in line for line in calls)
        assert not any("картой" in line or "ai-manager" in line for line in lines)

    async def test_a_bad_brief_is_a_tool_error_with_the_reason(
        self, mcp_http: McpHttp, database: Database, settings: Settings
    ) -> None:
        token = await token_for(database, settings, Role.admin)
        async with (
            mcp_http.client(token) as http,
            Client(streamable_http_client(mcp_http.url, http_client=http)) as client,
        ):
            unknown = await client.call_tool(
                "compute_quote", {**QUOTE_ARGS, "product": "ai-astrologer"}
            )
            assert unknown.is_error
            assert "Неизвестный продукт «ai-astrologer»" in _text(unknown)
            assert "ai-manager" in _text(unknown)  # the known products are named

            invalid = await client.call_tool(
                "compute_quote", {**QUOTE_ARGS, "users": 0, "hosting": "moon"}
            )
            assert invalid.is_error
            assert "users" in _text(invalid) and "hosting" in _text(invalid)

    async def test_a_client_of_the_older_handshake_protocol_is_served_too(
        self, mcp_http: McpHttp, database: Database, settings: Settings
    ) -> None:
        token = await token_for(database, settings)
        async with (
            mcp_http.client(token) as http,
            Client(streamable_http_client(mcp_http.url, http_client=http), mode="legacy") as client,
        ):
            listed = _data(await client.call_tool("list_products", {}))
        assert [p["code"] for p in listed["products"]] == ["ai-manager", "ai-lawyer", "ai-analyst"]


class TestAuth:
    async def _post(
        self, mcp_http: McpHttp, token: str | None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, Any]]:
        body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
        async with mcp_http.client(token) as http:
            response = await http.post(
                mcp_http.url, json=body, headers={**MCP_ACCEPT, **(headers or {})}
            )
        if response.status_code == 401:
            assert response.headers["www-authenticate"] == "Bearer"
        json_body = response.headers["content-type"].startswith("application/json")
        return response.status_code, response.json() if json_body else {}

    @pytest.mark.parametrize("token", [None, "not-a-jwt"])
    async def test_no_token_or_a_wrong_one_is_401_in_the_api_error_shape(
        self, mcp_http: McpHttp, token: str | None
    ) -> None:
        status, body = await self._post(mcp_http, token)
        assert status == 401
        assert set(body["error"]) == {"code", "message", "details"}
        assert body["error"]["code"] == ("not_authenticated" if token is None else "invalid_token")

    async def test_the_sdk_client_cannot_connect_with_a_wrong_token(
        self, mcp_http: McpHttp
    ) -> None:
        with pytest.raises(BaseException) as raised:
            async with (
                mcp_http.client("not-a-jwt") as http,
                Client(streamable_http_client(mcp_http.url, http_client=http)),
            ):
                pass
        assert any(isinstance(leaf, MCPError) for leaf in _leaves(raised.value))

    async def test_an_expired_token_and_a_visitors_chat_token_are_401(
        self, mcp_http: McpHttp, settings: Settings
    ) -> None:
        expired = forged_token(settings, role="manager", expired=True)
        status, body = await self._post(mcp_http, expired)
        assert (status, body["error"]["code"]) == (401, "token_expired")
        visitor = issue_chat_token(settings, uuid.uuid4())  # what the site's chat holds
        status, body = await self._post(mcp_http, visitor)
        assert (status, body["error"]["code"]) == (401, "invalid_token")

    async def test_a_role_other_than_manager_or_admin_is_403(
        self, mcp_http: McpHttp, database: Database, settings: Settings
    ) -> None:
        customer = await token_for(database, settings, claim="customer")
        status, body = await self._post(mcp_http, customer)
        assert (status, body["error"]["code"]) == (403, "forbidden_role")

    async def test_a_deactivated_account_is_401_on_its_next_request(
        self, mcp_http: McpHttp, database: Database, settings: Settings
    ) -> None:
        user_id, token = await account(database, settings)
        assert (await self._post(mcp_http, token))[0] != 401
        async with database.transaction() as session:
            await users.set_active(session, user_id, active=False, actor_id=None)
        status, body = await self._post(mcp_http, token)
        assert (status, body["error"]["code"]) == (401, "account_disabled")

    async def test_a_session_belongs_to_the_manager_who_opened_it(
        self, mcp_http: McpHttp, database: Database, settings: Settings
    ) -> None:
        owner = await token_for(database, settings)
        other = await token_for(database, settings)
        initialize = {
            "jsonrpc": "2.0",
            "id": 0,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-11-25",
                "capabilities": {},
                "clientInfo": {"name": "test", "version": "1"},
            },
        }
        async with mcp_http.client(owner) as http:
            opened = await http.post(mcp_http.url, json=initialize, headers=MCP_ACCEPT)
        assert opened.status_code == 200
        session = {"mcp-session-id": opened.headers["mcp-session-id"]}
        assert (await self._post(mcp_http, other, session))[0] == 404
        assert (await self._post(mcp_http, owner, session))[0] != 404
