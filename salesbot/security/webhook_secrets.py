"""Secrets that authenticate an outside service's webhooks: a header or a path segment
compared in constant time, often derived from a credential the service already has."""

from __future__ import annotations

import base64
import hashlib
import hmac

from salesbot.errors import NotAuthenticated


def derived_secret(key: str, purpose: str) -> str:
    """A secret derived from another (a bot token, a client secret): the same in every
    process without one more setting, changed with it; 43 URL-safe characters."""
    digest = hmac.new(key.encode(), purpose.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def require_secret(given: str | None, expected: str, *, refusal: str) -> None:
    """Refuse a webhook whose secret (a header, a path token) is not ours."""
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise NotAuthenticated(refusal, code="webhook_secret_invalid")
