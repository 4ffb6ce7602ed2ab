"""SQL of the dashboard's numbers: aggregates over conversation facts, reply events and the
daily message counters, each one indexed range scan over the period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True)
class ChannelCounts:
    channel: str
    conversations: int
    qualified: int
    brief_completed: int
    quote_sent: int
    documents: int
    won: int
    leads: int
    applications: int
    handed_off: int


@dataclass(frozen=True)
class NpsCounts:
    promoters: int
    passives: int
    detractors: int


@dataclass(frozen=True)
class DayCounts:
    day: date
    conversations: int
    customer: int
    bot: int
    manager: int
    leads: int
    handoffs: int


# Every query takes :channel; NULL means all channels.
async def counts_by_channel(
    session: AsyncSession, *, start: datetime, end: datetime, channel: str | None
) -> list[ChannelCounts]:
    """Conversations started in [start, end) by channel: funnel, leads, hand-offs."""
    rows = await session.execute(
        text(
            "SELECT channel, count(*),"
            " count(*) FILTER (WHERE furthest_stage >= 1),"
            " count(*) FILTER (WHERE furthest_stage >= 2),"
            " count(*) FILTER (WHERE furthest_stage >= 3),"
            " count(*) FILTER (WHERE furthest_stage >= 4),"
            " count(*) FILTER (WHERE furthest_stage >= 5),"
            " count(*) FILTER (WHERE lead_at IS NOT NULL),"
            " count(*) FILTER (WHERE lead_at IS NOT NULL AND (documents_at IS NOT NULL"
            "   OR booked_at IS NOT NULL OR won_at IS NOT NULL)),"
            " count(*) FILTER (WHERE handed_off_at IS NOT NULL)"
            " FROM conversation_facts"
            " WHERE started_at >= :start AND started_at < :end"
            " AND (CAST(:channel AS text) IS NULL OR channel = :channel)"
            " GROUP BY channel"
            " ORDER BY count(*) DESC, channel"
        ),
        {"start": start, "end": end, "channel": channel},
    )
    return [ChannelCounts(*row) for row in rows]


async def reply_times(
    session: AsyncSession, *, first: date, last: date, channel: str | None
) -> list[tuple[int, int]]:
    """(milliseconds bucket, answers) of the days [first, last], by bucket."""
    rows = await session.execute(
        text(
            "SELECT bucket_ms, sum(replies) FROM analytics_reply_times"
            " WHERE day BETWEEN :first AND :last"
            " AND (CAST(:channel AS text) IS NULL OR channel = :channel)"
            " GROUP BY bucket_ms ORDER BY bucket_ms"
        ),
        {"first": first, "last": last, "channel": channel},
    )
    return [(int(bucket), int(count)) for bucket, count in rows]


async def nps_counts(
    session: AsyncSession, *, start: datetime, end: datetime, channel: str | None
) -> NpsCounts:
    """The latest score of each conversation whose customer answered in [start, end)."""
    row = (
        await session.execute(
            text(
                "SELECT count(*) FILTER (WHERE nps >= 9),"
                " count(*) FILTER (WHERE nps BETWEEN 7 AND 8), count(*) FILTER (WHERE nps <= 6)"
                " FROM conversation_facts"
                " WHERE nps_at >= :start AND nps_at < :end AND nps IS NOT NULL"
                " AND (CAST(:channel AS text) IS NULL OR channel = :channel)"
            ),
            {"start": start, "end": end, "channel": channel},
        )
    ).one()
    return NpsCounts(int(row[0]), int(row[1]), int(row[2]))


async def revenue(
    session: AsyncSession, *, start: datetime, end: datetime, channel: str | None
) -> tuple[Decimal, int]:
    """Roubles paid in [start, end) and the number of payments (YooKassa and invoices)."""
    row = (
        await session.execute(
            text(
                "SELECT coalesce(sum(p.amount), 0), count(*) FROM payments p"
                " JOIN conversations c ON c.id = p.conversation_id"
                " WHERE p.status = 'succeeded' AND p.paid_at >= :start AND p.paid_at < :end"
                " AND (CAST(:channel AS text) IS NULL OR c.channel = :channel)"
            ),
            {"start": start, "end": end, "channel": channel},
        )
    ).one()
    return Decimal(row[0]), int(row[1])


async def daily(
    session: AsyncSession,
    *,
    first: date,
    last: date,
    channel: str | None,
) -> list[DayCounts]:
    """One row per day of [first, last] (zeros kept): conversations opened, messages by
    author, leads created and hand-offs to a person that day."""
    rows = await session.execute(text(_DAILY), {"first": first, "last": last, "channel": channel})
    return [DayCounts(row[0].date(), *(int(v) for v in row[1:])) for row in rows]


_DAILY = (
    "SELECT days.day, COALESCE(sum(d.conversations), 0), COALESCE(sum(d.customer_messages), 0),"
    " COALESCE(sum(d.bot_messages), 0), COALESCE(sum(d.manager_messages), 0),"
    " COALESCE(sum(d.leads), 0), COALESCE(sum(d.handoffs), 0)"
    " FROM generate_series(CAST(:first AS date), CAST(:last AS date), interval '1 day') AS"
    " days(day)"
    " LEFT JOIN conversation_days d ON d.day = days.day::date"
    " AND (CAST(:channel AS text) IS NULL OR d.channel = :channel)"
    " GROUP BY days.day ORDER BY days.day"
)
