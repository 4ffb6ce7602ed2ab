"""Personal data at rest: AES-256-GCM encryption with key rotation, and keyed hashes for look-ups.

Stored form: `v1:<key id>:<base64url(nonce || ciphertext || tag)>`. The key id names which key
encrypted the value, so old keys listed in PII_ENCRYPTION_OLD_KEYS still decrypt after a
rotation while new writes use the current key. Exact look-ups (a phone, an email) go through
`pii_hash`, an HMAC-SHA256 with its own key over a normalised value, stored in a separate column.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from salesbot.settings import Settings, secret_value

_PREFIX = "v1"
_NONCE_BYTES = 12


class PIIDecryptionError(Exception):
    """A stored value cannot be decrypted with any configured key."""


def _derive_key(secret: str) -> bytes:
    # Any long random string works as a secret; the AES key is its domain-separated digest.
    return hashlib.sha256(b"salesbot-pii-aes256gcm:" + secret.encode()).digest()


def _key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


@dataclass(frozen=True)
class KeyRing:
    current: bytes
    by_id: dict[str, bytes]
    hash_key: bytes

    @classmethod
    def from_secrets(cls, current: str, old: list[str], hash_secret: str) -> KeyRing:
        keys = [_derive_key(current)] + [_derive_key(s) for s in old]
        return cls(
            current=keys[0],
            by_id={_key_id(k): k for k in keys},
            hash_key=hashlib.sha256(b"salesbot-pii-hmac:" + hash_secret.encode()).digest(),
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> KeyRing:
        current = secret_value(settings.pii_encryption_key)
        hash_secret = secret_value(settings.pii_hash_key)
        if not current or not hash_secret:
            raise RuntimeError("PII keys are not configured")
        old = [s.get_secret_value() for s in settings.pii_encryption_old_keys]
        return cls.from_secrets(current, old, hash_secret)

    @property
    def current_id(self) -> str:
        return _key_id(self.current)

    def encrypt(self, plaintext: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        key_id = self.current_id
        # The key id is bound as associated data, so a value cannot be relabelled.
        sealed = AESGCM(self.current).encrypt(nonce, plaintext.encode(), key_id.encode())
        return f"{_PREFIX}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def decrypt(self, stored: str) -> str:
        try:
            prefix, key_id, payload = stored.split(":", 2)
        except ValueError as exc:
            raise PIIDecryptionError("value is not in the encrypted format") from exc
        key = self.by_id.get(key_id)
        if prefix != _PREFIX or key is None:
            raise PIIDecryptionError(f"no configured key with id {key_id}")
        raw = base64.urlsafe_b64decode(payload)
        try:
            plain = AESGCM(key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], key_id.encode())
        except InvalidTag as exc:
            raise PIIDecryptionError("value was altered or the key is wrong") from exc
        return plain.decode()

    def key_id_of(self, stored: str) -> str | None:
        parts = stored.split(":", 2)
        return parts[1] if len(parts) == 3 else None

    def hash(self, kind: str, value: str) -> str:
        normalised = normalise(kind, value)
        return hmac.new(self.hash_key, f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()


def normalise(kind: str, value: str) -> str:
    """Canonical form for look-ups: emails case-folded, Russian phones as 7XXXXXXXXXX, names
    in lower case with single spaces and ё read as е."""
    value = value.strip()
    if kind == "email":
        return value.lower()
    if kind == "name":
        return " ".join(value.lower().replace("ё", "е").split())
    if kind == "phone":
        digits = re.sub(r"\D", "", value)
        if len(digits) == 11 and digits[0] == "8":
            digits = "7" + digits[1:]
        elif len(digits) == 10:
            digits = "7" + digits
        return digits
    return value


_keyring: KeyRing | None = None


def configure_keyring(keyring: KeyRing) -> None:
    global _keyring
    _keyring = keyring


def get_keyring() -> KeyRing:
    global _keyring
    if _keyring is None:
        from salesbot.settings import get_settings

        _keyring = KeyRing.from_settings(get_settings())
    return _keyring


def pii_hash(kind: str, value: str) -> str:
    return get_keyring().hash(kind, value)


class EncryptedString(TypeDecorator[str]):
    """A text column whose value is encrypted before it reaches the database."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return get_keyring().encrypt(str(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return get_keyring().decrypt(value)
