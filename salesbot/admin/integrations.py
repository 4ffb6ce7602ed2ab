"""The integration board's HTTP side; the board itself is `salesbot.integrations.status`."""

from __future__ import annotations

from fastapi import APIRouter

from salesbot.api.deps import AdminUser, RuntimeDep, SessionDep
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
    session: SessionDep, runtime: RuntimeDep, _: AdminUser
) -> list[IntegrationOut]:
    statuses = await status.list_statuses(session, runtime.settings)
    return [IntegrationOut.model_validate(s) for s in statuses]


@router.post(
    "/{name}/check",
    response_model=IntegrationOut,
    summary="Check one integration now with a real, cheap probe and record the outcome",
    responses={404: {"description": "integration_not_found"}},
)
async def check_integration(
    name: str, session: SessionDep, runtime: RuntimeDep, _: AdminUser
) -> IntegrationOut:
    context = ProbeContext(
        settings=runtime.settings,
        database=runtime.database,
        counters=runtime.counters if runtime.settings.redis_url is not None else None,
    )
    return IntegrationOut.model_validate(await status.check(session, name, context))
