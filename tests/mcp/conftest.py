"""The MCP server under test: its HTTP app served by uvicorn on a free loopback port (in the
test's event loop, so it shares the test database), tokens of real accounts, a small
knowledge base."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx2
import jwt
import pytest
import uvicorn

from salesbot.db.engine import Database
from salesbot.knowledge.service import KnowledgeService, SourceFile
from salesbot.mcp.context import ToolContext
from salesbot.mcp.server import MCP_PATH, http_app
from salesbot.models import Role
from salesbot.security.tokens import issue_token
from salesbot.settings import Settings, secret_value
from salesbot.users import service as users
from tests.conftest import create_user

PAYMENTS = (
    "# Оплата\n\n## Можно ли оплатить картой?\n\n"
    "Да, картой или через СБП по ссылке ЮKassa; счёт для юрлиц тоже выставляем.\n\n"
    "## Есть ли рассрочка?\n\nРассрочки нет, оплата делится на два платежа: 50 % и 50 %.\n"
)
INTEGRATIONS = (
    "# Интеграции\n\n## amoCRM\n\nИИ-Менеджер передаёт сделки в amoCRM с тегами и заметками.\n\n"
    "## Telegram\n\nБот отвечает клиентам в Telegram круглосуточно.\n"
)


async def seed_knowledge(database: Database, settings: Settings) -> None:
    """Two small documents in the collection the assistant answers from."""
    knowledge = KnowledgeService(settings)
    async with database.transaction() as session:
        collection = await knowledge.collection(session, settings.kb_collection)
        results = await knowledge.ingest(
            session,
            collection,
            [
                SourceFile("payments.md", PAYMENTS.encode(), "faq"),
                SourceFile("integrations.md", INTEGRATIONS.encode(), "integrations"),
            ],
            actor="test",
        )
    assert all(r.status == "added" for r in results), results


async def account(
    database: Database, settings: Settings, role: Role = Role.manager, *, claim: str | None = None
) -> tuple[uuid.UUID, str]:
    """A new account's id and its dashboard token, as `POST /api/v1/auth/token` issues it
    (or with another role in its claims)."""
    email, _ = await create_user(database, role=role)
    async with database.transaction() as session:
        user = await users.by_email(session, email)
    token, _ = issue_token(settings, user_id=user.id, role=claim or user.role)
    return user.id, token


async def token_for(
    database: Database, settings: Settings, role: Role = Role.manager, *, claim: str | None = None
) -> str:
    return (await account(database, settings, role, claim=claim))[1]


def forged_token(settings: Settings, *, role: str, expired: bool = False) -> str:
    """A token signed with the right key but for another role, or one already expired."""
    now = datetime.now(UTC)
    payload = {
        "sub": str(uuid.uuid4()),
        "role": role,
        "aud": "salesbot-api",
        "iat": now - timedelta(days=2),
        "exp": now - timedelta(minutes=1) if expired else now + timedelta(hours=1),
    }
    return jwt.encode(payload, secret_value(settings.jwt_secret_key) or "", algorithm="HS256")


class McpHttp:
    def __init__(self, server: uvicorn.Server, port: int) -> None:
        self.server, self.port = server, port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{MCP_PATH}"

    def client(self, token: str | None) -> httpx2.AsyncClient:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx2.AsyncClient(headers=headers, timeout=10)


@pytest.fixture
async def mcp_http(
    settings: Settings, database: Database, clean_db: None
) -> AsyncIterator[McpHttp]:
    app = http_app(ToolContext(settings, database))
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        assert not task.done(), "the MCP server did not start"
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield McpHttp(server, port)
    finally:
        server.should_exit = True
        await task
