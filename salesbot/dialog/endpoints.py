"""What managers do that the assistant then says: an invoice paid, confirmed by hand."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from salesbot.api.deps import OperatorUser, SessionDep, SettingsDep
from salesbot.conversations.state import DialogState
from salesbot.db.hooks import announce
from salesbot.dialog.payment_notices import payment_settled
from salesbot.errors import Conflict, NotFound
from salesbot.leads.schemas import PaymentSummary
from salesbot.models import Conversation, QuoteRecord
from salesbot.payments.service import PaymentService

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"])


@router.post(
    "/{conversation_id}/payments/invoice",
    response_model=PaymentSummary,
    status_code=201,
    summary="A manager confirms the invoice was paid: the lead is won, the customer thanked",
    responses={404: {"description": "conversation_not_found"}, 409: {"description": "no_quote"}},
)
async def confirm_invoice_paid(
    conversation_id: uuid.UUID, session: SessionDep, settings: SettingsDep, user: OperatorUser
) -> PaymentSummary:
    conversation = await session.get(Conversation, conversation_id, with_for_update=True)
    if conversation is None:
        raise NotFound("Диалог не найден.", code="conversation_not_found")
    quote_id = DialogState.load(conversation.state).quote_id
    quote = await session.get(QuoteRecord, uuid.UUID(quote_id)) if quote_id else None
    if quote is None or quote.recommended_total is None:
        raise Conflict("В диалоге нет расчёта: оплачивать нечего.", code="no_quote")
    payment = await PaymentService(settings, None).record_invoice_paid(
        session, conversation.id, quote, by=user.email
    )
    await payment_settled(session, settings, payment, actor=user.email)
    announce(session, "conversation", conversation.id)
    return PaymentSummary.model_validate(payment, from_attributes=True)
