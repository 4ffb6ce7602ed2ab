"""A local GigaChat: an OAuth endpoint that issues 30-minute tokens and a chat endpoint that
accepts only live tokens and only GigaChat's own dialect (functions, function_call with
object arguments, function results as JSON), playing a script of answers.

Strict on purpose: a request in OpenAI's shape (tools, tool_calls, role "tool") is refused
with 422, as the real service would not understand it.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, StreamingResponse

from tests.fakes.threaded import ThreadedFake

TOKEN_LIFETIME_MS = 30 * 60 * 1000
SCOPES = ("GIGACHAT_API_PERS", "GIGACHAT_API_B2B", "GIGACHAT_API_CORP")


@dataclass
class Step:
    function: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    text: str | None = None


class FakeGigaChat(ThreadedFake):
    serves_models = True
    name = "fake GigaChat"

    def __init__(self, auth_key: str = "Z2lnYS1pZDpnaWdhLXNlY3JldA==", model: str = "GigaChat"):
        super().__init__()
        self.auth_key = auth_key
        self.model = model
        self.script: deque[Step] = deque()
        self.oauth_requests: list[dict[str, Any]] = []
        self.chat_requests: list[dict[str, Any]] = []  # body and the token used
        self.rejected: list[str] = []  # why chat requests were refused
        self.tokens: dict[str, int] = {}  # token → expires_at (ms)
        self.refuse_every_token = False  # a key without access to the chat, say
        self.app.post("/api/v2/oauth")(self._oauth)
        self.app.post("/api/v1/chat/completions")(self._complete)

    @property
    def base_url(self) -> str:
        return f"{self.origin}/api/v1"

    @property
    def oauth_url(self) -> str:
        return f"{self.origin}/api/v2/oauth"

    def revoke_tokens(self) -> None:
        """Every token issued so far stops working (as if it had expired early)."""
        self.tokens.clear()

    async def _oauth(self, request: Request) -> JSONResponse:
        form = dict((await request.form()).items())
        headers = dict(request.headers)
        self.oauth_requests.append({"headers": headers, "form": form})
        try:
            uuid.UUID(headers.get("rquid", ""), version=4)
        except ValueError:
            return JSONResponse({"code": 6, "message": "RqUID is not a UUID4"}, status_code=400)
        if headers.get("authorization") != f"Basic {self.auth_key}":
            return JSONResponse({"code": 4, "message": "Can't decode 'Authorization' header"}, 401)
        if not headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return JSONResponse({"code": 7, "message": "bad content type"}, status_code=400)
        if form.get("scope") not in SCOPES:
            return JSONResponse({"code": 7, "message": "scope is invalid"}, status_code=400)
        token = f"tok-{len(self.oauth_requests)}"
        self.tokens[token] = int(time.time() * 1000) + TOKEN_LIFETIME_MS
        return JSONResponse({"access_token": token, "expires_at": self.tokens[token]})

    async def _complete(self, request: Request) -> JSONResponse:
        body = await request.json()
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        self.chat_requests.append({"body": body, "token": token})
        if self.refuse_every_token or self.tokens.get(token, 0) <= time.time() * 1000:
            self.rejected.append("token")
            return JSONResponse({"status": 401, "message": "Token has expired"}, status_code=401)
        problem = _dialect_problem(body)
        if problem:
            self.rejected.append(problem)
            return JSONResponse({"status": 422, "message": problem}, status_code=422)
        step = self.script.popleft() if self.script else Step(text="Готово.")
        if step.function:
            message: dict[str, Any] = {
                "role": "assistant",
                "content": "",
                "function_call": {"name": step.function, "arguments": step.args},
                "functions_state_id": str(uuid.uuid4()),
            }
            finish = "function_call"
        else:
            message, finish = {"role": "assistant", "content": step.text}, "stop"
        if body.get("stream"):
            return StreamingResponse(self._events(message, finish), media_type="text/event-stream")
        return JSONResponse(
            {
                "choices": [{"message": message, "index": 0, "finish_reason": finish}],
                **self._envelope(),
            }
        )

    def _envelope(self) -> dict[str, Any]:
        return {
            "created": int(time.time()),
            "model": f"{self.model}:1.0.26.20",
            "object": "chat.completion",
            "usage": {"prompt_tokens": 150, "completion_tokens": 25, "total_tokens": 175},
        }

    async def _events(self, message: dict[str, Any], finish: str) -> AsyncIterator[str]:
        """GigaChat's stream: text word by word, a function call whole in one chunk, the
        finish reason and usage in the last one, then [DONE]."""
        if "function_call" in message:
            deltas = [message]
        else:
            words = message["content"].split(" ")
            deltas = [
                {"role": "assistant", "content": w + (" " if i < len(words) - 1 else "")}
                for i, w in enumerate(words)
            ]
        for i, delta in enumerate(deltas):
            last = i == len(deltas) - 1
            choice = {"delta": delta, "index": 0, **({"finish_reason": finish} if last else {})}
            envelope = self._envelope()
            if not last:
                envelope.pop("usage")
            yield "data: " + json.dumps({"choices": [choice], **envelope}, ensure_ascii=False)
            yield "\n\n"
            await asyncio.sleep(0.01)
        yield "data: [DONE]\n\n"


def _dialect_problem(body: dict[str, Any]) -> str | None:
    """What GigaChat would not accept in this request, if anything."""
    for key in ("tools", "tool_choice", "parallel_tool_calls"):
        if key in body:
            return f"unknown field {key!r}"
    for function in body.get("functions", []):
        if not isinstance(function.get("parameters", {}), dict) or "name" not in function:
            return "bad function description"
    for i, message in enumerate(body.get("messages", [])):
        role = message.get("role")
        if role not in ("system", "user", "assistant", "function"):
            return f"unknown role {role!r}"
        if role == "system" and i != 0:
            return "the system message must come first"
        if "tool_calls" in message or "tool_call_id" in message:
            return "unknown message field"
        call = message.get("function_call")
        if call is not None and not isinstance(call.get("arguments"), dict):
            return "function_call.arguments must be an object"
        if role == "function":
            try:
                if not isinstance(json.loads(message.get("content", "")), dict):
                    return "function result must be a JSON object"
            except ValueError:
                return "function result must be JSON"
    return None
