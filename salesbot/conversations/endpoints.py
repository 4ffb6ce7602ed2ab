from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.api.deps import OperatorUser, SessionDep, SettingsDep, provided
from salesbot.conversations import inbox, outbox
from salesbot.conversations.ownership import conversation_detail, set_owner
from salesbot.conversations.schemas import (
    ChatMessageOut,
    ConversationDetail,
    ConversationListItem,
    DocumentKindIn,
    ManagerMessageIn,
    MessageOut,
    ReadIn,
    message_out,
)
from salesbot.conversations.service import ConversationService
from salesbot.conversations.state import Stage
from salesbot.conversations.types import Reply
from salesbot.db.hooks import announce
from salesbot.documents.service import DocumentService
from salesbot.models import Author, Channel, Conversation, Owner, User
from salesbot.pricing.service import PricingService
from salesbot.security.text import BIGINT_MAX, StorableStr

PricingDep = Annotated[PricingService, provided("pricing")]
DocumentsDep = Annotated[DocumentService, provided("documents")]
router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"])
documents_router = APIRouter(prefix="/api/v1/documents", tags=["documents"])


@router.get(
    "",
    response_model=list[ConversationListItem],
    summary="The inbox: conversations, newest activity first (total in X-Total-Count)",
)
async def list_conversations(
    session: SessionDep,
    response: Response,
    _: OperatorUser,
    channel: Channel | None = None,
    stage: Stage | None = None,
    owner: Annotated[Literal["bot", "human"] | None, Query()] = None,
    handoff: Annotated[
        bool | None, Query(description="A hand-off was requested and no manager answered yet")
    ] = None,
    unread: Annotated[
        bool | None, Query(description="Customer messages the team has not read")
    ] = None,
    q: Annotated[
        StorableStr | None,
        Query(
            max_length=200,
            description="Phone, email or name of the contact, or words of the messages",
        ),
    ] = None,
    include_closed: bool = False,
    include_silent: Annotated[
        bool, Query(description="Also conversations where the customer has not written yet")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=BIGINT_MAX)] = 0,
) -> list[ConversationListItem]:
    items, total = await inbox.page(
        session,
        channel=channel.value if channel else None,
        stage=stage.value if stage else None,
        owner=owner,
        handoff=handoff,
        unread=unread,
        q=q,
        include_closed=include_closed,
        include_silent=include_silent,
        limit=limit,
        offset=offset,
    )
    response.headers["X-Total-Count"] = str(total)
    return items


@router.post(
    "/{conversation_id}/read",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="The team has read the conversation up to a message (never moves back)",
)
async def mark_read(
    conversation_id: uuid.UUID, body: ReadIn, session: SessionDep, user: OperatorUser
) -> None:
    marker = await inbox.mark_read(session, conversation_id, body.seq)
    if marker.moved:
        announce(session, "read", conversation_id, seq=marker.seq, by=user.email)


@router.post(
    "/{conversation_id}/documents",
    response_model=ChatMessageOut,
    status_code=status.HTTP_201_CREATED,
    summary="Send the customer an offer, contract or invoice for the current quote",
)
async def send_document(
    conversation_id: uuid.UUID,
    body: DocumentKindIn,
    session: SessionDep,
    documents: DocumentsDep,
    settings: SettingsDep,
    user: OperatorUser,
) -> ChatMessageOut:
    sender = inbox.DocumentSender(settings, documents)
    message = await sender.send(
        session, conversation_id, body.kind, actor=user.email, actor_name=manager_name(user)
    )
    return message_out(message)


@documents_router.post(
    "/{document_id}/resend",
    response_model=ChatMessageOut,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Send the document to the customer again, on their channel",
)
async def resend_document(
    document_id: uuid.UUID,
    session: SessionDep,
    documents: DocumentsDep,
    settings: SettingsDep,
    user: OperatorUser,
) -> ChatMessageOut:
    sender = inbox.DocumentSender(settings, documents)
    return message_out(await sender.resend(session, document_id, actor=user.email))


@router.post(
    "/{conversation_id}/messages/{message_id}/retry",
    response_model=ChatMessageOut,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Deliver an undelivered message again (a fresh set of attempts)",
)
async def retry_delivery(
    conversation_id: uuid.UUID, message_id: uuid.UUID, session: SessionDep, _: OperatorUser
) -> ChatMessageOut:
    return message_out(await outbox.retry(session, conversation_id, message_id))


@router.get(
    "/{conversation_id}/messages",
    response_model=list[MessageOut],
    response_model_by_alias=True,
    summary="Messages of a conversation in order",
)
async def list_messages(
    conversation_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    _: OperatorUser,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[MessageOut]:
    messages = await ConversationService(settings).messages(session, conversation_id, limit=limit)
    return [MessageOut.model_validate(m) for m in messages]


@router.get(
    "/{conversation_id}",
    response_model=ConversationDetail,
    summary="The whole state of a conversation",
)
async def detail(
    conversation_id: uuid.UUID, session: SessionDep, pricing: PricingDep, _: OperatorUser
) -> ConversationDetail:
    return await conversation_detail(session, pricing, conversation_id)


@router.post(
    "/{conversation_id}/messages",
    response_model=ChatMessageOut,
    status_code=status.HTTP_201_CREATED,
    summary="Reply as a manager (takes the conversation over from the bot)",
)
async def reply_as_manager(
    conversation_id: uuid.UUID,
    body: ManagerMessageIn,
    session: SessionDep,
    settings: SettingsDep,
    user: OperatorUser,
) -> ChatMessageOut:
    await set_owner(
        session, conversation_id, Owner.human, actor=user.email, actor_name=manager_name(user)
    )
    conversation = await session.get_one(Conversation, conversation_id)
    message = await ConversationService(settings).add_reply(
        session, conversation, Reply(body.text), author=Author.manager
    )
    return message_out(message)


@router.post(
    "/{conversation_id}/takeover", response_model=ConversationDetail, summary="A manager takes over"
)
async def takeover(
    conversation_id: uuid.UUID, session: SessionDep, pricing: PricingDep, user: OperatorUser
) -> ConversationDetail:
    return await _change_owner(session, pricing, conversation_id, Owner.human, user)


@router.post(
    "/{conversation_id}/release",
    response_model=ConversationDetail,
    summary="Give it back to the bot",
)
async def release(
    conversation_id: uuid.UUID, session: SessionDep, pricing: PricingDep, user: OperatorUser
) -> ConversationDetail:
    return await _change_owner(session, pricing, conversation_id, Owner.bot, user)


async def _change_owner(
    session: AsyncSession,
    pricing: PricingService,
    conversation_id: uuid.UUID,
    owner: Owner,
    user: User,
) -> ConversationDetail:
    await set_owner(
        session, conversation_id, owner, actor=user.email, actor_name=manager_name(user)
    )
    return await conversation_detail(session, pricing, conversation_id)


def manager_name(user: User) -> str:
    """What the visitor sees: a first name, never the manager's login."""
    return user.email.split("@", 1)[0].split(".", 1)[0].capitalize()
