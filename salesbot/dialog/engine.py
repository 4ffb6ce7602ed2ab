"""One customer message → one turn of the brain, strictly in order per conversation.

A transaction-scoped advisory lock per chat serialises messages of one conversation across
workers and instances. Messages that arrive while a turn runs are answered together by the
next turn (a burst gets one coherent answer): each turn covers every customer message not
yet answered and records how far it got. Errors fail toward a person, never into silence.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from loguru import logger
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics import recorder as analytics
from salesbot.conversations.service import ConversationService, Received
from salesbot.conversations.types import Brain, DialogContext, InboundMessage, Reply, Turn
from salesbot.dialog.state import DialogState
from salesbot.dialog.tools import Tools
from salesbot.documents.service import DocumentService
from salesbot.knowledge.service import KnowledgeService
from salesbot.models import Author, Conversation, Message, Owner
from salesbot.pricing.service import PricingService
from salesbot.settings import Settings

ERROR_REPLY = (
    "Извините, у меня техническая заминка. Передаю ваш вопрос менеджеру — он скоро ответит."
)


@dataclass(frozen=True)
class TurnResult:
    received: Received
    turn: Turn | None
    replies: tuple[Message, ...]


class DialogEngine:
    def __init__(
        self,
        settings: Settings,
        *,
        brain: Brain,
        knowledge: KnowledgeService,
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
            knowledge=KnowledgeService(settings),
            pricing=pricing,
            documents=DocumentService(settings, pricing),
        )

    async def handle(self, session: AsyncSession, inbound: InboundMessage) -> TurnResult:
        """Store the message and answer it in one transaction (HTTP and channel webhooks)."""
        received = await self.receive(session, inbound)
        if received.duplicate:
            return TurnResult(received, None, ())
        return await self.respond(session, inbound, received)

    async def receive(self, session: AsyncSession, inbound: InboundMessage) -> Received:
        """Store the customer's message only; `respond` answers it, possibly in a later
        transaction, so a realtime channel can acknowledge the message at once."""
        await self._lock(session, inbound)
        return await self.conversations.receive(session, inbound)

    async def respond(
        self,
        session: AsyncSession,
        inbound: InboundMessage,
        received: Received,
        *,
        on_draft: Callable[[str], Awaitable[None]] | None = None,
    ) -> TurnResult:
        """Answer every customer message of the conversation not answered yet."""
        started = time.perf_counter()
        await self._lock(session, inbound)
        # Read afresh: another turn (or a manager) may have changed it since `receive`.
        conversation = await session.get_one(
            Conversation, received.conversation.id, populate_existing=True
        )
        received = replace(received, conversation=conversation)
        state = DialogState.load(conversation.state)
        if conversation.owner != Owner.bot.value:
            return TurnResult(received, None, ())
        if received.message.seq <= state.answered_through:
            return TurnResult(received, None, ())  # an earlier turn of the burst answered it
        pending = await self._unanswered(session, conversation.id, state.answered_through)
        combined = replace(
            inbound, text="\n".join(m.text for m in pending if m.text) or inbound.text
        )
        context = DialogContext(
            conversation_id=conversation.id,
            channel=inbound.channel,
            state=state.dump(),
            history=await self.conversations.history(session, conversation.id),
            inbound=combined,
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
        try:
            async with session.begin_nested():
                turn = await self.brain.take_turn(context, tools)
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
        state_after.answered_through = (
            max(m.seq for m in pending) if pending else received.message.seq
        )
        turn = replace(turn, state_updates=state_after.dump())
        replies = await self.conversations.apply_turn(session, conversation, turn, brain=brain)
        if replies:
            await analytics.bot_answered(
                session,
                conversation.id,
                channel=conversation.channel,
                asked_at=pending[0].created_at if pending else received.message.created_at,
                answered_at=replies[0].created_at,
                replies=len(replies),
            )
        logger.bind(
            conversation_id=str(conversation.id),
            stage=state_after.stage.value,
            brain=brain,
            replies=len(replies),
            context_used=len(turn.context_used),
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
        ).info("turn")
        return TurnResult(received, turn, replies)

    async def warm_up(self) -> None:
        """Load models and fit classifiers before the first customer waits for them."""
        warm = getattr(self.brain, "warm_up", None)
        if warm is None:
            return
        try:
            await warm()
        except Exception:  # the first turn will try again; serving must not wait on this
            logger.exception("dialog warm-up failed")

    async def _lock(self, session: AsyncSession, inbound: InboundMessage) -> None:
        # Transaction-scoped: released at commit, so `receive` and `respond` in separate
        # transactions each hold it only while they work.
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
            {"key": f"chat:{inbound.channel.value}:{inbound.external_chat_id}"},
        )

    async def _unanswered(
        self, session: AsyncSession, conversation_id: object, after: int
    ) -> list[Message]:
        result = await session.execute(
            select(Message)
            .where(
                Message.conversation_id == conversation_id,
                Message.author == Author.customer.value,
                Message.seq > after,
            )
            .order_by(Message.seq)
        )
        return list(result.scalars())
