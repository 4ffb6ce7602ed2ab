"""The admins' integration board: every adapter of the registry with its settings' state, its
last known health, the last error and when it was last checked. No FastAPI here;
`endpoints.py` speaks HTTP.

Health comes from `integration_status` (see `outcomes.py`): a check an admin asks for
(`check`) runs the adapter's probe and records the verdict; real calls record theirs.
Nothing secret leaves: `details` are the adapters' non-secret facts, and every stored error
is scrubbed of every secret value the settings hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.errors import NotFound
from salesbot.integrations import registry
from salesbot.integrations.base import Adapter, Kind, ProbeContext, ProbeFailed
from salesbot.integrations.outcomes import record
from salesbot.models import IntegrationStatus
from salesbot.settings import Settings


@dataclass
class Status:
    name: str
    title: str
    kind: Kind
    configured: bool
    checkable: bool
    healthy: bool | None
    last_error: str | None
    last_error_at: datetime | None
    last_checked_at: datetime | None
    details: dict[str, Any] = field(default_factory=dict)


async def list_statuses(session: AsyncSession, settings: Settings) -> list[Status]:
    rows = {row.name: row for row in (await session.scalars(select(IntegrationStatus))).all()}
    return [_status(adapter, settings, rows.get(adapter.name)) for adapter in registry.ADAPTERS]


def _status(adapter: Adapter, settings: Settings, row: IntegrationStatus | None) -> Status:
    configured = adapter.configured(settings)
    return Status(
        name=adapter.name,
        title=adapter.title,
        kind=adapter.kind,
        configured=configured,
        checkable=configured,  # every adapter has a probe; it runs once there is something to reach
        healthy=row.healthy if row else None,
        last_error=row.last_error if row else None,
        last_error_at=row.last_error_at if row else None,
        last_checked_at=row.last_checked_at if row else None,
        details={k: v for k, v in adapter.details(settings).items() if v is not None},
    )


async def check(session: AsyncSession, name: str, context: ProbeContext) -> Status:
    """Run the adapter's probe now and record the verdict. A service that is not configured is
    reported as it is (nothing recorded)."""
    adapter = registry.get(name)
    if adapter is None:
        raise NotFound(f"Интеграции «{name}» нет.", code="integration_not_found")
    if adapter.configured(context.settings):
        error: str | None = None
        try:
            await adapter.probe(context)
        except ProbeFailed as exc:
            error = str(exc)
        except Exception as exc:  # a probe must report, never break the page
            error = f"{type(exc).__name__}: {exc}"
        await record(session, name, ok=error is None, error=error, settings=context.settings)
    row = await session.get(IntegrationStatus, name, populate_existing=True)
    return _status(adapter, context.settings, row)
