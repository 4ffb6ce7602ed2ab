"""The managers' Telegram group answering back: a press of "Взять диалог" under a post
(see salesbot.channels.team) takes the conversation over, as the dashboard's button does.
Only presses in TELEGRAM_MANAGERS_CHAT_ID count: membership of that group is the right."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.conversations.ownership import claim
from salesbot.errors import SalesbotError
from salesbot.jobs.app import NOTIFY_TEAM_TASK, defer

if TYPE_CHECKING:
    from salesbot.channels.telegram.adapter import TelegramChannel

TAKEOVER = "takeover:"  # the button's callback data: takeover:<conversation id>


@dataclass(frozen=True)
class TeamPress:
    conversation_id: uuid.UUID
    manager_id: str
    manager_name: str
    query_id: str
    chat_id: int
    message_id: int


def team_press(payload: dict[str, Any], group: int | None) -> TeamPress | None:
    query = payload.get("callback_query") or {}
    message = query.get("message") or {}
    data = str(query.get("data") or "")
    if group is None or (message.get("chat") or {}).get("id") != group:
        return None
    if not data.startswith(TAKEOVER):
        return None
    try:
        conversation_id = uuid.UUID(data.removeprefix(TAKEOVER))
    except ValueError:
        return None
    manager = query.get("from") or {}
    return TeamPress(
        conversation_id=conversation_id,
        manager_id=str(manager.get("id")),
        manager_name=str(manager.get("first_name") or "Менеджер"),
        query_id=str(query["id"]),
        chat_id=group,
        message_id=int(message.get("message_id", 0)),
    )


async def handle_team_press(
    channel: TelegramChannel, session: AsyncSession, payload: dict[str, Any]
) -> None:
    press = team_press(payload, channel.settings.telegram_managers_chat_id)
    if press is None:
        return
    answer, taken = await _take_over(session, press)
    if taken:  # the others in the group see who has it (posted by a job: the group is paced)
        await defer(
            session,
            NOTIFY_TEAM_TASK,
            conversation_id=str(press.conversation_id),
            kind="taken",
            reason=press.manager_name,
        )
    try:
        await channel.confirm_press(press.query_id, answer, press.chat_id, press.message_id)
    except Exception:  # the take-over stands; the group's view of it is a courtesy
        logger.bind(conversation_id=str(press.conversation_id)).exception(
            "could not confirm a take-over in the managers' group"
        )


async def _take_over(session: AsyncSession, press: TeamPress) -> tuple[str, bool]:
    """The conversation becomes the manager's, logged like a take-over in the dashboard;
    what the manager is told, and whether it changed hands now."""
    try:
        first = await claim(
            session,
            press.conversation_id,
            actor=f"telegram:{press.manager_id}",
            actor_name=press.manager_name,
        )
    except SalesbotError as refusal:  # closed, or gone
        return refusal.message, False
    if first is not None:
        return f"Диалог уже взял(а) {first}.", False
    return "Диалог ваш: ответьте клиенту в панели.", True
