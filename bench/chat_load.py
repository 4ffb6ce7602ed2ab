"""Website channel load benchmark (`make bench`): many concurrent visitors on the socket.

Target (issue 6): 1,000 concurrent website conversations on 2 cores with the offline brain,
no errors, reply latency p95 ≤ 300 ms server side; memory per connection reported.

The server runs in its own process (uvicorn, one worker, offline brain, the sample knowledge
base); this process plays the visitors with the real python-socketio client. Each visitor
connects, then writes a short funnel with a human pause between messages (the first
messages are spread over one pause, as arrivals on a site are). Server-side
latency comes from the server's own histogram (salesbot_chat_reply_seconds at /metrics);
the latency the visitors saw is reported beside it. Writes bench/results/web_load.json.

    python bench/web_load.py [--visitors 1000] [--pause 25 45] [--messages 4] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import bench_database  # noqa: E402

from salesbot.knowledge.ingestion import ingest_path  # noqa: E402
from salesbot.knowledge.service import KnowledgeService  # noqa: E402
from salesbot.settings import secret_value  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "web_load.json"
SCRIPT = [
    "Здравствуйте! Нужен бот для продаж на сайт",
    "у нас 30 менеджеров",
    "интеграция с амо и 1С",
    "облако",
    "99,5",
    "сколько длится внедрение?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "uvicorn", "salesbot.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--ws", "websockets-sansio",
        "--log-level", "warning", "--no-access-log", "--backlog", "4096",
        "--workers", str(workers),
    ]  # fmt: skip
    return subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT)


async def wait_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(600):
            if server.poll() is not None:
                raise SystemExit("the server stopped while starting")
            try:
                if (await client.get("/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("the server did not start in 60 s")


class VisitorRun:
    def __init__(self, base: str, token: str, messages: int, pause: tuple[float, float]) -> None:
        self.base, self.token, self.messages, self.pause = base, token, messages, pause
        self.client = socketio.AsyncClient(reconnection=False)
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self._answered = asyncio.Event()
        self.client.on("message", self._on_message, namespace="/chat")

    async def _on_message(self, data: dict[str, Any]) -> None:
        if data.get("author") == "bot":
            self._answered.set()

    async def connect(self) -> None:
        await self.client.connect(
            self.base,
            namespaces=["/chat"],
            auth={"token": self.token},
            transports=["websocket"],
            wait_timeout=60,
        )

    async def converse(self) -> None:
        for turn, text in enumerate(SCRIPT[: self.messages]):
            # Visitors arrive spread over one pause, as they do on a site, then each
            # reads the answer and types the next message.
            low, high = self.pause
            await asyncio.sleep(random.uniform(0 if turn == 0 else low, high))
            self._answered.clear()
            started = time.perf_counter()
            try:
                ack = await self.client.call(
                    "message", {"text": text}, namespace="/chat", timeout=30
                )
                if not ack.get("ok"):
                    self.errors.append(f"refused: {ack.get('error', {}).get('code')}")
                    continue
                await asyncio.wait_for(self._answered.wait(), 30)
                self.latencies.append(time.perf_counter() - started)
            except Exception as exc:  # a timeout or a dropped connection is an error
                self.errors.append(type(exc).__name__)

    async def close(self) -> None:
        await self.client.disconnect()
        await self.client.shutdown()


def histogram_quantile(metrics: str, name: str, q: float) -> tuple[float, int]:
    """(q-quantile, count) of a Prometheus histogram, interpolated within its bucket."""
    buckets = [
        (float("inf") if le == "+Inf" else float(le), float(value))
        for le, value in re.findall(rf'^{name}_bucket{{le="([^"]+)"}} (\S+)$', metrics, re.M)
    ]
    total = buckets[-1][1]
    rank, previous_le, previous_count = q * total, 0.0, 0.0
    for le, count in buckets:
        if count >= rank:
            if le == float("inf"):
                return previous_le, int(total)
            share = (rank - previous_count) / max(count - previous_count, 1e-9)
            return previous_le + (le - previous_le) * share, int(total)
        previous_le, previous_count = le, count
    return previous_le, int(total)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def server_rss(process: psutil.Process) -> int:
    """The server's resident memory: the process and its workers."""
    return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])


async def scrape(http: httpx.AsyncClient, workers: int) -> str:
    """/metrics of every worker: each answers for itself, so ask until all have answered."""
    pages: dict[str, str] = {}
    for _ in range(workers * 50):
        page = (await http.get("/metrics")).text
        pid = re.search(r"^process_start_time_seconds (\S+)$", page, re.M)
        pages[pid.group(1) if pid else str(len(pages))] = page
        if len(pages) >= workers:
            break
    return "\n".join(pages.values())


async def main(
    visitors: int, pause: tuple[float, float], messages: int, workers: int, redis_url: str
) -> dict[str, Any]:
    database, settings = bench_database("bench_web_load")
    await ingest_path(
        database, KnowledgeService(settings), ROOT / "knowledge_base",
        collection=settings.kb_collection, actor="bench",
    )  # fmt: skip
    await database.dispose()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "ENVIRONMENT": "test",
        "DATABASE_URL": settings.database_url or "",
        "SALESBOT_DATA_DIR": str(settings.salesbot_data_dir),
        "JWT_SECRET_KEY": secret_value(settings.jwt_secret_key) or "",
        "PII_ENCRYPTION_KEY": secret_value(settings.pii_encryption_key) or "",
        "PII_HASH_KEY": secret_value(settings.pii_hash_key) or "",
        "LLM_PROVIDER": "offline",
        "EMBEDDED_WORKER": "true",
        "LOG_LEVEL": "WARNING",
        "LOG_TO_FILE": "false",
        "DATABASE_POOL_SIZE": "20",
        # One machine plays every visitor from one address: the per-IP limits would stop it.
        "RATE_LIMIT_PER_MINUTE": "100000",
        "CHAT_MAX_MESSAGES_PER_DAY": "1000000",
        # Several workers share socket events (and limits) through Redis.
        "REDIS_URL": redis_url if workers > 1 else "",
        "EMBEDDER_THREADS": os.environ.get("EMBEDDER_THREADS", "1"),
    }
    server = start_server(port, env, workers)
    try:
        await wait_ready(base, server)
        process = psutil.Process(server.pid)
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            sessions = []
            for start in range(0, visitors, 100):
                batch = await asyncio.gather(
                    *(http.post("/api/v1/chat/sessions") for _ in range(min(100, visitors - start)))
                )
                sessions += [r.json() for r in batch]
            rss_before = server_rss(process)
            runs = [VisitorRun(base, s["token"], messages, pause) for s in sessions]
            connect_started = time.perf_counter()
            for start in range(0, visitors, 50):  # a ramp, as real traffic has
                await asyncio.gather(*(r.connect() for r in runs[start : start + 50]))
            connect_seconds = time.perf_counter() - connect_started
            await asyncio.sleep(2)
            rss_connected = server_rss(process)
            print(f"{visitors} visitors connected in {connect_seconds:.1f} s; conversing…")
            started = time.perf_counter()
            await asyncio.gather(*(r.converse() for r in runs))
            duration = time.perf_counter() - started
            rss_after = server_rss(process)
            metrics = await scrape(http, workers)
            await asyncio.gather(*(r.close() for r in runs))
    finally:
        server.terminate()
        server.wait(30)
    server_p95, answered = histogram_quantile(metrics, "salesbot_chat_reply_seconds", 0.95)
    server_p50, _ = histogram_quantile(metrics, "salesbot_chat_reply_seconds", 0.50)
    latencies = [x for r in runs for x in r.latencies]
    errors = [e for r in runs for e in r.errors]
    result = {
        "visitors": visitors,
        "server_workers": workers,
        "messages_per_visitor": messages,
        "pause_seconds": list(pause),
        "duration_s": round(duration, 1),
        "messages_answered": len(latencies),
        "messages_per_second": round(len(latencies) / duration, 1),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "server_reply_p50_ms": round(server_p50 * 1000, 1),
        "server_reply_p95_ms": round(server_p95 * 1000, 1),
        "server_replies_counted": answered,
        "client_reply_p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "client_reply_p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "server_rss_mb_before": round(rss_before / 2**20, 1),
        "server_rss_mb_connected": round(rss_connected / 2**20, 1),
        "server_rss_mb_after": round(rss_after / 2**20, 1),
        "memory_per_connection_kb": round((rss_connected - rss_before) / visitors / 1024, 1),
        "cpu_count": os.cpu_count(),
        "target": "no errors, server reply p95 <= 300 ms",
        "met": not errors and server_p95 <= 0.3,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    for key, value in result.items():
        print(f"{key:28} {value}")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--visitors", type=int, default=1000)
    # A visitor reads the answer and types the next message: ~35 s on average.
    parser.add_argument("--pause", type=float, nargs=2, default=(25.0, 45.0))
    parser.add_argument("--messages", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args()
    asyncio.run(main(args.visitors, tuple(args.pause), args.messages, args.workers, args.redis_url))
