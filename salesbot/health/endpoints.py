from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from salesbot import __version__
from salesbot.api.deps import CountersDep, DatabaseDep, SettingsDep
from salesbot.integrations.infrastructure import check_all

router = APIRouter(tags=["health"])


@router.get("/health", summary="The process is alive")
async def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@router.get(
    "/ready",
    summary="Ready to serve: database, migrations, worker and Redis (when configured)",
    responses={503: {"description": "A dependency is not ready; details list each check"}},
)
async def ready(
    counters: CountersDep, database: DatabaseDep, settings: SettingsDep
) -> JSONResponse:
    checks = await check_all(database, counters, redis_configured=settings.redis_url is not None)
    body = {name: {"ok": c.ok, "detail": c.detail} for name, c in checks.items()}
    if all(c.ok for c in checks.values()):
        return JSONResponse({"status": "ready", "checks": body})
    return JSONResponse(
        {
            "error": {
                "code": "not_ready",
                "message": "Сервис ещё не готов: "
                + ", ".join(n for n, c in checks.items() if not c.ok),
                "details": {"checks": body},
            }
        },
        status_code=503,
    )
