"""Two app instances share socket events through real Redis (AsyncRedisManager)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from salesbot.app import create_app
from salesbot.db.engine import Database
from salesbot.db.runtime import set_database
from tests.conftest import create_user, login, make_settings, redis_url_for_tests
from tests.web.conftest import live_server, new_session
from tests.web.test_chat_socket import Visitor

REDIS_URL = redis_url_for_tests()


@pytest.mark.skipif(REDIS_URL is None, reason="needs TEST_REDIS_URL (CI sets it when Redis runs)")
async def test_a_manager_on_one_instance_reaches_a_visitor_on_the_other(
    database_url: str, tmp_path: Path, clean_db: None, database: Database
) -> None:
    settings = make_settings(database_url, tmp_path, redis_url=REDIS_URL)
    async with (
        live_server(create_app(settings, configure_process=False)) as first,
        live_server(create_app(settings, configure_process=False)) as second,
    ):
        async with httpx.AsyncClient(base_url=first, timeout=30) as http:
            chat = await new_session(http)
            visitor = Visitor()
            try:
                await visitor.connect(second, chat["token"])  # connected to the second instance
                email, password = await create_user(database)
                token = await login(http, email, password)
                response = await http.post(  # the manager works on the first
                    f"/api/v1/conversations/{chat['session_id']}/messages",
                    json={"text": "Здравствуйте, это менеджер."},
                    headers={"Authorization": f"Bearer {token}"},
                )
                assert response.status_code == 201, response.text
                messages = await visitor.wait_for("message", timeout=15)
                joined = await visitor.wait_for("manager", timeout=15)
            finally:
                await visitor.close()
        await asyncio.sleep(0)
    set_database(database)
    assert messages[0]["author"] == "manager"
    assert messages[0]["text"] == "Здравствуйте, это менеджер."
    assert joined[0]["event"] == "joined"
