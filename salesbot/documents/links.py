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
    # Bytes: compare_digest refuses str with non-ASCII characters, which a link may carry.
    if not hmac.compare_digest(sign(secret, document_id, expires).encode(), signature.encode()):
        return "bad_signature"
    if (now if now is not None else time.time()) > expires:
        return "expired"
    return None


class LinkSigner:
    """Signed links to stored files (documents, attachments) under JWT_SECRET_KEY."""

    def __init__(self, secret: str | None, ttl_seconds: int) -> None:
        self._secret, self.ttl_seconds = secret, ttl_seconds

    def query(self, file_id: uuid.UUID, *, now: float | None = None) -> tuple[str, int]:
        """(`expires=…&signature=…`, expiry) for a link to `file_id`."""
        expires = int((now if now is not None else time.time()) + self.ttl_seconds)
        return f"expires={expires}&signature={sign(self._key(), file_id, expires)}", expires

    def problem(self, file_id: uuid.UUID, expires: int, signature: str) -> str | None:
        return verify(self._key(), file_id, expires, signature)

    def _key(self) -> str:
        if not self._secret:
            raise RuntimeError("JWT_SECRET_KEY is not configured")
        return self._secret
