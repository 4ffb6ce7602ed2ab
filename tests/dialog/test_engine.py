from __future__ import annotations

import asyncio
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.conversations.state import DialogState
from salesbot.conversations.types import InboundMessage
from salesbot.db.engine import Database
from salesbot.dialog.brain import DialogContext, Turn
from salesbot.dialog.engine import ERROR_REPLY, DialogEngine
from salesbot.dialog.scripted import ScriptedBrain
from salesbot.models import Channel, Contact, Conversation, Lead, Message, Owner
from salesbot.settings import Settings


def inbound(text: str, message_id: str, chat: str = "c1") -> InboundMessage:
    return InboundMessage(Channel.telegram, chat, text, channel_message_id=message_id)


class TestTurns:
    async def test_reply_stored_with_brain_and_context(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        result = await DialogEngine.standalone(settings, ScriptedBrain()).handle(
            session, inbound("привет", "1")
        )
        [reply] = result.replies
        assert reply.text == "ответ на: привет"
        assert reply.meta["brain"] == "scripted" and reply.meta["context_used"] == ["faq/x.md"]
        assert result.conversation.state["stage"] == "brief"

    async def test_a_burst_is_answered_once(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        brain = ScriptedBrain()
        dialog = DialogEngine.standalone(settings, brain)
        # two messages stored before the turn runs (as when they arrive together)
        await dialog.conversations.receive(session, inbound("нас 30 человек", "1"))
        result = await dialog.handle(session, inbound("и интеграция с 1С", "2"))
        assert brain.inputs == ["нас 30 человек\nи интеграция с 1С"]
        assert len(result.replies) == 1
        again = await dialog.handle(
            session, inbound("и интеграция с 1С", "2")
        )  # a replayed webhook
        assert again.turn is None

    async def test_no_turn_while_a_manager_owns_the_conversation(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        brain = ScriptedBrain()
        dialog = DialogEngine.standalone(settings, brain)
        first = await dialog.handle(session, inbound("привет", "1"))
        first.conversation.owner = Owner.human.value
        result = await dialog.handle(session, inbound("ау", "2"))
        assert result.turn is None and brain.inputs == ["привет"]

    async def test_a_contact_left_while_waiting_for_a_manager_reaches_the_lead(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        """An off-hours hand-off asks for a phone or an e-mail; the bot stays silent after it,
        but what the customer leaves must not sit in the chat alone."""
        brain = ScriptedBrain()
        dialog = DialogEngine.standalone(settings, brain)
        first = await dialog.handle(session, inbound("позовите человека", "1"))
        first.conversation.owner = Owner.human.value
        await dialog.handle(session, inbound("Хорошо. Мой номер 8 (916) 555-12-34", "2"))
        later = await dialog.handle(
            session, inbound("и почта на всякий случай: anna.k@romashka.ru", "3")
        )
        assert later.turn is None and brain.inputs == ["позовите человека"]  # still silent
        conversation = later.conversation
        contact = await session.get_one(Contact, conversation.contact_id)
        assert (contact.phone, contact.email) == ("+79165551234", "anna.k@romashka.ru")
        assert contact.legal_basis == "contract"
        lead = await session.scalar(select(Lead).where(Lead.conversation_id == conversation.id))
        assert lead is not None and lead.contact_id == contact.id
        assert DialogState.load(conversation.state).contact_saved

    async def test_a_crash_hands_off_politely(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        result = await DialogEngine.standalone(settings, ScriptedBrain(fail=True)).handle(
            session, inbound("привет", "1")
        )
        assert [r.text for r in result.replies] == [ERROR_REPLY]
        conversation = result.conversation
        assert conversation.owner == Owner.human.value
        assert conversation.state["handoff_reason"] == "internal_error"
        assert conversation.state["product"] is None  # the crashed turn left nothing behind
        assert await session.scalar(select(func.count()).select_from(Message)) == 2
        assert (await session.get(Conversation, conversation.id)) is not None


class SlowBrain(ScriptedBrain):
    async def take_turn(self, context: DialogContext, tools: Any) -> Turn:
        await asyncio.sleep(0.3)
        return await super().take_turn(context, tools)


class TestOrdering:
    async def test_concurrent_messages_of_one_chat_take_turns_in_order(
        self, database: Database, settings: Settings, clean_db: None
    ) -> None:
        brain = SlowBrain()
        dialog = DialogEngine.standalone(settings, brain)
        chat = uuid.uuid4().hex

        async def deliver(text: str, message_id: str, delay: float) -> None:
            await asyncio.sleep(delay)
            async with database.transaction() as s:
                await dialog.handle(s, inbound(text, message_id, chat))

        await asyncio.gather(deliver("первое", "a", 0), deliver("второе", "b", 0.1))
        # the second waited for the first turn to commit, then answered only what was new
        assert brain.inputs == ["первое", "второе"]
        async with database.transaction() as s:
            texts = [
                m.text for m in (await s.execute(select(Message).order_by(Message.seq))).scalars()
            ]
        assert texts == ["первое", "ответ на: первое", "второе", "ответ на: второе"]
