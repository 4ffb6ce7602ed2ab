"""Request bodies are bounded at the edge: a declared length over the route's limit is
refused before a byte is read, and a streamed body is cut off as soon as it passes it, so
a 300 MB message never reaches the JSON parser or the memory."""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LimitFor = Callable[[str], int]  # path → bytes allowed


class BodyLimit:
    def __init__(self, app: ASGIApp, limit_for: LimitFor) -> None:
        self.app, self.limit_for = app, limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send, limit)
            return
        received = 0
        cut = False

        async def counted() -> Message:
            # Past the limit the app is told the body has ended; it answers something (a
            # parse error, say), which `answered` replaces with the 413.
            nonlocal received, cut
            if cut:
                return {"type": "http.request", "body": b"", "more_body": False}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    cut = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        refused = False

        async def answered(message: Message) -> None:
            nonlocal refused
            if not cut:
                await send(message)
            elif not refused:
                refused = True
                await _refuse(send, limit)

        await self.app(scope, counted, answered)


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps(
        {
            "error": {
                "code": "payload_too_large",
                "message": f"Запрос слишком большой: допустимо не более {limit // 1024} КБ.",
                "details": {"max_bytes": limit},
            }
        },
        ensure_ascii=False,
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})
