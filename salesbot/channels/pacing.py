"""A channel's pacing: the shared lanes (`salesbot.integrations.pacing`), and what a delivery
raises when its turn is too far off."""

from __future__ import annotations

from collections.abc import Callable

from salesbot.channels.base import RetryableDeliveryError
from salesbot.db.engine import Database
from salesbot.db.runtime import get_database
from salesbot.integrations.pacing import Lane, SendPacer, forget_idle_lanes


class PacingDelay(RetryableDeliveryError):
    """The channel's limits allow the next message only `retry_after` seconds from now.
    Not a failure: the queue tries again then, and no attempt is counted."""

    counts_as_attempt = False


def channel_pacer(max_wait: float, database: Callable[[], Database] = get_database) -> SendPacer:
    return SendPacer(max_wait=max_wait, too_long=_later, database=database)


def _later(wait: float) -> PacingDelay:
    return PacingDelay("Канал просит не торопиться: сообщение уйдёт чуть позже.", retry_after=wait)


__all__ = ["Lane", "PacingDelay", "SendPacer", "channel_pacer", "forget_idle_lanes"]
