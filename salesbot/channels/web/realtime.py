"""Realtime events over socket.io: visitors on the `/chat` namespace (one room per
conversation), managers on `/operators`. With REDIS_URL set, every instance shares events
through Redis, so a manager on one instance reaches a visitor connected to another."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from typing import Any

import socketio
from prometheus_client import Counter

from salesbot.settings import Settings

CHAT = "/chat"
OPERATORS = "/operators"
OPERATORS_ROOM = "operators"

EVENTS = Counter("salesbot_realtime_events_total", "Socket events published", ["event"])


def refusal(code: str, message: str) -> socketio.exceptions.ConnectionRefusedError:
    """A refused connection: socket.io clients get `message` and `data` = {code, message}."""
    return socketio.exceptions.ConnectionRefusedError(message, {"code": code, "message": message})


def conversation_room(conversation_id: uuid.UUID | str) -> str:
    return f"conversation:{conversation_id}"


class Realtime:
    def __init__(self, settings: Settings, *, write_only: bool = False) -> None:
        """`write_only`: a process with no sockets of its own (`salesbot worker`) that only
        publishes, through Redis, to the instances visitors and managers are connected to."""
        manager = (
            socketio.AsyncRedisManager(
                settings.redis_url, channel="salesbot-realtime", write_only=write_only
            )
            if settings.redis_url
            else None
        )
        # Origins are checked per namespace on connect, where the refusal can say why;
        # Engine.IO's own check would only answer a bare 400.
        self.server = socketio.AsyncServer(
            async_mode="asgi",
            client_manager=manager,
            cors_allowed_origins="*",
            max_http_buffer_size=max(64_000, settings.max_message_length * 4 + 4_000),
            ping_interval=20,
            ping_timeout=20,
        )

    def asgi_app(self) -> socketio.ASGIApp:
        return socketio.ASGIApp(self.server, socketio_path="socket.io")

    async def message(
        self, conversation_id: uuid.UUID, payload: dict[str, Any], *, skip_sid: str | None = None
    ) -> None:
        """A new message: to the visitor's tabs (but the one that sent it) and to managers."""
        await self._emit("message", payload, conversation_room(conversation_id), CHAT, skip_sid)
        await self._to_operators("message", conversation_id, payload)

    async def typing(self, conversation_id: uuid.UUID, who: str, typing: bool) -> None:
        payload = {"who": who, "typing": typing}
        if who == "customer":
            await self._to_operators("typing", conversation_id, payload)
        else:
            await self._emit("typing", payload, conversation_room(conversation_id), CHAT)

    async def draft(self, conversation_id: uuid.UUID, draft_id: str, text: str) -> None:
        payload = {"draft_id": draft_id, "text": text}
        await self._emit("draft", payload, conversation_room(conversation_id), CHAT)

    async def manager(self, conversation_id: uuid.UUID, event: str, name: str) -> None:
        """A manager `joined` (took over) or `left` (handed back to the bot)."""
        payload = {"event": event, "name": name}
        await self._emit("manager", payload, conversation_room(conversation_id), CHAT)
        await self._to_operators("owner", conversation_id, payload)

    async def read(self, conversation_id: uuid.UUID, seq: int, *, by: str) -> None:
        """`by` the customer (shown to managers), or the team: `by` names the operator, the
        visitor sees that the company has read the chat, and the other operators see who."""
        if by == "customer":
            await self._to_operators("read", conversation_id, {"seq": seq, "by": by})
            return
        await self._emit("read", {"seq": seq}, conversation_room(conversation_id), CHAT)
        await self._to_operators("read", conversation_id, {"seq": seq, "by": by})

    async def conversation(self, row: dict[str, Any]) -> None:
        """A conversation's inbox row changed (or a new one appeared): to managers."""
        await self._emit("conversation", row, OPERATORS_ROOM, OPERATORS)

    def operators_may_listen(self) -> bool:
        """Is a dashboard open? Through Redis another instance may have one, so yes; in a
        lone process, only if its own managers' room has someone in it."""
        manager = self.server.manager
        if isinstance(manager, socketio.AsyncRedisManager):
            return True
        return bool(manager.rooms.get(OPERATORS, {}).get(OPERATORS_ROOM))

    async def handoff(self, conversation_id: uuid.UUID, reason: str) -> None:
        """The bot asked for a manager."""
        await self._to_operators("handoff", conversation_id, {"reason": reason})

    async def error(self, sid: str, code: str, message: str) -> None:
        await self._emit("error", {"code": code, "message": message}, sid, CHAT)

    async def _to_operators(
        self, event: str, conversation_id: uuid.UUID, payload: dict[str, Any]
    ) -> None:
        if not self.operators_may_listen():
            return
        body = {"conversation_id": str(conversation_id), **payload}
        await self._emit(event, body, OPERATORS_ROOM, OPERATORS)

    async def _emit(
        self,
        event: str,
        payload: dict[str, Any],
        room: str,
        namespace: str,
        skip_sid: str | None = None,
    ) -> None:
        EVENTS.labels(event).inc()
        await self.server.emit(event, payload, to=room, namespace=namespace, skip_sid=skip_sid)

    async def close(self) -> None:
        await self.server.shutdown()
        manager = self.server.manager
        if isinstance(manager, socketio.AsyncRedisManager):
            # The library leaves its Redis listener running; stop it and close the sockets.
            listener = getattr(manager, "thread", None)
            if listener is not None:
                listener.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await listener
            for client in (manager.pubsub, manager.redis):
                if client is not None:
                    await client.aclose()
