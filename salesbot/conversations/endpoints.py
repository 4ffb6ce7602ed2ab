from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from salesbot.api.deps import OperatorUser, RuntimeDep, SessionDep, SettingsDep
from salesbot.api.runtime import Runtime
from salesbot.chat.schemas import ChatMessageOut, ConversationDetail
from salesbot.conversations.ownership import conversation_detail, set_owner
from salesbot.conversations.schemas import ConversationOut, ManagerMessageIn, MessageOut
from salesbot.conversations.service import ConversationService
from salesbot.conversations.types import Reply
from salesbot.models import Author, Conversation, Owner, User

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"])


@router.get("", response_model=list[ConversationOut], summary="Recent conversations, newest first")
async def list_conversations(
    session: SessionDep,
    settings: SettingsDep,
    _: OperatorUser,
    include_closed: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[ConversationOut]:
    conversations = await ConversationService(settings).list_recent(
        session, include_closed=include_closed, limit=limit, offset=offset
    )
    return [ConversationOut.model_validate(c) for c in conversations]


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
    if took_over:
        await runtime.realtime.manager(conversation_id, "joined", manager_name(user))
    await runtime.realtime.message(conversation_id, out.model_dump(mode="json"))
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
    if changed:
        event = "joined" if owner is Owner.human else "left"
        await runtime.realtime.manager(conversation_id, event, manager_name(user))
    return detail


def manager_name(user: User) -> str:
    """What the visitor sees: a first name, never the manager's login."""
    return user.email.split("@", 1)[0].split(".", 1)[0].capitalize()
