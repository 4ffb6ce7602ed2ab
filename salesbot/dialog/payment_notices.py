"""What YooKassa's notifications change. A notification is stored in the webhook ledger;
its job reads the payment again from YooKassa and only then acts, so a forged or a stale
notification changes nothing:
- paid: the lead is won (amoCRM follows it), the customer is thanked, the team is told;
- canceled: the customer hears why, in Russian, with a button for a new link."""

from __future__ import annotations

from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.conversations.service import ConversationService
from salesbot.conversations.state import DialogState
from salesbot.conversations.types import Button, Reply
from salesbot.dialog.offline import LANGUAGE, shared_phrases
from salesbot.dialog.payments import NEW_LINK, REASONS
from salesbot.integrations.payments import get_payment_provider
from salesbot.leads import service as leads
from salesbot.models import Author, Conversation, Payment, WebhookEvent
from salesbot.notifications.team import tell_the_team
from salesbot.payments.service import PaymentService
from salesbot.pricing.serialization import format_roubles
from salesbot.settings import Settings, get_settings
from salesbot.webhooks import handlers

PROVIDER = "yookassa"


async def handle_yookassa(session: AsyncSession, event: WebhookEvent) -> None:
    """One notification: the payment read again from YooKassa, and what its status means."""
    settings = get_settings()
    provider = get_payment_provider(settings)
    if provider is None:
        logger.warning("a YooKassa notification, but YooKassa is not configured: ignored")
        return
    payment_id = str((event.payload.get("object") or {}).get("id", ""))
    try:
        change = await PaymentService(settings, provider).refresh(session, payment_id)
    finally:
        await provider.close()
    if change is None or change.before == change.after:
        return  # not ours, or nothing new (a forged or a repeated notification)
    if change.after in ("succeeded", "canceled"):
        await payment_settled(session, settings, change.payment, actor="ЮKassa")


async def payment_settled(
    session: AsyncSession, settings: Settings, payment: Payment, *, actor: str
) -> None:
    """A payment reached its end: paid (the lead won, the team told, the customer thanked)
    or canceled (the customer told why, with a new link offered)."""
    conversation = await session.get_one(Conversation, payment.conversation_id)
    state = DialogState.load(conversation.state)
    phrases = shared_phrases()
    token = LANGUAGE.set(state.language)
    try:
        if payment.status == "succeeded":
            said = phrases["payment_succeeded"].format(
                amount=format_roubles(payment.amount), package=payment.package
            )
            if payment.provider == PROVIDER and settings.yookassa_receipts:
                said += " " + phrases["payment_receipt"]  # YooKassa mails the fiscal receipt
            reply = Reply(said)
        else:
            reason = REASONS.get(payment.cancellation_reason or "", REASONS["general_decline"])
            reply = Reply(
                phrases["payment_canceled"].format(reason=reason),
                (Button(phrases["button_new_payment_link"], NEW_LINK),),
            )
    finally:
        LANGUAGE.reset(token)
    if payment.status == "succeeded":
        lead = await leads.for_conversation(session, conversation.id)
        if lead is not None:
            await leads.close(session, lead.id, won=True, tags=[], reason=None, actor=actor)
        await tell_the_team(
            session,
            settings,
            "payment",
            conversation_id=conversation.id,
            reason="paid",
            reason_label="оплата получена",
            extra={"amount": format_roubles(payment.amount), "invoice": payment.package or ""},
            dedupe_key=f"team:payment:{payment.id}",
        )
    await ConversationService(settings).add_reply(session, conversation, reply, author=Author.bot)


handlers.register(PROVIDER, handle_yookassa)
