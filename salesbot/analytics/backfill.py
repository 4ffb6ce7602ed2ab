"""Analytics rebuilt from the business tables, set-based: facts, events and daily message
counters of conversations recorded before analytics existed (migration 0009 runs a frozen
copy of these statements) and of the demo data, which is inserted in bulk.

Where the history does not say when a lead passed a stage, the closest known moment stands
in: qualified at the lead's creation, brief completed and quote sent at the first quote,
won or lost at the lead's last update, an NPS answer at the conversation's last message.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

# `{scope}` is a condition on `c` (conversations) chosen by the caller, never user input.
STATEMENTS = (
    # Facts: one row per conversation, from its lead, quotes, documents, events and state.
    """
    INSERT INTO conversation_facts (
        conversation_id, channel, started_at, furthest_stage, lead_status, lead_at,
        qualified_at, brief_completed_at, quote_sent_at, documents_at, won_at, lost_at,
        handed_off_at, handoff_reason, nps, nps_at, updated_at)
    SELECT c.id, c.channel, c.created_at,
        GREATEST(
            CASE l.status WHEN 'qualified' THEN 1 WHEN 'brief_completed' THEN 2
                WHEN 'quote_sent' THEN 3 WHEN 'won' THEN 5 ELSE 0 END,
            CASE WHEN q.first_at IS NOT NULL OR l.amount IS NOT NULL THEN 3 ELSE 0 END,
            CASE WHEN d.first_at IS NOT NULL THEN 4 ELSE 0 END),
        l.status,
        l.created_at,
        CASE WHEN l.status IN ('qualified', 'brief_completed', 'quote_sent', 'won')
            OR q.first_at IS NOT NULL OR l.amount IS NOT NULL THEN l.created_at END,
        CASE WHEN l.status IN ('brief_completed', 'quote_sent', 'won') OR q.first_at IS NOT NULL
            OR l.amount IS NOT NULL THEN COALESCE(q.first_at, l.updated_at) END,
        CASE WHEN l.status IN ('quote_sent', 'won') OR q.first_at IS NOT NULL
            OR l.amount IS NOT NULL THEN COALESCE(q.first_at, l.updated_at) END,
        d.first_at,
        CASE WHEN l.status = 'won' THEN l.updated_at END,
        CASE WHEN l.status = 'lost' THEN l.updated_at END,
        COALESCE(h.first_at, CASE WHEN c.state ->> 'handoff_reason' IS NOT NULL
            THEN c.created_at END),
        COALESCE(h.reason, c.state ->> 'handoff_reason'),
        CASE WHEN c.state ->> 'nps' ~ '^[0-9]+$' THEN (c.state ->> 'nps')::smallint END,
        CASE WHEN c.state ->> 'nps' ~ '^[0-9]+$' THEN c.last_message_at END,
        now()
    FROM conversations c
    LEFT JOIN leads l ON l.conversation_id = c.id
    LEFT JOIN LATERAL (
        SELECT min(created_at) AS first_at FROM quotes WHERE conversation_id = c.id) q ON TRUE
    LEFT JOIN LATERAL (
        SELECT min(created_at) AS first_at FROM documents WHERE conversation_id = c.id) d ON TRUE
    LEFT JOIN LATERAL (
        SELECT created_at AS first_at, data ->> 'reason' AS reason
        FROM conversation_events
        WHERE conversation_id = c.id AND kind IN ('handoff', 'takeover')
        ORDER BY created_at LIMIT 1) h ON TRUE
    WHERE {scope}
    ON CONFLICT (conversation_id) DO NOTHING
    """,
    # Events with a moment of their own.
    """
    INSERT INTO analytics_events (occurred_at, conversation_id, channel, kind, value, data)
    SELECT c.created_at, c.id, c.channel, 'conversation_opened', NULL::numeric, '{{}}'::jsonb
    FROM conversations c WHERE {scope}
    UNION ALL
    SELECT l.created_at, c.id, c.channel, 'lead_status', NULL,
        jsonb_build_object('status', l.status, 'backfill', true)
    FROM conversations c JOIN leads l ON l.conversation_id = c.id WHERE {scope}
    UNION ALL
    SELECT d.created_at, c.id, c.channel, 'document', NULL,
        jsonb_build_object('kind', d.kind, 'document_id', d.id)
    FROM conversations c JOIN documents d ON d.conversation_id = c.id WHERE {scope}
    UNION ALL
    SELECT e.created_at, c.id, c.channel, e.kind, NULL,
        jsonb_build_object('reason', e.data ->> 'reason')
    FROM conversations c JOIN conversation_events e ON e.conversation_id = c.id
    WHERE e.kind IN ('handoff', 'takeover') AND {scope}
    UNION ALL
    SELECT c.last_message_at, c.id, c.channel, 'nps', (c.state ->> 'nps')::numeric, '{{}}'::jsonb
    FROM conversations c WHERE c.state ->> 'nps' ~ '^[0-9]+$' AND {scope}
    """,
    # Bot answers: a run of customer messages and the first bot message after it; the wait is
    # from the run's first message (what the customer lived through).
    """
    INSERT INTO analytics_events (occurred_at, conversation_id, channel, kind, value, data)
    SELECT replied_at, conversation_id, channel, 'reply',
        floor(extract(epoch FROM replied_at - asked_at) * 1000),
        jsonb_build_object('replies', replies)
    FROM (
        SELECT conversation_id, channel,
            min(created_at) FILTER (WHERE author = 'customer') AS asked_at,
            min(created_at) FILTER (WHERE author = 'bot') AS replied_at,
            count(*) FILTER (WHERE author = 'bot') AS replies
        FROM (
            SELECT conversation_id, channel, author, created_at,
                count(*) FILTER (WHERE author = 'customer' AND prev IS DISTINCT FROM 'customer')
                    OVER (PARTITION BY conversation_id ORDER BY seq) AS run
            FROM (
                SELECT m.conversation_id, c.channel, m.author, m.created_at, m.seq,
                    lag(m.author) OVER (PARTITION BY m.conversation_id ORDER BY m.seq) AS prev
                FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE m.author IN ('customer', 'bot') AND {scope}) ordered) runs
        WHERE run > 0
        GROUP BY conversation_id, channel, run) turns
    WHERE asked_at IS NOT NULL AND replied_at IS NOT NULL
    """,
    # Reply times of the day and channel, in buckets (as fold.py).
    """
    INSERT INTO analytics_reply_times (day, channel, bucket_ms, replies)
    SELECT (e.occurred_at AT TIME ZONE :tz)::date, e.channel,
        CASE WHEN e.value < 10000 THEN floor(e.value / 10) * 10
            WHEN e.value < 60000 THEN floor(e.value / 100) * 100
            ELSE floor(e.value / 1000) * 1000 END,
        count(*)
    FROM analytics_events e JOIN conversations c ON c.id = e.conversation_id
    WHERE e.kind = 'reply' AND {scope}
    GROUP BY 1, 2, 3
    ON CONFLICT (day, channel, bucket_ms)
        DO UPDATE SET replies = analytics_reply_times.replies + EXCLUDED.replies
    """,
    # What each conversation did each day: opened, became a lead, hand-offs, messages.
    """
    INSERT INTO conversation_days (conversation_id, day, channel, conversations, leads,
        handoffs, customer_messages, bot_messages, manager_messages)
    SELECT conversation_id, (at AT TIME ZONE :tz)::date, channel, sum(opened), sum(lead),
        sum(handoff), sum(customer), sum(bot), sum(manager)
    FROM (
        SELECT c.id AS conversation_id, c.channel, c.created_at AS at, 1 AS opened, 0 AS lead,
            0 AS handoff, 0 AS customer, 0 AS bot, 0 AS manager
        FROM conversations c WHERE {scope}
        UNION ALL
        SELECT c.id, c.channel, l.created_at, 0, 1, 0, 0, 0, 0
        FROM conversations c JOIN leads l ON l.conversation_id = c.id WHERE {scope}
        UNION ALL
        SELECT c.id, c.channel, e.created_at, 0, 0, 1, 0, 0, 0
        FROM conversations c JOIN conversation_events e ON e.conversation_id = c.id
        WHERE e.kind IN ('handoff', 'takeover') AND {scope}
        UNION ALL
        SELECT c.id, c.channel, c.created_at, 0, 0, 1, 0, 0, 0
        FROM conversations c
        WHERE c.state ->> 'handoff_reason' IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM conversation_events e
            WHERE e.conversation_id = c.id AND e.kind IN ('handoff', 'takeover')) AND {scope}
        UNION ALL
        SELECT c.id, c.channel, m.created_at, 0, 0, 0, (m.author = 'customer')::int,
            (m.author = 'bot')::int, (m.author = 'manager')::int
        FROM conversations c JOIN messages m ON m.conversation_id = c.id
        WHERE m.author IN ('customer', 'bot', 'manager') AND {scope}) happened
    GROUP BY conversation_id, (at AT TIME ZONE :tz)::date, channel
    ON CONFLICT (conversation_id, day) DO NOTHING
    """,
)


async def rebuild(
    db: AsyncSession | AsyncConnection,
    *,
    timezone: str,
    scope: str = "TRUE",
    params: dict[str, Any] | None = None,
) -> None:
    """Analytics of the conversations matching `scope` (SQL on `c`, with `params`), which
    have none yet."""
    for statement in STATEMENTS:
        sql = text(statement.format(scope=scope))
        values = dict(params or {})
        if ":tz" in statement:
            values["tz"] = timezone
        await db.execute(sql, values)
