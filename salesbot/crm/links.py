"""A lead's card in an outside system (amoCRM, a task tracker), as far as we know it: the
id there, when a create started, what was last sent. Read in one transaction, each step
written in its own, so a crash after a step does not redo it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.base import utcnow
from salesbot.db.runtime import get_database
from salesbot.models import CrmLink


class LinkState:
    """The link's values, read in one transaction and written in the next ones."""

    def __init__(self, link: CrmLink) -> None:
        self.id = link.id
        self.key = link.request_key
        self.external_id = link.external_id
        self.url = link.url
        self.create_started = link.create_started_at is not None
        self.card = str(link.pushed.get("card") or "")
        self.status = link.pushed.get("status")
        self.notes: list[str] = list(link.pushed.get("notes") or [])


async def link(session: AsyncSession, service: str, lead_id: uuid.UUID, key: str) -> LinkState:
    """The lead's link to `service`, made on first use."""
    await session.execute(
        insert(CrmLink)
        .values(
            id=uuid.uuid4(),
            lead_id=lead_id,
            service=service,
            request_key=key,
            pushed={},
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        .on_conflict_do_nothing(constraint="uq_crm_links_service_lead")
    )
    row = await session.scalar(
        select(CrmLink).where(CrmLink.service == service, CrmLink.lead_id == lead_id)
    )
    assert row is not None
    return LinkState(row)


async def save(
    state: LinkState,
    *,
    ref: tuple[str, str | None] | None = None,
    card: str | None = None,
    status: str | None = None,
    notes: list[str] | None = None,
    create_started: bool = False,
    synced: bool = False,
    last_error: str | None = None,
) -> None:
    """Record one step at once (its own transaction): a crash after it does not redo it.
    `ref` is the outside id and the address a manager opens it at."""
    async with get_database().transaction() as session:
        row = await session.get_one(CrmLink, state.id, with_for_update=True)
        pushed: dict[str, Any] = dict(row.pushed)
        if ref is not None:
            row.external_id, row.url = ref
            state.external_id, state.url = ref
        if card is not None:
            pushed["card"], pushed["status"] = card, status
            state.card, state.status = card, status
        if notes is not None:
            pushed["notes"] = notes
        row.pushed = pushed
        if create_started:
            row.create_started_at = utcnow()
            state.create_started = True
        if synced:
            row.synced_at, row.last_error = utcnow(), None
        if last_error is not None:
            row.last_error = last_error
