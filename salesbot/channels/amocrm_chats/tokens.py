"""The disposable token amoCRM's Salesbot puts in each `widget_request` (../shared/api/amocrm.md
§8.4): a JWT signed HS512 with the integration's client secret, `aud` optional, with the
claims `entity_id`, `entity_type` and `bot_type` besides the usual ones.

Checked: the signature and, when present, the time window (`exp`, `nbf`), the audience and the
integration (`client_uuid`). The notes name no lifetime and no `jti` for these tokens, so a
replay is not refused here: the webhook ledger already answers a redelivery once."""

from __future__ import annotations

from typing import Any

import jwt

from salesbot.errors import NotAuthenticated
from salesbot.settings import Settings, secret_value

LEEWAY_SECONDS = 30  # clocks of amoCRM and ours may differ a little
CLAIMS_KEPT = ("entity_id", "entity_type", "bot_type", "account_id", "subdomain")


def read_bot_token(settings: Settings, token: str | None) -> dict[str, Any]:
    """The token's claims worth keeping with the event; `NotAuthenticated` otherwise."""
    secret = secret_value(settings.amocrm_client_secret)
    if not secret:
        raise NotAuthenticated(
            "Чаты amoCRM не настроены: задайте AMOCRM_CLIENT_SECRET.",
            code="amocrm_chats_not_configured",
        )
    if not token or not isinstance(token, str):
        raise NotAuthenticated("В запросе Salesbot нет токена amoCRM.", code="token_missing")
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            secret,
            algorithms=["HS512"],
            leeway=LEEWAY_SECONDS,
            options={"verify_aud": False},
        )
    except jwt.ExpiredSignatureError as exc:
        raise NotAuthenticated("Токен Salesbot истёк.", code="token_expired") from exc
    except jwt.PyJWTError as exc:
        raise NotAuthenticated("Токен Salesbot не принят.", code="token_invalid") from exc
    client = claims.get("client_uuid")
    if client and settings.amocrm_client_id and client != settings.amocrm_client_id:
        raise NotAuthenticated("Токен выдан другой интеграции.", code="token_invalid")
    return {key: claims[key] for key in CLAIMS_KEPT if claims.get(key) is not None}
