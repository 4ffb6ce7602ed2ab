"""What every tool gets: the settings, the database, the services, and `call()`, which
makes one tool call one checked, logged transaction."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from loguru import logger
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.engine import Database
from salesbot.errors import SalesbotError
from salesbot.knowledge.service import KnowledgeService
from salesbot.mcp.auth import Caller, SalesbotUser, authenticate
from salesbot.pricing.service import PricingService
from salesbot.settings import Settings


@dataclass(frozen=True)
class ToolCall:
    session: AsyncSession
    caller: Caller


@dataclass
class ToolContext:
    """The server's long-lived objects. Over stdio `stdio_token` is the token the server
    was started with (checked again on every call: an expired token or a deactivated
    account stops working mid-session); over HTTP each request brings its own."""

    settings: Settings
    database: Database
    stdio_token: str | None = None
    knowledge: KnowledgeService = field(init=False)
    pricing: PricingService = field(init=False)

    def __post_init__(self) -> None:
        self.knowledge = KnowledgeService(self.settings)
        self.pricing = PricingService(self.settings)

    @asynccontextmanager
    async def call(self, ctx: Context, tool: str) -> AsyncIterator[ToolCall]:
        """One tool call: the caller, one transaction (committed when the tool returns),
        one log line without personal data (tool, user id, outcome, time; never the
        arguments). A SalesbotError becomes a tool error with its message."""
        started = time.perf_counter()
        caller: Caller | None = None
        outcome = "error"
        try:
            async with self.database.transaction() as session:
                caller = await self._caller(session, ctx)
                yield ToolCall(session, caller)
            outcome = "ok"
        except SalesbotError as exc:
            outcome = exc.code
            raise ToolError(exc.message) from exc
        finally:
            logger.info(
                "mcp tool {} by user {}: {} in {:.0f} ms",
                tool,
                caller.user_id if caller else "-",
                outcome,
                (time.perf_counter() - started) * 1000,
            )

    async def _caller(self, session: AsyncSession, ctx: Context) -> Caller:
        request: Any = ctx.request_context.request
        user = request.scope.get("user") if request is not None else None
        if isinstance(user, SalesbotUser):  # HTTP: BearerAuth checked this very request
            return user.caller
        return await authenticate(session, self.settings, self.stdio_token or "")


# A tool group registers its tools on the server; see salesbot.mcp.server.TOOL_GROUPS.
ToolGroup = Callable[[MCPServer, ToolContext], None]
