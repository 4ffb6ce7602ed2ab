"""Dialog benchmark (`make bench`): offline-brain turn latency and scripted funnels.

Target (issue 14): offline brain turn, server side, p95 < 30 ms with the sample knowledge
base; every scripted funnel completed and every price in a reply equal to the pricing
engine's. As `salesbot serve` does at start-up, the brain is warmed up and the start-up heap
frozen first; one conversation then warms the connection pool and query caches unmeasured.
Writes bench/results/dialog.json.
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import bench_database, load_sample_knowledge  # noqa: E402

from salesbot.channels.registry import build_registry, use_registry  # noqa: E402
from salesbot.conversations.types import InboundMessage  # noqa: E402
from salesbot.db.engine import Database  # noqa: E402
from salesbot.dialog.brains import choose_brain  # noqa: E402
from salesbot.dialog.engine import DialogEngine  # noqa: E402
from salesbot.documents.service import DocumentService  # noqa: E402
from salesbot.knowledge.service import KnowledgeService  # noqa: E402
from salesbot.models import Channel  # noqa: E402
from salesbot.pricing.domain import Brief, Hosting, Sla, compute  # noqa: E402
from salesbot.pricing.serialization import format_roubles  # noqa: E402
from salesbot.pricing.service import PricingService  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "dialog.json"
TARGET_P95_MS = 30

# (messages, brief the pricing engine should price)
FUNNELS = [
    (
        [
            "Здравствуйте",
            "нужен бот для продаж на авито",
            "у нас 30 менеджеров",
            "амо, 1С, телеграм и авито",
            "облако",
            "99,5",
        ],
        Brief("ai-manager", 30, 4, Hosting.cloud, Sla.p995),
    ),
    (
        [
            "добрый день, интересует ИИ-Юрист",
            "юристов 8",
            "интеграции не нужны",
            "только на своих серверах",
            "99,9",
        ],
        Brief("ai-lawyer", 8, 0, Hosting.onprem, Sla.p999),
    ),
    (
        ["ИИ-Аналитик", "человек 120", "1с, битрикс и google sheets", "гибрид", "стандартный sla"],
        Brief("ai-analyst", 120, 3, Hosting.hybrid, Sla.standard),
    ),
    (
        [
            "привет",
            "ИИ-Менеджер",
            "нас 5",
            "без интеграций",
            "облако",
            "обычный sla",
            "а сколько стоит?",
            "не 5, а 60 пользователей",
        ],
        Brief("ai-manager", 60, 0, Hosting.cloud, Sla.standard),
    ),
]
QUESTIONS = [
    "сколько длится внедрение",
    "можно оплатить картой",
    "есть ли скидки",
    "а если ии ошибается",
    "как-то дороговато",
]


async def main() -> None:
    database, settings = bench_database("salesbot_bench_dialog")
    knowledge, pricing = KnowledgeService(settings), PricingService(settings)
    await load_sample_knowledge(database, settings)
    use_registry(build_registry(settings))  # the website's replies are delivered by the store
    engine = DialogEngine(
        settings,
        brain=choose_brain(settings),
        knowledge=knowledge,
        pricing=pricing,
        documents=DocumentService(settings, pricing),
    )
    await engine.warm_up()
    gc.collect()
    gc.freeze()
    await _converse(database, engine, f"warm-{uuid.uuid4().hex[:6]}", FUNNELS[0][0])
    latencies, completed, exact = [], 0, 0
    price_list = await _price_list(database, pricing)
    for round_ in range(5):
        for messages, brief in FUNNELS:
            chat = f"bench-{round_}-{uuid.uuid4().hex[:6]}"
            last = ""
            # the customer confirms the brief the assistant shows before the price
            for text in [*messages, "Всё верно", QUESTIONS[round_ % len(QUESTIONS)]]:
                async with database.transaction() as session:
                    started = time.perf_counter()
                    result = await engine.handle(session, InboundMessage(Channel.web, chat, text))
                    latencies.append(time.perf_counter() - started)
                reply = "\n".join(m.readable_text for m in result.replies)
                if "Готов расчёт" in reply:
                    last = reply
            expected = compute(price_list, brief, today=pricing.today())
            recommended = expected.package(expected.recommended) if expected.recommended else None
            completed += bool(last)
            exact += bool(recommended and format_roubles(recommended.total) in last)
    await database.dispose()
    ordered = sorted(latencies)
    results = {
        "turns": len(latencies),
        "turn_ms_p50": round(statistics.median(ordered) * 1000, 1),
        "turn_ms_p95": round(ordered[int(0.95 * len(ordered)) - 1] * 1000, 1),
        "funnels": len(FUNNELS) * 5,
        "funnels_completed": completed,
        "recommended_price_exact": exact,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("| measure | value | target |\n|---|---|---|")
    print(
        f"| offline turn p50 / p95, ms | {results['turn_ms_p50']} / {results['turn_ms_p95']}"
        f" | p95 < {TARGET_P95_MS} |"
    )
    print(f"| funnels completed | {completed} of {results['funnels']} | all |")
    print(f"| recommended price equal to the engine's | {exact} of {results['funnels']} | all |")


async def _converse(database: Database, engine: DialogEngine, chat: str, texts: list[str]) -> None:
    for text in [*texts, "Всё верно", *QUESTIONS]:
        async with database.transaction() as session:
            await engine.handle(session, InboundMessage(Channel.web, chat, text))


async def _price_list(database: Database, pricing: PricingService):  # type: ignore[no-untyped-def]
    async with database.transaction() as session:
        return await pricing.current(session)


if __name__ == "__main__":
    asyncio.run(main())
