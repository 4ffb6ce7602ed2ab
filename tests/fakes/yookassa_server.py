"""A fake YooKassa API v3 (one shop), after ../shared/api/yookassa.md.

What it serves (every `/v3` route wants HTTP Basic shop id : secret key, else a 401):
- `GET /v3/me`: the shop (`test` is true for a `test_…` secret key).
- `POST /v3/payments`: the create request validated per the notes (money as strings with two
  decimals, `capture`, the redirect `confirmation`, `description` ≤ 128, `metadata` limits,
  the 54-FZ `receipt`, `payment_method_data`, `payment_method_id` of a saved method,
  `save_payment_method`, `client_ip`, `merchant_customer_id` ≤ 200), answered with the
  Payment object; its `confirmation_url` points at the fake's own checkout page.
- `GET /v3/payments/{id}` (404 `not_found` if unknown), `GET /v3/payments` (the list: `status`,
  `payment_method`, `created_at.*`, `captured_at.*`, `limit` 1..100, `cursor`; newest first),
  `POST /v3/payments/{id}/capture` (full or partial) and `/cancel` — both only from
  `waiting_for_capture`.
- `POST /v3/refunds` (only for `succeeded` payments; partial refunds must leave 0 or at least
  1.00), `GET /v3/refunds/{id}`, `GET /v3/refunds` (`payment_id`, `status`, `created_at.*`).
- The checkout page a customer would open: `GET /checkout/payments/v2/contract?orderId=…`
  (HTML; no auth) and its form `POST` (`outcome=pay`, or a cancellation reason to decline),
  answered with a 303 to the payment's `return_url`.

Every state-changing POST needs the `Idempotence-Key` header: missing → 400 "Idempotence key
is empty", longer than 64 → 400 "Idempotence key is too long…", both with `parameter:
"Idempotence-Key"`. A key is remembered 24 h (`idempotence_ttl`, on the fake's clock): the
same key with the same request returns the original answer (status and body, even if the
payment has changed since); with another request → 400 "Duplicate idempotence key". Errors
are YooKassa's JSON (`type: error`, `id`, `code`, `description`, `parameter`?).

Payments live by §3 of the notes: an unpaid `pending` one is canceled by `yoo_kassa` with
`expired_on_confirmation` after `pending_ttl` (1 h); `waiting_for_capture` lasts until
`expires_at` (`capture_ttl`, 7 days), then `expired_on_capture`. The fake's clock is real time
plus what `advance()` added; expiry happens on the next request or steering call.

Tests steer the shop (`pay`, `succeed`, `cancel`, `settle_refund`, `advance`, `add_payment`,
`fiscalization_enabled`, `hold_refunds`), inject failures (`fail_next`, `rate_limit_next`,
`down`), build the notifications YooKassa would post (`notification`, `NOTIFICATION_IPS`,
`NOTIFICATION_SOURCE_IP`) and read `payments`, `refunds`, `idempotence` and `calls`.

The fake's own choices where the notes are silent:
- Amount values must be strings matching `digits.dd` and be > 0 (the real API may also take
  numbers); the shop takes RUB only. Receipt item prices follow the same rule.
- Validation stops at the first error; `parameter` is a dotted path with list indexes in
  brackets (`receipt.items[0].vat_code`); the descriptions of validation errors are the
  fake's own words. Unknown top-level fields of a create request are refused.
- Only the `redirect` confirmation is supported; `return_url` must be an absolute http(s)
  URL. A confirmation is required unless `payment_method_id` is given; such a payment (a
  saved method) is paid at once, without a confirmation.
- Metadata values must be strings (null and numbers are refused). `description` and
  `metadata` are absent from the object when not sent.
- The receipt: `customer.email` (a plain address) or `customer.phone` (11–15 digits, no `+`),
  1..100 items, `payment_mode` and `payment_subject` required (from the SDK enums),
  `vat_code` 1..6 only (the newer 5%/7% codes are unverified), `quantity` > 0; the sum of
  `quantity × amount` (each rounded to kopecks) must equal the payment (or capture, or
  refund) amount. The receipt is kept in the payment's private `_receipt`;
  `receipt_registration` is `pending` until the payment succeeds or is canceled. A receipt
  is required only while `fiscalization_enabled` is set (off by default).
- Answers of processed requests are remembered under their key, validation errors (400) and
  404s included; a 401, 415, 429, 503, a malformed body or an unprocessed injected failure is
  not. "The same request" = the same method, path and JSON value of the body.
- Injected failures hit the next API requests (not the checkout page). A 5xx is by default
  "processed": the request is carried out (and remembered under its key) before the failure
  is answered, so a retry with the same key gets the real answer; a 4xx is not.
  400/401/403/404/429/500 bodies are YooKassa's JSON (a 429 with `retry_after` only if a
  test gives one; no Retry-After header); other statuses, and the `down` 503, answer an
  nginx-style HTML page.
- Unknown paths → 404 `not_found`; a wrong method → 405 `invalid_request`; a non-JSON
  Content-Type on a POST with a body → 415 `invalid_request` (JSON); an empty POST body is
  `{}`.
- `cancel(reason=…)` derives the party: `merchant` for `canceled_by_merchant`,
  `payment_network` for issuer-side declines (`insufficient_funds`, `card_expired`,
  `3d_secure_failed`, …), `yoo_kassa` otherwise.
- A paid payment gets a bank card (`555555…4444`) unless `payment_method_data` chose another
  type, `authorization_details` for cards, `income_amount` = amount less `fee_rate` (3.5%,
  as in the notes' example: 1490.00 → 1437.85); `saved` is true when
  `save_payment_method` was asked, and its id can pay later payments.
- Refunds succeed at once unless `hold_refunds` is set (then `settle_refund` ends them); an
  unknown `payment_id` is a 404 `not_found` with `parameter: payment_id`; a refund's
  `description` is ≤ 250 characters.
- List cursors are the id of the page's last object; `limit` defaults to 10.
- Ids look like YooKassa's (`2d1f3b7e-000f-5000-8000-…`); timestamps are ISO-8601 UTC with
  milliseconds and `Z`.
"""

from __future__ import annotations

import base64
import binascii
import copy
import fnmatch
import html
import ipaddress
import json
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException as StarletteHTTPException

from tests.fakes.threaded import ThreadedFake

SHOP_ID = "123456"
SECRET_KEY = "test_fake-yookassa-secret-key"  # `test_…`: a test shop (`"test": true`)
GATEWAY_ID = "1234567"
CURRENCY = "RUB"
IDEMPOTENCE_HEADER = "Idempotence-Key"
IDEMPOTENCE_KEY_LIMIT = 64
IDEMPOTENCE_TTL = 24 * 3600.0
PENDING_TTL = 3600.0  # an unpaid payment's lifetime (cards, YooMoney, SBP: 1 h)
CAPTURE_TTL = 7 * 86400.0  # waiting_for_capture → expires_at (bank cards: 7 days)
FEE_RATE = Decimal("0.035")
DESCRIPTION_LIMIT = 128
RETURN_URL_LIMIT = 2048
METADATA_KEYS = 16
METADATA_KEY_LIMIT = 32
METADATA_VALUE_LIMIT = 512
MERCHANT_CUSTOMER_ID_LIMIT = 200
REFUND_DESCRIPTION_LIMIT = 250
RECEIPT_ITEMS_LIMIT = 100
RECEIPT_ITEM_DESCRIPTION_LIMIT = 128
MIN_REFUND_REMAINDER = Decimal("1.00")
LIST_LIMIT_DEFAULT = 10
LIST_LIMIT_MAX = 100
CHECKOUT_PATH = "/checkout/payments/v2/contract"

# Where YooKassa's notifications come from (§6 of the notes; the SDK's narrower IPv6 /64s lie
# inside 2a02:5180::/32).
NOTIFICATION_IPS: tuple[str, ...] = (
    "185.71.76.0/27",
    "185.71.77.0/27",
    "77.75.153.0/25",
    "77.75.154.128/25",
    "77.75.156.11",
    "77.75.156.35",
    "2a02:5180::/32",
)
NOTIFICATION_SOURCE_IP = "185.71.76.10"  # one address inside the ranges, for ASGI clients
EVENTS = (
    "payment.waiting_for_capture",
    "payment.succeeded",
    "payment.canceled",
    "refund.succeeded",
)
PAYMENT_STATUSES = ("pending", "waiting_for_capture", "succeeded", "canceled")
REFUND_STATUSES = ("pending", "succeeded", "canceled")
CANCELLATION_PARTIES = ("merchant", "yoo_kassa", "yoo_money", "payment_network")
CANCELLATION_REASONS = (
    "3d_secure_failed",
    "call_issuer",
    "canceled_by_merchant",
    "card_expired",
    "country_forbidden",
    "expired_on_capture",
    "expired_on_confirmation",
    "fraud_suspected",
    "general_decline",
    "identification_required",
    "insufficient_funds",
    "internal_timeout",
    "invalid_card_number",
    "invalid_csc",
    "issuer_unavailable",
    "payment_expired",
    "payment_method_limit_exceeded",
    "payment_method_restricted",
    "permission_revoked",
)
_NETWORK_REASONS = frozenset(
    {
        "3d_secure_failed",
        "call_issuer",
        "card_expired",
        "general_decline",
        "insufficient_funds",
        "invalid_card_number",
        "invalid_csc",
        "issuer_unavailable",
        "payment_method_limit_exceeded",
        "payment_method_restricted",
    }
)
PAYMENT_METHOD_TYPES = (
    "bank_card",
    "yoo_money",
    "sbp",
    "sberbank",
    "tinkoff_bank",
    "sber_loan",
    "mobile_balance",
    "cash",
    "b2b_sberbank",
    "electronic_certificate",
)
CONFIRMATION_LOCALES = ("ru_RU", "en_US")
VAT_CODES = (1, 2, 3, 4, 5, 6)
TAX_SYSTEM_CODES = (1, 2, 3, 4, 5, 6)
PAYMENT_MODES = (
    "full_prepayment",
    "partial_prepayment",
    "advance",
    "full_payment",
    "partial_payment",
    "credit",
    "credit_payment",
)
PAYMENT_SUBJECTS = (
    "commodity",
    "excise",
    "job",
    "service",
    "gambling_bet",
    "gambling_prize",
    "lottery",
    "lottery_prize",
    "intellectual_activity",
    "payment",
    "agent_commission",
    "property_right",
    "non_operating_gain",
    "insurance_premium",
    "sales_tax",
    "resort_fee",
    "composite",
    "another",
    "fine",
    "tax",
    "lien",
    "cost",
    "pension_insurance_without_payouts",
    "pension_insurance_with_payouts",
    "health_insurance_without_payouts",
    "health_insurance_with_payouts",
    "health_insurance",
    "casino",
    "agent_withdrawals",
    "non_marked_excise",
    "marked_excise",
    "marked",
    "non_marked",
)
PAYMENT_FIELDS = frozenset(
    {
        "amount",
        "capture",
        "confirmation",
        "description",
        "metadata",
        "receipt",
        "recipient",
        "client_ip",
        "payment_method_data",
        "payment_method_id",
        "payment_token",
        "save_payment_method",
        "merchant_customer_id",
        "airline",
        "transfers",
        "deal",
    }
)
ERROR_CODES = {
    400: "invalid_request",
    401: "invalid_credentials",
    403: "forbidden",
    404: "not_found",
    429: "too_many_requests",
    500: "internal_server_error",
}
_DEFAULT_DESCRIPTIONS = {
    403: "Operation is forbidden for this shop",
    404: "Object not found",
    429: "Too many requests. Retry later with the same idempotence key",
    500: "Internal server error. Retry the request with the same idempotence key",
}
_MONEY = re.compile(r"(0|[1-9]\d{0,11})\.\d{2}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\d{11,15}")
_INN = re.compile(r"\d{10}|\d{12}")
_KOPECK = Decimal("0.01")


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # names lower-cased
    body: Any = None  # the parsed JSON body (the raw text if it is not JSON; None if empty)
    status: int = 0  # what the fake answered

    @property
    def idempotence_key(self) -> str | None:
        return self.headers.get("idempotence-key")


@dataclass
class Remembered:
    """The answer given to one idempotence key."""

    request: str  # method, path and canonical JSON body
    status: int
    content: Any
    at: float  # the fake's clock


@dataclass
class _Failure:
    status: int
    processed: bool
    retry_after_ms: int | None = None

    def response(self) -> Response:
        if self.status not in ERROR_CODES:
            return _html(self.status)
        description = _DEFAULT_DESCRIPTIONS.get(self.status, HTTPStatus(self.status).phrase)
        error = _Error(self.status, ERROR_CODES[self.status], description)
        error.retry_after_ms = self.retry_after_ms
        return error.response()


@dataclass
class _Incoming:
    path: dict[str, str]
    query: QueryParams
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class _Error(Exception):
    """A YooKassa error answer."""

    def __init__(
        self, status: int, code: str, description: str, parameter: str | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {description}")
        self.status, self.code, self.description = status, code, description
        self.parameter = parameter
        self.retry_after_ms: int | None = None

    def json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": "error",
            "id": str(uuid.uuid4()),
            "code": self.code,
            "description": self.description,
        }
        if self.parameter is not None:
            body["parameter"] = self.parameter
        if self.retry_after_ms is not None:
            body["retry_after"] = self.retry_after_ms
        return body

    def response(self) -> Response:
        return JSONResponse(self.json(), status_code=self.status)


class _Refused(Exception):
    """Raised while serving a request: this response is the answer (never remembered)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


Handler = Callable[[_Incoming], tuple[int, Any]]


class FakeYooKassa(ThreadedFake):
    name = "fake YooKassa API"

    def __init__(self, shop_id: str = SHOP_ID, secret_key: str = SECRET_KEY) -> None:
        super().__init__()
        self.shop_id = shop_id
        self.secret_key = secret_key
        self._lock = threading.RLock()
        self._failures: list[_Failure] = []
        self.reset()
        self.app.router.redirect_slashes = False
        self.app.add_exception_handler(StarletteHTTPException, self._no_route)
        for method, path, handler, idempotent in self._routes():
            self._serve_route(method, path, handler, idempotent)
        self.app.add_api_route(CHECKOUT_PATH, self._checkout_page, methods=["GET"])
        self.app.add_api_route(CHECKOUT_PATH, self._checkout_submit, methods=["POST"])

    def reset(self) -> None:
        """A fresh shop: no payments, refunds, saved methods, remembered keys, calls or pending
        failures; the clock back to real time; every switch and limit at its default."""
        with self._lock:
            self.payments: dict[str, dict[str, Any]] = {}  # `_…` keys are the fake's own
            self.refunds: dict[str, dict[str, Any]] = {}
            self.saved_methods: dict[str, dict[str, Any]] = {}  # id → payment_method
            self.idempotence: dict[str, Remembered] = {}
            self.calls: list[Call] = []
            self.down = False  # every request answers 503 (HTML)
            self.fiscalization_enabled = False  # True: every payment needs a `receipt`
            self.hold_refunds = False  # True: refunds stay `pending` until `settle_refund`
            self.pending_ttl: float | None = PENDING_TTL  # None: pending payments never expire
            self.capture_ttl = CAPTURE_TTL
            self.idempotence_ttl = IDEMPOTENCE_TTL
            self.fee_rate = FEE_RATE
            self._skew = 0.0
            self._failures.clear()

    @property
    def test(self) -> bool:
        return self.secret_key.startswith("test_")

    @property
    def auth(self) -> tuple[str, str]:
        """(shop id, secret key), e.g. for `httpx.Client(auth=fake.auth)`."""
        return self.shop_id, self.secret_key

    # --- what tests steer -----------------------------------------------------------------------
    def now(self) -> float:
        """The fake's clock (unix time, milliseconds): real time plus every `advance`."""
        return round(time.time() + self._skew, 3)

    def advance(self, seconds: float) -> None:
        """Move the clock on; payments and idempotence keys whose time is up expire."""
        with self._lock:
            self._skew += seconds
            self._expire_due()

    def add_payment(self, body: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
        """Create a payment as `POST /v3/payments` would (validated the same way; no
        idempotence key) from `body` (default: 100.00 RUB, capture, a redirect) with `fields`
        set over it; the answer's Payment object."""
        request: dict[str, Any] = body or {
            "amount": {"value": "100.00", "currency": CURRENCY},
            "capture": True,
            "confirmation": {"type": "redirect", "return_url": "https://shop.example/return"},
            "description": "Тестовый платёж",
        }
        with self._lock:
            _, payment = self._create_payment(_Incoming({}, QueryParams(), {**request, **fields}))
        return dict(payment)

    def pay(self, payment_id: str) -> dict[str, Any]:
        """The customer pays a pending payment: `succeeded` if it was created with
        `capture: true`, else `waiting_for_capture` (until `expires_at`)."""
        with self._lock:
            payment = self._steered(payment_id, ("pending",))
            return self._store(self._paid(payment))

    def succeed(self, payment_id: str) -> dict[str, Any]:
        """A pending or waiting_for_capture payment → `succeeded` (paid and captured)."""
        with self._lock:
            payment = self._steered(payment_id, ("pending", "waiting_for_capture"))
            return self._store(self._succeeded(payment))

    def cancel(
        self, payment_id: str, reason: str = "expired_on_confirmation", party: str | None = None
    ) -> dict[str, Any]:
        """A pending or waiting_for_capture payment → `canceled` with `cancellation_details`;
        the party follows from the reason unless given."""
        if reason not in CANCELLATION_REASONS:
            raise ValueError(f"unknown cancellation reason {reason!r}")
        party = party or _party(reason)
        if party not in CANCELLATION_PARTIES:
            raise ValueError(f"unknown cancellation party {party!r}")
        with self._lock:
            payment = self._steered(payment_id, ("pending", "waiting_for_capture"))
            return self._store(self._canceled(payment, party, reason))

    def settle_refund(self, refund_id: str, succeeded: bool = True) -> dict[str, Any]:
        """End a pending refund (see `hold_refunds`): `succeeded`, or `canceled` (the money
        goes back to the payment's refundable rest)."""
        with self._lock:
            refund = self.refunds[refund_id]
            if refund["status"] != "pending":
                raise ValueError(f"refund {refund_id} is {refund['status']}")
            refund["status"] = "succeeded" if succeeded else "canceled"
            if "receipt_registration" in refund:
                refund["receipt_registration"] = "succeeded" if succeeded else "canceled"
            if not succeeded:
                refund["cancellation_details"] = {"party": "yoo_kassa", "reason": "general_decline"}
                payment = self.payments[refund["payment_id"]]
                refunded = Decimal(payment["refunded_amount"]["value"]) - _amount(refund)
                payment["refunded_amount"]["value"] = _money_text(refunded)
                payment["refundable"] = True
            return _public(refund)

    def fail_next(self, status: int = 500, times: int = 1, processed: bool | None = None) -> None:
        """The next `times` API requests answer `status`. A processed failure (default for
        5xx) first carries the request out — a payment is created and remembered under its
        idempotence key — so a retry with the same key gets the real answer."""
        done = status >= 500 if processed is None else processed
        with self._lock:
            self._failures.extend(_Failure(status, done) for _ in range(times))

    def reset_failures(self) -> None:
        """An outage ends: the failures still queued are dropped."""
        with self._lock:
            self._failures.clear()

    def rate_limit_next(self, n: int = 1, retry_after_ms: int | None = None) -> None:
        """The next `n` API requests answer 429 `too_many_requests` (nothing is done), with
        `retry_after` in the body only if given."""
        with self._lock:
            self._failures.extend(_Failure(429, False, retry_after_ms) for _ in range(n))

    def calls_to(self, path: str, method: str | None = None) -> list[Call]:
        """Recorded calls whose path matches the glob `path` (`*` spans slashes)."""
        return [
            call
            for call in self.calls
            if fnmatch.fnmatchcase(call.path, path) and method in (None, call.method)
        ]

    # --- notifications --------------------------------------------------------------------------
    def notification(self, object_id: str, event: str | None = None) -> dict[str, Any]:
        """The JSON body YooKassa posts for `event` (default: the event of the object's
        current status). `object` is the current Payment — or Refund for `refund.*`, where
        `object_id` may also be a payment id (its latest refund). If the stored status is not
        the event's, `object` shows the object as of the event (a stale, duplicated or forged
        notification) and nothing is stored: a re-fetch tells the truth."""
        with self._lock:
            self._expire_due()
            if object_id in self.refunds or (event or "").startswith("refund."):
                return self._refund_notification(object_id, event)
            payment = self.payments[object_id]
            event = event or f"payment.{payment['status']}"
            if event not in EVENTS:
                raise ValueError(f"no notification event {event!r}")
            status = event.removeprefix("payment.")
            if status == payment["status"]:
                snapshot = payment
            elif status == "succeeded":
                snapshot = self._succeeded(payment)
            elif status == "waiting_for_capture":
                snapshot = self._waiting(payment)
            else:
                reason = (
                    "expired_on_capture"
                    if payment["status"] == "waiting_for_capture"
                    else "expired_on_confirmation"
                )
                snapshot = self._canceled(payment, "yoo_kassa", reason)
            return {"type": "notification", "event": event, "object": _public(snapshot)}

    def _refund_notification(self, object_id: str, event: str | None) -> dict[str, Any]:
        refund = self.refunds.get(object_id)
        if refund is None:
            of_payment = [r for r in self.refunds.values() if r["payment_id"] == object_id]
            if not of_payment:
                raise KeyError(object_id)
            refund = of_payment[-1]
        event = event or f"refund.{refund['status']}"
        if event not in EVENTS:
            raise ValueError(f"no notification event {event!r}")
        snapshot = {**_public(refund), "status": event.removeprefix("refund.")}
        return {"type": "notification", "event": event, "object": snapshot}

    # --- serving --------------------------------------------------------------------------------
    def _routes(self) -> list[tuple[str, str, Handler, bool]]:
        return [
            ("GET", "/v3/me", self._me, False),
            ("POST", "/v3/payments", self._create_payment, True),
            ("GET", "/v3/payments", self._list_payments, False),
            ("GET", "/v3/payments/{payment_id}", self._get_payment, False),
            ("POST", "/v3/payments/{payment_id}/capture", self._capture, True),
            ("POST", "/v3/payments/{payment_id}/cancel", self._cancel, True),
            ("POST", "/v3/refunds", self._create_refund, True),
            ("GET", "/v3/refunds", self._list_refunds, False),
            ("GET", "/v3/refunds/{refund_id}", self._get_refund, False),
        ]

    def _serve_route(self, method: str, route: str, handler: Handler, idempotent: bool) -> None:
        async def endpoint(request: Request) -> Response:
            raw = await request.body()
            call = self._record(request, raw)
            try:
                response = self._answer(request, raw, handler, idempotent)
            except _Error as error:
                response = error.response()
            except _Refused as refused:
                response = refused.response
            call.status = response.status_code
            return response

        self.app.add_api_route(route, endpoint, methods=[method])

    def _answer(self, request: Request, raw: bytes, handler: Handler, idempotent: bool) -> Response:
        with self._lock:
            if self.down:
                raise _Refused(_html(503))
            self._authenticate(request.headers.get("authorization"))
            self._expire_due()
            failure = self._failures.pop(0) if self._failures else None
            if failure is not None and not failure.processed:
                raise _Refused(failure.response())
            incoming = _Incoming(dict(request.path_params), request.query_params)
            incoming.headers = dict(request.headers)
            response: Response
            try:
                if request.method == "POST":
                    incoming.body = _json_request_body(request, raw)
                if idempotent:
                    status, content = self._idempotent(request, incoming, handler)
                else:
                    status, content = _run(handler, incoming)
                response = JSONResponse(content, status_code=status)
            except _Error as error:
                response = error.response()
            except _Refused as refused:
                response = refused.response
            # a processed failure: the request was carried out, the answer is lost
            return failure.response() if failure is not None else response

    def _authenticate(self, header: str | None) -> None:
        if not header:
            raise _Error(401, "invalid_credentials", "Authorization header not found")
        scheme, _, credentials = header.partition(" ")
        try:
            user, _, password = base64.b64decode(credentials, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user = password = ""
        good = secrets.compare_digest(user.encode(), self.shop_id.encode()) and (
            secrets.compare_digest(password.encode(), self.secret_key.encode())
        )
        if scheme.lower() != "basic" or not good:
            raise _Error(401, "invalid_credentials", "Basic authentication failed")

    def _idempotent(
        self, request: Request, incoming: _Incoming, handler: Handler
    ) -> tuple[int, Any]:
        key = request.headers.get(IDEMPOTENCE_HEADER)
        if not key:
            raise _invalid(IDEMPOTENCE_HEADER, "Idempotence key is empty")
        if len(key) > IDEMPOTENCE_KEY_LIMIT:
            raise _invalid(
                IDEMPOTENCE_HEADER,
                "Idempotence key is too long. Send the value in accordance with the documentation",
            )
        fingerprint = f"{request.method} {request.url.path} {_canonical(incoming.body)}"
        remembered = self.idempotence.get(key)
        if remembered is not None:
            if remembered.request != fingerprint:
                raise _invalid(IDEMPOTENCE_HEADER, "Duplicate idempotence key")
            return remembered.status, copy.deepcopy(remembered.content)
        status, content = _run(handler, incoming)
        self.idempotence[key] = Remembered(fingerprint, status, copy.deepcopy(content), self.now())
        return status, content

    def _record(self, request: Request, raw: bytes) -> Call:
        body: Any = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode(errors="replace")
        call = Call(
            request.method,
            request.url.path,
            dict(request.query_params),
            dict(request.headers),
            body,
        )
        with self._lock:
            self.calls.append(call)
        return call

    async def _no_route(self, request: Request, exc: Exception) -> Response:
        """Unknown paths: 404 `not_found`; a known path with another method: 405."""
        call = self._record(request, await request.body())
        status = exc.status_code if isinstance(exc, StarletteHTTPException) else 404
        if self.down:
            response = _html(503)
        elif status == 405:
            response = _Error(405, "invalid_request", "Method not allowed").response()
        else:
            response = _Error(404, "not_found", "Unknown API path").response()
        call.status = response.status_code
        return response

    # --- the clock ------------------------------------------------------------------------------
    def _expire_due(self) -> None:
        now = self.now()
        for payment in list(self.payments.values()):
            if payment["status"] == "pending" and self.pending_ttl is not None:
                if now - payment["_created"] >= self.pending_ttl:
                    expired = self._canceled(payment, "yoo_kassa", "expired_on_confirmation")
                    self._store(expired)
            elif payment["status"] == "waiting_for_capture" and now >= payment["_expires"]:
                self._store(self._canceled(payment, "yoo_kassa", "expired_on_capture"))
        for key, remembered in list(self.idempotence.items()):
            if now - remembered.at >= self.idempotence_ttl:
                del self.idempotence[key]

    # --- payments -------------------------------------------------------------------------------
    def _me(self, incoming: _Incoming) -> tuple[int, Any]:
        return 200, {
            "account_id": self.shop_id,
            "test": self.test,
            "fiscalization_enabled": self.fiscalization_enabled,
            "payment_methods": ["bank_card", "yoo_money"],
            "status": "enabled",
        }

    def _create_payment(self, incoming: _Incoming) -> tuple[int, Any]:
        body = _object(incoming.body, None)
        for name in body:
            if name not in PAYMENT_FIELDS:
                raise _invalid(name, f"Unknown parameter {name}")
        amount = _money(body.get("amount"), "amount")
        capture = _optional_bool(body, "capture", False)
        save = _optional_bool(body, "save_payment_method", False)
        method_id = body.get("payment_method_id")
        saved_method = None
        if method_id is not None:
            saved_method = self.saved_methods.get(method_id) if isinstance(method_id, str) else None
            if saved_method is None:
                raise _invalid("payment_method_id", "No saved payment method with this id")
        confirmation = None
        if "confirmation" in body or saved_method is None:
            confirmation = _confirmation(body.get("confirmation"))
        description = _optional_text(body, "description", DESCRIPTION_LIMIT)
        metadata = _metadata(body["metadata"]) if "metadata" in body else None
        method_type = (
            _method_type(body["payment_method_data"]) if "payment_method_data" in body else None
        )
        if "client_ip" in body:
            _ip(body["client_ip"], "client_ip")
        customer_id = _optional_text(body, "merchant_customer_id", MERCHANT_CUSTOMER_ID_LIMIT)
        receipt = None
        if "receipt" in body:
            receipt = _receipt(body["receipt"], amount)
        elif self.fiscalization_enabled:
            raise _invalid("receipt", "Receipt is required: the shop sends 54-FZ receipts")

        now = self.now()
        payment_id = _object_id(now, "000f")
        payment: dict[str, Any] = {
            "id": payment_id,
            "status": "pending",
            "paid": False,
            "amount": {"value": _money_text(amount), "currency": CURRENCY},
        }
        if description is not None:
            payment["description"] = description
        payment["recipient"] = {"account_id": self.shop_id, "gateway_id": GATEWAY_ID}
        payment["created_at"] = _iso(now)
        if confirmation is not None:
            confirmation["confirmation_url"] = f"{self.origin}{CHECKOUT_PATH}?orderId={payment_id}"
            payment["confirmation"] = confirmation
        payment["test"] = self.test
        payment["refundable"] = False
        if metadata is not None:
            payment["metadata"] = metadata
        if saved_method is not None:
            payment["payment_method"] = copy.deepcopy(saved_method)
        elif method_type is not None:
            payment["payment_method"] = {"type": method_type, "id": payment_id, "saved": False}
        if receipt is not None:
            payment["receipt_registration"] = "pending"
        if customer_id is not None:
            payment["merchant_customer_id"] = customer_id
        payment.update(
            _created=now,
            _expires=None,
            _capture=capture,
            _save=save,
            _method_type=method_type,
            _receipt=receipt,
        )
        self._store(payment)
        if saved_method is not None:  # nobody has to confirm a saved method
            payment = self._store(self._paid(payment))
        return 200, _public(payment)

    def _get_payment(self, incoming: _Incoming) -> tuple[int, Any]:
        return 200, _public(self._payment(incoming.path["payment_id"]))

    def _list_payments(self, incoming: _Incoming) -> tuple[int, Any]:
        query = incoming.query
        items = list(reversed(self.payments.values()))
        if "status" in query:
            status = _choice(query["status"], PAYMENT_STATUSES, "status")
            items = [p for p in items if p["status"] == status]
        if "payment_method" in query:
            kind = query["payment_method"]
            items = [p for p in items if p.get("payment_method", {}).get("type") == kind]
        items = _time_filtered(items, query, "created_at")
        items = _time_filtered(items, query, "captured_at")
        return 200, _page(items, query)

    def _capture(self, incoming: _Incoming) -> tuple[int, Any]:
        payment = self._payment(incoming.path["payment_id"])
        body = _object(incoming.body, None)
        if payment["status"] != "waiting_for_capture":
            raise _invalid(None, "Payment can not be captured in current status")
        amount = Decimal(payment["amount"]["value"])
        if "amount" in body:
            captured = _money(body["amount"], "amount")
            if captured > amount:
                raise _invalid("amount.value", "Capture amount exceeds the payment amount")
            amount = captured
        if "receipt" in body:
            payment["_receipt"] = _receipt(body["receipt"], amount)
        return 200, _public(self._store(self._succeeded(payment, amount)))

    def _cancel(self, incoming: _Incoming) -> tuple[int, Any]:
        payment = self._payment(incoming.path["payment_id"])
        _object(incoming.body, None)
        if payment["status"] != "waiting_for_capture":
            raise _invalid(None, "Payment can not be canceled in current status")
        canceled = self._canceled(payment, "merchant", "canceled_by_merchant")
        return 200, _public(self._store(canceled))

    def _payment(self, payment_id: str) -> dict[str, Any]:
        payment = self.payments.get(payment_id)
        if payment is None:
            raise _Error(404, "not_found", "Payment not found or forbidden", "payment_id")
        return payment

    def _steered(self, payment_id: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        self._expire_due()
        payment = self.payments[payment_id]
        if payment["status"] not in allowed:
            raise ValueError(f"payment {payment_id} is {payment['status']}")
        return payment

    def _store(self, payment: dict[str, Any]) -> dict[str, Any]:
        self.payments[payment["id"]] = payment
        method = payment.get("payment_method")
        if payment["status"] == "succeeded" and method and method["saved"]:
            self.saved_methods[method["id"]] = copy.deepcopy(method)
        return payment

    # --- transitions (each answers a new dict; the caller stores it or not) ---------------------
    def _paid(self, payment: dict[str, Any]) -> dict[str, Any]:
        return self._succeeded(payment) if payment["_capture"] else self._waiting(payment)

    def _waiting(self, payment: dict[str, Any]) -> dict[str, Any]:
        now = self.now()
        new = self._charged(payment)
        new.update(status="waiting_for_capture", refundable=False, _expires=now + self.capture_ttl)
        for key in ("captured_at", "income_amount", "refunded_amount"):
            new.pop(key, None)
        new["expires_at"] = _iso(now + self.capture_ttl)
        return new

    def _succeeded(self, payment: dict[str, Any], amount: Decimal | None = None) -> dict[str, Any]:
        new = self._charged(payment)
        if amount is not None:
            new["amount"] = {"value": _money_text(amount), "currency": CURRENCY}
        value = Decimal(new["amount"]["value"])
        income = (value * (1 - self.fee_rate)).quantize(_KOPECK, ROUND_HALF_UP)
        new.update(
            status="succeeded",
            income_amount={"value": _money_text(income), "currency": CURRENCY},
            captured_at=_iso(self.now()),
            refundable=True,
            refunded_amount={"value": "0.00", "currency": CURRENCY},
            _expires=None,
        )
        new.pop("expires_at", None)
        if new.get("receipt_registration") == "pending":
            new["receipt_registration"] = "succeeded"
        return new

    def _charged(self, payment: dict[str, Any]) -> dict[str, Any]:
        """The payment once the customer has paid: a payment method, no confirmation."""
        new = copy.deepcopy(payment)
        new["paid"] = True
        new.pop("confirmation", None)
        method = new.get("payment_method") or {
            "type": new["_method_type"] or "bank_card",
            "id": new["id"],
            "saved": False,
        }
        method["saved"] = method["saved"] or bool(new["_save"])
        if method["type"] == "bank_card":
            method.setdefault("title", "Bank card *4444")
            method.setdefault(
                "card",
                {
                    "first6": "555555",
                    "last4": "4444",
                    "expiry_month": "12",
                    "expiry_year": "2030",
                    "card_type": "MasterCard",
                    "issuer_country": "RU",
                },
            )
            new["authorization_details"] = {
                "rrn": "603668680243",
                "auth_code": "000000",
                "three_d_secure": {"applied": False},
            }
        new["payment_method"] = method
        return new

    def _canceled(self, payment: dict[str, Any], party: str, reason: str) -> dict[str, Any]:
        new = copy.deepcopy(payment)
        new.update(
            status="canceled",
            paid=False,
            refundable=False,
            cancellation_details={"party": party, "reason": reason},
            _expires=None,
        )
        for key in ("confirmation", "expires_at", "captured_at", "income_amount"):
            new.pop(key, None)
        if new.get("receipt_registration") == "pending":
            new["receipt_registration"] = "canceled"
        return new

    # --- refunds --------------------------------------------------------------------------------
    def _create_refund(self, incoming: _Incoming) -> tuple[int, Any]:
        body = _object(incoming.body, None)
        payment_id = body.get("payment_id")
        if payment_id is None:
            raise _missing("payment_id")
        if not isinstance(payment_id, str) or payment_id not in self.payments:
            raise _Error(404, "not_found", "Payment not found or forbidden", "payment_id")
        payment = self.payments[payment_id]
        amount = _money(body.get("amount"), "amount")
        description = _optional_text(body, "description", REFUND_DESCRIPTION_LIMIT)
        if payment["status"] != "succeeded":
            raise _invalid("payment_id", "Payment can not be refunded in current status.")
        refunded = Decimal(payment["refunded_amount"]["value"])
        rest = Decimal(payment["amount"]["value"]) - refunded
        if rest <= 0:
            raise _invalid("payment_id", "Payment is already completely refunded")
        if amount > rest:
            raise _invalid("amount.value", "Refund sum exceeded")
        if 0 < rest - amount < MIN_REFUND_REMAINDER:
            raise _invalid(
                "amount.value",
                "After a partial refund at least 1.00 RUB must remain on the payment",
            )
        receipt = _receipt(body["receipt"], amount) if "receipt" in body else None
        now = self.now()
        status = "pending" if self.hold_refunds else "succeeded"
        refund: dict[str, Any] = {
            "id": _object_id(now, "0015"),
            "payment_id": payment_id,
            "status": status,
            "amount": {"value": _money_text(amount), "currency": CURRENCY},
            "created_at": _iso(now),
        }
        if description is not None:
            refund["description"] = description
        if receipt is not None:
            refund["receipt_registration"] = status
        refund["_receipt"] = receipt
        self.refunds[refund["id"]] = refund
        payment["refunded_amount"]["value"] = _money_text(refunded + amount)
        payment["refundable"] = rest - amount > 0
        return 200, _public(refund)

    def _get_refund(self, incoming: _Incoming) -> tuple[int, Any]:
        refund = self.refunds.get(incoming.path["refund_id"])
        if refund is None:
            raise _Error(404, "not_found", "Refund not found or forbidden", "refund_id")
        return 200, _public(refund)

    def _list_refunds(self, incoming: _Incoming) -> tuple[int, Any]:
        query = incoming.query
        items = list(reversed(self.refunds.values()))
        if "payment_id" in query:
            items = [r for r in items if r["payment_id"] == query["payment_id"]]
        if "status" in query:
            status = _choice(query["status"], REFUND_STATUSES, "status")
            items = [r for r in items if r["status"] == status]
        return 200, _page(_time_filtered(items, query, "created_at"), query)

    # --- the checkout page ----------------------------------------------------------------------
    async def _checkout_page(self, request: Request) -> Response:
        call = self._record(request, b"")
        response = self._checkout(request.query_params.get("orderId", ""), None)
        call.status = response.status_code
        return response

    async def _checkout_submit(self, request: Request) -> Response:
        raw = await request.body()
        call = self._record(request, raw)
        form = {k: v[0] for k, v in parse_qs(raw.decode(errors="replace")).items()}
        call.body = form
        outcome = form.get("outcome", "pay")
        response = self._checkout(request.query_params.get("orderId", ""), outcome)
        call.status = response.status_code
        return response

    def _checkout(self, payment_id: str, outcome: str | None) -> Response:
        """The page (outcome None) or the customer's choice on it, then back to the shop."""
        with self._lock:
            if self.down:
                return _html(503)
            self._expire_due()
            payment = self.payments.get(payment_id)
            if payment is None:
                return _html(404)
            return_url = payment.get("confirmation", {}).get("return_url")
            if outcome is None:
                return HTMLResponse(_checkout_html(payment))
            if payment["status"] == "pending":
                if outcome == "pay":
                    payment = self._store(self._paid(payment))
                elif outcome in CANCELLATION_REASONS:
                    payment = self._store(self._canceled(payment, _party(outcome), outcome))
                else:
                    return _html(400)
            if return_url is None:
                return HTMLResponse(f"<p>{html.escape(payment['status'])}</p>")
            return RedirectResponse(return_url, status_code=303)


# --- request parts ------------------------------------------------------------------------------
def _run(handler: Handler, incoming: _Incoming) -> tuple[int, Any]:
    """The handler's answer; an error it raises is an answer too (to be remembered)."""
    try:
        return handler(incoming)
    except _Error as error:
        return error.status, error.json()


def _json_request_body(request: Request, raw: bytes) -> Any:
    if not raw.strip():
        return {}
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise _Refused(
            _Error(415, "invalid_request", "Content-Type must be application/json").response()
        )
    try:
        return json.loads(raw)
    except ValueError:
        raise _Refused(_invalid(None, "Request body is not valid JSON").response()) from None


def _canonical(body: Any) -> str:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _invalid(parameter: str | None, description: str) -> _Error:
    return _Error(400, "invalid_request", description, parameter)


def _missing(parameter: str) -> _Error:
    return _invalid(parameter, f"Required parameter {parameter} is missing")


def _object(raw: Any, parameter: str | None) -> dict[str, Any]:
    if not isinstance(raw, dict):
        where = f"Parameter {parameter}" if parameter else "Request body"
        raise _invalid(parameter, f"{where} must be a JSON object")
    return raw


def _required(body: dict[str, Any], name: str, prefix: str) -> Any:
    if body.get(name) is None:
        raise _missing(f"{prefix}.{name}")
    return body[name]


def _optional_bool(body: dict[str, Any], name: str, default: bool) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise _invalid(name, f"Parameter {name} must be true or false")
    return value


def _optional_text(body: dict[str, Any], name: str, limit: int) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _invalid(name, f"Parameter {name} must be a string")
    if len(value) > limit:
        raise _invalid(name, f"Parameter {name} is longer than {limit} characters")
    return value


def _money(raw: Any, parameter: str) -> Decimal:
    """An `{value, currency}` amount: a string with two decimals, > 0, in RUB."""
    if raw is None:
        raise _missing(parameter)
    amount = _object(raw, parameter)
    value = amount.get("value")
    if value is None:
        raise _missing(f"{parameter}.value")
    if not isinstance(value, str) or not _MONEY.fullmatch(value):
        raise _invalid(
            f"{parameter}.value",
            'Amount value must be a string with a dot and two decimals, e.g. "1490.00"',
        )
    if Decimal(value) <= 0:
        raise _invalid(f"{parameter}.value", "Amount value must be greater than 0.00")
    currency = amount.get("currency")
    if currency is None:
        raise _missing(f"{parameter}.currency")
    if currency != CURRENCY:
        raise _invalid(f"{parameter}.currency", f"The shop accepts {CURRENCY} only")
    return Decimal(value)


def _confirmation(raw: Any) -> dict[str, Any]:
    if raw is None:
        raise _missing("confirmation")
    confirmation = _object(raw, "confirmation")
    kind = _required(confirmation, "type", "confirmation")
    if kind != "redirect":
        raise _invalid("confirmation.type", "The fake supports the redirect confirmation only")
    url = _required(confirmation, "return_url", "confirmation")
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise _invalid("confirmation.return_url", "return_url must be an absolute http(s) URL")
    if len(url) > RETURN_URL_LIMIT:
        raise _invalid(
            "confirmation.return_url", f"return_url is longer than {RETURN_URL_LIMIT} characters"
        )
    answer: dict[str, Any] = {"type": "redirect", "return_url": url}
    if "locale" in confirmation:
        answer["locale"] = _choice(
            confirmation["locale"], CONFIRMATION_LOCALES, "confirmation.locale"
        )
    if "enforce" in confirmation:
        if not isinstance(confirmation["enforce"], bool):
            raise _invalid("confirmation.enforce", "enforce must be true or false")
        answer["enforce"] = confirmation["enforce"]
    return answer


def _metadata(raw: Any) -> dict[str, str]:
    metadata = _object(raw, "metadata")
    if len(metadata) > METADATA_KEYS:
        raise _invalid("metadata", f"Metadata may have at most {METADATA_KEYS} keys")
    for key, value in metadata.items():
        if len(key) > METADATA_KEY_LIMIT:
            raise _invalid("metadata", f"Metadata key {key} is longer than {METADATA_KEY_LIMIT}")
        if not isinstance(value, str):
            raise _invalid(f"metadata.{key}", "Metadata values must be strings")
        if len(value) > METADATA_VALUE_LIMIT:
            raise _invalid(
                f"metadata.{key}", f"Metadata value is longer than {METADATA_VALUE_LIMIT}"
            )
    return dict(metadata)


def _method_type(raw: Any) -> str:
    data = _object(raw, "payment_method_data")
    kind = _required(data, "type", "payment_method_data")
    return str(_choice(kind, PAYMENT_METHOD_TYPES, "payment_method_data.type"))


def _ip(raw: Any, parameter: str) -> None:
    try:
        ipaddress.ip_address(raw)
    except ValueError:
        raise _invalid(parameter, f"Parameter {parameter} must be an IP address") from None


def _choice(raw: Any, allowed: tuple[Any, ...], parameter: str) -> Any:
    if isinstance(raw, bool) or raw not in allowed:
        raise _invalid(parameter, f"Invalid value of {parameter}: {raw!r}")
    return raw


def _receipt(raw: Any, total: Decimal) -> dict[str, Any]:
    """A 54-FZ receipt whose items add up to `total`."""
    receipt = _object(raw, "receipt")
    customer = _object(_required(receipt, "customer", "receipt"), "receipt.customer")
    email, phone = customer.get("email"), customer.get("phone")
    if email is None and phone is None:
        raise _invalid("receipt.customer", "The receipt needs the customer's email or phone")
    if email is not None and (not isinstance(email, str) or not _EMAIL.fullmatch(email)):
        raise _invalid("receipt.customer.email", "Invalid email")
    if phone is not None and (not isinstance(phone, str) or not _PHONE.fullmatch(phone)):
        raise _invalid("receipt.customer.phone", "Phone must be 11 to 15 digits, e.g. 79001234567")
    _optional_text(customer, "full_name", 256)
    inn = customer.get("inn")
    if inn is not None and (not isinstance(inn, str) or not _INN.fullmatch(inn)):
        raise _invalid("receipt.customer.inn", "INN must be 10 or 12 digits")
    items = _required(receipt, "items", "receipt")
    if not isinstance(items, list) or not 1 <= len(items) <= RECEIPT_ITEMS_LIMIT:
        raise _invalid("receipt.items", f"The receipt needs 1 to {RECEIPT_ITEMS_LIMIT} items")
    summed = sum((_receipt_item(item, i) for i, item in enumerate(items)), Decimal(0))
    if "tax_system_code" in receipt:
        _choice(receipt["tax_system_code"], TAX_SYSTEM_CODES, "receipt.tax_system_code")
    if summed != total:
        raise _invalid(
            "receipt.items",
            f"The sum of the receipt items ({_money_text(summed)}) is not the amount "
            f"({_money_text(total)})",
        )
    return copy.deepcopy(receipt)


def _receipt_item(raw: Any, index: int) -> Decimal:
    """Validate one receipt item; its total (quantity × price, in kopecks)."""
    prefix = f"receipt.items[{index}]"
    item = _object(raw, prefix)
    description = _required(item, "description", prefix)
    if not isinstance(description, str) or not description.strip():
        raise _invalid(f"{prefix}.description", "Item description must be a non-empty string")
    if len(description) > RECEIPT_ITEM_DESCRIPTION_LIMIT:
        raise _invalid(f"{prefix}.description", "Item description is longer than 128 characters")
    quantity_raw = _required(item, "quantity", prefix)
    try:
        if isinstance(quantity_raw, bool) or not isinstance(quantity_raw, str | int | float):
            raise InvalidOperation
        quantity = Decimal(str(quantity_raw))
    except InvalidOperation:
        quantity = Decimal(0)
    if not quantity.is_finite() or quantity <= 0:
        raise _invalid(f"{prefix}.quantity", "Item quantity must be a number greater than 0")
    price = _money(item.get("amount"), f"{prefix}.amount")
    _choice(_required(item, "vat_code", prefix), VAT_CODES, f"{prefix}.vat_code")
    _choice(_required(item, "payment_mode", prefix), PAYMENT_MODES, f"{prefix}.payment_mode")
    subject = _required(item, "payment_subject", prefix)
    _choice(subject, PAYMENT_SUBJECTS, f"{prefix}.payment_subject")
    return (quantity * price).quantize(_KOPECK, ROUND_HALF_UP)


def _time_filtered(
    items: list[dict[str, Any]], query: QueryParams, name: str
) -> list[dict[str, Any]]:
    """The `name.gte|gt|lte|lt` filters (ISO-8601; times of one format compare as text)."""
    tests: dict[str, Callable[[str, str], bool]] = {
        "gte": lambda a, b: a >= b,
        "gt": lambda a, b: a > b,
        "lte": lambda a, b: a <= b,
        "lt": lambda a, b: a < b,
    }
    for op, test in tests.items():
        parameter = f"{name}.{op}"
        if parameter not in query:
            continue
        try:
            moment = datetime.fromisoformat(query[parameter])
        except ValueError:
            raise _invalid(parameter, f"{parameter} must be an ISO-8601 time") from None
        if moment.tzinfo is None:
            raise _invalid(parameter, f"{parameter} needs a time zone")
        bound = _iso(moment.timestamp())
        items = [x for x in items if name in x and test(x[name], bound)]
    return items


def _page(items: list[dict[str, Any]], query: QueryParams) -> dict[str, Any]:
    try:
        limit = int(query.get("limit", LIST_LIMIT_DEFAULT))
    except ValueError:
        limit = 0
    if not 1 <= limit <= LIST_LIMIT_MAX:
        raise _invalid("limit", f"limit must be 1..{LIST_LIMIT_MAX}")
    if "cursor" in query:
        ids = [x["id"] for x in items]
        if query["cursor"] not in ids:
            raise _invalid("cursor", "Invalid cursor")
        items = items[ids.index(query["cursor"]) + 1 :]
    page: dict[str, Any] = {"type": "list", "items": [_public(x) for x in items[:limit]]}
    if len(items) > limit:
        page["next_cursor"] = items[limit - 1]["id"]
    return page


# --- values -------------------------------------------------------------------------------------
def _party(reason: str) -> str:
    if reason == "canceled_by_merchant":
        return "merchant"
    return "payment_network" if reason in _NETWORK_REASONS else "yoo_kassa"


def _public(entity: dict[str, Any]) -> dict[str, Any]:
    """The object as the API shows it: without the fake's own `_…` keys (a deep copy)."""
    return copy.deepcopy({k: v for k, v in entity.items() if not k.startswith("_")})


def _amount(entity: dict[str, Any]) -> Decimal:
    return Decimal(entity["amount"]["value"])


def _money_text(value: Decimal) -> str:
    return str(value.quantize(_KOPECK, ROUND_HALF_UP))


def _iso(moment: float) -> str:
    stamp = datetime.fromtimestamp(moment, UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


def _object_id(now: float, kind: str) -> str:
    """An id shaped like YooKassa's: a time prefix, the object kind, random tail."""
    return (
        f"{int(now) & 0xFFFFFFFF:08x}-{kind}-5000-{secrets.choice('89ab')}000-"
        f"{secrets.token_hex(6)}"
    )


def _html(status: int) -> Response:
    """An nginx-style error page: the body a client must not try to parse as JSON."""
    phrase = f"{status} {HTTPStatus(status).phrase}"
    page = (
        f"<html>\r\n<head><title>{phrase}</title></head>\r\n<body>\r\n"
        f"<center><h1>{phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    )
    return Response(page, status_code=status, media_type="text/html")


def _checkout_html(payment: dict[str, Any]) -> str:
    amount = payment["amount"]
    title = html.escape(payment.get("description", "Оплата"))
    action = f"{CHECKOUT_PATH}?orderId={payment['id']}"
    buttons = ""
    if payment["status"] == "pending":
        buttons = (
            f'<form method="post" action="{action}">'
            '<input type="hidden" name="outcome" value="pay">'
            '<button type="submit" id="pay">Оплатить</button></form>'
            f'<form method="post" action="{action}">'
            '<input type="hidden" name="outcome" value="insufficient_funds">'
            '<button type="submit" id="decline">Отказ банка</button></form>'
        )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p class='amount'>{amount['value']} {amount['currency']}</p>"
        f"<p class='status'>{payment['status']}</p>{buttons}</body></html>"
    )
