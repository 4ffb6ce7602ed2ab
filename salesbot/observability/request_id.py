"""Pure-ASGI middleware: a request id for every request (logs and X-Request-ID header), and
the last-resort 500 for errors no handler took, so even that response carries the id."""

from __future__ import annotations

import json
import re
import uuid

from loguru import logger
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from salesbot.observability.logging import request_id_var

_SAFE = re.compile(r"^[\w.-]{1,64}$")
INTERNAL_ERROR_MESSAGE = "Внутренняя ошибка сервера. Мы уже знаем о ней; повторите попытку позже."


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message.setdefault("headers", [])
                message["headers"].append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            logger.exception("unhandled error on {} {}", scope.get("method"), scope.get("path"))
            if started:
                raise
            await _internal_error(send_with_id, request_id)
        finally:
            request_id_var.reset(token)


async def _internal_error(send: Send, request_id: str) -> None:
    body = json.dumps(
        {
            "error": {
                "code": "internal_error",
                "message": INTERNAL_ERROR_MESSAGE,
                "details": {"request_id": request_id},
            }
        },
        ensure_ascii=False,
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
