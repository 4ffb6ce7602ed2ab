"""The website chat's HTTP face: anonymous sessions, messages, history, attachments. The
socket (salesbot/channels/web/chat_socket.py) is the realtime face; this API is its fallback."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, File, Header, Query, Request, UploadFile, status
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.api.deps import ClientIP, SessionDep, SettingsDep, public_rate_limit
from salesbot.channels.web import contact_form
from salesbot.channels.web.runtime import WebDep, WebRuntime
from salesbot.channels.web.schemas import (
    AttachmentUploadOut,
    ChatMessageOut,
    MessageIn,
    RatingIn,
    RepliesOut,
    SessionOut,
)
from salesbot.conversations import repository
from salesbot.db.base import utcnow
from salesbot.errors import NotFound
from salesbot.leads.schemas import ContactFormIn, ContactFormOut
from salesbot.models import Channel, Conversation, Message
from salesbot.security.text import BIGINT_MAX
from salesbot.security.tokens import issue_chat_token


async def allowed_origin(request: Request, runtime: WebDep) -> None:
    """A widget on a site outside WIDGET_ALLOWED_ORIGINS gets a clear refusal."""
    runtime.chat.check_origin(request.headers.get("origin"))


router = APIRouter(
    prefix="/api/v1/chat",
    tags=["chat"],
    dependencies=[Depends(allowed_origin), Depends(public_rate_limit)],
)
# The contact form lives under the leads' prefix (what it creates), served by the website.
leads_router = APIRouter(prefix="/api/v1/leads", tags=["leads"])
Authorization = Annotated[str | None, Header()]


async def _authorised(
    session: AsyncSession, runtime: WebRuntime, session_id: uuid.UUID, authorization: str | None
) -> Conversation:
    return await runtime.chat.authorise(session, session_id, bearer(authorization))


def bearer(authorization: str | None) -> str:
    return (authorization or "").removeprefix("Bearer ").strip()


@router.post(
    "/sessions",
    response_model=SessionOut,
    status_code=status.HTTP_201_CREATED,
    summary="Start a chat",
)
async def start(session: SessionDep, runtime: WebDep) -> SessionOut:
    conversation = await repository.open_conversation(
        session,
        channel=Channel.web.value,
        external_chat_id=uuid.uuid4().hex,
        external_user_id=None,
        now=utcnow(),
    )
    return SessionOut(
        session_id=conversation.id, token=issue_chat_token(runtime.settings, conversation.id)
    )


@router.post(
    "/sessions/{session_id}/messages",
    response_model=RepliesOut,
    summary="Send a message, get the replies",
)
async def send(
    session_id: uuid.UUID,
    body: MessageIn,
    runtime: WebDep,
    ip: ClientIP,
    authorization: Authorization = None,
) -> RepliesOut:
    posted = await runtime.chat_flow.post(
        session_id,
        ip,
        body.text,
        client_message_id=body.client_message_id,
        attachment_ids=body.attachment_ids,
        token=bearer(authorization),
    )
    return RepliesOut(replies=await runtime.chat_flow.answer(posted))


@router.post(
    "/sessions/{session_id}/attachments",
    response_model=AttachmentUploadOut,
    status_code=status.HTTP_201_CREATED,
    summary="Upload a file to attach to the next message",
)
async def upload(
    session_id: uuid.UUID,
    session: SessionDep,
    runtime: WebDep,
    file: Annotated[UploadFile, File(description="An image, PDF or DOCX")],
    authorization: Authorization = None,
) -> AttachmentUploadOut:
    await _authorised(session, runtime, session_id, authorization)
    # Read one byte past the limit: enough to refuse an oversized file without holding it all.
    data = await file.read(runtime.settings.max_attachment_bytes + 1)
    stored = await runtime.attachments.store(session, session_id, file.filename, data)
    return AttachmentUploadOut(
        id=stored.id,
        name=stored.name,
        content_type=stored.content_type,
        size=stored.size,
        url=runtime.attachments.signed_url(stored.id),
    )


@router.post(
    "/sessions/{session_id}/messages/{message_id}/rating",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Thumbs up or down for an assistant's answer",
)
async def rate(
    session_id: uuid.UUID,
    message_id: uuid.UUID,
    body: RatingIn,
    session: SessionDep,
    runtime: WebDep,
    authorization: Authorization = None,
) -> None:
    await _authorised(session, runtime, session_id, authorization)
    message = await session.get(Message, message_id)
    if message is None or message.conversation_id != session_id or message.author != "bot":
        raise NotFound("Такого ответа ассистента в этом чате нет.", code="message_not_found")
    message.meta = {**message.meta, "rating": body.value}


@router.get(
    "/sessions/{session_id}/messages",
    response_model=list[ChatMessageOut],
    summary="The chat's history (after_seq: only newer messages)",
)
async def history(
    session_id: uuid.UUID,
    session: SessionDep,
    runtime: WebDep,
    after_seq: Annotated[int, Query(ge=0, le=BIGINT_MAX)] = 0,
    authorization: Authorization = None,
) -> list[ChatMessageOut]:
    await _authorised(session, runtime, session_id, authorization)
    return await runtime.chat.messages_after(session, session_id, after_seq)


@leads_router.post(
    "/contact-form",
    response_model=ContactFormOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(allowed_origin), Depends(public_rate_limit)],
    summary="The website's contact form: creates a lead for a manager",
)
async def submit_contact_form(
    body: ContactFormIn, session: SessionDep, settings: SettingsDep
) -> ContactFormOut:
    await contact_form.submit(
        session, contact_form.ContactForm(**body.model_dump()), consent_text=settings.consent_text
    )
    return ContactFormOut(message=contact_form.THANKS)
