"""amoCRM's disposable tokens (../shared/api/amocrm.md §8.4): a JWT the widget's
`$authorizedAjax` sends in `X-Auth-Token`, signed HS256 with the integration's client secret.
It says which account and which user is asking; nothing in the request body does.

Checked: the signature, the audience (scheme and host of our redirect URI), the time window,
the account (its `iss` is our amoCRM domain) and the integration (`client_uuid`); a `jti`
seen before is refused, since amoCRM does not enforce single use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import jwt
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.errors import NotAuthenticated
from salesbot.integrations.crm.amocrm.client import redirect_uri
from salesbot.models import AssistantTokenUse
from salesbot.settings import Settings, secret_value

LEEWAY_SECONDS = 30  # clocks of amoCRM and ours may differ a little


@dataclass(frozen=True)
class AmoUser:
    account_id: int
    user_id: int
    is_admin: bool
    origin: str  # the account's address, e.g. https://example.amocrm.ru
    jti: str
    expires_at: datetime


def audience(settings: Settings) -> str:
    """Scheme and host of the integration's redirect URI: what amoCRM puts in `aud`."""
    parts = urlsplit(redirect_uri(settings))
    return f"{parts.scheme}://{parts.netloc}"


def account_origin(settings: Settings) -> str | None:
    domain = settings.amocrm_domain
    return f"https://{domain.removeprefix('https://').strip('/')}" if domain else None


def read_token(settings: Settings, token: str | None) -> AmoUser:
    """The user the token speaks for; `NotAuthenticated` with a reason otherwise."""
    secret = secret_value(settings.amocrm_client_secret)
    if not secret:
        raise NotAuthenticated(
            "Ассистент в amoCRM не настроен: задайте AMOCRM_CLIENT_SECRET.",
            code="assistant_not_configured",
        )
    if not token:
        raise NotAuthenticated("Нет токена amoCRM (X-Auth-Token).", code="token_missing")
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            audience=audience(settings),
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "jti", "account_id", "user_id", "aud"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise NotAuthenticated(
            "Срок действия токена amoCRM истёк: обновите страницу amoCRM.", code="token_expired"
        ) from exc
    except jwt.PyJWTError as exc:
        raise NotAuthenticated("Токен amoCRM не принят.", code="token_invalid") from exc
    origin = account_origin(settings)
    issuer = str(claims.get("iss") or "").rstrip("/")
    if origin is not None and issuer and urlsplit(issuer).hostname != urlsplit(origin).hostname:
        raise NotAuthenticated("Токен выдан другим аккаунтом amoCRM.", code="token_invalid")
    client = claims.get("client_uuid")
    if client and settings.amocrm_client_id and client != settings.amocrm_client_id:
        raise NotAuthenticated("Токен выдан другой интеграции.", code="token_invalid")
    return AmoUser(
        account_id=int(claims["account_id"]),
        user_id=int(claims["user_id"]),
        is_admin=bool(claims.get("is_admin")),
        origin=origin or issuer,
        jti=str(claims["jti"]),
        expires_at=datetime.fromtimestamp(int(claims["exp"]), UTC),
    )


async def spend(session: AsyncSession, user: AmoUser) -> None:
    """Record the token's `jti`; a second use is refused."""
    spent = await session.execute(
        insert(AssistantTokenUse)
        .values(jti=user.jti, expires_at=user.expires_at)
        .on_conflict_do_nothing(index_elements=["jti"])
        .returning(AssistantTokenUse.jti)
    )
    if spent.scalar_one_or_none() is None:
        raise NotAuthenticated(
            "Этот токен amoCRM уже использован: повторите запрос из amoCRM.", code="token_replayed"
        )
