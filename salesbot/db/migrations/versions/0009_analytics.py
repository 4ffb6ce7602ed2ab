"""Analytics events and per-conversation facts for the dashboard.

Four tables: `analytics_events` (what happened, one row each), `conversation_facts` (what
each conversation achieved, kept current as events are recorded), `conversation_days`
(what each conversation did each day) and `analytics_reply_times` (bot answer times of a
day and channel, in buckets). An existing installation gets its history: the
statements below derive all four from conversations, messages, leads, quotes, documents
and conversation events (a frozen copy of salesbot/analytics/backfill.py at this revision).
Days are read in TIMEZONE from the environment (Europe/Moscow by default).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 05:00:00
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _at(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def upgrade() -> None:
    op.create_table(
        "analytics_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("conversation_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=3), nullable=True),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_analytics_events_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_events")),
    )
    op.create_table(
        "conversation_facts",
        sa.Column("conversation_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("furthest_stage", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("lead_status", sa.String(length=20), nullable=True),
        _at("lead_at"),
        _at("qualified_at"),
        _at("brief_completed_at"),
        _at("quote_sent_at"),
        _at("documents_at"),
        _at("booked_at"),
        _at("won_at"),
        _at("lost_at"),
        _at("handed_off_at"),
        sa.Column("handoff_reason", sa.String(length=64), nullable=True),
        sa.Column("nps", sa.SmallInteger(), nullable=True),
        _at("nps_at"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_conversation_facts_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_conversation_facts")),
    )
    op.create_table(
        "conversation_days",
        sa.Column("conversation_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("conversations", sa.Integer(), server_default="0", nullable=False),
        sa.Column("leads", sa.Integer(), server_default="0", nullable=False),
        sa.Column("handoffs", sa.Integer(), server_default="0", nullable=False),
        sa.Column("customer_messages", sa.Integer(), server_default="0", nullable=False),
        sa.Column("bot_messages", sa.Integer(), server_default="0", nullable=False),
        sa.Column("manager_messages", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_conversation_days_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conversation_id", "day", name=op.f("pk_conversation_days")),
    )
    op.create_table(
        "analytics_reply_times",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("bucket_ms", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("replies", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint(
            "day", "channel", "bucket_ms", name=op.f("pk_analytics_reply_times")
        ),
    )

    timezone = os.environ.get("TIMEZONE") or "Europe/Moscow"
    connection = op.get_bind()
    for statement in STATEMENTS:
        connection.execute(sa.text(statement.format(scope="TRUE")), {"tz": timezone})

    # Indexes after the bulk insert: built once instead of row by row.
    op.create_index(
        op.f("ix_analytics_events_conversation_id"),
        "analytics_events",
        ["conversation_id"],
        unique=False,
    )
    op.create_index(
        "ix_analytics_events_kind_occurred_at",
        "analytics_events",
        ["kind", "occurred_at"],
        unique=False,
        postgresql_include=["channel", "value"],
    )
    op.create_index(
        "ix_conversation_facts_started_at", "conversation_facts", ["started_at"], unique=False
    )
    op.create_index(
        "ix_conversation_facts_channel_started_at",
        "conversation_facts",
        ["channel", "started_at"],
        unique=False,
    )
    for column in ("lead_at", "handed_off_at", "nps_at"):
        op.create_index(
            f"ix_conversation_facts_{column}",
            "conversation_facts",
            [column],
            unique=False,
            postgresql_where=sa.text(f"{column} IS NOT NULL"),
        )
    op.create_index(
        "ix_conversation_days_day_channel",
        "conversation_days",
        ["day", "channel"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("analytics_reply_times")
    op.drop_table("conversation_days")
    op.drop_table("conversation_facts")
    op.drop_table("analytics_events")


# Frozen at this revision: the analytics of the history (see salesbot/analytics/backfill.py).
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
    # Reply times of the day and channel, in buckets (see recorder.reply_bucket).
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
