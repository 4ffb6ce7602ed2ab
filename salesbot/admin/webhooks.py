"""Admin API of the webhook ledger: what came in, what failed, and replays."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from salesbot.api.deps import AdminUser, SessionDep
from salesbot.models import WebhookStatus
from salesbot.security.text import BIGINT_MAX
from salesbot.webhooks import service
from salesbot.webhooks.schemas import ReplayedCount, WebhookEventDetail, WebhookEventOut

router = APIRouter(prefix="/api/v1/admin/webhooks", tags=["admin: webhooks"])


@router.get(
    "",
    response_model=list[WebhookEventOut],
    summary="Inbound webhook events, newest first (total in X-Total-Count)",
)
async def list_webhook_events(
    session: SessionDep,
    response: Response,
    _: AdminUser,
    status_filter: Annotated[WebhookStatus | None, Query(alias="status")] = None,
    provider: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=BIGINT_MAX)] = 0,
) -> list[WebhookEventOut]:
    items, total = await service.list_events(
        session, status=status_filter, provider=provider, limit=limit, offset=offset
    )
    response.headers["X-Total-Count"] = str(total)
    return [WebhookEventOut.model_validate(item) for item in items]


@router.post(
    "/replay-failed",
    response_model=ReplayedCount,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Queue every failed event again (optionally of one provider)",
)
async def replay_failed_webhook_events(
    session: SessionDep,
    _: AdminUser,
    provider: Annotated[str | None, Query(max_length=32)] = None,
) -> ReplayedCount:
    return ReplayedCount(replayed=await service.replay_failed(session, provider=provider))


@router.get("/{event_id}", response_model=WebhookEventDetail, summary="One event with its payload")
async def get_webhook_event(
    event_id: uuid.UUID, session: SessionDep, _: AdminUser
) -> WebhookEventDetail:
    return WebhookEventDetail.model_validate(await service.get(session, event_id))


@router.post(
    "/{event_id}/replay",
    response_model=WebhookEventOut,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Queue an event again (a processed one only with force=true)",
)
async def replay_webhook_event(
    event_id: uuid.UUID,
    session: SessionDep,
    _: AdminUser,
    force: Annotated[
        bool, Query(description="Also an event already processed (its effects may repeat)")
    ] = False,
) -> WebhookEventOut:
    return WebhookEventOut.model_validate(await service.replay(session, event_id, force=force))
