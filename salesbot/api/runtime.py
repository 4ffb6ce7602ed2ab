"""What a running app holds: settings, database, counters and guards (kept on app.state)."""

from __future__ import annotations

from dataclasses import dataclass

from salesbot.auth.service import LoginGuard
from salesbot.db.engine import Database
from salesbot.dialog.engine import DialogEngine
from salesbot.dialog.offline import OfflineBrain
from salesbot.documents.service import DocumentService
from salesbot.knowledge.service import KnowledgeService
from salesbot.pricing.service import PricingService
from salesbot.security.ratelimit import CounterStore, SlidingWindowLimiter
from salesbot.settings import Settings


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

    @classmethod
    def build(cls, settings: Settings, database: Database, counters: CounterStore) -> Runtime:
        pricing = PricingService(settings)
        knowledge = KnowledgeService(settings)
        documents = DocumentService(settings, pricing)
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
            dialog=DialogEngine(
                settings,
                brain=OfflineBrain(settings),
                knowledge=knowledge,
                pricing=pricing,
                documents=documents,
            ),
        )
