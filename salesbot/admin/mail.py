"""Admin API of the mail outbox: what was sent, what failed and why, and a retry."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from salesbot.api.deps import AdminUser, SessionDep
from salesbot.models import MailStatus
from salesbot.notifications import service
from salesbot.notifications.schemas import OutgoingMailOut
from salesbot.security.text import BIGINT_MAX

router = APIRouter(prefix="/api/v1/admin/mails", tags=["admin: mail"])


@router.get(
    "",
    response_model=list[OutgoingMailOut],
    summary="Outgoing mails, newest first (default: the failed ones; total in X-Total-Count)",
)
async def list_mails(
    session: SessionDep,
    response: Response,
    _: AdminUser,
    status_filter: Annotated[MailStatus | None, Query(alias="status")] = MailStatus.failed,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=BIGINT_MAX)] = 0,
) -> list[OutgoingMailOut]:
    items, total = await service.list_mails(
        session, status=status_filter, limit=limit, offset=offset
    )
    response.headers["X-Total-Count"] = str(total)
    return [OutgoingMailOut.of(item) for item in items]


@router.post(
    "/{mail_id}/retry",
    response_model=OutgoingMailOut,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Send a failed mail again",
)
async def retry_mail(mail_id: uuid.UUID, session: SessionDep, _: AdminUser) -> OutgoingMailOut:
    return OutgoingMailOut.of(await service.retry(session, mail_id))
