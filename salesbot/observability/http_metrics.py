"""Request counts and durations per route for Prometheus, and the /metrics page.

The route's template (`/api/v1/chat/sessions/{session_id}/messages`) is read from the
scope once the router has matched it, so labels stay few and no request pays for matching
the routes a second time.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NOT_COUNTED = frozenset({"/metrics", "/health", "/ready"})

REQUESTS = Counter("http_requests_total", "HTTP requests answered", ["method", "handler", "status"])
DURATION = Histogram(
    "http_request_duration_seconds",
    "From a request arriving to its response being sent",
    ["method", "handler"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class HttpMetrics:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless a response starts

        async def sent(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sent)
        finally:
            handler = _template(scope)
            if handler not in NOT_COUNTED:
                method = scope["method"]
                REQUESTS.labels(method, handler, str(status)).inc()
                DURATION.labels(method, handler).observe(time.perf_counter() - started)


def _template(scope: Scope) -> str:
    route: Any = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "none"  # unmatched paths share one label


def expose(app: FastAPI) -> None:
    @app.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
