"""A document (offer, contract, invoice) made for a conversation's current quote: the same
for the bot's tool and a manager in the dashboard."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.conversations.state import DialogState, Stage
from salesbot.conversations.types import Attachment
from salesbot.documents.context import DocumentRequest
from salesbot.documents.kinds import document_file_name
from salesbot.documents.service import DocumentService
from salesbot.leads import service as leads
from salesbot.models import Contact, Conversation, Document


def document_attachment(documents: DocumentService, document: Document) -> Attachment:
    url, _ = documents.signed_url(document)
    return Attachment(
        name=document_file_name(document.kind, document.number),
        content_type="application/pdf",
        size=document.size_bytes,
        url=url,
        storage_key=f"document:{document.id}",
    )


async def make_document(
    session: AsyncSession,
    documents: DocumentService,
    conversation: Conversation,
    state: DialogState,
    kind: str,
) -> tuple[Document, Attachment]:
    """A new PDF for the state's quote, recorded in `state` (the caller stores the state)."""
    assert state.quote_id is not None
    contact = (
        await session.get(Contact, conversation.contact_id) if conversation.contact_id else None
    )
    client = {
        "name": (contact.name if contact and contact.name else "Клиент"),
        "email": contact.email if contact else None,
    }
    generated = await documents.generate(
        session,
        DocumentRequest(kind=kind, client=client, brief_lines=brief_lines(state)),
        uuid.UUID(state.quote_id),
        conversation_id=conversation.id,
    )
    state.documents.append(str(generated.record.id))
    state.stage = Stage.documents
    lead = await leads.for_conversation(session, conversation.id)
    if lead is not None:  # the CRM gets the document's link as a note
        await leads.schedule_sync(session, lead)
    return generated.record, document_attachment(documents, generated.record)


def brief_lines(state: DialogState) -> tuple[tuple[str, str], ...]:
    brief = state.brief
    lines = []
    if brief.industry:
        lines.append(("Отрасль", brief.industry))
    if brief.systems:
        lines.append(("Системы", ", ".join(brief.systems)))
    if brief.security:
        lines.append(("Требования безопасности", brief.security))
    if brief.deadline_text:
        lines.append(("Желаемый срок", brief.deadline_text))
    return tuple(lines)
