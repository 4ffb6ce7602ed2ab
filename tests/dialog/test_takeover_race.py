"""A manager's take-over and a customer's message at the same moment: the turn and the
take-over take the same row lock, so the bot never speaks once a manager owns the chat."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from salesbot.db.engine import Database
from salesbot.security.pii import KeyRing, configure_keyring
from salesbot.settings import Settings, use_settings
from tests.conftest import make_settings

RACES = 200


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """One test client opens 200 chats: the per-address limits would stop it."""
    roomy = make_settings(
        database_url,
        tmp_path,
        rate_limit_per_minute=100_000,
        chat_max_messages_per_day=1_000_000,
    )
    configure_keyring(KeyRing.from_settings(roomy))
    use_settings(roomy)
    return roomy


async def open_chat(client: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    body = (await client.post("/api/v1/chat/sessions")).json()
    return body["session_id"], {"Authorization": f"Bearer {body['token']}"}


async def test_no_bot_message_after_a_takeover_in_200_races(
    client: httpx.AsyncClient, admin_headers: dict[str, str], database: Database
) -> None:
    warm_id, warm = await open_chat(client)  # the intent model is fitted before the races
    await client.post(
        f"/api/v1/chat/sessions/{warm_id}/messages", json={"text": "Привет"}, headers=warm
    )

    async def race(n: int) -> None:
        chat_id, headers = await open_chat(client)
        customer = client.post(
            f"/api/v1/chat/sessions/{chat_id}/messages",
            json={"text": "Нужен бот для продаж, у нас 30 менеджеров"},
            headers=headers,
        )
        manager = (
            client.post(f"/api/v1/conversations/{chat_id}/takeover", headers=admin_headers)
            if n % 2
            else client.post(
                f"/api/v1/conversations/{chat_id}/messages",
                json={"text": "Здравствуйте, я менеджер"},
                headers=admin_headers,
            )
        )
        replies = await asyncio.gather(customer, manager)
        assert all(r.status_code < 300 for r in replies), [r.text for r in replies]

    for start in range(0, RACES, 20):
        await asyncio.gather(*(race(n) for n in range(start, start + 20)))

    async with database.transaction() as session:
        late = await session.scalar(
            text(
                "SELECT count(*) FROM messages m JOIN conversation_events e"
                " ON e.conversation_id = m.conversation_id AND e.kind = 'takeover'"
                " WHERE m.author = 'bot' AND m.created_at > e.created_at"
            )
        )
        inconsistent = await session.scalar(
            text(
                "SELECT count(*) FROM conversations WHERE owner = 'human'"
                " AND state ->> 'stage' <> 'handed_off'"
            )
        )
        taken = await session.scalar(
            text(
                "SELECT count(DISTINCT conversation_id) FROM conversation_events WHERE kind = 'takeover'"
            )
        )
    assert taken == RACES
    assert late == 0, f"the bot spoke after a take-over in {late} races"
    assert inconsistent == 0
