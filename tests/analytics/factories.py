"""A small hand-built history with known answers, written through the real recorder and
the fold's counting statement.

Period under test: 1–2 March 2026 in Moscow (UTC+3), i.e. [2026-02-28 21:00Z, 2026-03-02 21:00Z).

| conv | channel  | opened (MSK)      | path                                                   | NPS        |
| c1   | web      | 01.03 10:00       | contact → qualified → brief → quote → document → won   | 10         |
| c2   | web      | 01.03 12:00       | qualified → quote; the bot hands off                   | 6          |
| c3   | telegram | 02.03 09:00       | contact only; books a consultation                     | 8          |
| c4   | avito    | 02.03 23:30       | nothing; a manager takes over                          | 9          |
| c5   | telegram | 03.03 00:30 (out) | qualified                                              | 9 (03.03)  |
| c6   | web      | 28.02 23:59 (out) | —                                                      | —          |

Bot answers in the period wait 400, 800, 1200, 1600 and 3000 ms; one outside waits 9000 ms.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import null
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics import recorder
from salesbot.analytics.fold import count_given, turn_meta
from salesbot.conversations import repository
from salesbot.models import Message

FIRST, LAST = date(2026, 3, 1), date(2026, 3, 2)


def msk(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """A Moscow wall-clock time of 2026 as an aware UTC datetime."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC) - timedelta(hours=3)


@dataclass
class History:
    ids: dict[str, uuid.UUID]


async def _open(session: AsyncSession, channel: str, at: datetime) -> uuid.UUID:
    conversation = await repository.open_conversation(
        session,
        channel=channel,
        external_chat_id=f"analytics-{uuid.uuid4().hex}",
        external_user_id=None,
        now=at,
    )
    return conversation.id


def message(
    conversation: uuid.UUID,
    channel: str,
    author: str,
    at: datetime,
    meta: dict[str, Any],
    *,
    imported: bool = True,
) -> Message:
    """A message row; `imported`: stored the way an import stores it (`xact` NULL, out of
    the fold's sight), else with its transaction's id as every message the product stores."""
    extra: dict[str, Any] = {"xact": null()} if imported else {}  # None would mean the default
    return Message(
        id=uuid.uuid4(),
        conversation_id=conversation,
        channel=channel,
        author=author,
        text="…",
        meta=meta,
        created_at=at,
        **extra,
    )


async def build_history(session: AsyncSession) -> History:
    c1 = await _open(session, "web", msk(1, 10))
    c2 = await _open(session, "web", msk(1, 12))
    c3 = await _open(session, "telegram", msk(2, 9))
    c4 = await _open(session, "avito", msk(2, 23, 30))
    c5 = await _open(session, "telegram", msk(3, 0, 30))
    c6 = await _open(session, "web", msk(28, 23, 59, month=2))

    for status, minute in (
        ("new", 1),
        ("qualified", 2),
        ("brief_completed", 3),
        ("quote_sent", 4),
    ):
        await recorder.lead_status(
            session, c1, status=status, created=status == "new", at=msk(1, 10, minute)
        )
    await recorder.document_generated(
        session, c1, kind="offer", document_id=uuid.uuid4(), at=msk(1, 10, 5)
    )
    await recorder.lead_status(session, c1, status="won", actor="manager", at=msk(1, 15))
    await recorder.nps_recorded(session, c1, score=10, at=msk(1, 10, 6))

    await recorder.lead_status(session, c2, status="qualified", created=True, at=msk(1, 12, 1))
    await recorder.lead_status(session, c2, status="quote_sent", at=msk(1, 12, 5))
    await recorder.handed_off(session, c2, by="bot", reason="large_deal", at=msk(1, 12, 6))
    await recorder.nps_recorded(session, c2, score=6, at=msk(1, 12, 7))

    await recorder.lead_status(session, c3, status="new", created=True, at=msk(2, 9, 1))
    await recorder.consultation_booked(session, c3, at=msk(2, 9, 2))
    await recorder.nps_recorded(session, c3, score=8, at=msk(2, 9, 3))

    await recorder.handed_off(
        session, c4, by="manager", reason="manager_takeover", at=msk(2, 23, 40)
    )
    await recorder.nps_recorded(session, c4, score=9, at=msk(2, 23, 50))

    await recorder.lead_status(session, c5, status="qualified", created=True, at=msk(3, 0, 31))
    await recorder.nps_recorded(session, c5, score=9, at=msk(3, 0, 40))

    # Messages, imported the way the demo imports them (`xact` NULL) and counted by the
    # fold's own statement: bot answers of one reply each, with their turn's reply time as
    # the dialog engine stores it (conversation, channel, customer message, wait in ms)…
    messages: list[Message] = []
    for conversation, channel, asked, waited in (
        (c1, "web", msk(1, 10, 0), 400),
        (c1, "web", msk(1, 10, 1), 800),
        (c2, "web", msk(1, 12, 0), 1200),
        (c3, "telegram", msk(2, 9, 0), 1600),
        (c3, "telegram", msk(2, 9, 1), 3000),
        (c5, "telegram", msk(3, 0, 30), 9000),
    ):
        answered = asked + timedelta(milliseconds=waited)
        messages.append(
            message(conversation, channel, "bot", answered, {"turn": turn_meta(asked, 1)})
        )
    # …and others: c1 two exchanges on 1 March; a manager answers c4 late on 2 March
    # (Moscow); c5's first message is already 3 March in Moscow, though still 2 March in UTC.
    for conversation, channel, author, at in (
        (c1, "web", "customer", msk(1, 10, 0)),
        (c1, "web", "customer", msk(1, 10, 1)),
        (c1, "web", "system", msk(1, 10, 2)),
        (c4, "avito", "customer", msk(2, 23, 31)),
        (c4, "avito", "manager", msk(2, 23, 45)),
        (c5, "telegram", "customer", msk(3, 0, 30)),
    ):
        messages.append(message(conversation, channel, author, at, {}))
    session.add_all(messages)
    await session.flush()
    await count_given(session, [m.id for m in messages], timezone="Europe/Moscow")
    return History({"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5, "c6": c6})
