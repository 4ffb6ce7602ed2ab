"""Rows the mails talk about: a conversation with its lead, and stored documents."""

from __future__ import annotations

import hashlib
import uuid
from decimal import Decimal

from salesbot.db.engine import Database
from salesbot.models import Contact, Conversation, Document, Lead
from salesbot.security.pii import pii_hash
from salesbot.settings import Settings

CUSTOMER = {"name": "Анна Смирнова", "phone": "+79161234567", "email": "anna@romashka.example"}


async def conversation_with_lead(
    database: Database,
    *,
    channel: str = "telegram",
    product: str | None = "ai-lawyer",
    amount: str | None = "887250",
) -> uuid.UUID:
    """A customer with personal data (which managers' mails must not carry) and a lead."""
    async with database.transaction() as session:
        contact = Contact(id=uuid.uuid4(), **CUSTOMER)
        contact.email_hash = pii_hash("email", CUSTOMER["email"])
        session.add(contact)
        await session.flush()
        conversation = Conversation(
            id=uuid.uuid4(),
            channel=channel,
            external_chat_id=f"chat-{uuid.uuid4().hex[:8]}",
            contact_id=contact.id,
        )
        session.add(conversation)
        await session.flush()
        session.add(
            Lead(
                conversation_id=conversation.id,
                status="new",
                source=channel,
                product=product,
                amount=Decimal(amount) if amount else None,
                contact_id=contact.id,
                tags=[],
                details={},
            )
        )
        return conversation.id


async def stored_document(
    database: Database,
    settings: Settings,
    conversation_id: uuid.UUID,
    *,
    kind: str,
    number: str,
) -> tuple[uuid.UUID, bytes]:
    """A document row and its file; the bytes are PDF-like and different per document."""
    content = b"%PDF-1.7\n" + number.encode() + bytes(range(256)) * 32 + b"\n%%EOF\n"
    relative = f"{kind}/{uuid.uuid4().hex}.pdf"
    path = settings.documents_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    async with database.transaction() as session:
        document = Document(
            id=uuid.uuid4(),
            kind=kind,
            number=number,
            conversation_id=conversation_id,
            client_name="Анна Смирнова",
            template_version=0,
            path=relative,
            sha256=hashlib.sha256(content).hexdigest(),
            size_bytes=len(content),
        )
        session.add(document)
        return document.id, content
