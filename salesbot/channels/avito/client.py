"""Avito's HTTP API, as much of it as the channel uses (../shared/api/avito.md): the token,
the account's id, the messenger (send text, mark read, webhook subscriptions, chats and
messages for history) and listings. Every call carries the token; a 401 or 403 re-issues it
once and tries again; a 429 or 5xx is retried with back-off (`send_with_retries`)."""

from __future__ import annotations

import asyncio
import time
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from loguru import logger

from salesbot.channels.avito.tokens import Token, TokenManager, TokenStore
from salesbot.integrations.errors import PermanentError, error_for_status
from salesbot.integrations.http import send_with_retries
from salesbot.settings import Settings, secret_value

SERVICE = "avito"
TEXT_LIMIT = 1000  # characters in one message


class AvitoClient:
    def __init__(self, settings: Settings, store: TokenStore) -> None:
        self.settings = settings
        self._http = httpx.AsyncClient(
            base_url=settings.avito_api_base, timeout=settings.avito_timeout_seconds
        )
        self.tokens = TokenManager(f"avito:{settings.avito_client_id}", store, self._issue)
        self._user_id: int | None = int(settings.avito_user_id) if settings.avito_user_id else None

    async def close(self) -> None:
        await self._http.aclose()
        await self.tokens.close()

    async def _issue(self) -> Token:
        response = await send_with_retries(
            SERVICE,
            lambda: self._http.post(
                "/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.settings.avito_client_id or "",
                    "client_secret": secret_value(self.settings.avito_client_secret) or "",
                },
            ),
            max_retries=self.settings.max_retries,
        )
        if response.status_code >= 400:  # the body's shape is not documented: the status says
            raise PermanentError(
                SERVICE,
                f"Avito не выдал токен (HTTP {response.status_code}): проверьте AVITO_CLIENT_ID "
                "и AVITO_CLIENT_SECRET.",
                status=response.status_code,
            )
        body = response.json()
        return Token(str(body["access_token"]), time.time() + float(body.get("expires_in", 86400)))

    async def call(
        self, method: str, path: str, *, retries: int | None = None, **options: Any
    ) -> Any:
        """One API call; its JSON. A refused token is re-issued once; `retries` (default
        MAX_RETRIES) bounds the retries of a 429 or 5xx."""
        for attempt in (1, 2):
            token = await self.tokens.token()
            response = await send_with_retries(
                SERVICE,
                partial(
                    self._http.request,
                    method,
                    path,
                    headers={"Authorization": f"Bearer {token}"},
                    **options,
                ),
                max_retries=self.settings.max_retries if retries is None else retries,
            )
            if response.status_code in (401, 403) and attempt == 1:
                logger.bind(service=SERVICE, status=response.status_code).info(
                    "token refused; issuing a new one"
                )
                await self.tokens.invalidate(token)
                continue
            if response.status_code >= 400:
                raise error_for_status(SERVICE, response.status_code)
            return response.json() if response.content else {}
        raise AssertionError("unreachable")  # pragma: no cover

    # --- the account ---------------------------------------------------------------------------
    async def user_id(self) -> int:
        """AVITO_USER_ID, or the account's own id asked of Avito once."""
        if self._user_id is None:
            self._user_id = int((await self.call("GET", "/core/v1/accounts/self"))["id"])
        return self._user_id

    # --- the messenger -------------------------------------------------------------------------
    async def send_text(self, chat_id: str, text: str, *, retries: int | None = None) -> str:
        path = f"/messenger/v1/accounts/{await self.user_id()}/chats/{chat_id}/messages"
        body = {"message": {"text": text}, "type": "text"}
        sent = await self.call("POST", path, json=body, retries=retries)
        return str(sent["id"])

    async def chat(self, chat_id: str) -> dict[str, Any]:
        """One chat, with the listing it is about in `context` (title, price, link)."""
        chat: dict[str, Any] = await self.call(
            "GET", f"/messenger/v2/accounts/{await self.user_id()}/chats/{chat_id}"
        )
        return chat

    async def send_image(
        self, chat_id: str, name: str, path: Path, *, retries: int | None = None
    ) -> str:
        """Upload the image (one a request, in the field `uploadfile[]`), then send it."""
        user_id = await self.user_id()
        uploaded = await self.call(
            "POST",
            f"/messenger/v1/accounts/{user_id}/uploadImages",
            files={"uploadfile[]": (name, await asyncio.to_thread(path.read_bytes))},
            retries=retries,
        )
        [image_id] = list(uploaded)  # the answer is keyed by the new image's id
        sent = await self.call(
            "POST",
            f"/messenger/v1/accounts/{user_id}/chats/{chat_id}/messages/image",
            json={"image_id": image_id},
            retries=retries,
        )
        return str(sent["id"])

    async def download(self, url: str) -> bytes:
        """A customer's image from Avito's image server (its links need no token)."""
        response = await send_with_retries(
            SERVICE, partial(self._http.get, url), max_retries=self.settings.max_retries
        )
        if response.status_code >= 400:
            raise error_for_status(SERVICE, response.status_code)
        return response.content

    async def mark_read(self, chat_id: str) -> None:
        await self.call(
            "POST", f"/messenger/v1/accounts/{await self.user_id()}/chats/{chat_id}/read"
        )

    async def subscribe(self, url: str) -> None:
        await self.call("POST", "/messenger/v3/webhook", json={"url": url})

    async def unsubscribe(self, url: str) -> None:
        await self.call("POST", "/messenger/v1/webhook/unsubscribe", json={"url": url})

    async def subscriptions(self) -> list[dict[str, Any]]:
        listed = await self.call("POST", "/messenger/v1/subscriptions")
        return list(listed.get("subscriptions", []))


def listing_of(chat: dict[str, Any]) -> dict[str, Any] | None:
    """The listing a chat is about, from its `context`: id, title, price as Avito writes it,
    link. None for a chat about no listing (a profile chat)."""
    item = (chat.get("context") or {}).get("value") or {}
    if not item.get("id"):
        return None
    return {
        "id": int(item["id"]),
        "title": str(item.get("title") or ""),
        "price": str(item.get("price_string") or ""),
        "url": str(item.get("url") or ""),
    }
