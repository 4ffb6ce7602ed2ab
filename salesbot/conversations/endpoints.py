from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from salesbot.api.deps import OperatorUser, RuntimeDep, SessionDep, SettingsDep
from salesbot.api.runtime import Runtime
from salesbot.chat.schemas import ChatMessageOut, ConversationDetail
from salesbot.conversations import inbox
from salesbot.conversations.ownership import conversation_detail, set_owner
from salesbot.conversations.schemas import (
    ConversationListItem,
    DocumentKindIn,
    ManagerMessageIn,
    MessageOut,
    ReadIn,
)
from salesbot.conversations.service import ConversationService
from salesbot.conversations.types import Reply
from salesbot.dialog.state import Stage
from salesbot.models import Author, Channel, Conversation, Owner, User

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"])


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
        str | None,
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
    offset: Annotated[int, Query(ge=0)] = 0,
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
    conversation_id: uuid.UUID, body: ReadIn, runtime: RuntimeDep, user: OperatorUser
) -> None:
    async with runtime.database.transaction() as session:
        marker = await inbox.mark_read(session, conversation_id, body.seq)
    if marker.moved:
        await runtime.realtime.read(conversation_id, marker.seq, by=user.email)


@router.post(
    "/{conversation_id}/documents",
    response_model=ChatMessageOut,
    status_code=status.HTTP_201_CREATED,
    summary="Send the customer an offer, contract or invoice for the current quote",
)
async def send_document(
    conversation_id: uuid.UUID, body: DocumentKindIn, runtime: RuntimeDep, user: OperatorUser
) -> ChatMessageOut:
    sender = inbox.DocumentSender(
        runtime.settings, runtime.knowledge, runtime.pricing, runtime.documents
    )
    async with runtime.database.transaction() as session:
        sent = await sender.send(session, conversation_id, body.kind, actor=user.email)
        out = runtime.chat.out(sent.message)
        row = await inbox.row_of(session, conversation_id)
    if sent.took_over:
        await runtime.realtime.manager(conversation_id, "joined", manager_name(user))
    await runtime.realtime.message(conversation_id, out.model_dump(mode="json"))
    await runtime.realtime.conversation(inbox.event_payload(row))
    return out


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
    conversation_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, _: OperatorUser
) -> ConversationDetail:
    return await conversation_detail(session, runtime.pricing, conversation_id)


@router.post(
    "/{conversation_id}/messages",
    response_model=ChatMessageOut,
    status_code=status.HTTP_201_CREATED,
    summary="Reply as a manager (takes the conversation over from the bot)",
)
async def reply_as_manager(
    conversation_id: uuid.UUID, body: ManagerMessageIn, runtime: RuntimeDep, user: OperatorUser
) -> ChatMessageOut:
    async with runtime.database.transaction() as session:
        took_over = await set_owner(session, conversation_id, Owner.human, actor=user.email)
        conversation = await session.get_one(Conversation, conversation_id)
        message = await ConversationService(runtime.settings).add_reply(
            session, conversation, Reply(body.text), author=Author.manager
        )
        out = runtime.chat.out(message)
        row = await inbox.row_of(session, conversation_id)
    if took_over:
        await runtime.realtime.manager(conversation_id, "joined", manager_name(user))
    await runtime.realtime.message(conversation_id, out.model_dump(mode="json"))
    await runtime.realtime.conversation(inbox.event_payload(row))
    return out


@router.post(
    "/{conversation_id}/takeover", response_model=ConversationDetail, summary="A manager takes over"
)
async def takeover(
    conversation_id: uuid.UUID, runtime: RuntimeDep, user: OperatorUser
) -> ConversationDetail:
    return await _change_owner(runtime, conversation_id, Owner.human, user)


@router.post(
    "/{conversation_id}/release",
    response_model=ConversationDetail,
    summary="Give it back to the bot",
)
async def release(
    conversation_id: uuid.UUID, runtime: RuntimeDep, user: OperatorUser
) -> ConversationDetail:
    return await _change_owner(runtime, conversation_id, Owner.bot, user)


async def _change_owner(
    runtime: Runtime, conversation_id: uuid.UUID, owner: Owner, user: User
) -> ConversationDetail:
    async with runtime.database.transaction() as session:
        changed = await set_owner(session, conversation_id, owner, actor=user.email)
        detail = await conversation_detail(session, runtime.pricing, conversation_id)
        row = await inbox.row_of(session, conversation_id) if changed else None
    if changed:
        event = "joined" if owner is Owner.human else "left"
        await runtime.realtime.manager(conversation_id, event, manager_name(user))
    if row is not None:
        await runtime.realtime.conversation(inbox.event_payload(row))
    return detail


def manager_name(user: User) -> str:
    """What the visitor sees: a first name, never the manager's login."""
    return user.email.split("@", 1)[0].split(".", 1)[0].capitalize()
