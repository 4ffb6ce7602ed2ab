"""The website chat's HTTP face: anonymous sessions, messages, history."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, status

from salesbot.api.deps import RuntimeDep, SessionDep, public_rate_limit
from salesbot.chat.schemas import (
    HistoryItemOut,
    MessageIn,
    RatingIn,
    RepliesOut,
    ReplyOut,
    SessionOut,
)
from salesbot.conversations import repository
from salesbot.conversations.types import InboundMessage
from salesbot.db.base import utcnow
from salesbot.errors import NotAuthenticated, NotFound
from salesbot.models import Channel, Conversation, Message
from salesbot.security.tokens import chat_session_of, issue_chat_token

router = APIRouter(prefix="/api/v1/chat", tags=["chat"], dependencies=[Depends(public_rate_limit)])


async def _authorised(
    session_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, authorization: str | None
) -> Conversation:
    token = (authorization or "").removeprefix("Bearer ").strip()
    if not token:
        raise NotAuthenticated("Нужен токен сессии чата.", code="invalid_chat_token")
    if chat_session_of(runtime.settings, token) != session_id:
        raise NotAuthenticated("Токен выдан для другой сессии.", code="invalid_chat_token")
    conversation = await session.get(Conversation, session_id)
    if conversation is None:
        raise NotFound("Сессия чата не найдена.", code="chat_session_not_found")
    return conversation


@router.post(
    "/sessions",
    response_model=SessionOut,
    status_code=status.HTTP_201_CREATED,
    summary="Start a chat",
)
async def start(session: SessionDep, runtime: RuntimeDep) -> SessionOut:
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
    session: SessionDep,
    runtime: RuntimeDep,
    authorization: Annotated[str | None, Header()] = None,
) -> RepliesOut:
    conversation = await _authorised(session_id, session, runtime, authorization)
    result = await runtime.dialog.handle(
        session,
        InboundMessage(
            channel=Channel.web,
            external_chat_id=conversation.external_chat_id,
            text=body.text,
            channel_message_id=f"{conversation.id}:{body.client_message_id}"
            if body.client_message_id
            else None,
        ),
    )
    return RepliesOut(
        replies=[
            ReplyOut(
                id=m.id, text=m.text, buttons=m.meta.get("buttons", []), attachments=m.attachments
            )
            for m in result.replies
        ]
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
    runtime: RuntimeDep,
    authorization: Annotated[str | None, Header()] = None,
) -> None:
    await _authorised(session_id, session, runtime, authorization)
    message = await session.get(Message, message_id)
    if message is None or message.conversation_id != session_id or message.author != "bot":
        raise NotFound("Такого ответа ассистента в этом чате нет.", code="message_not_found")
    message.meta = {**message.meta, "rating": body.value}


@router.get(
    "/sessions/{session_id}/messages",
    response_model=list[HistoryItemOut],
    summary="The chat's history",
)
async def history(
    session_id: uuid.UUID,
    session: SessionDep,
    runtime: RuntimeDep,
    authorization: Annotated[str | None, Header()] = None,
) -> list[HistoryItemOut]:
    await _authorised(session_id, session, runtime, authorization)
    messages = await repository.last_messages(session, session_id, 500)
    return [
        HistoryItemOut(
            id=m.id,
            author=m.author,
            text=m.text,
            created_at=m.created_at,
            buttons=m.meta.get("buttons", []),
        )
        for m in messages
    ]
