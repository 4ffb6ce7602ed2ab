"""The integration board's HTTP side; the board itself is `salesbot.integrations.status`."""

from __future__ import annotations

from fastapi import APIRouter

from salesbot.api.deps import AdminUser, CountersDep, DatabaseDep, SessionDep, SettingsDep
from salesbot.integrations import status
from salesbot.integrations.base import ProbeContext
from salesbot.integrations.schemas import IntegrationOut

router = APIRouter(prefix="/api/v1/admin/integrations", tags=["admin: integrations"])


@router.get(
    "",
    response_model=list[IntegrationOut],
    summary="Every integration: configured, healthy, last error and check (never secrets)",
)
async def list_integrations(
    session: SessionDep, settings: SettingsDep, _: AdminUser
) -> list[IntegrationOut]:
    statuses = await status.list_statuses(session, settings)
    return [IntegrationOut.model_validate(s) for s in statuses]


@router.post(
    "/{name}/check",
    response_model=IntegrationOut,
    summary="Check one integration now with a real, cheap probe and record the outcome",
    responses={404: {"description": "integration_not_found"}},
)
async def check_integration(
    name: str,
    session: SessionDep,
    counters: CountersDep,
    database: DatabaseDep,
    settings: SettingsDep,
    _: AdminUser,
) -> IntegrationOut:
    context = ProbeContext(
        settings=settings,
        database=database,
        counters=counters if settings.redis_url is not None else None,
    )
    return IntegrationOut.model_validate(await status.check(session, name, context))
