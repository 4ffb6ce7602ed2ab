"""The visitor's socket with the real python-socketio client against a live server."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import socketio

from salesbot.db.engine import Database
from tests.conftest import create_user, login
from tests.web.conftest import new_session


class Visitor:
    """A socket client that records what the server sends."""

    def __init__(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.events: dict[str, list[Any]] = {}
        self.refused: Any = None
        for name in ("message", "typing", "manager", "read", "error", "draft"):
            self.client.on(name, self._recorder(name), namespace="/chat")

        async def refused(data: Any) -> None:
            self.refused = data["data"]

        self.client.on("connect_error", refused, namespace="/chat")

    def _recorder(self, name: str) -> Any:
        async def record(data: Any) -> None:
            self.events.setdefault(name, []).append(data)

        return record

    async def connect(self, url: str, token: str | None, **headers: str) -> None:
        await self.client.connect(
            url,
            namespaces=["/chat"],
            auth={"token": token} if token is not None else None,
            headers=headers,
            transports=["websocket"],
            wait_timeout=10,
        )

    async def send(self, text: str, **extra: Any) -> dict[str, Any]:
        ack: dict[str, Any] = await self.client.call(
            "message", {"text": text, **extra}, namespace="/chat", timeout=30
        )
        return ack

    async def wait_for(self, name: str, count: int = 1, timeout: float = 30) -> list[Any]:
        for _ in range(int(timeout / 0.05)):
            if len(self.events.get(name, [])) >= count:
                return self.events[name]
            await asyncio.sleep(0.05)
        raise AssertionError(f"expected {count} {name!r} events, got {self.events.get(name)}")

    def bot_messages(self) -> list[dict[str, Any]]:
        return [m for m in self.events.get("message", []) if m["author"] == "bot"]

    async def close(self) -> None:
        await self.client.disconnect()
        await self.client.shutdown()


@pytest.fixture
async def visitor() -> AsyncIterator[Visitor]:
    v = Visitor()
    yield v
    await v.close()


async def test_join_send_and_get_the_answer_with_typing(
    server: str, http: httpx.AsyncClient, visitor: Visitor
) -> None:
    chat = await new_session(http)
    await visitor.connect(server, chat["token"])

    ack = await visitor.send("Здравствуйте! Сколько стоит AI-менеджер?", client_message_id="m1")

    assert ack["ok"] is True
    assert ack["message"]["author"] == "customer"
    assert ack["message"]["text"].startswith("Здравствуйте")
    replies = await visitor.wait_for("message")
    assert replies[0]["author"] == "bot" and replies[0]["text"]
    assert replies[0]["seq"] > ack["message"]["seq"]
    typing = await visitor.wait_for("typing", 2)
    assert typing[0] == {"who": "bot", "typing": True}
    assert typing[-1] == {"who": "bot", "typing": False}
    # The sender's own message is not echoed to the tab that sent it.
    assert all(m["author"] != "customer" for m in visitor.events["message"])


async def test_resend_after_reconnect_is_stored_once(
    server: str, http: httpx.AsyncClient, visitor: Visitor
) -> None:
    chat = await new_session(http)
    await visitor.connect(server, chat["token"])
    first = await visitor.send("Нужен бот для поддержки", client_message_id="same")
    again = await visitor.send("Нужен бот для поддержки", client_message_id="same")

    assert first["message"]["id"] == again["message"]["id"]
    history = await http.get(
        f"/api/v1/chat/sessions/{chat['session_id']}/messages",
        headers={"Authorization": f"Bearer {chat['token']}"},
    )
    customer = [m for m in history.json() if m["author"] == "customer"]
    assert len(customer) == 1


async def test_sync_catches_up_on_what_was_missed(
    server: str, http: httpx.AsyncClient, visitor: Visitor
) -> None:
    chat = await new_session(http)
    auth = {"Authorization": f"Bearer {chat['token']}"}
    # While the visitor is offline, the HTTP fallback carries a message and its answer.
    sent = await http.post(
        f"/api/v1/chat/sessions/{chat['session_id']}/messages",
        json={"text": "Привет, что вы умеете?"},
        headers=auth,
    )
    assert sent.status_code == 200, sent.text
    replies = sent.json()["replies"]
    assert replies and replies[0]["author"] == "bot"

    await visitor.connect(server, chat["token"])
    everything = await visitor.client.call("sync", {"after_seq": 0}, namespace="/chat")
    newer = await visitor.client.call(
        "sync", {"after_seq": replies[0]["seq"] - 1}, namespace="/chat"
    )

    assert everything["ok"] is True
    assert [m["author"] for m in everything["messages"]][:2] == ["customer", "bot"]
    seqs = [m["seq"] for m in everything["messages"]]
    assert seqs == sorted(seqs)
    assert [m["id"] for m in newer["messages"]] == [m["id"] for m in replies]


async def test_wrong_or_missing_token_is_refused_with_a_reason(
    server: str, http: httpx.AsyncClient, visitor: Visitor
) -> None:
    with pytest.raises(socketio.exceptions.ConnectionError):
        await visitor.connect(server, "not-a-token")
    assert visitor.refused["code"] == "invalid_chat_token"
    assert "сесси" in visitor.refused["message"].lower()

    other = Visitor()
    try:
        with pytest.raises(socketio.exceptions.ConnectionError):
            await other.connect(server, None)
        assert other.refused["code"] == "invalid_chat_token"
    finally:
        await other.close()


async def test_a_foreign_site_is_refused_clearly(
    server: str, http: httpx.AsyncClient, visitor: Visitor
) -> None:
    chat = await new_session(http)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await visitor.connect(server, chat["token"], Origin="https://evil.example")
    assert visitor.refused["code"] == "origin_not_allowed"
    assert "WIDGET_ALLOWED_ORIGINS" in visitor.refused["message"]

    allowed = Visitor()
    try:
        await allowed.connect(server, chat["token"], Origin="https://shop.example")
        assert allowed.client.connected
    finally:
        await allowed.close()


async def test_invalid_and_oversized_messages_get_clear_errors(
    server: str, http: httpx.AsyncClient, visitor: Visitor
) -> None:
    chat = await new_session(http)
    await visitor.connect(server, chat["token"])

    too_long = await visitor.send("а" * 4001)
    malformed: dict[str, Any] = await visitor.client.call(
        "message", {"text": 5, "attachment_ids": ["nope"]}, namespace="/chat"
    )
    empty = await visitor.send("   ")

    assert too_long["ok"] is False and too_long["error"]["code"] == "message_too_long"
    assert malformed["ok"] is False and malformed["error"]["code"] == "validation_error"
    assert empty["ok"] is False and empty["error"]["code"] == "empty_message"
    assert visitor.bot_messages() == []


async def test_manager_takeover_reply_and_release_reach_the_visitor(
    server: str, http: httpx.AsyncClient, visitor: Visitor, database: Database
) -> None:
    chat = await new_session(http)
    await visitor.connect(server, chat["token"])
    await visitor.send("Здравствуйте")
    await visitor.wait_for("message")
    email, password = await create_user(database, email="anna.petrova@example.com")
    manager = {"Authorization": f"Bearer {await login(http, email, password)}"}
    base = f"/api/v1/conversations/{chat['session_id']}"

    operators = socketio.AsyncClient(reconnection=False)
    seen: list[dict[str, Any]] = []
    operators.on("message", lambda data: seen.append(data), namespace="/operators")
    await operators.connect(
        server,
        namespaces=["/operators"],
        auth={"token": manager["Authorization"].split()[1]},
        transports=["websocket"],
    )
    try:
        reply = await http.post(
            f"{base}/messages", json={"text": "Добрый день! Я Анна."}, headers=manager
        )
        assert reply.status_code == 201, reply.text
        await visitor.wait_for("manager")
        messages = await visitor.wait_for("message", 2)
        assert messages[-1]["author"] == "manager"
        assert messages[-1]["text"] == "Добрый день! Я Анна."
        assert visitor.events["manager"][0] == {"event": "joined", "name": "Anna"}

        # While the manager owns the chat, the bot keeps quiet; managers see the message.
        bot_before = len(visitor.bot_messages())
        ack = await visitor.send("Спасибо, жду предложение")
        assert ack["ok"]
        for _ in range(100):
            if any(m.get("text") == "Спасибо, жду предложение" for m in seen):
                break
            await asyncio.sleep(0.05)
        assert any(m["conversation_id"] == chat["session_id"] for m in seen)
        await asyncio.sleep(0.3)
        assert len(visitor.bot_messages()) == bot_before

        released = await http.post(f"{base}/release", headers=manager)
        assert released.status_code == 200
        events = await visitor.wait_for("manager", 2)
        assert events[-1]["event"] == "left"
    finally:
        await operators.disconnect()
        await operators.shutdown()


async def test_operators_namespace_needs_a_staff_token(server: str) -> None:
    client = socketio.AsyncClient(reconnection=False)
    refused: list[Any] = []
    client.on("connect_error", lambda data: refused.append(data["data"]), namespace="/operators")
    try:
        with pytest.raises(socketio.exceptions.ConnectionError):
            await client.connect(
                server, namespaces=["/operators"], auth={"token": "x"}, transports=["websocket"]
            )
        assert refused and refused[0]["code"] == "invalid_token"
    finally:
        await client.shutdown()


async def test_socket_messages_obey_the_rate_limit(
    database_url: str, tmp_path: Any, clean_db: None, database: Database
) -> None:
    from salesbot.app import create_app
    from salesbot.db.runtime import set_database
    from tests.conftest import make_settings
    from tests.web.conftest import live_server

    settings = make_settings(database_url, tmp_path, rate_limit_per_minute=5)
    async with live_server(create_app(settings, configure_process=False)) as url:
        async with httpx.AsyncClient(base_url=url) as http:
            chat = await new_session(http)  # 1 hit
        visitor = Visitor()
        try:
            await visitor.connect(url, chat["token"])  # 2
            acks = [
                await visitor.send(f"вопрос {i}", client_message_id=str(uuid.uuid4()))
                for i in range(5)
            ]
        finally:
            await visitor.close()
    set_database(database)
    assert [a["ok"] for a in acks[:3]] == [True, True, True]
    assert acks[-1]["ok"] is False
    assert acks[-1]["error"]["code"] == "rate_limited"
    assert acks[-1]["error"]["retry_after"] >= 1
