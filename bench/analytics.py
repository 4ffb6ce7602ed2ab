"""Analytics benchmark (`make bench`): the dashboard's numbers over a large history.

Target (issue 7): every analytics endpoint answers with p95 ≤ 200 ms over 100,000
conversations, for periods of 7, 30 and 90 days, for all channels and for one channel.

A fresh database on the embedded server gets the demo history (salesbot/analytics/demo.py:
conversations over the last 90 days with their messages, leads, documents, hand-offs and NPS
answers, and their analytics); then the ASGI app answers real HTTP requests (httpx, an
operator's token), each endpoint many times. Writes bench/results/analytics.json.

    python bench/analytics.py [--conversations 100000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import bench_database  # noqa: E402

from salesbot.analytics import demo  # noqa: E402
from salesbot.analytics.service import AnalyticsService  # noqa: E402
from salesbot.app import create_app  # noqa: E402
from salesbot.models import Role  # noqa: E402
from salesbot.users import service as users  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "analytics.json"
ENDPOINTS = {
    "summary": ("/api/v1/analytics/summary", {}),
    "daily": ("/api/v1/analytics/daily", {}),
    "export summary": ("/api/v1/analytics/export.csv", {"report": "summary"}),
    "export daily": ("/api/v1/analytics/export.csv", {"report": "daily"}),
    "export channels": ("/api/v1/analytics/export.csv", {"report": "channels"}),
}
PERIODS = (7, 30, 90)
PASSWORD = "bench-password"  # noqa: S105 (a throw-away database)
CHANNELS = (None, "telegram")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def main(conversations: int, repeat: int) -> None:
    database, settings = bench_database("salesbot_bench_analytics")
    settings = settings.model_copy(update={"embedded_worker": False})
    started = time.perf_counter()
    print(f"Loading {conversations:,} demo conversations…", flush=True)

    def progress(done: int, total: int) -> None:
        if done and (done % 20_000 == 0 or done == total):
            print(f"  {done:,} / {total:,}  {time.perf_counter() - started:.0f} s", flush=True)

    await demo.generate(
        database, settings, conversations=conversations, seed=7, on_progress=progress
    )
    load_s = time.perf_counter() - started
    async with database.engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text("VACUUM ANALYZE"))
        sizes = dict(
            (
                await autocommit.execute(
                    text(
                        "SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE relname IN"
                        " ('conversations', 'messages', 'analytics_events', 'conversation_facts',"
                        " 'conversation_days', 'leads')"
                    )
                )
            ).all()
        )
    async with database.transaction() as session:
        await users.create(session, email="bench@example.com", password=PASSWORD, role=Role.manager)

    app = create_app(settings, configure_process=False)
    results: dict[str, Any] = {
        "conversations": conversations,
        "rows": sizes,
        "load_seconds": round(load_s, 1),
        "repeat": repeat,
        "ms": {},
    }
    today = AnalyticsService(settings).today()
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            token = (
                await client.post(
                    "/api/v1/auth/token",
                    data={"username": "bench@example.com", "password": PASSWORD},
                )
            ).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            for name, (path, extra) in ENDPOINTS.items():
                for days in PERIODS:
                    for channel in CHANNELS:
                        params = {
                            **extra,
                            "from": (today - timedelta(days=days - 1)).isoformat(),
                            "to": today.isoformat(),
                            **({"channel": channel} if channel else {}),
                        }
                        times = []
                        for attempt in range(repeat + 3):
                            begun = time.perf_counter()
                            response = await client.get(path, params=params, headers=headers)
                            elapsed = (time.perf_counter() - begun) * 1000
                            assert response.status_code == 200, response.text
                            if attempt >= 3:  # the first calls warm caches and plans
                                times.append(elapsed)
                        key = f"{name} | {days} d | {channel or 'all'}"
                        results["ms"][key] = {
                            "p50": round(statistics.median(times), 1),
                            "p95": round(percentile(times, 0.95), 1),
                        }
                        print(f"  {key}: {results['ms'][key]}", flush=True)
            summary = (
                await client.get(
                    "/api/v1/analytics/summary",
                    params={
                        "from": (today - timedelta(days=89)).isoformat(),
                        "to": today.isoformat(),
                    },
                    headers=headers,
                )
            ).json()
    await database.dispose()
    results["summary_90_days"] = summary
    results["worst_p95_ms"] = max(v["p95"] for v in results["ms"].values())
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown(results))


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"{results['conversations']:,} conversations loaded in {results['load_seconds']} s; "
        f"rows: {results['rows']}",
        "",
        "| endpoint | period | channel | p50, ms | p95, ms |",
        "| --- | --- | --- | --- | --- |",
    ]
    for key, value in results["ms"].items():
        name, period, channel = key.split(" | ")
        lines.append(f"| {name} | {period} | {channel} | {value['p50']} | {value['p95']} |")
    lines.append(f"\nWorst p95: {results['worst_p95_ms']} ms (target ≤ 200 ms)")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(main(args.conversations, args.repeat))
