"""The payment port: a payment link for an invoice, its state, a refund.

Amounts are `Decimal` roubles (never floats; YooKassa wants "1490.00"). Every state-changing
call carries an idempotency key (YooKassa: the Idempotence-Key header, ≤ 64 characters), so
a job that runs twice never charges or refunds twice. Webhooks only say "look again": the
state comes from `get_payment`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from salesbot.integrations.base import Adapter


class PaymentStatus(StrEnum):
    pending = "pending"  # the customer has not paid yet
    waiting_for_capture = "waiting_for_capture"  # authorised, not yet captured
    succeeded = "succeeded"
    canceled = "canceled"


@dataclass(frozen=True)
class PaymentRequest:
    idempotency_key: str  # ≤ 64 characters; the same key returns the same payment
    amount: Decimal  # roubles, two decimals
    description: str  # shown to the customer, ≤ 128 characters
    return_url: str  # where the customer comes back after paying
    customer_email: str | None = None  # for the fiscal receipt
    customer_phone: str | None = None  # for the receipt when there is no e-mail (E.164)
    receipt_item: str | None = None  # what is sold, for a 54-FZ receipt; None: no receipt
    metadata: Mapping[str, str] = field(default_factory=dict)  # e.g. our invoice id


@dataclass(frozen=True)
class PaymentRef:
    id: str  # the provider's payment id
    status: PaymentStatus
    amount: Decimal
    confirmation_url: str | None = None  # the link to pay, while the payment is pending
    refunded: Decimal = Decimal(0)
    cancellation_reason: str | None = None  # e.g. insufficient_funds, expired_on_confirmation
    metadata: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RefundRequest:
    idempotency_key: str
    payment_id: str
    amount: Decimal  # roubles; less than the payment for a partial refund
    description: str | None = None


@dataclass(frozen=True)
class RefundRef:
    id: str
    payment_id: str
    status: PaymentStatus  # pending, succeeded or canceled
    amount: Decimal


class PaymentProvider(Adapter, Protocol):
    async def create_payment(self, request: PaymentRequest) -> PaymentRef: ...

    async def get_payment(self, payment_id: str) -> PaymentRef: ...

    async def refund(self, request: RefundRequest) -> RefundRef: ...
