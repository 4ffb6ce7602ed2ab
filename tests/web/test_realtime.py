"""Events for the managers are sent only where a dashboard may hear them."""

from __future__ import annotations

import uuid

from salesbot.channels.web.realtime import EVENTS, Realtime
from salesbot.settings import Settings


def sent(event: str) -> float:
    return EVENTS.labels(event)._value.get()  # type: ignore[attr-defined]


async def test_a_lone_process_with_no_dashboard_sends_the_managers_nothing(
    settings: Settings,
) -> None:
    realtime = Realtime(settings)
    assert realtime.operators_may_listen() is False
    before = sent("handoff")
    await realtime.handoff(uuid.uuid4(), "customer_request")
    assert sent("handoff") == before
    await realtime.close()


async def test_through_redis_another_instance_may_have_a_dashboard(settings: Settings) -> None:
    realtime = Realtime(settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"}))
    assert realtime.operators_may_listen() is True
