"""What a running app holds: settings, database, counters and guards (kept on app.state)."""

from __future__ import annotations

from dataclasses import dataclass

from salesbot.attachments.service import AttachmentService
from salesbot.auth.service import LoginGuard
from salesbot.chat.service import ChatService
from salesbot.conversations.types import Brain
from salesbot.db.engine import Database
from salesbot.dialog.engine import DialogEngine
from salesbot.dialog.llm import LLMBrain
from salesbot.dialog.offline import OfflineBrain
from salesbot.documents.service import DocumentService
from salesbot.integrations.llm import build_model
from salesbot.knowledge.service import KnowledgeService
from salesbot.pricing.service import PricingService
from salesbot.security.ratelimit import CounterStore, SlidingWindowLimiter
from salesbot.settings import LLMProvider, Settings
from salesbot.web.flow import ChatFlow
from salesbot.web.realtime import Realtime


def choose_brain(settings: Settings) -> Brain:
    """The LLM brain when a provider is configured (with the offline brain as its last
    resort), otherwise the offline brain."""
    offline = OfflineBrain(settings)
    if settings.llm_provider is LLMProvider.offline:
        return offline
    model = build_model(settings)
    return LLMBrain(settings, model, offline) if model is not None else offline


@dataclass
class Runtime:
    settings: Settings
    database: Database
    counters: CounterStore
    public_limiter: SlidingWindowLimiter
    login_guard: LoginGuard
    knowledge: KnowledgeService
    pricing: PricingService
    documents: DocumentService
    dialog: DialogEngine
    attachments: AttachmentService
    chat: ChatService
    realtime: Realtime
    chat_flow: ChatFlow
    signal_limiter: SlidingWindowLimiter

    @classmethod
    def build(
        cls, settings: Settings, database: Database, counters: CounterStore, realtime: Realtime
    ) -> Runtime:
        pricing = PricingService(settings)
        knowledge = KnowledgeService(settings)
        documents = DocumentService(settings, pricing)
        attachments = AttachmentService(settings)
        chat = ChatService(settings, counters, attachments)
        dialog = DialogEngine(
            settings,
            brain=choose_brain(settings),
            knowledge=knowledge,
            pricing=pricing,
            documents=documents,
        )
        return cls(
            settings=settings,
            database=database,
            counters=counters,
            public_limiter=SlidingWindowLimiter(
                counters, limit=settings.rate_limit_per_minute, window=60, name="rl:public"
            ),
            login_guard=LoginGuard(counters, settings),
            knowledge=knowledge,
            pricing=pricing,
            documents=documents,
            dialog=dialog,
            attachments=attachments,
            chat=chat,
            realtime=realtime,
            chat_flow=ChatFlow(database, chat, dialog, realtime),
            # Typing and read signals: frequent by nature, so a roomier limit of their own.
            signal_limiter=SlidingWindowLimiter(
                counters, limit=settings.rate_limit_per_minute * 4, window=60, name="rl:signals"
            ),
        )
