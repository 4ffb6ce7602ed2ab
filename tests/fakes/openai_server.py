"""A local OpenAI-compatible server that plays a script: tool calls, answers, failures.

It speaks the real Chat Completions wire format, so the brain's real OpenAI client and
pydantic-ai run unmodified against it.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from tests.fakes.threaded import ThreadedFake


@dataclass
class Step:
    tool: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    text: str | None = None
    status: int = 200
    delay: float = 0.0
    chunk_delay: float = 0.0  # between streamed words


class FakeOpenAI(ThreadedFake):
    serves_models = True
    name = "fake OpenAI server"

    def __init__(self, model: str = "gpt-4o-mini") -> None:
        super().__init__()
        self.model = model
        self.script: deque[Step] = deque()
        self.requests: list[dict[str, Any]] = []
        self.app.post("/v1/chat/completions", response_model=None)(self._complete)

    @property
    def base_url(self) -> str:
        return f"{self.origin}/v1"

    async def _complete(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(body)
        step = self.script.popleft() if self.script else Step(text="Готово.")
        if step.delay:
            await asyncio.sleep(step.delay)
        if step.status != 200:
            return JSONResponse(
                {"error": {"message": "The server had an error", "type": "server_error"}},
                status_code=step.status,
            )
        if step.tool:
            message: dict[str, Any] = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": f"call_{len(self.requests)}",
                        "type": "function",
                        "function": {
                            "name": step.tool,
                            "arguments": json.dumps(step.args, ensure_ascii=False),
                        },
                    }
                ],
            }
            finish = "tool_calls"
        else:
            message, finish = {"role": "assistant", "content": step.text}, "stop"
        if body.get("stream"):
            return StreamingResponse(
                self._chunks(message, finish, step.chunk_delay), media_type="text/event-stream"
            )
        return JSONResponse(
            {
                "id": f"chatcmpl-{len(self.requests)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": self.model,
                "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                "usage": {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150},
            }
        )

    async def _chunks(
        self, message: dict[str, Any], finish: str, delay: float
    ) -> AsyncIterator[str]:
        """The streamed form: role, then content in small pieces (or the tool call), then
        the finish reason and usage, then [DONE], as Server-Sent Events."""
        base = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": self.model,
        }

        def event(delta: dict[str, Any], finish_reason: str | None = None) -> str:
            choice = {"index": 0, "delta": delta, "finish_reason": finish_reason}
            return f"data: {json.dumps({**base, 'choices': [choice]}, ensure_ascii=False)}\n\n"

        yield event({"role": "assistant", "content": ""})
        if message.get("tool_calls"):
            call = message["tool_calls"][0]
            yield event({"tool_calls": [{"index": 0, **call}]})
        else:
            for word in (message["content"] or "").split(" "):
                await asyncio.sleep(delay)
                yield event({"content": word + " "})
        yield event({}, finish)
        usage = {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150}
        yield f"data: {json.dumps({**base, 'choices': [], 'usage': usage})}\n\n"
        yield "data: [DONE]\n\n"
