"""Paying for the quote in the chat.

- Asked to pay, the assistant gives the recommended package's YooKassa link (the same one
  while it lasts), or, without YooKassa, the invoice (a manager confirms the payment).
- YooKassa's notifications are handled in `payment_notices.py`."""

from __future__ import annotations

from typing import Protocol

from loguru import logger

from salesbot.conversations.types import Reply
from salesbot.dialog.tools import Tools
from salesbot.integrations.errors import OutsideServiceError
from salesbot.payments.service import TooManyAttempts
from salesbot.pricing.serialization import format_roubles

NEW_LINK = "pay:new"
# Why a payment was canceled, as the customer reads it (YooKassa's reasons).
REASONS = {
    "insufficient_funds": "на карте не хватило средств",
    "card_expired": "срок действия карты истёк",
    "invalid_card_number": "номер карты указан с ошибкой",
    "invalid_csc": "код CVC указан неверно",
    "3d_secure_failed": "не пройдено подтверждение 3-D Secure",
    "call_issuer": "банк отклонил платёж — стоит позвонить в банк",
    "issuer_unavailable": "банк был недоступен",
    "payment_method_limit_exceeded": "превышен лимит по карте",
    "payment_method_restricted": "банк ограничил операции по карте",
    "country_forbidden": "карта этой страны не принимается",
    "fraud_suspected": "банк заподозрил мошенничество и отклонил платёж",
    "expired_on_confirmation": "ссылка устарела: оплата не была завершена вовремя",
    "permission_revoked": "разрешение на списание было отозвано",
    "general_decline": "банк отклонил платёж без объяснения причин",
}


class Phrases(Protocol):
    def __getitem__(self, key: str) -> str: ...


async def pay(tools: Tools, phrases: Phrases) -> list[Reply]:
    """The customer wants to pay for the quote they have."""
    settings = tools.settings
    try:
        payment = await tools.payment_link()
    except TooManyAttempts:
        await tools.request_handoff("payment_attempts")
        return [Reply(phrases["payment_attempts"])]
    except OutsideServiceError as error:  # YooKassa is away: the invoice serves as well
        logger.bind(conversation_id=str(tools.conversation.id)).warning(
            "payment link failed: {}", type(error).__name__
        )
        return await _invoice(tools, phrases, "payment_unavailable")
    if payment is None:
        return await _invoice(tools, phrases, "payment_invoice")
    text = phrases["payment_link"].format(
        package=payment.package,
        amount=format_roubles(payment.amount),
        url=payment.confirmation_url,
        hours=settings.payment_link_ttl_hours,
    )
    return [Reply(text)]


async def _invoice(tools: Tools, phrases: Phrases, intro: str) -> list[Reply]:
    number, _ = await tools.create_document("invoice")
    return [Reply(phrases[intro].format(number=number), attachments=(tools.created[-1],))]
