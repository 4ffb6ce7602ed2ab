"""Connecting the amoCRM account: the consent link an admin opens, the code that comes back,
and what the admins see of the connection.

A consent always starts here, with a `state` we keep for 20 minutes (amoCRM's code lives as
long). A code that arrives without our state (an install started from amoMarket) is refused:
accepting it would let anyone connect their own account and receive our leads.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.errors import ValidationFailed
from salesbot.integrations.crm.amocrm.client import AmoClient, consent_url, redirect_uri
from salesbot.integrations.crm.amocrm.tokens import AmoTokens
from salesbot.models import SettingOverride
from salesbot.security.webhook_secrets import derived_secret
from salesbot.settings import Settings, secret_value

STATE_KEY = "amocrm.oauth_state"
STATE_TTL_SECONDS = 20 * 60


@dataclass(frozen=True)
class Connection:
    configured: bool
    auth: str  # "oauth", "long_lived" or "none"
    connected: bool
    domain: str | None
    account_id: int | None
    connected_at: datetime | None
    refreshed_at: datetime | None
    access_expires_at: datetime | None
    redirect_uri: str
    webhook_url: str | None


def webhook_secret(settings: Settings) -> str | None:
    key = secret_value(settings.amocrm_client_secret) or secret_value(settings.amocrm_access_token)
    return derived_secret(key, "amocrm-webhook") if key else None


def webhook_url(settings: Settings) -> str | None:
    secret = webhook_secret(settings)
    if secret is None:
        return None
    return f"{settings.public_url.rstrip('/')}/api/v1/webhooks/amocrm/{secret}"


async def describe(settings: Settings, client: AmoClient) -> Connection:
    oauth = bool(settings.amocrm_client_id and settings.amocrm_client_secret)
    long_lived = settings.amocrm_access_token is not None
    tokens = None if long_lived else await client.tokens.load()
    return Connection(
        configured=oauth or long_lived,
        auth="long_lived" if long_lived else "oauth" if oauth else "none",
        connected=long_lived or tokens is not None,
        domain=tokens.domain if tokens else settings.amocrm_domain,
        account_id=tokens.account_id if tokens else None,
        connected_at=_moment(tokens.connected_at) if tokens else None,
        refreshed_at=_moment(tokens.refreshed_at) if tokens else None,
        access_expires_at=_moment(tokens.expires_at) if tokens else None,
        redirect_uri=redirect_uri(settings),
        webhook_url=webhook_url(settings),
    )


async def start(session: AsyncSession, settings: Settings, *, started_by: str) -> str:
    """A consent link for an admin; its state is kept to check the code that comes back."""
    if not (settings.amocrm_client_id and settings.amocrm_client_secret):
        raise ValidationFailed(
            "Задайте AMOCRM_CLIENT_ID и AMOCRM_CLIENT_SECRET из настроек интеграции в amoCRM, "
            "затем подключите аккаунт.",
            code="amocrm_not_configured",
        )
    state = secrets.token_urlsafe(24)
    value = {"state": state, "expires_at": time.time() + STATE_TTL_SECONDS}
    await session.execute(
        insert(SettingOverride)
        .values(key=STATE_KEY, value=value, updated_by=started_by)
        .on_conflict_do_update(index_elements=["key"], set_={"value": value})
    )
    return consent_url(settings, state)


async def finish(
    session: AsyncSession, client: AmoClient, *, code: str, state: str | None, referer: str | None
) -> AmoTokens:
    """The code amoCRM's redirect brought, for the tokens (checked against our state)."""
    saved = await session.get(SettingOverride, STATE_KEY, with_for_update=True)
    expected = saved.value if saved else {}
    valid = (
        state is not None
        and hmac.compare_digest(str(expected.get("state", "")).encode(), state.encode())
        and time.time() < float(expected.get("expires_at", 0))
    )
    if not valid:
        raise ValidationFailed(
            "Ссылка подключения amoCRM устарела или начата не из Salesbot. Начните "
            "подключение заново: «Интеграции» в панели или `salesbot amocrm connect`.",
            code="amocrm_state_invalid",
        )
    domain = referer or client.settings.amocrm_domain
    if not domain:
        raise ValidationFailed(
            "amoCRM не сообщил домен аккаунта: задайте AMOCRM_DOMAIN.", code="amocrm_no_domain"
        )
    assert saved is not None
    await session.delete(saved)  # a state is used once
    return await client.exchange_code(code, domain)


def _moment(seconds: float) -> datetime | None:
    return datetime.fromtimestamp(seconds, UTC) if seconds else None
