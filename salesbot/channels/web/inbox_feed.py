"""Inbox rows for the managers' dashboards, read after the change has committed and in
batches. A turn that changed a conversation does not pay for the row's joins (the contact,
the lead, the last message, the unread count); a burst of changes costs one read for every
conversation in it, and a conversation changed twice in the burst is read once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable

from loguru import logger

from salesbot.channels.web.realtime import Realtime
from salesbot.conversations import inbox
from salesbot.db.engine import Database

# How long changes gather before their rows are read: short enough that a dashboard looks
# live, long enough that a busy second costs a few reads instead of one per turn.
GATHER_SECONDS = 0.05


class InboxFeed:
    def __init__(
        self, database: Database, realtime: Realtime, *, gather_seconds: float = GATHER_SECONDS
    ) -> None:
        self.database, self.realtime, self.gather_seconds = database, realtime, gather_seconds
        self._pending: dict[uuid.UUID, None] = {}  # insertion-ordered set
        self._task: asyncio.Task[None] | None = None

    def changed(self, conversation_ids: Iterable[uuid.UUID]) -> None:
        """Conversations whose rows changed in a committed transaction."""
        if not self.realtime.operators_may_listen():
            return  # no dashboard open anywhere: nobody to tell
        self._pending.update(dict.fromkeys(conversation_ids))
        if self._pending and self._task is None:
            self._task = asyncio.create_task(self._publish(), name="inbox-feed")

    async def flush(self) -> None:
        """Publish what is gathered now (shutdown, tests)."""
        while (task := self._task) is not None:
            await asyncio.shield(task)

    async def _publish(self) -> None:
        try:
            while self._pending:
                await asyncio.sleep(self.gather_seconds)
                ids, self._pending = list(self._pending), {}
                try:
                    async with self.database.transaction() as session:
                        rows = await inbox.rows_of(session, ids)
                    for row in rows:
                        await self.realtime.conversation(inbox.event_payload(row))
                except Exception:  # the next change of these conversations sends them again
                    logger.bind(conversations=len(ids)).exception("inbox rows were not sent")
        finally:
            self._task = None
