"""Who may use the MCP server: a manager or an admin, proven by the dashboard's token.

The token is the one `POST /api/v1/auth/token` issues (salesbot.security.tokens), checked
the way the API checks it: signature, audience and expiry, then the account (it exists and
is active) and the role. Over stdio the token is checked at start and again on every tool
call; over HTTP every request carries it (`BearerAuth`).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.auth.provider import AccessToken
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.authentication import AuthCredentials
from starlette.types import ASGIApp, Receive, Scope, Send

from salesbot.db.engine import Database
from salesbot.errors import Forbidden, NotAuthenticated, SalesbotError
from salesbot.models import Role, User
from salesbot.security.tokens import decode_token
from salesbot.settings import Settings

ALLOWED_ROLES = frozenset({Role.admin.value, Role.manager.value})

# The same refusals in English, for the CLI (desktop MCP clients show its stderr as is).
ENGLISH = {
    "token_missing": "No access token: pass --token or set SALESBOT_MCP_TOKEN.",
    "not_authenticated": "An access token is required.",
    "invalid_token": "The access token is invalid.",
    "token_expired": "The access token has expired: log in to the dashboard again.",
    "account_disabled": "The account is disabled or deleted.",
    "forbidden_role": "MCP is for managers and admins only.",
}


@dataclass(frozen=True)
class Caller:
    """The authenticated manager or admin (no personal data: the id and the role)."""

    user_id: uuid.UUID
    role: str
    expires_at: datetime


def missing_token() -> NotAuthenticated:
    return NotAuthenticated(
        "Нет токена доступа: укажите --token или переменную SALESBOT_MCP_TOKEN.",
        code="token_missing",
    )


async def authenticate(session: AsyncSession, settings: Settings, token: str) -> Caller:
    """The caller a dashboard token belongs to, if they may use MCP.

    Raises NotAuthenticated (invalid, expired, account gone or disabled) or Forbidden (a
    role other than manager or admin).
    """
    if not token:
        raise NotAuthenticated()
    claims = decode_token(settings, token)
    user = await session.get(User, claims.user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated("Учётная запись отключена или удалена.", code="account_disabled")
    if claims.role not in ALLOWED_ROLES or user.role not in ALLOWED_ROLES:
        raise Forbidden("MCP доступен только менеджерам и администраторам.", code="forbidden_role")
    return Caller(user.id, user.role, claims.expires_at)


def bilingual(error: SalesbotError) -> str:
    """«Russian message / English message», for the command line."""
    english = ENGLISH.get(error.code)
    return f"{error.message}\n{english}" if english else error.message


class SalesbotUser(AuthenticatedUser):
    """The SDK's authenticated user (it binds an HTTP session to its creator's identity)
    carrying our caller."""

    def __init__(self, caller: Caller, token: str) -> None:
        super().__init__(
            AccessToken(
                token=token,
                client_id=str(caller.user_id),
                subject=str(caller.user_id),
                scopes=[caller.role],
                expires_at=int(caller.expires_at.timestamp()),
            )
        )
        self.caller = caller


class BearerAuth:
    """ASGI middleware: every HTTP request needs `Authorization: Bearer <token>` of a
    manager or an admin; anything else is answered 401 (403 for another role) in the API's
    error shape, before the MCP transport sees it."""

    def __init__(self, app: ASGIApp, *, settings: Settings, database: Database) -> None:
        self.app, self.settings, self.database = app, settings, database

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":  # the SDK's session manager starts and stops
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets here
            await send({"type": "websocket.close", "code": 1008})
            return
        token = _bearer(scope)
        try:
            if token is None:
                raise NotAuthenticated()
            async with self.database.transaction() as session:
                caller = await authenticate(session, self.settings, token)
        except SalesbotError as exc:
            await _refuse(send, exc)
            return
        scope["user"] = SalesbotUser(caller, token)
        scope["auth"] = AuthCredentials([caller.role])
        await self.app(scope, receive, send)


def _bearer(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return None
    return None


async def _refuse(send: Send, error: SalesbotError) -> None:
    details: Any = error.details
    body = json.dumps(
        {"error": {"code": error.code, "message": error.message, "details": details}},
        ensure_ascii=False,
    ).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in error.headers.items()),
    ]
    await send({"type": "http.response.start", "status": error.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})
