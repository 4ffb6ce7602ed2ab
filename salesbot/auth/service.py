"""Login with brute-force protection: per-account and per-IP lock-outs with exponential back-off."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.base import utcnow
from salesbot.errors import NotAuthenticated, TooManyRequests
from salesbot.models import User
from salesbot.security.passwords import hash_password, needs_rehash, verify_password
from salesbot.security.ratelimit import CounterStore
from salesbot.security.tokens import issue_token
from salesbot.settings import Settings
from salesbot.users import repository as users_repository


def _account_key(email: str) -> str:
    # Counters live in Redis; keep the email itself out of it.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


class LoginGuard:
    def __init__(self, store: CounterStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    async def ensure_allowed(self, *, email: str, ip: str) -> None:
        for scope, key in (("account", _account_key(email)), ("ip", ip)):
            wait = await self.store.ttl(f"login:lock:{scope}:{key}")
            if wait > 0:
                raise TooManyRequests(
                    "Слишком много неудачных попыток входа. Повторите позже.",
                    retry_after=int(wait) + 1,
                    code="login_locked",
                    details={"scope": scope, "retry_after": int(wait) + 1},
                )

    async def record_failure(self, *, email: str, ip: str) -> None:
        memory = self.settings.login_lockout_max_seconds * 4
        for scope, key, limit in (
            ("account", _account_key(email), self.settings.login_max_failures),
            ("ip", ip, self.settings.login_max_failures_per_ip),
        ):
            failures = await self.store.incr(f"login:fail:{scope}:{key}", memory)
            if failures >= limit:
                lock = min(
                    self.settings.login_lockout_seconds * 2 ** (failures - limit),
                    self.settings.login_lockout_max_seconds,
                )
                await self.store.set(f"login:lock:{scope}:{key}", 1, int(lock))
                logger.warning(
                    "login locked for {} s ({} after {} failures)", lock, scope, failures
                )

    async def record_success(self, *, email: str) -> None:
        key = _account_key(email)
        await self.store.delete(f"login:fail:account:{key}", f"login:lock:account:{key}")


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_at: datetime
    user: User


async def login(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    ip: str,
    guard: LoginGuard,
    settings: Settings,
) -> IssuedToken:
    await guard.ensure_allowed(email=email, ip=ip)
    user = await users_repository.by_email(session, email)
    valid = verify_password(user.password_hash if user else None, password)
    if user is None or not valid or not user.is_active:
        await guard.record_failure(email=email, ip=ip)
        raise NotAuthenticated("Неверный email или пароль.", code="invalid_credentials")
    await guard.record_success(email=email)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    await session.flush()
    token, expires = issue_token(settings, user_id=user.id, role=user.role)
    return IssuedToken(token, expires, user)
