"""The composition root: every long-lived object of a running app, built once from settings
and handed to the layers that use them (routers read them from app.state)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic_ai import Agent

from salesbot.assistant.llm import CrmDeps, assistant_model, build_crm_agent
from salesbot.auth.service import LoginGuard
from salesbot.channels.attachments.service import AttachmentService
from salesbot.channels.registry import ChannelRegistry, build_registry, use_registry
from salesbot.channels.web.bridge import RealtimeBridge
from salesbot.channels.web.flow import ChatFlow
from salesbot.channels.web.inbox_feed import InboxFeed
from salesbot.channels.web.realtime import Realtime
from salesbot.channels.web.runtime import WebRuntime
from salesbot.channels.web.service import ChatService
from salesbot.db.engine import Database
from salesbot.dialog import tasks as dialog_tasks
from salesbot.dialog.brains import choose_brain
from salesbot.dialog.engine import DialogEngine
from salesbot.documents.service import DocumentService
from salesbot.knowledge.backend import knowledge_backend
from salesbot.knowledge.service import KnowledgeService
from salesbot.pricing.service import PricingService
from salesbot.security.ratelimit import CounterStore, SlidingWindowLimiter
from salesbot.settings import Settings


@dataclass(frozen=True)
class Services:
    """What routers take by name through `salesbot.api.deps.provided` (app.state.services)."""

    settings: Settings
    database: Database
    counters: CounterStore
    public_limiter: SlidingWindowLimiter
    signal_limiter: SlidingWindowLimiter
    login_guard: LoginGuard
    knowledge: KnowledgeService
    pricing: PricingService
    documents: DocumentService
    # The names people read of each channel, from its adapter (the one source of them).
    channel_labels: Mapping[str, str]
    # The assistant inside amoCRM's LLM agent; None: it reads requests by rules.
    crm_agent: Agent[CrmDeps, str] | None


@dataclass(frozen=True)
class Runtime:
    services: Services
    dialog: DialogEngine
    channels: ChannelRegistry
    web: WebRuntime

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @classmethod
    def build(
        cls, settings: Settings, database: Database, counters: CounterStore, realtime: Realtime
    ) -> Runtime:
        channels = build_registry(settings)
        pricing = PricingService(settings)
        knowledge = KnowledgeService(settings)
        documents = DocumentService(settings, pricing)
        services = Services(
            settings=settings,
            database=database,
            counters=counters,
            public_limiter=SlidingWindowLimiter(
                counters, limit=settings.rate_limit_per_minute, window=60, name="rl:public"
            ),
            # Typing and read signals: frequent by nature, so a roomier limit of their own.
            signal_limiter=SlidingWindowLimiter(
                counters, limit=settings.rate_limit_per_minute * 4, window=60, name="rl:signals"
            ),
            login_guard=LoginGuard(counters, settings),
            knowledge=knowledge,
            pricing=pricing,
            documents=documents,
            channel_labels=channels.labels(),
            crm_agent=build_crm_agent(model) if (model := assistant_model(settings)) else None,
        )
        dialog = DialogEngine(
            settings,
            brain=choose_brain(settings),
            # the dashboard's knowledge pages keep our own index; answers may come from elsewhere
            knowledge=knowledge_backend(settings, own=knowledge),
            pricing=pricing,
            documents=documents,
        )
        attachments = AttachmentService(settings)
        chat = ChatService(settings, counters, attachments)
        web = WebRuntime(
            settings=settings,
            database=database,
            public_limiter=services.public_limiter,
            signal_limiter=services.signal_limiter,
            attachments=attachments,
            chat=chat,
            realtime=realtime,
            chat_flow=ChatFlow(database, chat, dialog, realtime),
            inbox_feed=InboxFeed(database, realtime),
        )
        return cls(services=services, dialog=dialog, channels=channels, web=web)

    def start(self) -> None:
        """Hand the process-wide pieces to the jobs and the transaction hooks."""
        use_registry(self.channels)
        dialog_tasks.use_engine(self.dialog)
        self.services.database.listeners.append(
            RealtimeBridge(self.web.realtime, self.web.chat, self.web.inbox_feed)
        )

    def stop(self) -> None:
        self.services.database.listeners.clear()
        dialog_tasks.use_engine(None)
        use_registry(None)
