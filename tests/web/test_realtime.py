"""Events for the managers are sent only where a dashboard may hear them."""

from __future__ import annotations

import uuid

from prometheus_client import REGISTRY

from salesbot.channels.web.realtime import Realtime
from salesbot.settings import Settings


def sent(event: str) -> float:
    found = REGISTRY.get_sample_value("salesbot_realtime_events_total", {"event": event})
    return found or 0.0


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
