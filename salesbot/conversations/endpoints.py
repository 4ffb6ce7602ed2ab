from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from salesbot.api.deps import OperatorUser, SessionDep, SettingsDep
from salesbot.conversations.schemas import ConversationOut, MessageOut
from salesbot.conversations.service import ConversationService

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
