"""Signed, expiring download links: HMAC-SHA256 over the document id and the expiry time."""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid


def _key(secret: str) -> bytes:
    return hashlib.sha256(b"salesbot-document-links:" + secret.encode()).digest()


def sign(secret: str, document_id: uuid.UUID, expires: int) -> str:
    message = f"{document_id}:{expires}".encode()
    return hmac.new(_key(secret), message, hashlib.sha256).hexdigest()


def verify(
    secret: str, document_id: uuid.UUID, expires: int, signature: str, *, now: float | None = None
) -> str | None:
    """None when valid, otherwise why not ("expired" or "bad_signature")."""
    if not hmac.compare_digest(sign(secret, document_id, expires), signature):
        return "bad_signature"
    if (now if now is not None else time.time()) > expires:
        return "expired"
    return None
