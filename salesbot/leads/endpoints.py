from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from salesbot.api.deps import OperatorUser, SessionDep
from salesbot.leads import service
from salesbot.leads.schemas import LeadOut, LeadOutcome

router = APIRouter(prefix="/api/v1/leads", tags=["leads"])
Status = Literal["new", "qualified", "brief_completed", "quote_sent", "won", "lost"]


@router.get("", response_model=list[LeadOut], summary="Leads, most recently active first")
async def list_leads(
    session: SessionDep,
    _: OperatorUser,
    status: Status | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[LeadOut]:
    return [
        LeadOut.model_validate(lead)
        for lead in await service.list_leads(session, status=status, limit=limit, offset=offset)
    ]


@router.post("/{lead_id}/outcome", response_model=LeadOut, summary="Mark a lead won or lost")
async def outcome(
    lead_id: uuid.UUID, body: LeadOutcome, session: SessionDep, _: OperatorUser
) -> LeadOut:
    lead = await service.close(
        session, lead_id, won=body.status == "won", tags=body.tags, reason=body.reason
    )
    return LeadOut.model_validate(lead)
