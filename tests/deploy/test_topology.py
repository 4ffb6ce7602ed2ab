"""The production topology without Docker (deploy/docker-compose.yml's shape): two
`salesbot serve` processes and one `salesbot worker` on loopback, sharing one database and
one Redis. A customer's chat moves between the instances as a load balancer would move it,
the rate limit counts across both, and the jobs the apps defer are run by the worker."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from salesbot.db.engine import Database
from tests.conftest import make_settings, redis_url_for_tests
from tests.processes import salesbot_process, server_environment
from tests.web.conftest import bound_socket

SHARED_REDIS = redis_url_for_tests()
# Its own Redis database: other tests count requests from 127.0.0.1 in the shared one at
# the same time, and the rate limit's count here must be this test's alone.
REDIS_URL = SHARED_REDIS.rsplit("/", 1)[0] + "/12" if SHARED_REDIS else None
LIMIT = 10  # RATE_LIMIT_PER_MINUTE of both instances
SPENT = 6  # public requests before the limit is put to the test


async def _jobs(database: Database, task: str) -> dict[str, int]:
    async with database.transaction() as session:
        rows = await session.execute(
            text(
                "SELECT status::text, count(*) FROM procrastinate_jobs"
                " WHERE task_name = :task GROUP BY status"
            ),
            {"task": task},
        )
    return {status: int(count) for status, count in rows}


@pytest.mark.skipif(REDIS_URL is None, reason="needs TEST_REDIS_URL (CI sets it when Redis runs)")
async def test_two_apps_and_a_worker_share_one_database_and_redis(
    database_url: str, tmp_path: Path, clean_db: None, database: Database
) -> None:
    assert REDIS_URL is not None
    settings = make_settings(database_url, tmp_path, redis_url=REDIS_URL)
    sockets = [bound_socket() for _ in range(2)]  # both held open: two different free ports
    urls = [url for _, url in sockets]
    for sock, _ in sockets:
        sock.close()
    env = server_environment(settings, urls[0])
    env.update(
        {
            "REDIS_URL": REDIS_URL,
            "RATE_LIMIT_PER_MINUTE": str(LIMIT),
            "WORKER_POLL_SECONDS": "0.2",
            "TEAM_ALERTS_OFF_HOURS": "send",
        }
    )
    async with AsyncExitStack() as stack:
        for number, url in enumerate(urls, 1):
            port = url.rsplit(":", 1)[1]
            await stack.enter_async_context(
                salesbot_process(
                    ["serve", "--host", "127.0.0.1", "--port", port],
                    env,
                    tmp_path / f"app{number}.log",
                    ready_url=url,
                )
            )
        await stack.enter_async_context(salesbot_process(["worker"], env, tmp_path / "worker.log"))
        first = await stack.enter_async_context(httpx.AsyncClient(base_url=urls[0], timeout=30))
        second = await stack.enter_async_context(httpx.AsyncClient(base_url=urls[1], timeout=30))

        # one chat, its messages sent to either instance in turn
        started = (await first.post("/api/v1/chat/sessions")).json()
        auth = {"Authorization": f"Bearer {started['token']}"}
        chat = f"/api/v1/chat/sessions/{started['session_id']}/messages"
        said = ["Здравствуйте, нужен бот для продаж", "у нас 12 менеджеров", "облако"]
        for http, line in zip((second, first, second), said, strict=True):
            response = await http.post(chat, json={"text": line}, headers=auth)
            assert response.status_code == 200, response.text
            assert response.json()["replies"], line
        history = (await first.get(chat, headers=auth)).json()
        assert [m["text"] for m in history if m["author"] == "customer"] == said

        # the contact form's lead defers a job for the team: the worker runs it
        form = await second.post(
            "/api/v1/leads/contact-form",
            json={"name": "Ольга", "phone": "+7 903 111-22-33", "consent": True},
        )
        assert form.status_code == 201, form.text
        for _ in range(300):
            jobs = await _jobs(database, "channels.notify_team")
            if jobs and set(jobs) == {"succeeded"}:
                break
            await asyncio.sleep(0.1)
        # the lead alerts of the chat and of the form, all run by the worker, none left
        assert set(jobs) == {"succeeded"} and jobs["succeeded"] >= 1, jobs

        # the public limit counts across both instances: SPENT requests went above
        statuses = [
            (await http.post("/api/v1/chat/sessions")).status_code
            for http in (first, second) * LIMIT
        ]
        assert statuses == [201] * (LIMIT - SPENT) + [429] * (LIMIT + SPENT), statuses
