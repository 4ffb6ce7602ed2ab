"""Payments: the `PaymentProvider` port (`base.py`) and YooKassa (`yookassa.py`)."""

from __future__ import annotations

from salesbot.integrations.payments.yookassa import YooKassa
from salesbot.settings import Settings


def get_payment_provider(settings: Settings) -> YooKassa | None:
    """YooKassa when its shop id and key are set; None: customers pay by invoice. Close it
    with `close()` when done."""
    provider = YooKassa(settings)
    return provider if provider.configured(settings) else None
