"""Send pacing shared through the database: a lane's turns are spaced by its interval, a turn
too far off is handed back to the queue (and is no failed attempt), and lanes nobody uses
are forgotten."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import select, text

from salesbot.channels.memory import MemoryChannel
from salesbot.channels.pacing import Lane, PacingDelay, channel_pacer, forget_idle_lanes
from salesbot.db.engine import Database
from salesbot.models import SendSlot
from salesbot.settings import Settings
from tests.channels.conftest import drain
from tests.channels.test_delivery import customer_says, outbound


async def _seconds_left(database: Database, key: str) -> float:
    async with database.transaction() as session:
        seconds = await session.scalar(
            text(
                "SELECT extract(epoch FROM next_at - clock_timestamp()) "
                "FROM send_slots WHERE key = :key"
            ),
            {"key": key},
        )
    return float(seconds)


class TestLanes:
    async def test_a_turn_moves_every_lane_on_from_the_latest_of_them(
        self, database: Database, clean_db: None
    ) -> None:
        pacer = channel_pacer(5, database=lambda: database)
        await pacer.turn([Lane("chat:a", 0.4)])
        assert 0.3 < await _seconds_left(database, "chat:a") <= 0.4
        # the channel lane is free, chat a is not: the turn waits for chat a, and the
        # channel's next slot counts from that moment, not from the asking
        await pacer.turn([Lane("chat:a", 0.4), Lane("bot", 2.0)])
        assert 1.8 < await _seconds_left(database, "bot") <= 2.0

    async def test_a_turn_further_off_than_max_wait_is_not_taken(
        self, database: Database, clean_db: None
    ) -> None:
        pacer = channel_pacer(0.5, database=lambda: database)
        await pacer.turn([Lane("chat:c", 10.0), Lane("bot", 0.01)])
        before = await _seconds_left(database, "chat:c")
        with pytest.raises(PacingDelay) as later:
            await pacer.turn([Lane("chat:c", 10.0), Lane("bot", 0.01)])
        assert later.value.retry_after is not None and 9 < later.value.retry_after <= 10
        assert not later.value.counts_as_attempt
        assert await _seconds_left(database, "chat:c") == pytest.approx(before, abs=0.2)

    async def test_idle_lanes_are_forgotten(self, database: Database, clean_db: None) -> None:
        pacer = channel_pacer(1, database=lambda: database)
        await pacer.turn([Lane("chat:old", 0.01), Lane("chat:busy", 600.0)])
        async with database.transaction() as session:
            await session.execute(
                text(
                    "UPDATE send_slots SET next_at = now() - interval '2 hours' "
                    "WHERE key = 'chat:old'"
                )
            )
        assert await forget_idle_lanes(database, idle_for=timedelta(hours=1)) == 1
        async with database.transaction() as session:
            keys = set(await session.scalars(select(SendSlot.key)))
        assert keys == {"chat:busy"}


class TestDeliveryWaitsItsTurn:
    async def test_being_told_later_again_and_again_is_no_failed_attempt(
        self, app: FastAPI, memory: MemoryChannel, settings: Settings, database: Database
    ) -> None:
        # more "later"s than MAX_RETRIES (3 here) allows failures: the message still goes
        memory.failures = [("later", 0.05)] * (settings.max_retries + 2)
        conversation_id = await customer_says(app, "pace-1", "Здравствуйте", "1")
        await drain(settings, rounds=12)
        [greeting] = await outbound(database, conversation_id)
        assert greeting.delivery_status == "sent" and greeting.delivery_attempts == 1
        assert memory.failures == [] and len(memory.sent) == 1
        async with database.transaction() as session:
            errors = await session.scalar(text("SELECT count(*) FROM job_errors"))
        assert errors == 0  # "not yet" is not an error for the admin page
