"""Keeping to an outside service's limits across every worker and instance: a channel's
sending limits, an API's requests per second.

Each lane (one chat, a channel as a whole, an API integration) has a row in `send_slots`
with the next moment a request may go through it. Taking a turn locks the lanes' rows for a
moment, picks the latest of their free moments, moves every lane on by its interval from
there and commits; the caller then sleeps until its moment. A moment further off than
`max_wait` is not taken: `too_long(wait)` is raised instead (a delivery goes back to the
queue rather than hold a worker).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert

from salesbot.db.engine import Database
from salesbot.db.runtime import get_database
from salesbot.models import SendSlot

_LONG_AGO = datetime.fromisoformat("2000-01-01T00:00:00+00:00")


@dataclass(frozen=True)
class Lane:
    key: str  # e.g. "telegram:chat:111222333" or "telegram:bot"
    interval: float  # seconds between two messages through this lane


class SendPacer:
    def __init__(
        self,
        *,
        max_wait: float,
        too_long: Callable[[float], Exception],
        database: Callable[[], Database] = get_database,
    ) -> None:
        self.max_wait = max_wait
        self._too_long = too_long
        self._database = database

    async def turn(self, lanes: Sequence[Lane]) -> None:
        """Return when a message may go through every one of `lanes`."""
        wait = await self._reserve(sorted(lanes, key=lambda lane: lane.key))
        if wait > 0:
            await asyncio.sleep(wait)

    async def _reserve(self, lanes: Sequence[Lane]) -> float:
        keys = [lane.key for lane in lanes]
        async with self._database().transaction() as session:
            await session.execute(
                insert(SendSlot)
                .values([{"key": key, "next_at": _LONG_AGO} for key in keys])
                .on_conflict_do_nothing(index_elements=["key"])
            )
            # Rows locked in key order, so two deliveries sharing lanes never deadlock.
            rows = await session.execute(
                select(SendSlot)
                .where(SendSlot.key.in_(keys))
                .order_by(SendSlot.key)
                .with_for_update()
            )
            slots = list(rows.scalars())
            now: datetime = (await session.execute(text("SELECT clock_timestamp()"))).scalar_one()
            moment = max([now, *(slot.next_at for slot in slots)])
            wait = (moment - now).total_seconds()
            if wait > self.max_wait:
                raise self._too_long(wait)
            interval = {lane.key: lane.interval for lane in lanes}
            for slot in slots:
                slot.next_at = moment + timedelta(seconds=interval[slot.key])
        return wait


async def forget_idle_lanes(database: Database, *, idle_for: timedelta) -> int:
    """Lanes nobody sent through lately hold nothing worth keeping."""
    async with database.transaction() as session:
        result = await session.execute(
            text("DELETE FROM send_slots WHERE next_at < clock_timestamp() - :idle"),
            {"idle": idle_for},
        )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
