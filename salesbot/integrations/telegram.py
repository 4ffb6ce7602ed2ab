"""The Telegram bot on the integration board: configured by its token, probed with `getMe`
(the bot's own profile: a call that changes nothing). Not `http_probe`: the token is part of
the URL (so no error may quote it), and a 404 here means a malformed token, not a live API."""

from __future__ import annotations

from typing import Any

import httpx

from salesbot.integrations.base import Kind, ProbeContext, ProbeFailed, host_of
from salesbot.settings import Settings


class TelegramBot:
    name = "telegram"
    title = "Telegram-бот"
    kind: Kind = "saas"

    def configured(self, settings: Settings) -> bool:
        return settings.telegram_bot_token is not None

    def details(self, settings: Settings) -> dict[str, Any]:
        if settings.telegram_bot_token is None:
            return {"note": "TELEGRAM_BOT_TOKEN не задан: Telegram-канал выключен."}
        return {
            "api": host_of(settings.telegram_api_base),
            "webhook": settings.telegram_webhook_url,
        }

    async def probe(self, context: ProbeContext) -> None:
        s = context.settings
        assert s.telegram_bot_token is not None
        url = (
            f"{s.telegram_api_base.rstrip('/')}/bot{s.telegram_bot_token.get_secret_value()}/getMe"
        )
        try:
            async with httpx.AsyncClient(timeout=s.telegram_timeout_seconds) as client:
                response = await client.get(url)
            body = response.json()
        except httpx.HTTPError as exc:
            raise ProbeFailed(f"нет соединения с Bot API: {type(exc).__name__}") from exc
        except ValueError as exc:
            raise ProbeFailed(f"Bot API ответил не JSON (HTTP {response.status_code})") from exc
        if not body.get("ok"):
            raise ProbeFailed(f"Bot API: {body.get('description', response.status_code)}")
