"""Operator access tokens: JWT HS256 with subject, role and expiry."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from salesbot.errors import NotAuthenticated
from salesbot.settings import Settings, secret_value

_AUDIENCE = "salesbot-api"


@dataclass(frozen=True)
class TokenClaims:
    user_id: uuid.UUID
    role: str
    expires_at: datetime


def issue_token(settings: Settings, *, user_id: uuid.UUID, role: str) -> tuple[str, datetime]:
    now = datetime.now(UTC)
    expires = now + timedelta(minutes=settings.jwt_expire_minutes)
    payload = {
        "sub": str(user_id),
        "role": role,
        "aud": _AUDIENCE,
        "iat": now,
        "nbf": now,
        "exp": expires,
        "jti": uuid.uuid4().hex,
    }
    token = jwt.encode(payload, _key(settings), algorithm=settings.jwt_algorithm)
    return token, expires


def decode_token(settings: Settings, token: str) -> TokenClaims:
    try:
        payload = jwt.decode(
            token,
            _key(settings),
            algorithms=[settings.jwt_algorithm],
            audience=_AUDIENCE,
            options={"require": ["sub", "exp", "role"]},
        )
        return TokenClaims(
            user_id=uuid.UUID(payload["sub"]),
            role=str(payload["role"]),
            expires_at=datetime.fromtimestamp(payload["exp"], UTC),
        )
    except jwt.ExpiredSignatureError as exc:
        raise NotAuthenticated(
            "Срок действия входа истёк, войдите снова.", code="token_expired"
        ) from exc
    except (jwt.PyJWTError, ValueError) as exc:
        raise NotAuthenticated("Недействительный токен доступа.", code="invalid_token") from exc


def _key(settings: Settings) -> str:
    key = secret_value(settings.jwt_secret_key)
    if not key:
        raise RuntimeError("JWT_SECRET_KEY is not configured")
    return key


_CHAT_AUDIENCE = "salesbot-chat"


def issue_chat_token(settings: Settings, session_id: uuid.UUID) -> str:
    """The anonymous visitor's token: it authorises only its own chat session."""
    now = datetime.now(UTC)
    payload = {
        "sub": str(session_id),
        "aud": _CHAT_AUDIENCE,
        "iat": now,
        "exp": now + timedelta(days=settings.session_ttl_days),
    }
    return jwt.encode(payload, _key(settings), algorithm=settings.jwt_algorithm)


def chat_session_of(settings: Settings, token: str) -> uuid.UUID:
    try:
        payload = jwt.decode(
            token,
            _key(settings),
            algorithms=[settings.jwt_algorithm],
            audience=_CHAT_AUDIENCE,
            options={"require": ["sub", "exp"]},
        )
        return uuid.UUID(payload["sub"])
    except (jwt.PyJWTError, ValueError) as exc:
        raise NotAuthenticated(
            "Сессия чата недействительна, начните новую.", code="invalid_chat_token"
        ) from exc
