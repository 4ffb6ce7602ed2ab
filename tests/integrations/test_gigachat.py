"""GigaChat through the real OpenAI client and pydantic-ai, against a local fake of Sber's
OAuth and chat endpoints (tests/fakes/gigachat_server.py)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.conversations.types import InboundMessage
from salesbot.dialog.engine import DialogEngine
from salesbot.dialog.llm import LLMBrain
from salesbot.dialog.offline import OfflineBrain
from salesbot.integrations.llm import build_model
from salesbot.integrations.llm.gigachat import (
    GigaChatAuth,
    GigaChatAuthError,
    GigaChatDialect,
    from_gigachat,
    to_gigachat,
)
from salesbot.models import Channel
from salesbot.settings import LLMProvider, Settings
from tests.fakes.gigachat_server import FakeGigaChat, Step


@pytest.fixture
def gigachat() -> Iterator[FakeGigaChat]:
    server = FakeGigaChat().start()
    yield server
    server.stop()


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def client_for(
    server: FakeGigaChat, *, key: str | None = None, clock: Clock | None = None
) -> openai.AsyncOpenAI:
    auth = GigaChatAuth(
        auth_key=key or server.auth_key,
        scope="GIGACHAT_API_PERS",
        oauth_url=server.oauth_url,
        timeout=5,
        clock=clock or time.time,
    )
    http = httpx.AsyncClient(auth=auth, transport=GigaChatDialect(httpx.AsyncHTTPTransport()))
    return openai.AsyncOpenAI(
        base_url=server.base_url, api_key="unused", max_retries=0, http_client=http
    )


async def ask(client: openai.AsyncOpenAI) -> str | None:
    answer = await client.chat.completions.create(
        model="GigaChat", messages=[{"role": "user", "content": "Здравствуйте"}]
    )
    return answer.choices[0].message.content


class TestAccessToken:
    async def test_one_token_serves_many_requests(self, gigachat: FakeGigaChat) -> None:
        client = client_for(gigachat)
        try:
            for _ in range(3):
                assert await ask(client) == "Готово."
        finally:
            await client.close()
        [oauth] = gigachat.oauth_requests
        assert oauth["headers"]["authorization"] == f"Basic {gigachat.auth_key}"
        assert uuid.UUID(oauth["headers"]["rquid"]).version == 4
        assert oauth["form"] == {"scope": "GIGACHAT_API_PERS"}
        assert [r["token"] for r in gigachat.chat_requests] == ["tok-1"] * 3

    async def test_refreshed_a_minute_before_it_expires(self, gigachat: FakeGigaChat) -> None:
        clock = Clock()
        client = client_for(gigachat, clock=clock)
        try:
            await ask(client)
            clock.now += 28 * 60  # two minutes left: still good
            await ask(client)
            clock.now += 90  # 30 s left: inside the margin
            await ask(client)
        finally:
            await client.close()
        assert [r["token"] for r in gigachat.chat_requests] == ["tok-1", "tok-1", "tok-2"]

    async def test_a_refused_token_is_replaced_and_the_request_retried_once(
        self, gigachat: FakeGigaChat
    ) -> None:
        client = client_for(gigachat)
        try:
            await ask(client)
            gigachat.revoke_tokens()
            assert await ask(client) == "Готово."
        finally:
            await client.close()
        assert [r["token"] for r in gigachat.chat_requests] == ["tok-1", "tok-1", "tok-2"]
        assert gigachat.rejected == ["token"]

    async def test_a_key_without_access_fails_after_one_retry(self, gigachat: FakeGigaChat) -> None:
        gigachat.refuse_every_token = True
        client = client_for(gigachat)
        try:
            with pytest.raises(openai.AuthenticationError):
                await ask(client)
        finally:
            await client.close()
        assert len(gigachat.chat_requests) == 2 and len(gigachat.oauth_requests) == 2

    async def test_a_wrong_authorization_key_never_reaches_the_chat(
        self, gigachat: FakeGigaChat
    ) -> None:
        client = client_for(gigachat, key="d3Jvbmc6a2V5")
        try:
            with pytest.raises(openai.APIConnectionError) as caught:
                await ask(client)
        finally:
            await client.close()
        assert isinstance(caught.value.__cause__, GigaChatAuthError)
        assert caught.value.__cause__.status_code == 401 and not gigachat.chat_requests


async def test_the_dialog_brain_calls_tools_through_gigachat_functions(
    session: AsyncSession, settings: Settings, gigachat: FakeGigaChat
) -> None:
    configured = settings.model_copy(
        update={
            "llm_provider": LLMProvider.gigachat,
            "gigachat_auth_key": SecretStr(gigachat.auth_key),
            "gigachat_scope": "GIGACHAT_API_B2B",
            "gigachat_base_url": gigachat.base_url,
            "gigachat_oauth_url": gigachat.oauth_url,
        }
    )
    gigachat.script.extend(
        [
            Step(
                function="update_brief",
                args={
                    "product": "ai-manager",
                    "users": 30,
                    "integrations": 4,
                    "hosting": "cloud",
                    "sla": "99.5",
                },
            ),
            Step(function="calculate_quote"),
            Step(text="Рекомендую пакет Оптимум: 887 250 ₽ за внедрение и год поддержки."),
        ]
    )
    model = build_model(configured)
    assert model is not None and model.model_name == "GigaChat"
    try:
        brain = LLMBrain(configured, model, OfflineBrain(configured))
        result = await DialogEngine.standalone(configured, brain).handle(
            session,
            InboundMessage(
                Channel.web, "giga-1", "ИИ-Менеджер, 30 человек, 4 интеграции, облако, SLA 99,5"
            ),
        )
    finally:
        await model.client.close()  # type: ignore[attr-defined]
    [reply] = result.replies
    assert "887 250 ₽" in reply.text and reply.meta["brain"] == "llm"
    state = result.conversation.state
    assert state["brief"]["users"] == 30 and state["quote_id"]
    assert not gigachat.rejected  # every request was in GigaChat's dialect
    first: dict[str, Any] = gigachat.chat_requests[0]["body"]
    assert first["function_call"] == "auto" and "tools" not in first
    assert {"update_brief", "calculate_quote"} <= {f["name"] for f in first["functions"]}
    results = [m for m in gigachat.chat_requests[2]["body"]["messages"] if m["role"] == "function"]
    assert [m["name"] for m in results] == ["update_brief", "calculate_quote"]
    assert "887" in results[1]["content"] and isinstance(json.loads(results[1]["content"]), dict)
    assert len(gigachat.oauth_requests) == 1  # one token for the whole turn
    assert gigachat.oauth_requests[0]["form"] == {"scope": "GIGACHAT_API_B2B"}


async def test_a_streamed_turn_shows_drafts_and_still_calls_tools(
    session: AsyncSession, settings: Settings, gigachat: FakeGigaChat
) -> None:
    configured = settings.model_copy(
        update={
            "llm_provider": LLMProvider.gigachat,
            "gigachat_auth_key": SecretStr(gigachat.auth_key),
            "gigachat_base_url": gigachat.base_url,
            "gigachat_oauth_url": gigachat.oauth_url,
        }
    )
    answer = "Записал: 30 пользователей. С какими системами нужна интеграция?"
    gigachat.script.extend(
        [
            Step(function="update_brief", args={"product": "ai-manager", "users": 30}),
            Step(text=answer),
        ]
    )
    model = build_model(configured)
    assert model is not None
    drafts: list[str] = []

    async def on_draft(text: str) -> None:
        drafts.append(text)

    try:
        engine = DialogEngine.standalone(
            configured, LLMBrain(configured, model, OfflineBrain(configured))
        )
        inbound = InboundMessage(Channel.web, "giga-2", "ИИ-Менеджер, нас 30 менеджеров")
        received = await engine.receive(session, inbound)
        result = await engine.respond(session, received.conversation.id, on_draft=on_draft)
    finally:
        await model.client.close()  # type: ignore[attr-defined]
    assert result.replies[0].text.strip() == answer and result.replies[0].meta["brain"] == "llm"
    assert result.conversation.state["brief"]["users"] == 30
    assert drafts and all(answer.startswith(d.strip()) for d in drafts)
    assert all(r["body"]["stream"] for r in gigachat.chat_requests) and not gigachat.rejected


class TestDialect:
    def test_an_openai_request_in_gigachat_terms(self) -> None:
        body = {
            "model": "GigaChat",
            "max_completion_tokens": 500,
            "parallel_tool_calls": False,
            "tool_choice": "required",
            "messages": [
                {"role": "system", "content": "Ты ассистент."},
                {"role": "system", "content": "Этап: бриф."},
                {"role": "user", "content": [{"type": "text", "text": "30 человек"}]},
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": "update_brief", "arguments": '{"users": 30}'},
                        }
                    ],
                },
                {"role": "tool", "tool_call_id": "call_1", "content": "updated"},
            ],
            "tools": [
                {
                    "type": "function",
                    "function": {
                        "name": "update_brief",
                        "description": "Record brief slots.",
                        "strict": False,
                        "parameters": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "users": {
                                    "anyOf": [{"type": "integer"}, {"type": "null"}],
                                    "default": None,
                                    "description": "Users.",
                                }
                            },
                        },
                    },
                }
            ],
        }
        giga = to_gigachat(body)
        assert set(giga) == {"model", "max_tokens", "messages", "functions", "function_call"}
        assert giga["function_call"] == "auto" and giga["max_tokens"] == 500
        assert giga["functions"] == [
            {
                "name": "update_brief",
                "description": "Record brief slots.",
                "parameters": {
                    "type": "object",
                    "properties": {"users": {"type": "integer", "description": "Users."}},
                },
            }
        ]
        assert giga["messages"] == [
            {"role": "system", "content": "Ты ассистент.\n\nЭтап: бриф."},
            {"role": "user", "content": "30 человек"},
            {
                "role": "assistant",
                "content": "",
                "function_call": {"name": "update_brief", "arguments": {"users": 30}},
            },
            {"role": "function", "name": "update_brief", "content": '{"result": "updated"}'},
        ]

    def test_a_gigachat_function_call_in_openai_terms(self) -> None:
        answer = from_gigachat(
            {
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "function_call",
                        "message": {
                            "role": "assistant",
                            "content": "",
                            "function_call": {"name": "record_nps", "arguments": {"score": 9}},
                            "functions_state_id": "77d3fb14",
                        },
                    }
                ],
                "created": 1,
                "model": "GigaChat",
                "object": "chat.completion",
            }
        )
        [choice] = answer["choices"]
        assert choice["finish_reason"] == "tool_calls" and answer["id"].startswith("gigachat-")
        [call] = choice["message"]["tool_calls"]
        assert call["type"] == "function" and call["function"]["name"] == "record_nps"
        assert json.loads(call["function"]["arguments"]) == {"score": 9}
        assert choice["message"]["content"] is None
        assert "functions_state_id" not in choice["message"]
