"""The landing page's contact form: a lead with an encrypted contact and a conversation a
manager answers (the bot never replies to a form). Bots that fill the hidden honeypot
field are thanked like anyone else and nothing is stored."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics import recorder as analytics
from salesbot.conversations import repository
from salesbot.db.base import utcnow
from salesbot.db.hooks import announce
from salesbot.errors import ValidationFailed
from salesbot.leads import service as leads
from salesbot.models import Author, Channel, Contact, Conversation, Message, Owner
from salesbot.security.pii import pii_hash
from salesbot.security.sealing import seal

THANKS = "Спасибо! Заявка принята. Менеджер свяжется с вами в рабочее время, обычно в течение часа."
SOURCE = "web_form"


@dataclass(frozen=True)
class ContactForm:
    name: str
    phone: str = ""
    email: str = ""
    company: str = ""
    message: str = ""
    consent: bool = False
    website: str = ""  # the honeypot: hidden from people, filled by bots


@dataclass(frozen=True)
class Submitted:
    lead_id: uuid.UUID | None
    conversation: Conversation | None
    message: Message | None


def _normalised_phone(raw: str) -> str | None:
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 11 and digits[0] in "78":
        return "+7" + digits[1:]
    if len(digits) == 10 and digits[0] == "9":
        return "+7" + digits
    if raw.strip().startswith("+") and 10 <= len(digits) <= 15:
        return "+" + digits  # an international number, kept as given
    return None


def clean(form: ContactForm) -> tuple[ContactForm, list[dict[str, str]]]:
    """The form with normalised fields, and the problems found, field by field."""
    errors: list[dict[str, str]] = []
    name = " ".join(form.name.split())
    if not 2 <= len(name) <= 100:
        errors.append({"field": "name", "message": "Укажите имя: от 2 до 100 символов."})
    phone = ""
    if form.phone.strip():
        phone = _normalised_phone(form.phone) or ""
        if not phone:
            errors.append(
                {
                    "field": "phone",
                    "message": "Не получается разобрать номер, например: +7 912 345-67-89.",
                }
            )
    email = ""
    if form.email.strip():
        try:
            email = validate_email(form.email.strip(), check_deliverability=False).normalized
        except EmailNotValidError:
            errors.append({"field": "email", "message": "Проверьте адрес почты."})
    if not form.phone.strip() and not form.email.strip():
        errors.append(
            {"field": "phone", "message": "Оставьте телефон или почту, чтобы мы могли ответить."}
        )
    if len(form.company) > 200:
        errors.append(
            {"field": "company", "message": "Название компании — не длиннее 200 символов."}
        )
    if len(form.message) > 2000:
        errors.append({"field": "message", "message": "Сообщение — не длиннее 2000 символов."})
    if not form.consent:
        errors.append(
            {"field": "consent", "message": "Нужно согласие на обработку персональных данных."}
        )
    cleaned = ContactForm(
        name=name,
        phone=phone,
        email=email,
        company=" ".join(form.company.split()),
        message=form.message.strip(),
        consent=form.consent,
        website=form.website,
    )
    return cleaned, errors


async def submit(session: AsyncSession, form: ContactForm, *, consent_text: str) -> Submitted:
    """`consent_text`: the words of the form's consent box, kept with the contact (152-FZ)."""
    if form.website.strip():
        logger.info("contact form: honeypot filled, submission dropped")
        return Submitted(None, None, None)
    form, errors = clean(form)
    if errors:
        raise ValidationFailed(
            "Форма заполнена не полностью: проверьте отмеченные поля.",
            code="invalid_form",
            details=errors,
        )
    now = utcnow()
    contact = Contact(
        id=uuid.uuid4(),
        name=form.name,
        name_hash=pii_hash("name", form.name),
        legal_basis="consent",
        consent_text=consent_text,
        consented_at=now,
    )
    if form.phone:
        contact.phone, contact.phone_hash = form.phone, pii_hash("phone", form.phone)
    if form.email:
        contact.email, contact.email_hash = form.email, pii_hash("email", form.email)
    session.add(contact)
    conversation = await repository.open_conversation(
        session,
        channel=Channel.web.value,
        external_chat_id=f"form:{uuid.uuid4().hex}",
        external_user_id=None,
        now=now,
    )
    conversation.contact_id, conversation.owner = contact.id, Owner.human.value
    # A form waits for a person like a hand-off does (the inbox's `handoff` filter).
    conversation.handoff_requested_at = now
    conversation.state = {"stage": "handed_off", "handoff_reason": "contact_form"}
    if form.company:  # the CRM's company comes from the brief
        conversation.state["brief"] = {"company": form.company[:200]}
    lines = ["Заявка с формы на сайте."]
    if form.company:
        lines.append(f"Компания: {form.company}")
    if form.message:
        lines.append(f"Сообщение: {form.message}")
    message = Message(
        id=uuid.uuid4(),
        conversation_id=conversation.id,
        channel=Channel.web.value,
        author=Author.customer.value,
        **seal("\n".join(lines)).columns(),
        attachments=[],
        meta={"source": SOURCE},
        created_at=now,
    )
    session.add(message)
    await session.flush()
    conversation.last_customer_seq = message.seq
    # A form is answered by a person from the start: not an automated conversation.
    await analytics.handed_off(session, conversation.id, by="form", reason="contact_form", at=now)
    lead = await leads.advance(session, conversation, status="new", contact_id=contact.id)
    lead.source, lead.tags = SOURCE, ["форма на сайте"]
    await session.flush()
    announce(session, "message", conversation.id, message_id=message.id)
    announce(session, "conversation", conversation.id)  # a new conversation awaits a manager
    logger.bind(lead_id=str(lead.id)).info("contact form: lead created")
    return Submitted(lead.id, conversation, message)
