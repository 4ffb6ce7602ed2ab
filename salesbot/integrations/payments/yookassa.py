"""YooKassa API v3 behind the `PaymentProvider` port (../shared/api/yookassa.md): one-stage
payments (`capture: true`) with a redirect confirmation, an `Idempotence-Key` on every
state-changing call (a retry of a 429 or 500 repeats the same key, so a payment is never
made twice), receipts for 54-FZ when YOOKASSA_RECEIPTS is on, and payments read back by id.

Webhooks carry no signature: the notification's sender is checked against YooKassa's
ranges and the payment is always read again with `get_payment` before anything is done."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

import httpx

from salesbot.integrations.base import Kind, ProbeContext, ProbeFailed, mask
from salesbot.integrations.errors import (
    OutsideServiceError,
    PermanentError,
    error_for_status,
)
from salesbot.integrations.http import send_with_retries
from salesbot.integrations.payments.base import (
    PaymentRef,
    PaymentRequest,
    PaymentStatus,
    RefundRef,
    RefundRequest,
)
from salesbot.settings import Settings, get_settings, secret_value

SERVICE = "yookassa"


class YooKassa:
    name = SERVICE
    title = "ЮKassa"
    kind: Kind = "saas"

    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = settings
        self._http: httpx.AsyncClient | None = None

    # --- the board ------------------------------------------------------------------------------
    def configured(self, settings: Settings) -> bool:
        return bool(settings.yookassa_shop_id and settings.yookassa_secret_key)

    def details(self, settings: Settings) -> dict[str, Any]:
        if not self.configured(settings):
            return {"note": "YOOKASSA_SHOP_ID и YOOKASSA_SECRET_KEY не заданы: оплата по счёту."}
        return {"shop_id": mask(settings.yookassa_shop_id), "receipts": settings.yookassa_receipts}

    async def probe(self, context: ProbeContext) -> None:
        """`GET /v3/me`: the shop, with a valid key."""
        client = YooKassa(context.settings)
        try:
            me = await client._call("GET", "/v3/me")
        except OutsideServiceError as exc:
            raise ProbeFailed(str(exc).removeprefix(f"{SERVICE}: ")) from exc
        finally:
            await client.close()
        if me.get("status") not in (None, "enabled"):
            raise ProbeFailed(f"магазин не активен: {me.get('status')}")

    # --- the port -------------------------------------------------------------------------------
    async def create_payment(self, request: PaymentRequest) -> PaymentRef:
        body: dict[str, Any] = {
            "amount": _money(request.amount),
            "capture": True,
            "confirmation": {"type": "redirect", "return_url": request.return_url},
            "description": request.description[:128],
            "metadata": dict(request.metadata),
        }
        if request.receipt_item and (request.customer_email or request.customer_phone):
            body["receipt"] = self._receipt(request)
        answer = await self._call(
            "POST",
            "/v3/payments",
            json=body,
            headers={"Idempotence-Key": request.idempotency_key[:64]},
        )
        return _payment(answer)

    async def get_payment(self, payment_id: str) -> PaymentRef:
        return _payment(await self._call("GET", f"/v3/payments/{payment_id}"))

    async def refund(self, request: RefundRequest) -> RefundRef:
        body: dict[str, Any] = {"payment_id": request.payment_id, "amount": _money(request.amount)}
        if request.description:
            body["description"] = request.description
        answer = await self._call(
            "POST", "/v3/refunds", json=body, headers={"Idempotence-Key": request.idempotency_key}
        )
        return RefundRef(
            str(answer["id"]),
            str(answer["payment_id"]),
            PaymentStatus(answer["status"]),
            Decimal(answer["amount"]["value"]),
        )

    async def close(self) -> None:
        if self._http is not None:
            await self._http.aclose()

    # --- HTTP -----------------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self._settings or get_settings()

    async def _call(self, method: str, path: str, **options: Any) -> dict[str, Any]:
        s = self.settings
        if self._http is None:
            self._http = httpx.AsyncClient(
                base_url=s.yookassa_api_base,
                timeout=s.yookassa_timeout_seconds,
                auth=(s.yookassa_shop_id or "", secret_value(s.yookassa_secret_key) or ""),
            )
        response = await send_with_retries(
            SERVICE, partial(self._http.request, method, path, **options), max_retries=s.max_retries
        )
        if response.status_code >= 400:
            raise _error(response)
        answer: dict[str, Any] = response.json()
        return answer

    def _receipt(self, request: PaymentRequest) -> dict[str, Any]:
        customer = (
            {"email": request.customer_email}
            if request.customer_email
            else {"phone": (request.customer_phone or "").lstrip("+")}
        )
        item = {
            "description": (request.receipt_item or "")[:128],
            "quantity": "1.00",
            "amount": _money(request.amount),
            "vat_code": self.settings.yookassa_vat_code,
            "payment_mode": "full_payment",
            "payment_subject": "service",
        }
        return {"customer": customer, "items": [item]}


def _money(amount: Decimal) -> dict[str, str]:
    return {"value": f"{amount.quantize(Decimal('0.01'))}", "currency": "RUB"}


def _payment(answer: dict[str, Any]) -> PaymentRef:
    confirmation = answer.get("confirmation") or {}
    refunded = (answer.get("refunded_amount") or {}).get("value", "0")
    return PaymentRef(
        id=str(answer["id"]),
        status=PaymentStatus(answer["status"]),
        amount=Decimal(answer["amount"]["value"]),
        confirmation_url=confirmation.get("confirmation_url"),
        refunded=Decimal(refunded),
        cancellation_reason=(answer.get("cancellation_details") or {}).get("reason"),
        metadata=dict(answer.get("metadata") or {}),
    )


def _error(response: httpx.Response) -> OutsideServiceError:
    """YooKassa's JSON error (`code`, `description`, `parameter`) as our error."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    said = body.get("description") or body.get("code") or f"HTTP {response.status_code}"
    if parameter := body.get("parameter"):
        said = f"{said} ({parameter})"
    if response.status_code == 401:
        return PermanentError(
            SERVICE,
            f"ЮKassa не принимает ключ ({said}): проверьте YOOKASSA_SHOP_ID и YOOKASSA_SECRET_KEY.",
            status=401,
        )
    return error_for_status(SERVICE, response.status_code, said)
