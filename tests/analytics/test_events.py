"""Events recorded by a real conversation: the website chat API with the offline brain, a
manager's take-over and status change, then the same numbers rebuilt from the business
tables."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import text

from salesbot.analytics import backfill
from salesbot.analytics.fold import fold
from salesbot.analytics.service import AnalyticsService
from salesbot.db.engine import Database
from salesbot.models import Role
from salesbot.settings import Settings
from tests.conftest import create_user, login
from tests.dialog.test_funnel import Chat, _chat

SCRIPT = [
    "Здравствуйте!",
    "нужен бот для продаж, чтобы отвечал на авито",
    "у нас 30 менеджеров",
    "интеграция с амо, 1С, телеграмом и авито",
    "облако подойдёт",
    "99,5",
    "пришлите КП",
    "спасибо, до свидания",
    "9",
]


async def _numbers(database: Database, settings: Settings) -> dict[str, object]:
    service = AnalyticsService(settings)
    async with database.transaction() as session:
        period = service.period(None, None)
        summary = await service.summary(session, period)
        daily = await service.daily(session, period)
    data = summary.model_dump(mode="json", by_alias=True)
    data["daily"] = [d.model_dump(mode="json") for d in daily if d.conversations or d.customer]
    return data


class TestDialogRun:
    async def test_a_conversation_to_the_offer_records_every_step(
        self, client: httpx.AsyncClient, database: Database, settings: Settings
    ) -> None:
        chat = await _chat(client)
        for line in SCRIPT:
            assert await chat.say(line)
        conversation_id = uuid.UUID(chat.session_id)
        email, password = await create_user(database, role=Role.manager)
        manager = {"Authorization": f"Bearer {await login(client, email, password)}"}
        takeover = await client.post(
            f"/api/v1/conversations/{chat.session_id}/takeover", headers=manager
        )
        assert takeover.status_code in (200, 204), takeover.text
        # The messages and reply times are counted after the turns, as the worker does.
        folded = await fold(database, timezone=settings.timezone)

        async with database.transaction() as session:
            kinds = (
                await session.execute(
                    text(
                        "SELECT kind, data ->> 'status' FROM analytics_events"
                        " WHERE conversation_id = :id ORDER BY id"
                    ),
                    {"id": conversation_id},
                )
            ).all()
            facts = (
                await session.execute(
                    text(
                        "SELECT furthest_stage, lead_status, qualified_at < quote_sent_at,"
                        " quote_sent_at <= documents_at, nps, handoff_reason"
                        " FROM conversation_facts WHERE conversation_id = :id"
                    ),
                    {"id": conversation_id},
                )
            ).one()
            counted = (
                await session.execute(
                    text(
                        "SELECT sum(customer_messages), sum(bot_messages) FROM conversation_days"
                        " WHERE conversation_id = :id"
                    ),
                    {"id": conversation_id},
                )
            ).one()
            stored = (
                await session.execute(
                    text(
                        "SELECT count(*) FILTER (WHERE author = 'customer'),"
                        " count(*) FILTER (WHERE author = 'bot') FROM messages"
                        " WHERE conversation_id = :id"
                    ),
                    {"id": conversation_id},
                )
            ).one()

        steps = [kind if status is None else f"{kind}:{status}" for kind, status in kinds]
        assert steps[0] == "conversation_opened"
        assert [s for s in steps if s.startswith("lead_status")] == [
            "lead_status:qualified",
            "lead_status:brief_completed",
            "lead_status:quote_sent",
        ]
        assert steps.count("reply") == len(SCRIPT)  # one measured answer per customer message
        assert steps.count("document") == 1 and steps.count("nps") == 1
        assert [s for s in steps if s != "reply"][-1] == "takeover"  # replies: by the fold
        assert facts == (4, "quote_sent", True, True, 9, "manager_takeover")
        assert tuple(counted) == tuple(stored) and stored[0] == len(SCRIPT)
        assert folded == sum(stored)  # the customer's and the bot's; a take-over says nothing

        summary = (await client.get("/api/v1/analytics/summary", headers=manager)).json()
        assert [s["count"] for s in summary["funnel"]] == [1, 1, 1, 1, 1, 0]
        assert summary["conversion"] == {"leads": 1, "applications": 1, "rate": 1.0}
        assert summary["automation"] == {"conversations": 1, "handed_off": 1, "rate": 0.0}
        assert summary["response_time"]["replies"] == len(SCRIPT)
        assert 0 <= summary["response_time"]["p50_ms"] <= summary["response_time"]["p95_ms"]
        assert summary["nps"] == {
            "score": 100,
            "responses": 1,
            "promoters": 1,
            "passives": 0,
            "detractors": 0,
        }

        # The migration's way: the same numbers from the business tables alone.
        recorded = await _numbers(database, settings)
        async with database.transaction() as session:
            for table in (
                "analytics_events",
                "analytics_reply_times",
                "conversation_facts",
                "conversation_days",
            ):
                await session.execute(text(f"DELETE FROM {table}"))  # noqa: S608
            await backfill.rebuild(session, timezone=settings.timezone)
        assert await _numbers(database, settings) == recorded

    async def test_a_customer_asking_for_a_person_is_a_hand_off(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        chat = await _chat(client)
        Chat.text(await chat.say("позовите живого менеджера, пожалуйста"))
        async with database.transaction() as session:
            row = (
                await session.execute(
                    text(
                        "SELECT handed_off_at IS NOT NULL, handoff_reason FROM conversation_facts"
                        " WHERE conversation_id = :id"
                    ),
                    {"id": uuid.UUID(chat.session_id)},
                )
            ).one()
        assert tuple(row) == (True, "customer_request")
