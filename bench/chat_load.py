"""The chat load benchmark (`make bench`): N customers writing to the website chat at once.

One load model for the HTTP chat API and the socket. Each customer opens a chat, sends
4 messages, waits for each answer, and thinks 3–6 s before the next; the first messages
are spread over one think time, as arrivals on a site are. The server runs in its own
process (uvicorn, offline brain, the sample knowledge base, the job worker in process, as
`make run`); this process plays the customers, on the same machine.

Reported: replies/s, the customers' reply latency p50/p95/p99, errors, the server's CPU
per reply (its processes' user + system time over the run), SQL statements and
transactions per turn (the server's own counters, `salesbot_sql_*_total`, counted by
SQLAlchemy event hooks), the server's latency histogram, and memory per idle connection
(socket). Writes bench/results/chat_load_<transport>.json.

    python bench/chat_load.py [--transport socket|http] [--customers 1000] [--think 3 6]
                              [--messages 4] [--workers 1] [--tree PATH]

`--tree` serves the code of another checkout (a worktree of an older commit), so a change
is measured before and after on the same machine in one sitting.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import psutil
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import bench_database, load_sample_knowledge, percentile  # noqa: E402

from salesbot.settings import secret_value  # noqa: E402
from tests.processes import wait_ready  # noqa: E402

RESULTS = ROOT / "bench" / "results"
# Each step of the funnel as different customers put it, so that no two conversations are
# word for word alike (the brain's caches would flatter a load of identical messages).
SCRIPT = [
    [
        "Здравствуйте! Нужен бот для продаж на сайт",
        "Добрый день, хотим ИИ-менеджера для отдела продаж",
        "привет, интересует чат-бот, который будет продавать",
        "Здравствуйте, подскажите по боту для заявок с сайта",
    ],
    [
        "у нас {n} менеджеров",
        "в отделе продаж {n} человек",
        "{n} сотрудников будут работать",
        "менеджеров примерно {n}",
    ],
    [
        "интеграция с амо и 1С",
        "нужны amoCRM и телеграм",
        "подключить битрикс24, 1С и авито",
        "только амо",
    ],
    ["облако", "в облаке", "лучше на наших серверах", "облачный вариант"],
    ["99,5", "99.9", "стандартный SLA", "99,5%"],
    ["сколько длится внедрение?", "а по срокам как?", "когда сможете запустить?"],
]
TARGETS = {"replies_per_second": 150, "p95_ms": 300, "kb_per_idle_connection": 40}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    port: int, env: dict[str, str], workers: int, tree: Path
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "uvicorn", "salesbot.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--ws", "websockets-sansio",
        "--log-level", "warning", "--no-access-log", "--backlog", "4096",
        "--workers", str(workers),
    ]  # fmt: skip
    env = {**os.environ, **env, "PYTHONPATH": str(tree)}
    return subprocess.Popen(command, env=env, cwd=tree)


class Customer:
    """One customer: a chat, a few messages, a think time between them."""

    def __init__(self, session: dict[str, str], messages: int, think: tuple[float, float]):
        self.session_id, self.token = session["session_id"], session["token"]
        self.messages, self.think = messages, think
        self.latencies: list[float] = []
        self.errors: list[str] = []

    async def converse(self) -> None:
        low, high = self.think
        for turn, ways in enumerate(SCRIPT[: self.messages]):
            text = random.choice(ways).format(n=random.randint(3, 120))
            await asyncio.sleep(random.uniform(0 if turn == 0 else low, high))
            started = time.perf_counter()
            try:
                await self.send(text)
                self.latencies.append(time.perf_counter() - started)
            except Exception as exc:  # a refusal, a timeout or a dropped connection
                self.errors.append(str(exc)[:80] or type(exc).__name__)

    async def send(self, text: str) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        return None


class HttpCustomer(Customer):
    def __init__(self, http: aiohttp.ClientSession, *args: Any) -> None:
        super().__init__(*args)
        self.http = http

    async def send(self, text: str) -> None:
        async with self.http.post(
            f"/api/v1/chat/sessions/{self.session_id}/messages",
            json={"text": text, "client_message_id": uuid.uuid4().hex},
            headers={"Authorization": f"Bearer {self.token}"},
        ) as response:
            body = await response.json()
            if response.status != 200 or not body.get("replies"):
                raise RuntimeError(f"HTTP {response.status}: {body.get('error', {}).get('code')}")


class SocketCustomer(Customer):
    def __init__(self, base: str, *args: Any) -> None:
        super().__init__(*args)
        self.base = base
        self.client = socketio.AsyncClient(reconnection=False)
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

    async def send(self, text: str) -> None:
        self._answered.clear()
        event = {"text": text, "client_message_id": uuid.uuid4().hex}  # as the widget sends
        ack = await self.client.call("message", event, namespace="/chat", timeout=30)
        if not ack.get("ok"):
            raise RuntimeError(f"refused: {ack.get('error', {}).get('code')}")
        await asyncio.wait_for(self._answered.wait(), 30)

    async def close(self) -> None:
        await self.client.disconnect()
        await self.client.shutdown()


def metric(page: str, name: str) -> float:
    found = re.search(rf"^{name} (\S+)$", page, re.M)
    return float(found.group(1)) if found else float("nan")


def histogram_quantile(pages: list[str], name: str, q: float) -> float:
    """The q-quantile of a Prometheus histogram summed over the workers' pages."""
    counts: dict[float, float] = {}
    for page in pages:
        for le, value in re.findall(rf'^{name}_bucket{{le="([^"]+)"}} (\S+)$', page, re.M):
            bound = float("inf") if le == "+Inf" else float(le)
            counts[bound] = counts.get(bound, 0.0) + float(value)
    buckets = sorted(counts.items())
    if not buckets or buckets[-1][1] == 0:
        return float("nan")
    rank, previous_le, previous_count = q * buckets[-1][1], 0.0, 0.0
    for le, count in buckets:
        if count >= rank:
            if le == float("inf"):
                return previous_le
            share = (rank - previous_count) / max(count - previous_count, 1e-9)
            return previous_le + (le - previous_le) * share
        previous_le, previous_count = le, count
    return previous_le


async def scrape(base: str, workers: int) -> list[str]:
    """/metrics of every worker: each answers for itself, so ask until all have answered."""
    pages: dict[str, str] = {}
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        for _ in range(workers * 50):
            page = (await http.get("/metrics")).text
            pid = re.search(r"^process_start_time_seconds (\S+)$", page, re.M)
            pages[pid.group(1) if pid else str(len(pages))] = page
            if len(pages) >= workers:
                break
    return list(pages.values())


def totals(pages: list[str]) -> dict[str, float]:
    return {
        key: sum(metric(page, name) for page in pages)
        for key, name in (
            ("statements", "salesbot_sql_statements_total"),
            ("transactions", "salesbot_sql_transactions_total"),
            ("replies", "salesbot_chat_reply_seconds_count"),
        )
    }


def server_processes(server: subprocess.Popen[bytes]) -> list[psutil.Process]:
    root = psutil.Process(server.pid)
    return [root, *root.children(recursive=True)]


def cpu_seconds(processes: list[psutil.Process]) -> float:
    used = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        used += times.user + times.system
    return used


def cpu_seconds_of(name: str) -> float:
    """CPU of every process called `name` on the machine ("postgres": the embedded server's
    backends come and go with the pool's connections, so they are looked up each time)."""
    used = 0.0
    for process in psutil.process_iter(["name", "cpu_times"]):
        if process.info["name"] == name and process.info["cpu_times"] is not None:
            used += process.info["cpu_times"].user + process.info["cpu_times"].system
    return used


def connections_per_process(processes: list[psutil.Process], port: int) -> list[int]:
    """Established connections each server process holds (how the kernel spread them)."""
    counts = []
    for process in processes:
        try:
            held = process.net_connections(kind="tcp")
        except psutil.Error:
            continue
        mine = [c for c in held if c.laddr and c.laddr.port == port and c.status == "ESTABLISHED"]
        if mine:
            counts.append(len(mine))
    return counts


def rss(processes: list[psutil.Process]) -> int:
    return sum(p.memory_info().rss for p in processes if p.is_running())


def start_profiler(path: Path | None, pid: int, form: str) -> subprocess.Popen[bytes] | None:
    """py-spy sampling the server while the customers write (one server process)."""
    if path is None:
        return None
    py_spy = Path(sys.executable).with_name("py-spy")
    command = [str(py_spy), "record", "--pid", str(pid), "--rate", "100", "--nonblocking"]
    command += ["--format", form]
    return subprocess.Popen([*command, "--output", str(path)], stdout=subprocess.DEVNULL)


def stop_profiler(profiler: subprocess.Popen[bytes] | None) -> None:
    if profiler is not None:
        profiler.send_signal(signal.SIGINT)  # py-spy writes its file on Ctrl+C
        profiler.wait(60)


async def open_sessions(base: str, count: int) -> list[dict[str, str]]:
    sessions: list[dict[str, str]] = []
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        for start in range(0, count, 100):
            batch = await asyncio.gather(
                *(http.post("/api/v1/chat/sessions") for _ in range(min(100, count - start)))
            )
            sessions += [r.json() for r in batch]
    return sessions


MIGRATIONS = Path("salesbot/db/migrations/versions")


def same_schema(tree: Path) -> None:
    """The database is made with this checkout's migrations: a tree whose migrations differ
    would serve a schema it does not know. Refuse, and say what works instead."""
    ours = {p.name for p in (ROOT / MIGRATIONS).glob("*.py")}
    theirs = {p.name for p in (tree / MIGRATIONS).glob("*.py")}
    if ours != theirs:
        differ = ", ".join(sorted(ours ^ theirs)) or "?"
        raise SystemExit(
            f"{tree} has other migrations than this checkout ({differ}), so it cannot serve the"
            " database this benchmark makes. Run the benchmark of that tree from inside it:\n"
            f"  cd {tree} && PYTHONPATH={tree} {sys.executable} bench/chat_load.py ..."
        )


async def run(args: argparse.Namespace) -> dict[str, Any]:
    same_schema(args.tree.resolve())
    database, settings = bench_database("bench_chat_load")
    await load_sample_knowledge(database, settings)
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
        # One machine plays every customer from one address: the per-IP limits would stop it.
        "RATE_LIMIT_PER_MINUTE": "100000",
        "CHAT_MAX_MESSAGES_PER_DAY": "1000000",
        # Several workers share socket events, limits and locks through Redis.
        "REDIS_URL": args.redis_url if args.workers > 1 else "",
        "EMBEDDER_THREADS": os.environ.get("EMBEDDER_THREADS", "1"),
    }
    server = start_server(port, env, args.workers, args.tree)
    generator = psutil.Process()
    try:
        await wait_ready(base, server)
        await asyncio.sleep(3)  # the workers warm up the brain after /health answers
        processes = server_processes(server)
        sessions = await open_sessions(base, args.customers)
        rss_before = rss(processes)
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(base, connector=connector) as http:
            customers: list[Customer]
            if args.transport == "http":
                customers = [HttpCustomer(http, s, args.messages, args.think) for s in sessions]
            else:
                sockets = [SocketCustomer(base, s, args.messages, args.think) for s in sessions]
                for start in range(0, len(sockets), 50):  # a ramp, as real traffic has
                    await asyncio.gather(*(c.connect() for c in sockets[start : start + 50]))
                customers = list(sockets)
            await asyncio.sleep(2)
            rss_connected = rss(processes)
            spread = connections_per_process(processes, port)
            before = totals(await scrape(base, args.workers))
            cpu_before, generator_before = cpu_seconds(processes), cpu_seconds([generator])
            database_before = cpu_seconds_of("postgres")
            redis_before = cpu_seconds_of("redis-server")
            print(f"{args.customers} customers ({args.transport}) conversing…", flush=True)
            profiler = start_profiler(args.profile, server.pid, args.profile_format)
            started = time.perf_counter()
            await asyncio.gather(*(c.converse() for c in customers))
            duration = time.perf_counter() - started
            stop_profiler(profiler)
            cpu_used = cpu_seconds(processes) - cpu_before
            generator_used = cpu_seconds([generator]) - generator_before
            database_used = cpu_seconds_of("postgres") - database_before
            redis_used = cpu_seconds_of("redis-server") - redis_before
            pages = await scrape(base, args.workers)
            after = totals(pages)
            await asyncio.gather(*(c.close() for c in customers))
    finally:
        server.terminate()
        server.wait(30)
    latencies = [x for c in customers for x in c.latencies]
    errors = [e for c in customers for e in c.errors]
    turns = after["replies"] - before["replies"]
    replies_per_second = len(latencies) / duration
    p95_ms = percentile(latencies, 0.95) * 1000 if latencies else float("nan")
    idle_kb = (rss_connected - rss_before) / args.customers / 1024
    result = {
        "transport": args.transport,
        "customers": args.customers,
        "server_workers": args.workers,
        "messages_per_customer": args.messages,
        "think_seconds": list(args.think),
        "duration_s": round(duration, 1),
        "replies": len(latencies),
        "replies_per_second": round(replies_per_second, 1),
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:10],
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1) if latencies else None,
        "p95_ms": round(p95_ms, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1) if latencies else None,
        "server_p50_ms": round(histogram_quantile(pages, "salesbot_chat_reply_seconds", 0.5) * 1000, 1),
        "server_p95_ms": round(histogram_quantile(pages, "salesbot_chat_reply_seconds", 0.95) * 1000, 1),
        "server_cpu_ms_per_reply": round(cpu_used * 1000 / max(len(latencies), 1), 2),
        "database_cpu_ms_per_reply": round(database_used * 1000 / max(len(latencies), 1), 2),
        "redis_cpu_ms_per_reply": round(redis_used * 1000 / max(len(latencies), 1), 2),
        "load_generator_cpu_ms_per_reply": round(generator_used * 1000 / max(len(latencies), 1), 2),
        "sql_statements_per_turn": round((after["statements"] - before["statements"]) / max(turns, 1), 2),
        "sql_transactions_per_turn": round((after["transactions"] - before["transactions"]) / max(turns, 1), 2),
        "connections_per_process": spread,
        "server_rss_mb_idle_connected": round(rss_connected / 2**20, 1),
        "kb_per_idle_connection": round(idle_kb, 1) if args.transport == "socket" else None,
        "cpu_count": os.cpu_count(),
        "targets": TARGETS,
        "met": {
            "replies_per_second": replies_per_second >= TARGETS["replies_per_second"],
            "p95_ms_and_no_errors": not errors and p95_ms <= TARGETS["p95_ms"],
            "kb_per_idle_connection": (
                idle_kb <= TARGETS["kb_per_idle_connection"] if args.transport == "socket" else None
            ),
        },
    }  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"chat_load_{args.transport}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    )
    for key, value in result.items():
        print(f"{key:34} {value}")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--transport", choices=("socket", "http"), default="socket")
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--think", type=float, nargs=2, default=(3.0, 6.0))
    parser.add_argument("--messages", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose server runs")
    parser.add_argument("--profile", type=Path, help="py-spy's record of the server, to this file")
    parser.add_argument("--profile-format", default="flamegraph", choices=("flamegraph", "raw"))
    asyncio.run(run(parser.parse_args()))
