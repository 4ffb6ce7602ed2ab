"""Avito webhook benchmark (`make bench`): how fast `salesbot serve` answers Avito's POST of
a new message (verify the secret path, store the event once in the webhook ledger, queue
its job, commit, 200). Avito gives up after 2 s; the target (issue 16) is p95 ≤ 50 ms.

The app is served by uvicorn on a loopback port with the worker off, so only the webhook is
measured; every request carries a new message in one of 50 chats, as a busy account's would.
Writes bench/results/avito_webhook.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from pydantic import SecretStr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import bench_database, summary  # noqa: E402

from salesbot.app import create_app  # noqa: E402
from salesbot.channels.avito.adapter import webhook_secret  # noqa: E402
from salesbot.settings import use_settings  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "avito_webhook.json"
TARGET_P95_MS = 50
ACCOUNT = 94235311


def _payload(number: int) -> dict[str, Any]:
    chat = f"u2i-bench{number % 50:03d}"
    created = int(time.time())
    return {
        "id": str(uuid.uuid4()),
        "version": "v3.0.0",
        "timestamp": created,
        "payload": {
            "type": "message",
            "value": {
                "id": uuid.uuid4().hex,
                "chat_id": chat,
                "user_id": ACCOUNT,
                "author_id": 55500000 + number % 50,
                "created": created,
                "type": "text",
                "chat_type": "u2i",
                "content": {"text": "Здравствуйте! Ещё актуально? Сколько стоит внедрение?"},
                "item_id": 1768287444,
                "published_at": "2026-12-07T06:00:00Z",
                "read": None,
            },
        },
    }


async def main(requests: int) -> dict[str, Any]:
    _, settings = bench_database("bench_avito_webhook")
    settings = settings.model_copy(
        update={
            "avito_client_id": "bench-client",
            "avito_client_secret": SecretStr("bench-secret"),
            "embedded_worker": False,
        }
    )
    use_settings(settings)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, configure_process=False),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn offers a flag, not an event)
        await asyncio.sleep(0.05)
    path = f"/api/v1/webhooks/avito/messages/{webhook_secret(settings)}"
    took: list[float] = []
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=2) as client:
        for number in range(requests + 50):  # the first 50 warm the pool, not counted
            started = time.perf_counter()
            response = await client.post(path, json=_payload(number))
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.text
            if number >= 50:
                took.append(elapsed)
    server.should_exit = True
    await serving
    result = {
        "webhook": {**summary(took), "target_p95_ms": TARGET_P95_MS},
        "avito_gives_up_after_ms": 2000,
        "cores": os.cpu_count(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=500)
    arguments = parser.parse_args()
    print(json.dumps(asyncio.run(main(arguments.requests)), indent=2))
