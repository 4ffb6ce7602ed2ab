from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from salesbot.api.deps import OperatorUser, RuntimeDep, SessionDep, SettingsDep
from salesbot.chat.schemas import ConversationDetail
from salesbot.conversations.ownership import conversation_detail, set_owner
from salesbot.conversations.schemas import ConversationOut, MessageOut
from salesbot.conversations.service import ConversationService
from salesbot.models import Owner

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
    "/{conversation_id}/takeover", response_model=ConversationDetail, summary="A manager takes over"
)
async def takeover(
    conversation_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, user: OperatorUser
) -> ConversationDetail:
    await set_owner(session, conversation_id, Owner.human, actor=user.email)
    return await conversation_detail(session, runtime.pricing, conversation_id)


@router.post(
    "/{conversation_id}/release",
    response_model=ConversationDetail,
    summary="Give it back to the bot",
)
async def release(
    conversation_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, user: OperatorUser
) -> ConversationDetail:
    await set_owner(session, conversation_id, Owner.bot, actor=user.email)
    return await conversation_detail(session, runtime.pricing, conversation_id)
