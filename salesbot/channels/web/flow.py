"""A visitor's message from arrival to answer, the same for the socket and the HTTP API:
store it (its own transaction, so it can be acknowledged at once), then answer it in
process at once; if the process dies in between, the periodic backstop job answers it.
Everything stored is shown to the visitor's tabs and the managers by the realtime bridge
after each commit."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass

from loguru import logger
from prometheus_client import Histogram

from salesbot.channels.web.bridge import SKIP_SID
from salesbot.channels.web.realtime import Realtime
from salesbot.channels.web.service import ChatService
from salesbot.conversations.schemas import ChatMessageOut
from salesbot.conversations.service import Received
from salesbot.db.engine import Database
from salesbot.dialog.engine import DialogEngine
from salesbot.models import Conversation

REPLY_SECONDS = Histogram(
    "salesbot_chat_reply_seconds",
    "From a visitor's message arriving to the bot's answer being published",
    buckets=(0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 1, 5, 30),
)
SORRY = (
    "Извините, не получилось ответить из-за технической ошибки. Менеджер уже в курсе "
    "и скоро напишет вам."
)


@dataclass(frozen=True)
class Posted:
    message: ChatMessageOut
    received: Received


class ChatFlow:
    def __init__(
        self, database: Database, chat: ChatService, dialog: DialogEngine, realtime: Realtime
    ) -> None:
        self.database, self.chat, self.dialog, self.realtime = database, chat, dialog, realtime
        self._answering: set[asyncio.Task[None]] = set()

    async def post(
        self,
        conversation_id: uuid.UUID,
        ip: str,
        text: str,
        *,
        client_message_id: str | None = None,
        attachment_ids: list[uuid.UUID] | None = None,
        skip_sid: str | None = None,
        token: str | None = None,
    ) -> Posted:
        """Store the message (a new one within the caps); the bridge shows it to everyone
        watching but the tab that sent it. With `token` (the HTTP API) the visitor's right
        to the chat is checked in the same transaction."""
        async with self.database.transaction() as session:
            # Locked here: messages of one chat are stored one after another.
            conversation = (
                await self.chat.authorise(session, conversation_id, token, lock=True)
                if token is not None
                else await session.get_one(Conversation, conversation_id, with_for_update=True)
            )
            inbound = await self.chat.inbound(
                session,
                conversation,
                text,
                client_message_id=client_message_id,
                attachment_ids=attachment_ids or [],
            )
            session.info[SKIP_SID] = skip_sid
            # Answered in process right after this commit; dialog.answer_missed is the backstop.
            received = await self.dialog.receive(
                session, inbound, answer_now=False, conversation=conversation
            )
            if not received.duplicate:  # a resend is not counted again; over a cap, the
                await self.chat.check_caps(received.conversation, ip)  # insert rolls back
            out = self.chat.out(received.message)
        return Posted(out, received)

    async def answer(self, posted: Posted, *, started: float | None = None) -> list[ChatMessageOut]:
        """Run the dialog turn; the bridge publishes its replies after commit. Errors end
        with an apology, not silence (the engine has already handed the conversation to a
        person)."""
        if posted.received.duplicate:
            return []
        started = started if started is not None else time.perf_counter()
        conversation_id = posted.received.conversation.id
        await self.realtime.typing(conversation_id, "bot", True)
        draft_id = uuid.uuid4().hex

        async def show_draft(text: str) -> None:
            await self.realtime.draft(conversation_id, draft_id, text)

        try:
            async with self.database.transaction() as session:
                result = await self.dialog.respond(session, conversation_id, on_draft=show_draft)
                replies = [self.chat.out(m) for m in result.replies]
        except Exception:
            logger.bind(conversation_id=str(conversation_id)).exception("chat turn failed")
            raise
        finally:
            await self.realtime.typing(conversation_id, "bot", False)
        if replies:
            REPLY_SECONDS.observe(time.perf_counter() - started)
        return replies

    def answer_later(self, posted: Posted, sid: str, started: float) -> None:
        """Answer in the background (the socket acknowledges the message first)."""
        task = asyncio.create_task(self._answer_or_apologise(posted, sid, started))
        self._answering.add(task)
        task.add_done_callback(self._answering.discard)

    async def _answer_or_apologise(self, posted: Posted, sid: str, started: float) -> None:
        try:
            await self.answer(posted, started=started)
        except Exception:
            await self.realtime.error(sid, "internal_error", SORRY)

    async def drain(self) -> None:
        """Let answers in progress finish (on shutdown and in tests)."""
        while self._answering:
            await asyncio.gather(*list(self._answering), return_exceptions=True)
