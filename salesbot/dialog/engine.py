"""One customer message → one turn of the brain, strictly in order per conversation.

A transaction-scoped advisory lock per chat serialises storing messages of one chat across
workers and instances; a turn locks the conversation row, the same lock a manager's
take-over takes. Messages that arrive while a turn runs are answered together by the next
turn (a burst gets one coherent answer): each turn covers every customer message not yet
answered and records how far it got (`answered_through`), so the in-process answer and the
job that backs it up answer a message exactly once. Errors fail toward a person, never
into silence.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime

from loguru import logger
from sqlalchemy import bindparam, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.conversations.service import ConversationService, Received
from salesbot.conversations.state import DialogState
from salesbot.conversations.types import Attachment, InboundMessage, Reply
from salesbot.db.hooks import announce
from salesbot.dialog.brain import Brain, DialogContext, Turn
from salesbot.dialog.commands import COMMANDS, command_turn, files_note, with_contact_button
from salesbot.dialog.nlu.slots import contacts
from salesbot.dialog.tools import Tools
from salesbot.documents.service import DocumentService
from salesbot.jobs.app import defer
from salesbot.knowledge.backend import KnowledgeBackend, knowledge_backend
from salesbot.models import Author, Channel, Conversation, Message, Owner
from salesbot.pricing.service import PricingService
from salesbot.settings import Settings

ANSWER_TASK = "dialog.answer"
ERROR_REPLY = (
    "Извините, у меня техническая заминка. Передаю ваш вопрос менеджеру — он скоро ответит."
)


@dataclass(frozen=True)
class TurnResult:
    conversation: Conversation
    turn: Turn | None
    replies: tuple[Message, ...]


class DialogEngine:
    def __init__(
        self,
        settings: Settings,
        *,
        brain: Brain,
        knowledge: KnowledgeBackend,
        pricing: PricingService,
        documents: DocumentService,
    ) -> None:
        self.settings = settings
        self.brain = brain
        self.conversations = ConversationService(settings)
        self.knowledge, self.pricing, self.documents = knowledge, pricing, documents

    @classmethod
    def standalone(cls, settings: Settings, brain: Brain) -> DialogEngine:
        """An engine with its own services (the CLI chat, benchmarks, tests)."""
        pricing = PricingService(settings)
        return cls(
            settings,
            brain=brain,
            knowledge=knowledge_backend(settings),
            pricing=pricing,
            documents=DocumentService(settings, pricing),
        )

    async def handle(self, session: AsyncSession, inbound: InboundMessage) -> TurnResult:
        """Store the message and answer it in one transaction (the terminal, tests)."""
        received = await self.receive(session, inbound, answer_now=False)
        if received.duplicate:
            return TurnResult(received.conversation, None, ())
        return await self.respond(session, received.conversation.id)

    async def receive(
        self,
        session: AsyncSession,
        inbound: InboundMessage,
        *,
        answer_now: bool = True,
        conversation: Conversation | None = None,
    ) -> Received:
        """Store the customer's message and, in the same transaction, defer the job that
        answers it. A caller that answers in process at once (the website, the terminal)
        passes `answer_now=False`: the periodic backstop (`dialog.answer_missed`) then
        answers the message only if the process died before it could.

        `conversation`: the message's conversation when the caller knows it and holds its
        row lock (the website's chat); while it is current, it is used as it is."""
        if conversation is None or not self.conversations.is_current(conversation):
            conversation = None
            await self._lock_chat(session, inbound.channel.value, inbound.external_chat_id)
        received = await self.conversations.receive(session, inbound, conversation=conversation)
        if not received.duplicate and answer_now:
            await defer(session, ANSWER_TASK, conversation_id=str(received.conversation.id))
        return received

    async def respond(
        self,
        session: AsyncSession,
        conversation_id: uuid.UUID,
        *,
        on_draft: Callable[[str], Awaitable[None]] | None = None,
    ) -> TurnResult:
        """Answer every customer message of the conversation not answered yet."""
        started = time.perf_counter()
        conversation = await self._locked(session, conversation_id)
        state = DialogState.load(conversation.state)
        if conversation.owner != Owner.bot.value:
            await self._keep_contact(session, conversation, state)
            return TurnResult(conversation, None, ())
        pending = await self._unanswered(session, conversation.id, state.answered_through)
        if not pending:  # an earlier turn (in process, or its backstop job) answered them
            return TurnResult(conversation, None, ())
        last = pending[-1]
        inbound = InboundMessage(
            channel=Channel(conversation.channel),
            external_chat_id=conversation.external_chat_id,
            external_user_id=conversation.external_user_id,
            text="\n".join(m.readable_text for m in pending if m.text),
            channel_message_id=last.channel_message_id,
            attachments=tuple(Attachment(**a) for a in last.attachments),
            metadata=dict(last.meta),
        )
        context = DialogContext(
            conversation_id=conversation.id,
            channel=inbound.channel,
            state=state.dump(),
            history=(
                await self.conversations.history(session, conversation.id)
                if self.brain.reads_history
                else ()
            ),
            inbound=inbound,
            language=conversation.language,
            on_draft=on_draft,
        )
        tools = Tools(
            session,
            self.settings,
            conversation,
            state,
            self.knowledge,
            self.pricing,
            self.documents,
        )
        brain = self.brain.name
        command = inbound.metadata.get("command")
        try:
            async with session.begin_nested():
                if command in COMMANDS and len(pending) == 1:
                    turn, brain = command_turn(str(command), state), "command"
                else:
                    turn = await self.brain.take_turn(context, tools)
                    # files sent without words: the brain has nothing to read, say they came
                    wordless = [
                        Attachment(**a) for m in pending if not m.text for a in m.attachments
                    ]
                    if wordless:
                        notes = files_note(wordless, state.language)
                        turn = replace(turn, replies=(*notes, *turn.replies))
        except Exception:
            logger.bind(conversation_id=str(conversation.id)).exception(
                "the brain failed; handing off"
            )
            state = DialogState.load(conversation.state)  # the failed turn's changes are undone
            tools.state = state
            await tools.request_handoff("internal_error")
            turn = Turn(
                replies=(Reply(ERROR_REPLY),),
                state_updates=state.dump(),
                handoff_reason="internal_error",
            )
            brain = "fallback"
        state_after = DialogState.load(turn.state_updates or state.dump())
        state_after.answered_through = last.seq
        said = turn.replies
        if not state_after.contact_saved:
            said = with_contact_button(said, state_after.language)
        turn = replace(turn, replies=said, state_updates=state_after.dump())
        replies = await self._apply(
            session, conversation, turn, brain=brain, asked_at=pending[0].created_at
        )
        logger.bind(
            conversation_id=str(conversation.id),
            stage=state_after.stage.value,
            brain=brain,
            replies=len(replies),
            context_used=len(turn.context_used),
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
        ).info("turn")
        return TurnResult(conversation, turn, replies)

    async def _apply(
        self,
        session: AsyncSession,
        conversation: Conversation,
        turn: Turn,
        *,
        brain: str,
        asked_at: datetime,
    ) -> tuple[Message, ...]:
        """Store the turn's state and replies (each reply enters the delivery outbox)."""
        conversation.state = {**conversation.state, **turn.state_updates}
        if turn.handoff_reason:  # the hand-off tool logged and notified; the owner must match
            conversation.owner = Owner.human.value
            announce(session, "handoff", conversation.id, reason=turn.handoff_reason)
        announce(session, "conversation", conversation.id)  # stage, owner, last message
        stored = await self.conversations.add_replies(
            session,
            conversation,
            turn.replies,
            author=Author.bot,
            context_used=turn.context_used,
            brain=brain,
            usage=turn.usage,
            asked_at=asked_at,  # the reply time is counted from the customer's message
        )
        return tuple(stored)

    async def _keep_contact(
        self, session: AsyncSession, conversation: Conversation, state: DialogState
    ) -> None:
        """A person holds the conversation and the bot stays silent, but a phone or an e-mail
        the customer leaves meanwhile (an off-hours hand-off asks for one) still goes on the
        lead, so the manager can call back. The latest of each wins."""
        phone = email = None
        for message in await self._unanswered(session, conversation.id, state.answered_through):
            found = contacts(message.readable_text)
            phone, email = found.phone or phone, found.email or email
        if phone is None and email is None:
            return
        tools = Tools(
            session, self.settings, conversation, state, self.knowledge, self.pricing,
            self.documents,
        )  # fmt: skip
        known = await tools.contact()
        if known is not None and phone in (None, known.phone) and email in (None, known.email):
            return  # nothing new: no change for the CRM to carry
        await tools.save_contact(phone=phone, email=email)
        conversation.state = state.dump()
        logger.bind(conversation_id=str(conversation.id)).info("contact left while waiting")

    async def warm_up(self) -> None:
        """Load models and fit classifiers before the first customer waits for them."""
        warm = getattr(self.brain, "warm_up", None)
        if warm is None:
            return
        try:
            await warm()
        except Exception:  # the first turn will try again; serving must not wait on this
            logger.exception("dialog warm-up failed")

    async def _lock_chat(self, session: AsyncSession, channel: str, chat_id: str) -> None:
        # Transaction-scoped: released at commit. Serialises finding or opening the chat's
        # conversation and storing its messages.
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
            {"key": f"chat:{channel}:{chat_id}"},
        )

    async def _locked(self, session: AsyncSession, conversation_id: uuid.UUID) -> Conversation:
        """The conversation row, locked for the turn and read afresh: a manager's take-over
        locks it too, so it either waits for the turn or the turn sees it."""
        result = await session.execute(_LOCKED, {"id": conversation_id})
        return result.scalar_one()

    async def _unanswered(
        self, session: AsyncSession, conversation_id: object, after: int
    ) -> list[Message]:
        result = await session.execute(_UNANSWERED, {"id": conversation_id, "after": after})
        return list(result.scalars())


# Built once: every turn runs them, and building a statement costs more than running it.
_LOCKED = (
    select(Conversation)
    .where(Conversation.id == bindparam("id"))
    .with_for_update()
    .execution_options(populate_existing=True)
)
_UNANSWERED = (
    select(Message)
    .where(
        Message.conversation_id == bindparam("id"),
        Message.author == Author.customer.value,
        Message.seq > bindparam("after"),
    )
    .order_by(Message.seq)
)
