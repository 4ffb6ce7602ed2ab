"""Messages counted into the analytics after their turn, in batches: the day's messages by
author (`conversation_days`) and each bot turn's reply time (a `reply` event and its bucket
in `analytics_reply_times`).

A turn writes none of this: every message keeps the id of the transaction that stored it
(`messages.xact`), and a bot turn's first reply keeps, in its metadata, when the customer
asked (`turn`, see `turn_meta`). A fold counts the messages of the transactions that have
finished since the last fold: those visible in the current PostgreSQL snapshot and not in
the one saved by the last fold. A transaction still running at one fold is counted by the
first fold after it commits, and never twice, however the commits interleave.

The worker folds every minute and the dashboard folds before it reads, so its numbers are
current to the moment.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from loguru import logger
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.engine import Database


def turn_meta(asked_at: datetime, replies: int) -> dict[str, Any]:
    """What a bot turn's first reply carries for the fold: when the first of the messages it
    answers was stored (the wait is measured from it) and how many replies the turn sent."""
    return {"asked_at": asked_at.isoformat(), "replies": replies}


# Read committed: the fold's statement must see every commit made before its lock was had.
_LOCK = text(
    "SELECT snapshot, current_setting('transaction_isolation')"
    " FROM analytics_fold WHERE id = 1 FOR UPDATE"
)

# The messages `{which}` selects, read once and counted into three tables, then `{then}`.
# Reply-time buckets: 10 ms steps below 10 s, 100 ms below a minute, whole seconds above.
_COUNT = """
    WITH {first}
    new AS (
        SELECT m.conversation_id, c.channel, m.author, m.created_at,
            m.metadata -> 'turn' AS turn
        FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE {which} AND m.author IN ('customer', 'bot', 'manager')
    ),
    days AS (
        INSERT INTO conversation_days AS d (conversation_id, day, channel,
            customer_messages, bot_messages, manager_messages)
        SELECT conversation_id, (created_at AT TIME ZONE :tz)::date, min(channel),
            count(*) FILTER (WHERE author = 'customer'),
            count(*) FILTER (WHERE author = 'bot'),
            count(*) FILTER (WHERE author = 'manager')
        FROM new GROUP BY 1, 2
        ON CONFLICT (conversation_id, day) DO UPDATE SET
            customer_messages = d.customer_messages + EXCLUDED.customer_messages,
            bot_messages = d.bot_messages + EXCLUDED.bot_messages,
            manager_messages = d.manager_messages + EXCLUDED.manager_messages
    ),
    answers AS (
        SELECT conversation_id, channel, created_at, (turn ->> 'replies')::int AS replies,
            greatest(0, floor(extract(epoch FROM
                created_at - (turn ->> 'asked_at')::timestamptz) * 1000))::bigint AS waited
        FROM new WHERE author = 'bot' AND turn IS NOT NULL
    ),
    events AS (
        INSERT INTO analytics_events (occurred_at, conversation_id, channel, kind, value, data)
        SELECT created_at, conversation_id, channel, 'reply', waited,
            jsonb_build_object('replies', replies)
        FROM answers
    ),
    times AS (
        INSERT INTO analytics_reply_times AS t (day, channel, bucket_ms, replies)
        SELECT (created_at AT TIME ZONE :tz)::date, channel,
            CASE WHEN waited < 10000 THEN waited / 10 * 10
                WHEN waited < 60000 THEN waited / 100 * 100
                ELSE waited / 1000 * 1000 END,
            count(*)
        FROM answers GROUP BY 1, 2, 3
        ON CONFLICT (day, channel, bucket_ms) DO UPDATE SET replies = t.replies + EXCLUDED.replies
    ),
    counted AS (SELECT count(*) AS n FROM new)
    {then}
"""

# The fold: rows this statement sees (their transactions committed before its snapshot)
# whose transactions had not finished by the saved one (an older id, still running then,
# is in its in-progress list).
_FOLD = text(
    _COUNT.format(
        first="now_seen AS (SELECT pg_current_snapshot() AS snap),",
        which="m.xact >= pg_snapshot_xmin(CAST(:since AS pg_snapshot))::text::bigint"
        " AND NOT pg_visible_in_snapshot(m.xact::text::xid8, CAST(:since AS pg_snapshot))",
        then="UPDATE analytics_fold SET snapshot = now_seen.snap::text, folded_at = now(),"
        " messages = analytics_fold.messages + counted.n"
        " FROM now_seen, counted WHERE id = 1 RETURNING counted.n",
    )
)

# Messages the fold does not see (`xact` NULL: imported), counted by their ids.
_COUNT_GIVEN = text(
    _COUNT.format(
        first="", which="m.xact IS NULL AND m.id = ANY(:ids)", then="SELECT n FROM counted"
    )
)

# A missing row (someone emptied the table): folding starts again from now.
_RESTART = text(
    "INSERT INTO analytics_fold (id, snapshot, folded_at)"
    " VALUES (1, pg_current_snapshot()::text, now()) ON CONFLICT (id) DO NOTHING"
)


async def fold_in(session: AsyncSession, *, timezone: str) -> int:
    """Count the messages of the transactions finished since the last fold; returns how
    many. Waits for a fold running elsewhere. `session` must be at the start of its own
    transaction, which the caller commits (see `fold`)."""
    row = (await session.execute(_LOCK)).one_or_none()
    if row is None:
        logger.warning("analytics_fold had no row: folding starts from now")
        await session.execute(_RESTART)
        return 0
    since, isolation = row
    if isolation != "read committed":
        # Under a snapshot older than the lock, the fold would count a batch twice.
        raise RuntimeError(f"the analytics fold needs read committed, not {isolation}")
    return int((await session.execute(_FOLD, {"since": since, "tz": timezone})).scalar_one())


async def count_given(session: AsyncSession, ids: Sequence[uuid.UUID], *, timezone: str) -> int:
    """Count the messages `ids` that the fold does not see (stored with `xact` NULL, as an
    import stores them) the way it counts the others; returns how many."""
    result = await session.execute(_COUNT_GIVEN, {"ids": list(ids), "tz": timezone})
    return int(result.scalar_one())


async def fold(database: Database, *, timezone: str) -> int:
    """`fold_in` in a transaction of its own; returns how many messages it counted."""
    async with database.transaction() as session:
        counted = await fold_in(session, timezone=timezone)
    if counted:
        logger.debug("analytics fold counted {} messages", counted)
    return counted
