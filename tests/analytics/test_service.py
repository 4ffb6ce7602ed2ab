"""The dashboard's numbers on a small hand-built history (tests/analytics/factories.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics import backfill
from salesbot.analytics.service import AnalyticsService, Period
from salesbot.errors import ValidationFailed
from salesbot.settings import Settings
from tests.analytics.factories import FIRST, LAST, History, build_history


@pytest.fixture
def service(settings: Settings) -> AnalyticsService:
    return AnalyticsService(settings)


@pytest.fixture
async def history(session: AsyncSession) -> History:
    return await build_history(session)


@pytest.fixture
def period(service: AnalyticsService) -> Period:
    return service.period(FIRST, LAST)


class TestPeriod:
    def test_days_are_read_in_moscow(self, period: Period) -> None:
        assert period.start == datetime(2026, 2, 28, 21, tzinfo=UTC)
        assert period.end == datetime(2026, 3, 2, 21, tzinfo=UTC)
        assert period.days == 2

    def test_default_is_the_last_30_days_up_to_today_in_moscow(
        self, service: AnalyticsService
    ) -> None:
        # 23:30 UTC on 9 March is already 10 March in Moscow.
        period = service.period(None, None, now=datetime(2026, 3, 9, 23, 30, tzinfo=UTC))
        assert (period.first, period.last) == (date(2026, 2, 9), date(2026, 3, 10))
        only_to = service.period(None, date(2026, 3, 31))
        assert only_to.first == date(2026, 3, 2)
        only_from = service.period(date(2026, 1, 1), None, now=datetime(2026, 3, 9, tzinfo=UTC))
        assert only_from.last == date(2026, 3, 9)

    def test_from_after_to_is_refused_in_russian(self, service: AnalyticsService) -> None:
        with pytest.raises(ValidationFailed) as error:
            service.period(date(2026, 3, 5), date(2026, 3, 1))
        assert error.value.code == "invalid_period" and error.value.status_code == 422
        assert "Начало периода (05.03.2026) позже его конца (01.03.2026)" in error.value.message

    def test_a_period_over_366_days_is_refused(self, service: AnalyticsService) -> None:
        service.period(date(2025, 1, 1), date(2026, 1, 1))  # 366 days: allowed
        with pytest.raises(ValidationFailed) as error:
            service.period(date(2025, 1, 1), date(2026, 1, 2))
        assert error.value.code == "period_too_long"
        assert error.value.details == {"days": 367, "max_days": 366}


class TestSummary:
    async def test_exact_numbers_of_the_period(
        self, session: AsyncSession, service: AnalyticsService, period: Period, history: History
    ) -> None:
        summary = (await service.summary(session, period)).model_dump(mode="json", by_alias=True)
        assert summary["period"] == {"from": "2026-03-01", "to": "2026-03-02"}
        assert summary["funnel"] == [
            {"stage": "contacts", "count": 4},
            {"stage": "qualified", "count": 2},
            {"stage": "brief_completed", "count": 2},
            {"stage": "quote_sent", "count": 2},
            {"stage": "documents", "count": 1},
            {"stage": "won", "count": 1},
        ]
        assert summary["conversion"] == {"leads": 3, "applications": 2, "rate": 0.6667}
        assert summary["channels"] == [
            {"channel": "web", "conversations": 2, "leads": 2, "applications": 1, "rate": 0.5},
            {"channel": "avito", "conversations": 1, "leads": 0, "applications": 0, "rate": None},
            {"channel": "telegram", "conversations": 1, "leads": 1, "applications": 1, "rate": 1.0},
        ]
        assert summary["automation"] == {"conversations": 4, "handed_off": 2, "rate": 0.5}
        # percentile_cont: p95 = 1600 + 0.8 × (3000 − 1600)
        assert summary["response_time"] == {"p50_ms": 1200, "p95_ms": 2720, "replies": 5}
        assert summary["nps"] == {
            "score": 25,
            "responses": 4,
            "promoters": 2,
            "passives": 1,
            "detractors": 1,
        }
        assert summary["targets"] == {
            "response_p95_ms": 3000,
            "conversion": 0.25,
            "automation": 0.8,
            "nps": 60,
        }

    async def test_one_channel(
        self, session: AsyncSession, service: AnalyticsService, period: Period, history: History
    ) -> None:
        summary = await service.summary(session, period, channel="web")
        assert [s.count for s in summary.funnel] == [2, 2, 2, 2, 1, 1]
        assert (summary.conversion.leads, summary.conversion.applications) == (2, 1)
        assert summary.automation.rate == 0.5
        # 400, 800, 1200: p95 = 800 + 0.9 × 400
        assert (summary.response_time.p50_ms, summary.response_time.p95_ms) == (800, 1160)
        assert (summary.nps.score, summary.nps.responses) == (0, 2)
        assert [c.channel for c in summary.channels] == ["web"]

    async def test_an_empty_period_has_no_rates(
        self, session: AsyncSession, service: AnalyticsService, history: History
    ) -> None:
        summary = await service.summary(session, service.period(date(2025, 1, 1), date(2025, 1, 2)))
        assert [s.count for s in summary.funnel] == [0] * 6
        assert summary.conversion.rate is None and summary.automation.rate is None
        assert summary.response_time.p95_ms is None and summary.response_time.replies == 0
        assert summary.nps.score is None and summary.channels == []

    async def test_targets_come_from_settings(
        self, session: AsyncSession, settings: Settings, period: Period
    ) -> None:
        custom = settings.model_copy(update={"kpi_nps": 70, "kpi_response_p95_ms": 2000})
        targets = (await AnalyticsService(custom).summary(session, period)).targets
        assert (targets.nps, targets.response_p95_ms) == (70, 2000)


class TestDaily:
    async def test_rows_per_moscow_day(
        self, session: AsyncSession, service: AnalyticsService, period: Period, history: History
    ) -> None:
        rows = [r.model_dump(mode="json") for r in await service.daily(session, period)]
        assert rows == [
            {
                "day": "2026-03-01",
                "conversations": 2,
                "customer": 2,
                "bot": 3,  # c1's two replies and c2's one
                "manager": 0,
                "leads": 2,
                "handoffs": 1,
            },
            {
                "day": "2026-03-02",
                "conversations": 2,
                "customer": 1,
                "bot": 2,  # c3's two replies
                "manager": 1,
                "leads": 1,
                "handoffs": 1,
            },
        ]

    async def test_zeros_are_kept_and_channels_filter(
        self, session: AsyncSession, service: AnalyticsService, history: History
    ) -> None:
        rows = await service.daily(
            session, service.period(date(2026, 2, 27), date(2026, 3, 3)), channel="telegram"
        )
        assert [r.day.day for r in rows] == [27, 28, 1, 2, 3]
        assert [r.conversations for r in rows] == [0, 0, 0, 1, 1]
        assert [r.customer for r in rows] == [0, 0, 0, 0, 1]
        assert [r.leads for r in rows] == [0, 0, 0, 1, 1]


class TestRecorder:
    async def test_facts_keep_first_moments_and_the_furthest_stage(
        self, session: AsyncSession, history: History
    ) -> None:
        row = (
            await session.execute(
                text(
                    "SELECT furthest_stage, lead_status, won_at IS NOT NULL, handed_off_at,"
                    " handoff_reason, nps FROM conversation_facts WHERE conversation_id = :id"
                ),
                {"id": history.ids["c2"]},
            )
        ).one()
        assert row[0] == 3 and row[1] == "quote_sent" and row[2] is False
        assert row[4] == "large_deal" and row[5] == 6
        kinds = (
            await session.execute(
                text(
                    "SELECT kind, count(*) FROM analytics_events WHERE conversation_id = :id"
                    " GROUP BY kind ORDER BY kind"
                ),
                {"id": history.ids["c1"]},
            )
        ).all()
        assert dict(kinds) == {
            "conversation_opened": 1,
            "document": 1,
            "lead_status": 5,
            "nps": 1,
            "reply": 2,
        }

    async def test_opening_twice_records_once(
        self, session: AsyncSession, history: History
    ) -> None:
        from salesbot.analytics import recorder

        await recorder.conversation_opened(session, history.ids["c6"])
        opened = await session.scalar(
            text(
                "SELECT count(*) FROM analytics_events WHERE conversation_id = :id"
                " AND kind = 'conversation_opened'"
            ),
            {"id": history.ids["c6"]},
        )
        assert opened == 1


class TestBackfill:
    async def test_rebuilding_from_business_tables_gives_the_same_counts(
        self, session: AsyncSession, service: AnalyticsService, period: Period
    ) -> None:
        """Conversations stored without analytics (as before migration 0009) get them."""
        await session.execute(
            text(
                "INSERT INTO conversations (id, channel, external_chat_id, owner, state, language,"
                " last_message_at, created_at, updated_at) VALUES"
                " ('00000000-0000-0000-0000-00000000000a', 'web', 'old-a', 'human',"
                '  \'{"nps": 9, "handoff_reason": "customer_request"}\','
                "  'ru', '2026-03-01 08:00Z', '2026-03-01 07:00Z', '2026-03-01 08:00Z'),"
                " ('00000000-0000-0000-0000-00000000000b', 'avito', 'old-b', 'bot', '{}',"
                "  'ru', '2026-03-02 08:00Z', '2026-03-02 07:00Z', '2026-03-02 08:00Z')"
            )
        )
        await session.execute(
            text(
                "INSERT INTO leads (id, conversation_id, status, source, tags, details,"
                " created_at, updated_at) VALUES (gen_random_uuid(),"
                " '00000000-0000-0000-0000-00000000000a', 'won', 'web', '[]', '{}',"
                " '2026-03-01 07:10Z', '2026-03-01 09:00Z')"
            )
        )
        await session.execute(
            text(
                "INSERT INTO messages (id, conversation_id, channel, author, text, attachments,"
                " metadata, created_at) SELECT gen_random_uuid(),"
                " '00000000-0000-0000-0000-00000000000a', 'web', author, 'x', '[]', '{}', at"
                " FROM (VALUES ('bot', timestamptz '2026-03-01 07:00:00Z'),"
                "  ('customer', '2026-03-01 07:01:00Z'), ('customer', '2026-03-01 07:01:02Z'),"
                "  ('bot', '2026-03-01 07:01:01.5Z'), ('bot', '2026-03-01 07:01:03Z'),"
                "  ('manager', '2026-03-01 07:05:00Z')) AS m(author, at) ORDER BY at"
            )
        )
        await session.execute(text("DELETE FROM conversation_facts"))  # opened by no one
        await session.execute(text("DELETE FROM analytics_events"))
        await backfill.rebuild(session, timezone="Europe/Moscow")

        summary = await service.summary(session, period)
        assert [s.count for s in summary.funnel] == [2, 1, 1, 1, 1, 1]
        assert (summary.conversion.leads, summary.conversion.applications) == (1, 1)
        assert (summary.automation.conversations, summary.automation.handed_off) == (2, 1)
        # Runs: [customer 07:01:00, bot 07:01:01.5] → 1500 ms; [customer 07:01:02, bot 07:01:03]
        assert summary.response_time.replies == 2
        assert summary.response_time.p50_ms == 1250
        assert (summary.nps.promoters, summary.nps.responses) == (1, 1)
        [day1, day2] = await service.daily(session, period)
        assert (day1.customer, day1.bot, day1.manager, day1.leads, day1.handoffs) == (2, 3, 1, 1, 1)
        assert (day2.conversations, day2.customer) == (1, 0)


class TestPercentiles:
    def test_like_percentile_cont_over_counted_values(self) -> None:
        from salesbot.analytics.service import percentile

        assert percentile([], 0.5) is None
        assert percentile([(100, 1), (200, 1)], 0.5) == 150
        assert percentile([(100, 3), (1000, 1)], 0.95) == 865  # 100 + 0.85 × 900
        assert percentile([(700, 5)], 0.95) == 700
