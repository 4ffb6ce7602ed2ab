"""`salesbot worker` has no sockets: what its jobs store reaches visitors through Redis."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import httpx
import pytest

from salesbot.app import create_app
from salesbot.channels.web.realtime import Realtime
from salesbot.db.engine import Database
from salesbot.db.runtime import set_database
from tests.conftest import make_settings, redis_url_for_tests
from tests.web.conftest import live_server, new_session
from tests.web.test_chat_socket import Visitor

REDIS_URL = redis_url_for_tests()


@pytest.mark.skipif(REDIS_URL is None, reason="needs TEST_REDIS_URL (CI sets it when Redis runs)")
async def test_a_write_only_publisher_reaches_a_visitor_of_the_app(
    database_url: str, tmp_path: Path, clean_db: None, database: Database
) -> None:
    settings = make_settings(database_url, tmp_path, redis_url=REDIS_URL)
    publisher = Realtime(settings, write_only=True)  # what `salesbot worker` builds
    try:
        async with live_server(create_app(settings, configure_process=False)) as url:
            async with httpx.AsyncClient(base_url=url, timeout=30) as http:
                chat = await new_session(http)
            visitor = Visitor()
            try:
                await visitor.connect(url, chat["token"])
                payload = {"id": str(uuid.uuid4()), "author": "bot", "text": "Ответ из задачи"}
                await publisher.message(uuid.UUID(chat["session_id"]), payload)
                received = await visitor.wait_for("message", timeout=15)
            finally:
                await visitor.close()
    finally:
        await publisher.close()
        await asyncio.sleep(0)
        set_database(database)
    assert received[0]["text"] == "Ответ из задачи"
