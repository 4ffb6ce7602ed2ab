"""amoCRM's OAuth tokens: one pair per installation, shared by every process.

The refresh token rotates on every refresh and the old one dies at once, so the pair lives
in the database (never only in Redis, which may forget it), encrypted with the PII key, and a
refresh happens under a row lock: a second process waiting on the lock finds the pair the
first one stored and uses it instead of spending a dead refresh token.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, replace
from typing import Any

import jwt
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.engine import Database
from salesbot.models import ServiceToken
from salesbot.security.pii import PIIDecryptionError, get_keyring

KEY = "amocrm:oauth"
REFRESH_BEFORE_SECONDS = 3600  # refresh an hour before the access token ends


@dataclass(frozen=True)
class AmoTokens:
    access_token: str
    refresh_token: str
    expires_at: float  # unix seconds
    domain: str  # the account's host, e.g. example.amocrm.ru
    account_id: int | None = None
    connected_at: float = 0.0  # when an admin gave consent
    refreshed_at: float = 0.0

    def fresh(self, now: float) -> bool:
        return now < self.expires_at - REFRESH_BEFORE_SECONDS

    @classmethod
    def from_grant(
        cls, body: dict[str, Any], *, domain: str, connected_at: float | None = None
    ) -> AmoTokens:
        """The token endpoint's answer. The account id is read from the access token's claims,
        unverified (only amoCRM checks the signature; we just show the id)."""
        now = time.time()
        access = str(body["access_token"])
        try:
            claims = jwt.decode(access, options={"verify_signature": False})
            account_id = int(claims["account_id"]) if "account_id" in claims else None
        except (jwt.PyJWTError, ValueError, TypeError):
            account_id = None
        return cls(
            access_token=access,
            refresh_token=str(body["refresh_token"]),
            expires_at=now + float(body.get("expires_in", 86400)),
            domain=domain,
            account_id=account_id,
            connected_at=now if connected_at is None else connected_at,
            refreshed_at=now,
        )

    def refreshed(self, body: dict[str, Any]) -> AmoTokens:
        new = AmoTokens.from_grant(body, domain=self.domain, connected_at=self.connected_at)
        return replace(new, account_id=new.account_id or self.account_id)


class AmoTokenStore:
    def __init__(self, database: Callable[[], Database]) -> None:
        self._database = database

    async def load(self) -> AmoTokens | None:
        async with self._database().transaction() as session:
            return await _read(session, lock=False)

    async def save(self, tokens: AmoTokens) -> None:
        async with self._database().transaction() as session:
            await _write(session, tokens)

    async def forget(self) -> None:
        async with self._database().transaction() as session:
            await session.execute(text("DELETE FROM service_tokens WHERE key = :key"), {"key": KEY})

    @asynccontextmanager
    async def locked(self) -> AsyncIterator[tuple[AmoTokens | None, Callable[[AmoTokens], Any]]]:
        """The stored pair under a row lock, and a function that replaces it; committed when
        the block ends. Only one process refreshes at a time."""
        async with self._database().transaction() as session:
            current = await _read(session, lock=True)

            async def store(tokens: AmoTokens) -> None:
                await _write(session, tokens)

            yield current, store


async def _read(session: AsyncSession, *, lock: bool) -> AmoTokens | None:
    query = select(ServiceToken.value).where(ServiceToken.key == KEY)
    raw = await session.scalar(query.with_for_update() if lock else query)
    if not raw:
        return None
    try:
        return AmoTokens(**json.loads(get_keyring().decrypt(raw)))
    except (ValueError, TypeError, PIIDecryptionError):  # another key, or damaged
        return None


async def _write(session: AsyncSession, tokens: AmoTokens) -> None:
    await session.execute(
        text(
            "INSERT INTO service_tokens (key, value) VALUES (:key, :value) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()"
        ),
        {"key": KEY, "value": get_keyring().encrypt(json.dumps(asdict(tokens)))},
    )
