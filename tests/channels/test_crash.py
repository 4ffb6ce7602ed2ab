"""Killing the server right after customers' messages are stored loses none of them: the
answer job deferred with each message answers it when the server is back, and a message
answered before the crash is not answered again."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from sqlalchemy import text

from salesbot.db.engine import Database
from salesbot.security.pii import KeyRing, configure_keyring
from salesbot.settings import Settings, use_settings
from tests.conftest import make_settings
from tests.processes import salesbot_process, server_environment
from tests.web.conftest import bound_socket

VISITORS = 24
HELLO = "Здравствуйте! Подскажите, что вы умеете?"


@asynccontextmanager
async def serve(settings: Settings, url: str, log: Path) -> AsyncIterator[subprocess.Popen[bytes]]:
    """`salesbot serve` with its job worker in process, as `make run` starts it."""
    env = server_environment(settings, url)
    env.update({"EMBEDDED_WORKER": "true", "ANSWER_BACKSTOP_SECONDS": "1"})
    port = url.rsplit(":", 1)[1]
    args = ["serve", "--host", "127.0.0.1", "--port", port]
    async with salesbot_process(
        args, env, log, cwd=settings.salesbot_data_dir, ready_url=url
    ) as process:
        yield process


async def counts(database: Database) -> tuple[int, int]:
    """(customer messages stored, of them answered by a turn)."""
    async with database.transaction() as session:
        row = (
            await session.execute(
                text(
                    "SELECT count(*), count(*) FILTER (WHERE m.seq <= "
                    "  coalesce((c.state ->> 'answered_through')::bigint, 0))"
                    " FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                    " WHERE m.author = 'customer'"
                )
            )
        ).one()
    return int(row[0]), int(row[1])


async def bot_replies_per_conversation(database: Database) -> dict[str, int]:
    async with database.transaction() as session:
        rows = await session.execute(
            text(
                "SELECT c.id::text, count(m.id) FILTER (WHERE m.author = 'bot')"
                " FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id"
                " WHERE EXISTS (SELECT 1 FROM messages x WHERE x.conversation_id = c.id"
                "   AND x.author = 'customer') GROUP BY c.id"
            )
        )
        return {conversation: int(replies) for conversation, replies in rows}


async def write_all(url: str) -> None:
    """Every visitor opens a chat and says hello, all at once (until the server dies)."""

    async def one(http: httpx.AsyncClient) -> None:
        started = (await http.post("/api/v1/chat/sessions")).json()
        await http.post(
            f"/api/v1/chat/sessions/{started['session_id']}/messages",
            json={"text": HELLO, "client_message_id": "first"},
            headers={"Authorization": f"Bearer {started['token']}"},
        )

    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        await asyncio.gather(*(one(http) for _ in range(VISITORS)), return_exceptions=True)


async def test_sigkill_after_the_store_every_message_is_answered_exactly_once(
    database_url: str, database: Database, clean_db: None, tmp_path: Path
) -> None:
    settings = make_settings(database_url, tmp_path)
    configure_keyring(KeyRing.from_settings(settings))
    use_settings(settings)
    sock, url = bound_socket()
    sock.close()
    log = tmp_path / "server.log"

    async with serve(settings, url, log) as first:
        writers = asyncio.create_task(write_all(url))
        deadline = time.monotonic() + 60
        while (await counts(database))[0] == 0:  # kill as soon as a message is stored
            assert time.monotonic() < deadline, "no message was stored"
            await asyncio.sleep(0.002)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        await writers
    stored, answered = await counts(database)
    assert stored > answered, "every message was answered before the kill: nothing was tested"

    async with serve(settings, url, log):
        deadline = time.monotonic() + 90
        while (now := await counts(database))[1] < now[0]:
            assert time.monotonic() < deadline, f"unanswered after restart: {now}"
            await asyncio.sleep(0.2)
        await asyncio.sleep(2)  # a second answer, if any were coming, would land by now
        replies = await bot_replies_per_conversation(database)

    assert len(replies) == stored
    # The same first message gets the same answer: one turn each, none twice, none missing.
    assert len(set(replies.values())) == 1 and next(iter(replies.values())) >= 1, replies
