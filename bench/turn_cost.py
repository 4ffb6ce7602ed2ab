"""What one chat turn costs the server (`make bench`): CPU, SQL statements, transactions.

In one process, without a network: the app (offline brain, the sample knowledge base)
behind httpx's ASGI transport; customers write the same short funnel through the HTTP chat
API one after another. CPU is the process's own time (user + system) per reply; statements
and transactions are counted by SQLAlchemy event hooks on the app's engine. The first
conversations warm caches unmeasured. Writes bench/results/turn_cost.json.

    python bench/turn_cost.py [--conversations 100] [--warm 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import bench_database, load_sample_knowledge  # noqa: E402

from salesbot.app import create_app  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "turn_cost.json"
SCRIPT = [
    "Здравствуйте! Нужен бот для продаж на сайт",
    "у нас 30 менеджеров",
    "интеграция с амо и 1С",
    "облако",
]


class SqlCounter:
    """Statements (each a round trip) and transactions of an engine, by SQL's first words."""

    def __init__(self) -> None:
        self.statements = 0
        self.transactions = 0
        self.kinds: Counter[str] = Counter()

    def attach(self, engine: Any) -> None:
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "begin", self._begin)

    def _statement(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements += 1
        self.kinds[" ".join(statement.split()[:3])[:60]] += 1

    def _begin(self, conn: Any) -> None:
        self.transactions += 1


async def converse(http: httpx.AsyncClient) -> int:
    session = (await http.post("/api/v1/chat/sessions")).json()
    headers = {"Authorization": f"Bearer {session['token']}"}
    replies = 0
    for text in SCRIPT:
        response = await http.post(
            f"/api/v1/chat/sessions/{session['session_id']}/messages",
            json={"text": text},
            headers=headers,
        )
        response.raise_for_status()
        replies += 1 if response.json()["replies"] else 0
    return replies


async def main(conversations: int, warm: int) -> dict[str, Any]:
    database, settings = bench_database("bench_turn_cost")
    await load_sample_knowledge(database, settings)
    await database.dispose()
    settings = settings.model_copy(
        update={
            "llm_provider": "offline",
            "log_level": "WARNING",
            "log_to_file": False,
            "rate_limit_per_minute": 1_000_000,
            "chat_max_messages_per_day": 1_000_000,
            "embedded_worker": False,
        }
    )
    app = create_app(settings)
    counter = SqlCounter()
    async with app.router.lifespan_context(app):
        counter.attach(app.state.services.database.engine.sync_engine)
        await app.state.runtime.dialog.warm_up()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            for _ in range(warm):
                await converse(http)
            counter.__init__()  # type: ignore[misc]
            cpu, wall = time.process_time(), time.perf_counter()
            replies = 0
            for _ in range(conversations):
                replies += await converse(http)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    turns = conversations * len(SCRIPT)
    result = {
        "turns": turns,
        "replies": replies,
        "cpu_ms_per_turn": round(cpu * 1000 / turns, 2),
        "wall_ms_per_turn": round(wall * 1000 / turns, 2),
        "sql_statements_per_turn": round(counter.statements / turns, 2),
        "transactions_per_turn": round(counter.transactions / turns, 2),
        "statements_by_kind": {k: round(v / turns, 2) for k, v in counter.kinds.most_common(30)},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=100)
    parser.add_argument("--warm", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(main(args.conversations, args.warm))
