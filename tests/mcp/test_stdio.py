"""`salesbot mcp` over stdio: the real command in a subprocess, driven by the SDK's client."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.types import TextContent
from typer.testing import CliRunner

from salesbot.cli import app as cli
from salesbot.db.engine import Database
from salesbot.settings import Settings, secret_value
from salesbot.users import service as users
from tests.conftest import ROOT
from tests.mcp.conftest import account, forged_token, token_for
from tests.test_cli import _env


def _server_env(
    settings: Settings, database_url: str, tmp_path: Path, **extra: str
) -> dict[str, str]:
    """What the subprocess needs: the test database and the keys the test's tokens use."""
    return _env(
        database_url,
        tmp_path,
        JWT_SECRET_KEY=secret_value(settings.jwt_secret_key) or "",
        PII_ENCRYPTION_KEY=secret_value(settings.pii_encryption_key) or "",
        PII_HASH_KEY=secret_value(settings.pii_hash_key) or "",
        LOG_LEVEL="INFO",
        **extra,
    )


class TestStdio:
    async def test_a_manager_lists_the_tools_and_the_products(
        self,
        settings: Settings,
        database: Database,
        database_url: str,
        tmp_path: Path,
        clean_db: None,
    ) -> None:
        user_id, token = await account(database, settings)
        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "salesbot.cli", "mcp"],
            env=_server_env(settings, database_url, tmp_path, SALESBOT_MCP_TOKEN=token),
            cwd=ROOT,
        )
        log = tmp_path / "server-stderr.log"
        with log.open("w") as errlog:
            async with Client(
                stdio_client(params, errlog=errlog), read_timeout_seconds=30
            ) as client:
                names = {tool.name for tool in (await client.list_tools()).tools}
                assert {"search_knowledge", "compute_quote", "list_products"} <= names
                listed = await client.call_tool("list_products", {})
                assert not listed.is_error, listed.content
                assert listed.structured_content is not None
                codes = [p["code"] for p in listed.structured_content["products"]]
                assert codes == ["ai-manager", "ai-lawyer", "ai-analyst"]

                # The token is checked again on every call: a deactivated account stops at once.
                async with database.transaction() as session:
                    await users.set_active(session, user_id, active=False, actor_id=None)
                refused = await client.call_tool("list_products", {})
                assert refused.is_error
                text = " ".join(c.text for c in refused.content if isinstance(c, TextContent))
                assert "Учётная запись отключена" in text
        logged = log.read_text()
        assert f"mcp tool list_products by user {user_id}: ok" in logged
        assert "mcp tool list_products by user -: account_disabled" in logged


class TestRefusals:
    """The refusals happen before the server takes stdin and stdout: run in-process."""

    def test_no_token_no_server(self, settings: Settings) -> None:
        result = CliRunner().invoke(cli, ["mcp"], env={"SALESBOT_MCP_TOKEN": ""})
        assert result.exit_code == 2
        assert "Нет токена доступа" in result.stderr and "SALESBOT_MCP_TOKEN" in result.stderr
        assert "No access token" in result.stderr
        assert result.stdout == ""

    def test_an_expired_token_is_refused_in_both_languages(self, settings: Settings) -> None:
        expired = forged_token(settings, role="manager", expired=True)
        result = CliRunner().invoke(cli, ["mcp", "--token", expired])
        assert result.exit_code == 1
        assert "Срок действия входа истёк" in result.stderr
        assert "The access token has expired" in result.stderr
        assert result.stdout == ""  # stdout belongs to the protocol

    async def test_another_role_is_refused(
        self, settings: Settings, database: Database, clean_db: None
    ) -> None:
        customer = await token_for(database, settings, claim="customer")
        # In a thread: the command runs its own event loop.
        result = await asyncio.to_thread(
            CliRunner().invoke, cli, ["mcp"], env={"SALESBOT_MCP_TOKEN": customer}
        )
        assert result.exit_code == 1
        assert "только менеджерам и администраторам" in result.stderr
        assert "MCP is for managers and admins only" in result.stderr
