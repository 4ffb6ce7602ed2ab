"""YooKassa's notifications over HTTP: the sender checked against YooKassa's published
ranges (YOOKASSA_NOTIFICATION_IPS), the event kept once in the webhook ledger, 200 at once.
What it means is decided by the ledger's job, which reads the payment again first."""

from __future__ import annotations

import ipaddress
from typing import Annotated, Any

from fastapi import APIRouter, Body

from salesbot.api.deps import ClientIP, SessionDep, SettingsDep
from salesbot.errors import Forbidden, NotFound, ValidationFailed
from salesbot.integrations.payments import get_payment_provider
from salesbot.webhooks import service as ledger

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])
PROVIDER = "yookassa"


@router.post(
    "/yookassa",
    summary="A YooKassa notification (payment.succeeded, payment.canceled, …)",
    responses={403: {"description": "webhook_sender_refused"}},
)
async def yookassa_notification(
    session: SessionDep,
    settings: SettingsDep,
    ip: ClientIP,
    payload: Annotated[dict[str, Any], Body()],
) -> dict[str, bool]:
    if get_payment_provider(settings) is None:
        raise NotFound("ЮKassa не подключена.", code="yookassa_not_configured")
    if not _from_yookassa(ip, settings.yookassa_notification_ips):
        raise Forbidden("Уведомление пришло не с адресов ЮKassa.", code="webhook_sender_refused")
    event, payment = payload.get("event"), payload.get("object")
    if (
        payload.get("type") != "notification"
        or not isinstance(event, str)
        or not (isinstance(payment, dict) and isinstance(payment.get("id"), str))
    ):
        raise ValidationFailed(
            "Это не уведомление ЮKassa: нужны type, event и object.id.",
            code="notification_invalid",
        )
    recorded = await ledger.record(
        session,
        provider=PROVIDER,
        external_id=f"{event}:{payment['id']}",
        payload={"event": event, "object": {"id": payment["id"]}},
        order_key=payment["id"],
    )
    return {"ok": True, "duplicate": recorded.duplicate}


def _from_yookassa(ip: str, ranges: list[str]) -> bool:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network, strict=False) for network in ranges)
