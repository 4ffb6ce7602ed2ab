"""The realtime bridge: what a committed transaction announced (salesbot.db.hooks), sent over
socket.io — messages to the visitor's tabs and the managers, inbox rows, manager presence,
hand-offs and read markers. The one place realtime events about stored data come from."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.channels.web.inbox_feed import InboxFeed
from salesbot.channels.web.realtime import Realtime
from salesbot.channels.web.service import ChatService
from salesbot.db.hooks import Announcement, Publish
from salesbot.models import Message

# session.info key: the socket that sent a visitor's message already shows it.
SKIP_SID = "web.skip_sid"


class RealtimeBridge:
    def __init__(self, realtime: Realtime, chat: ChatService, inbox_feed: InboxFeed) -> None:
        self.realtime, self.chat, self.inbox_feed = realtime, chat, inbox_feed

    async def prepare(
        self, session: AsyncSession, announcements: Sequence[Announcement]
    ) -> Publish | None:
        skip_sid = session.info.get(SKIP_SID)
        events: list[tuple[Announcement, dict[str, Any] | None]] = []
        changed: list[uuid.UUID] = []
        for item in announcements:
            if item.kind == "conversation":
                if item.conversation_id not in changed:
                    changed.append(item.conversation_id)
                continue
            payload = None
            if item.kind == "message":
                message = await session.get(Message, item.data["message_id"])
                if message is None:
                    continue
                payload = self.chat.out(message).model_dump(mode="json")
            events.append((item, payload))

        async def publish() -> None:
            for item, payload in events:
                await self._emit(item, payload, skip_sid)
            # The rows as they are after the whole transaction, read after it (in batches).
            self.inbox_feed.changed(changed)

        return publish

    async def _emit(
        self, item: Announcement, payload: dict[str, Any] | None, skip_sid: str | None
    ) -> None:
        conversation_id, data = item.conversation_id, item.data
        if item.kind == "message" and payload is not None:
            await self.realtime.message(conversation_id, payload, skip_sid=skip_sid)
        elif item.kind == "manager":
            await self.realtime.manager(conversation_id, data["event"], data["name"])
        elif item.kind == "handoff":
            await self.realtime.handoff(conversation_id, data["reason"])
        elif item.kind == "read":
            await self.realtime.read(conversation_id, data["seq"], by=data["by"])
