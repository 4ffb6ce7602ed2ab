"""Security headers on every response (one small ASGI middleware of our own), and the
operators' tools (/metrics, the API docs) closed to outside addresses in production.

Every response gets `nosniff` and a Referrer-Policy, and in production HSTS. A response
that sets its own Content-Security-Policy keeps it (the dashboard's pages carry hashes of
their inline scripts, downloads a sandbox); the others get `PAGE_POLICY`, which lets a
page load only its own scripts, styles and connections and be framed only by its site.
"""

from __future__ import annotations

import ipaddress
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from salesbot.security.addresses import resolve_client_ip
from salesbot.settings import Settings

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
    "frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
# Served only to INTERNAL_ALLOWED_IPS in production: they describe the system to attackers.
INTERNAL_PATHS = ("/metrics", "/docs", "/redoc", "/openapi.json")
NOT_FOUND = json.dumps(
    {"error": {"code": "not_found", "message": "Не найдено.", "details": None}},
    ensure_ascii=False,
).encode()


class SecurityHeaders:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.production = settings.is_production
        self.trusted = set(settings.trusted_proxies)
        self.internal = [
            ipaddress.ip_network(net, strict=False) for net in settings.internal_allowed_ips
        ]
        self.common = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
        ] + ([(b"strict-transport-security", HSTS.encode())] if self.production else [])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.production and _is_internal(scope["path"]) and not self._allowed(scope):
            await self._not_found(send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in self.common if n not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", PAGE_POLICY.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)

    def _allowed(self, scope: Scope) -> bool:
        client = scope.get("client")
        forwarded = dict(scope.get("headers", [])).get(b"x-forwarded-for", b"").decode("latin-1")
        address = resolve_client_ip(client[0] if client else "", forwarded, self.trusted)
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.internal)

    async def _not_found(self, send: Send) -> None:
        headers = [(b"content-type", b"application/json"), *self.common]
        await send({"type": "http.response.start", "status": 404, "headers": headers})
        await send({"type": "http.response.body", "body": NOT_FOUND})


def _is_internal(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in INTERNAL_PATHS)
