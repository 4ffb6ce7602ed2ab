"""The visitor's socket (namespace `/chat`): join with the chat token, send messages,
catch up after a reconnect, typing and read signals. Protocol: docs/web-channel.md."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import socketio
from loguru import logger
from pydantic import BaseModel, Field, ValidationError

from salesbot.channels.web.realtime import CHAT, conversation_room, refusal
from salesbot.channels.web.runtime import WebRuntime
from salesbot.errors import SalesbotError, TooManyRequests
from salesbot.security.addresses import resolve_client_ip
from salesbot.security.text import BIGINT_MAX, StorableStr


class MessageEvent(BaseModel):
    text: StorableStr = Field(default="", max_length=100_000)
    client_message_id: str | None = Field(None, max_length=100)
    attachment_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)


class SyncEvent(BaseModel):
    after_seq: int = Field(0, ge=0, le=BIGINT_MAX)


class TypingEvent(BaseModel):
    typing: bool = True


class ReadEvent(BaseModel):
    seq: int = Field(ge=0, le=BIGINT_MAX)


def _failure(error: SalesbotError) -> dict[str, Any]:
    body: dict[str, Any] = {"code": error.code, "message": error.message}
    if error.details is not None:
        body["details"] = error.details
    if isinstance(error, TooManyRequests):
        body["retry_after"] = error.retry_after
    return {"ok": False, "error": body}


def _invalid(exc: ValidationError) -> dict[str, Any]:
    fields = [".".join(str(p) for p in e["loc"]) for e in exc.errors()]
    return {
        "ok": False,
        "error": {
            "code": "validation_error",
            "message": "Сообщение не удалось прочитать: проверьте его поля.",
            "details": {"fields": fields},
        },
    }


def peer_address(environ: dict[str, Any], trusted: set[str]) -> str:
    client = environ.get("asgi.scope", {}).get("client")
    peer = client[0] if client else environ.get("REMOTE_ADDR", "unknown")
    return resolve_client_ip(peer, environ.get("HTTP_X_FORWARDED_FOR", ""), trusted)


class ChatNamespace(socketio.AsyncNamespace):
    def __init__(self, runtime: Callable[[], WebRuntime]) -> None:
        super().__init__(CHAT)
        self._runtime = runtime

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any) -> None:
        runtime = self._runtime()
        try:
            runtime.chat.check_origin(environ.get("HTTP_ORIGIN"))
            ip = peer_address(environ, set(runtime.settings.trusted_proxies))
            await runtime.public_limiter.hit(ip)
            token = auth.get("token") if isinstance(auth, dict) else None
            async with runtime.database.transaction() as session:
                conversation = await runtime.chat.authorise(session, None, token)
        except SalesbotError as exc:
            raise refusal(exc.code, exc.message) from None
        await self.save_session(sid, {"conversation_id": conversation.id, "ip": ip})
        await self.enter_room(sid, conversation_room(conversation.id))

    async def on_message(self, sid: str, data: Any) -> dict[str, Any]:
        started = time.perf_counter()
        runtime = self._runtime()
        try:
            event = MessageEvent.model_validate(data)
        except ValidationError as exc:
            return _invalid(exc)
        state = await self.get_session(sid)
        try:
            await runtime.public_limiter.hit(state["ip"])
            posted = await runtime.chat_flow.post(
                state["conversation_id"],
                state["ip"],
                event.text,
                client_message_id=event.client_message_id,
                attachment_ids=event.attachment_ids,
                skip_sid=sid,
            )
        except SalesbotError as exc:
            return _failure(exc)
        runtime.chat_flow.answer_later(posted, sid, started)
        return {"ok": True, "message": posted.message.model_dump(mode="json")}

    async def on_sync(self, sid: str, data: Any) -> dict[str, Any]:
        runtime = self._runtime()
        try:
            event = SyncEvent.model_validate(data or {})
        except ValidationError as exc:
            return _invalid(exc)
        state = await self.get_session(sid)
        try:
            await runtime.public_limiter.hit(state["ip"])
        except SalesbotError as exc:
            return _failure(exc)
        async with runtime.database.transaction() as session:
            messages = await runtime.chat.messages_after(
                session, state["conversation_id"], event.after_seq
            )
        return {"ok": True, "messages": [m.model_dump(mode="json") for m in messages]}

    async def on_typing(self, sid: str, data: Any) -> None:
        try:
            event = TypingEvent.model_validate(data or {})
        except ValidationError:
            return
        state = await self.get_session(sid)
        if await self._signals_allowed(state["ip"]):
            await self._runtime().realtime.typing(
                state["conversation_id"], "customer", event.typing
            )

    async def on_read(self, sid: str, data: Any) -> None:
        try:
            event = ReadEvent.model_validate(data or {})
        except ValidationError:
            return
        state = await self.get_session(sid)
        if await self._signals_allowed(state["ip"]):
            await self._runtime().realtime.read(state["conversation_id"], event.seq, by="customer")

    async def _signals_allowed(self, ip: str) -> bool:
        """Typing and read signals have their own, roomier limit; over it they are dropped."""
        try:
            await self._runtime().signal_limiter.hit(ip)
        except SalesbotError:
            return False
        return True

    async def trigger_event(self, event: str, *args: Any) -> Any:
        # A handler's crash must reach the log, and the visitor a polite word, not silence.
        try:
            return await super().trigger_event(event, *args)
        except socketio.exceptions.ConnectionRefusedError:
            raise
        except Exception:
            logger.exception("socket event {} failed", event)
            return {
                "ok": False,
                "error": {
                    "code": "internal_error",
                    "message": "Не получилось обработать сообщение. Попробуйте ещё раз.",
                },
            }
