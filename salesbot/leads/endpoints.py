from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import StreamingResponse

from salesbot.api.deps import (
    ChannelLabelsDep,
    DatabaseDep,
    OperatorUser,
    SessionDep,
    SettingsDep,
    provided,
)
from salesbot.db.base import utcnow
from salesbot.db.hooks import announce
from salesbot.documents.service import DocumentService
from salesbot.leads import dashboard, service
from salesbot.leads.repository import LeadFilter
from salesbot.leads.schemas import (
    LeadDetail,
    LeadItem,
    LeadOut,
    LeadOutcome,
    LeadStatusIn,
)
from salesbot.models import Channel
from salesbot.pricing.service import PricingService
from salesbot.security.text import BIGINT_MAX, StorableStr

PricingDep = Annotated[PricingService, provided("pricing")]
DocumentsDep = Annotated[DocumentService, provided("documents")]
router = APIRouter(prefix="/api/v1/leads", tags=["leads"])
Status = Literal["new", "qualified", "brief_completed", "quote_sent", "won", "lost"]


SORT_PATTERN = "^-?(updated_at|created_at|amount|status)$"


class LeadQuery:
    """The filters the list and the export share."""

    def __init__(
        self,
        status: Status | None = None,
        channel: Channel | None = None,
        product: Annotated[StorableStr | None, Query(max_length=50)] = None,
        date_from: Annotated[
            date | None, Query(alias="from", description="Created on or after (local date)")
        ] = None,
        date_to: Annotated[
            date | None, Query(alias="to", description="Created on or before (local date)")
        ] = None,
        q: Annotated[
            str | None,
            Query(max_length=200, description="Exact name, phone or email of the contact"),
        ] = None,
        sort: Annotated[
            str, Query(pattern=SORT_PATTERN, description="A leading - sorts descending")
        ] = "-updated_at",
    ) -> None:
        self.status, self.channel, self.product = status, channel, product
        self.date_from, self.date_to, self.q, self.sort = date_from, date_to, q, sort

    def filter(self, timezone: str) -> LeadFilter:
        return dashboard.lead_filter(
            timezone=timezone,
            status=self.status,
            channel=self.channel.value if self.channel else None,
            product=self.product,
            date_from=self.date_from,
            date_to=self.date_to,
            q=self.q,
        )


LeadQueryDep = Annotated[LeadQuery, Depends()]


@router.get(
    "",
    response_model=list[LeadItem],
    summary="Leads, most recently active first (total in X-Total-Count)",
)
async def list_leads(
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    query: LeadQueryDep,
    _: OperatorUser,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=BIGINT_MAX)] = 0,
) -> list[LeadItem]:
    items, total = await dashboard.page(
        session, query.filter(settings.timezone), sort=query.sort, limit=limit, offset=offset
    )
    response.headers["X-Total-Count"] = str(total)
    return items


@router.get(
    "/export.csv",
    response_class=StreamingResponse,
    summary="Every matching lead as CSV (UTF-8 with BOM, `;`-separated, Russian headers)",
)
async def export_csv(
    channel_labels: ChannelLabelsDep,
    database: DatabaseDep,
    pricing: PricingDep,
    settings: SettingsDep,
    query: LeadQueryDep,
    _: OperatorUser,
) -> StreamingResponse:
    where = query.filter(settings.timezone)

    async def body() -> AsyncIterator[bytes]:
        # Its own transaction: the request's has ended by the time the body streams.
        async with database.transaction() as session:
            products = (await pricing.current(session)).products
            async for chunk in dashboard.csv_chunks(
                session,
                where,
                sort=query.sort,
                timezone=settings.timezone,
                product_names={product.code: product.name for product in products},
                channel_labels=channel_labels,
            ):
                yield chunk

    filename = f"leads-{utcnow().date().isoformat()}.csv"
    return StreamingResponse(
        body(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/{lead_id}", response_model=LeadDetail, summary="A lead's card and timeline")
async def lead_detail(
    lead_id: uuid.UUID,
    session: SessionDep,
    channel_labels: ChannelLabelsDep,
    documents: DocumentsDep,
    _: OperatorUser,
) -> LeadDetail:
    return await dashboard.detail(session, lead_id, documents, channel_labels)


@router.patch("/{lead_id}", response_model=LeadItem, summary="Set a lead's status")
async def patch_lead(
    lead_id: uuid.UUID, body: LeadStatusIn, session: SessionDep, user: OperatorUser
) -> LeadItem:
    lead = await dashboard.set_status(
        session, lead_id, status=body.status, reason=body.reason, actor=user.email
    )
    announce(session, "conversation", lead.conversation_id)  # its lead_status changed
    return await dashboard.get_item(session, lead.id)


@router.post("/{lead_id}/outcome", response_model=LeadOut, summary="Mark a lead won or lost")
async def outcome(
    lead_id: uuid.UUID, body: LeadOutcome, session: SessionDep, user: OperatorUser
) -> LeadOut:
    lead = await service.close(
        session,
        lead_id,
        won=body.status == "won",
        tags=body.tags,
        reason=body.reason,
        actor=user.email,
    )
    return LeadOut.model_validate(lead)
