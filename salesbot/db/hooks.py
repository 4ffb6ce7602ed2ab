"""Work tied to a transaction's outcome: announcements made while it runs are prepared just
before it commits (inside it, so they may still read) and published only after it commits.

Business code says *what happened* (`announce`); listeners (the realtime bridge) decide who
hears it. A rolled-back transaction announces nothing, and a listener's failure never undoes
a committed change.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession

_ANNOUNCEMENTS = "salesbot.announcements"
_AFTER_COMMIT = "salesbot.after_commit"

Publish = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class Announcement:
    """Something people watching a conversation should see.

    kind: "message" (data: message_id), "conversation" (its inbox row changed),
    "manager" (data: event joined|left, name), "handoff" (data: reason),
    "read" (data: seq, by).
    """

    kind: str
    conversation_id: uuid.UUID
    data: dict[str, Any] = field(default_factory=dict)


class Listener(Protocol):
    async def prepare(
        self, session: AsyncSession, announcements: Sequence[Announcement]
    ) -> Publish | None:
        """Read what the announcements need (inside the transaction) and return what to do
        once it has committed."""
        ...


def announce(session: AsyncSession, kind: str, conversation_id: uuid.UUID, **data: Any) -> None:
    session.info.setdefault(_ANNOUNCEMENTS, []).append(Announcement(kind, conversation_id, data))


def after_commit(session: AsyncSession, step: Publish) -> None:
    """Run `step` once the transaction has committed (never after a rollback): work outside
    the database that must follow the change, such as deleting files of deleted rows."""
    session.info.setdefault(_AFTER_COMMIT, []).append(step)


async def prepare(session: AsyncSession, listeners: Sequence[Listener]) -> list[Publish]:
    found = session.info.pop(_ANNOUNCEMENTS, [])
    ready: list[Publish] = list(session.info.pop(_AFTER_COMMIT, []))
    if not found or not listeners:
        return ready
    for listener in listeners:
        publish = await listener.prepare(session, found)
        if publish is not None:
            ready.append(publish)
    return ready


async def publish(ready: Sequence[Publish]) -> None:
    for step in ready:
        try:
            await step()
        except Exception:  # the change is committed; a lost realtime event is caught up by sync
            logger.exception("publishing a committed change failed")
