"""Payment links for a quote's recommended package, and what becomes of them.

A link is made with our idempotence key stored beside it, so a retried call returns the same
payment. A pending link is handed out again while PAYMENT_LINK_TTL_HOURS last; a quote gets
MAX_PAYMENT_ATTEMPTS links at most, then a manager is called. A notification only says "look
again": `refresh` reads the payment from the provider and records what it says."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.base import utcnow
from salesbot.errors import Conflict
from salesbot.integrations.payments.base import PaymentProvider, PaymentRequest, PaymentStatus
from salesbot.models import Payment, QuoteRecord
from salesbot.settings import Settings


class TooManyAttempts(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "Лимит ссылок на оплату этого расчёта исчерпан.", code="payment_attempts_exhausted"
        )


@dataclass(frozen=True)
class Change:
    payment: Payment
    before: str  # the status before the provider was asked again
    after: str


class PaymentService:
    def __init__(self, settings: Settings, provider: PaymentProvider | None) -> None:
        self.settings = settings
        self.provider = provider

    @property
    def online(self) -> bool:
        return self.provider is not None

    async def link(
        self,
        session: AsyncSession,
        conversation_id: uuid.UUID,
        quote: QuoteRecord,
        *,
        lead_key: str,
        email: str | None = None,
        phone: str | None = None,
    ) -> Payment:
        """A payment link for the quote's recommended package: the pending one made before,
        or a new one (raises `TooManyAttempts` past MAX_PAYMENT_ATTEMPTS)."""
        assert self.provider is not None and quote.recommended_total is not None
        now = utcnow()
        made = list(
            await session.scalars(
                select(Payment).where(Payment.quote_id == quote.id).order_by(Payment.attempt)
            )
        )
        for payment in reversed(made):
            fresh = payment.expires_at is not None and payment.expires_at > now
            if payment.status == PaymentStatus.pending.value and fresh:
                if payment.confirmation_url is None:
                    # The provider never answered for it (it was down): asked again with the
                    # same key, so a payment it did make is returned rather than doubled.
                    return await self._ask_provider(session, payment, quote, lead_key, email, phone)
                return payment
        if len(made) >= self.settings.max_payment_attempts:
            raise TooManyAttempts()
        payment = Payment(
            id=uuid.uuid4(),
            conversation_id=conversation_id,
            quote_id=quote.id,
            provider=self.provider.name,
            idempotence_key=uuid.uuid4().hex,
            attempt=len(made) + 1,
            amount=quote.recommended_total,
            package=_package_name(quote),
            status=PaymentStatus.pending.value,
            expires_at=now + timedelta(hours=self.settings.payment_link_ttl_hours),
        )
        session.add(payment)
        await session.flush()
        return await self._ask_provider(session, payment, quote, lead_key, email, phone)

    async def _ask_provider(
        self,
        session: AsyncSession,
        payment: Payment,
        quote: QuoteRecord,
        lead_key: str,
        email: str | None,
        phone: str | None,
    ) -> Payment:
        """The provider's payment for our row, under the row's idempotence key. Raises as the
        provider does; the row then stays pending without a link, to be asked for again."""
        assert self.provider is not None
        conversation_id, package = payment.conversation_id, payment.package
        product = str(quote.result.get("product", {}).get("name", ""))
        sold = f"{product}, пакет «{package}»"
        made_payment = await self.provider.create_payment(
            PaymentRequest(
                idempotency_key=payment.idempotence_key,
                amount=payment.amount,
                description=f"{sold} ({lead_key})",
                return_url=f"{self.settings.public_url.rstrip('/')}/pay/return",
                customer_email=email,
                customer_phone=phone,
                receipt_item=f"{product}, пакет «{package}»"
                if self.settings.yookassa_receipts
                else None,
                metadata={
                    "lead": lead_key,
                    "quote_id": str(quote.id),
                    "conversation_id": str(conversation_id),
                    "payment_id": str(payment.id),
                },
            )
        )
        payment.provider_payment_id = made_payment.id
        payment.confirmation_url = made_payment.confirmation_url
        payment.status = made_payment.status.value
        await session.flush()
        return payment

    async def refresh(self, session: AsyncSession, provider_payment_id: str) -> Change | None:
        """Read the payment again from the provider and record its status; None when it is
        not one of ours."""
        assert self.provider is not None
        payment = await session.scalar(
            select(Payment)
            .where(
                Payment.provider == self.provider.name,
                Payment.provider_payment_id == provider_payment_id,
            )
            .with_for_update()
        )
        if payment is None:
            return None
        current = await self.provider.get_payment(provider_payment_id)
        before = payment.status
        if current.amount != payment.amount:  # never ours, whatever the metadata says
            return None
        payment.status = current.status.value
        if current.status is PaymentStatus.succeeded and payment.paid_at is None:
            payment.paid_at = utcnow()
        if current.status is PaymentStatus.canceled:
            payment.cancellation_reason = current.cancellation_reason
        await session.flush()
        return Change(payment, before, payment.status)

    async def record_invoice_paid(
        self, session: AsyncSession, conversation_id: uuid.UUID, quote: QuoteRecord, *, by: str
    ) -> Payment:
        """A manager saw the invoice paid: the payment is recorded as such."""
        assert quote.recommended_total is not None
        made = await session.scalar(
            select(func.count()).select_from(Payment).where(Payment.quote_id == quote.id)
        )
        now = utcnow()
        payment = Payment(
            id=uuid.uuid4(),
            conversation_id=conversation_id,
            quote_id=quote.id,
            provider="invoice",
            idempotence_key=uuid.uuid4().hex,
            attempt=int(made or 0) + 1,
            amount=quote.recommended_total,
            package=_package_name(quote),
            status=PaymentStatus.succeeded.value,
            paid_at=now,
            confirmed_by=by,
        )
        session.add(payment)
        await session.flush()
        return payment


def _package_name(quote: QuoteRecord) -> str:
    for package in quote.result.get("packages", []):
        if package.get("code") == quote.recommended:
            return str(package.get("name"))
    return str(quote.recommended or "")
