"""FastAPI dependencies shared by every router: the app's long-lived objects, session,
caller, client IP, rate limit. The composition root (salesbot.runtime) builds the objects;
a router names the one it needs (`provided("pricing")`), so this module imports nothing
above the foundation and no router reaches into a layer above its own."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.engine import Database
from salesbot.errors import Forbidden, NotAuthenticated
from salesbot.models import Role, User
from salesbot.security.addresses import resolve_client_ip
from salesbot.security.ratelimit import CounterStore, SlidingWindowLimiter
from salesbot.security.tokens import decode_token
from salesbot.settings import Settings


def provided(name: str) -> Any:
    """A dependency on the app's object `name` (an attribute of salesbot.runtime.Services);
    type it where it is used: `Annotated[PricingService, provided("pricing")]`. The
    dependencies here are `async` though they never wait: FastAPI runs a plain function
    in a worker thread, a hop that costs more than the function."""

    async def dependency(request: Request) -> Any:
        return getattr(request.app.state.services, name)

    dependency.__name__ = f"provided_{name}"
    return Depends(dependency)


SettingsDep = Annotated[Settings, provided("settings")]
DatabaseDep = Annotated[Database, provided("database")]
CountersDep = Annotated[CounterStore, provided("counters")]
PublicLimiterDep = Annotated[SlidingWindowLimiter, provided("public_limiter")]
# The names people read of each channel, from its adapter (the one source of them).
ChannelLabelsDep = Annotated[Mapping[str, str], provided("channel_labels")]


async def get_session(database: DatabaseDep) -> AsyncIterator[AsyncSession]:
    """One request, one transaction: committed when the endpoint returns, rolled back on error."""
    async with database.transaction() as session:
        yield session


# scope="function": commit before the response is sent, so a client never sees a success
# whose data is not yet durable.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


async def client_ip(request: Request, settings: SettingsDep) -> str:
    """The caller's address; X-Forwarded-For is believed only from TRUSTED_PROXIES."""
    return resolve_client_ip(
        request.client.host if request.client else "unknown",
        request.headers.get("x-forwarded-for", ""),
        set(settings.trusted_proxies),
    )


ClientIP = Annotated[str, Depends(client_ip)]


async def public_rate_limit(limiter: PublicLimiterDep, ip: ClientIP) -> None:
    """RATE_LIMIT_PER_MINUTE per client IP on routes anyone can call."""
    await limiter.hit(ip)


_bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


async def current_user(
    session: SessionDep, settings: SettingsDep, token: Annotated[str | None, Depends(_bearer)]
) -> User:
    if not token:
        raise NotAuthenticated()
    claims = decode_token(settings, token)
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
