"""Avito on the integration board: configured by the client id and secret, probed by issuing
a token (client credentials) and asking who the account is, which changes nothing; a set
AVITO_USER_ID must name that account. Should
Avito keep one token per account, the channel's own is refused once and issued anew."""

from __future__ import annotations

from typing import Any

import httpx

from salesbot.integrations.base import Kind, ProbeContext, ProbeFailed, host_of
from salesbot.settings import Settings, secret_value


class AvitoAccount:
    name = "avito"
    title = "Avito Мессенджер"
    kind: Kind = "saas"

    def configured(self, settings: Settings) -> bool:
        return bool(settings.avito_client_id) and settings.avito_client_secret is not None

    def details(self, settings: Settings) -> dict[str, Any]:
        if not self.configured(settings):
            return {
                "note": "AVITO_CLIENT_ID и AVITO_CLIENT_SECRET не заданы: канал Avito выключен."
            }
        return {"api": host_of(settings.avito_api_base), "user_id": settings.avito_user_id}

    async def probe(self, context: ProbeContext) -> None:
        s = context.settings
        form = {
            "grant_type": "client_credentials",
            "client_id": s.avito_client_id or "",
            "client_secret": secret_value(s.avito_client_secret) or "",
        }
        try:
            async with httpx.AsyncClient(
                base_url=s.avito_api_base, timeout=s.avito_timeout_seconds
            ) as client:
                issued = await client.post("/token", data=form)
                if issued.status_code >= 400:
                    raise ProbeFailed(
                        f"Avito не выдал токен (HTTP {issued.status_code}): проверьте "
                        "AVITO_CLIENT_ID и AVITO_CLIENT_SECRET"
                    )
                token = issued.json()["access_token"]
                me = await client.get(
                    "/core/v1/accounts/self", headers={"Authorization": f"Bearer {token}"}
                )
        except httpx.HTTPError as exc:
            raise ProbeFailed(f"нет соединения с Avito: {type(exc).__name__}") from exc
        except (ValueError, KeyError) as exc:
            raise ProbeFailed("Avito ответил не так, как описано в его API") from exc
        if me.status_code >= 400:
            raise ProbeFailed(
                f"токен выдан, но Avito не отвечает на запросы (HTTP {me.status_code}): "
                "мессенджер доступен не на всех тарифах"
            )
        account = str(me.json().get("id"))
        if s.avito_user_id and s.avito_user_id != account:
            raise ProbeFailed(
                f"AVITO_USER_ID ({s.avito_user_id}) — не тот аккаунт, которому выдан токен "
                f"({account}): исправьте его или оставьте пустым"
            )
