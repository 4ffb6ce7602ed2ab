"""FastAPI dependencies shared by every router: services, session, caller, client IP, rate
limit. The composition root (salesbot.runtime) builds `Services` once per app; the layers
above (channels, the app) keep their own services and never reach routers below them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.auth.service import LoginGuard
from salesbot.db.engine import Database
from salesbot.documents.service import DocumentService
from salesbot.errors import Forbidden, NotAuthenticated
from salesbot.knowledge.service import KnowledgeService
from salesbot.models import Role, User
from salesbot.pricing.service import PricingService
from salesbot.security.addresses import resolve_client_ip
from salesbot.security.ratelimit import CounterStore, SlidingWindowLimiter
from salesbot.security.tokens import decode_token
from salesbot.settings import Settings


@dataclass(frozen=True)
class Services:
    """What the domain's routers use of a running app."""

    settings: Settings
    database: Database
    counters: CounterStore
    public_limiter: SlidingWindowLimiter
    signal_limiter: SlidingWindowLimiter
    login_guard: LoginGuard
    knowledge: KnowledgeService
    pricing: PricingService
    documents: DocumentService
    # The names people read of each channel, from its adapter (the one source of them).
    channel_labels: Mapping[str, str]


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


RuntimeDep = Annotated[Services, Depends(get_services)]


def get_settings_dep(runtime: RuntimeDep) -> Settings:
    return runtime.settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


async def get_session(runtime: RuntimeDep) -> AsyncIterator[AsyncSession]:
    """One request, one transaction: committed when the endpoint returns, rolled back on error."""
    async with runtime.database.transaction() as session:
        yield session


# scope="function": commit before the response is sent, so a client never sees a success
# whose data is not yet durable.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


def client_ip(request: Request, runtime: RuntimeDep) -> str:
    """The caller's address; X-Forwarded-For is believed only from TRUSTED_PROXIES."""
    return resolve_client_ip(
        request.client.host if request.client else "unknown",
        request.headers.get("x-forwarded-for", ""),
        set(runtime.settings.trusted_proxies),
    )


ClientIP = Annotated[str, Depends(client_ip)]


async def public_rate_limit(runtime: RuntimeDep, ip: ClientIP) -> None:
    """RATE_LIMIT_PER_MINUTE per client IP on routes anyone can call."""
    await runtime.public_limiter.hit(ip)


_bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


async def current_user(
    session: SessionDep, runtime: RuntimeDep, token: Annotated[str | None, Depends(_bearer)]
) -> User:
    if not token:
        raise NotAuthenticated()
    claims = decode_token(runtime.settings, token)
    user = await session.get(User, claims.user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated("Учётная запись отключена или удалена.", code="account_disabled")
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_role(*roles: Role) -> object:
    allowed = {role.value for role in roles}

    async def dependency(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise Forbidden("Недостаточно прав для этого действия.", code="forbidden_role")
        return user

    return Depends(dependency)


require_admin = require_role(Role.admin)
require_operator = require_role(Role.admin, Role.manager)
AdminUser = Annotated[User, require_admin]
OperatorUser = Annotated[User, require_operator]
