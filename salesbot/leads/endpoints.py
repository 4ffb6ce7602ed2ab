from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, status

from salesbot.api.deps import OperatorUser, RuntimeDep, SessionDep, public_rate_limit
from salesbot.chat.endpoints import allowed_origin
from salesbot.leads import contact_form, service
from salesbot.leads.schemas import ContactFormIn, ContactFormOut, LeadOut, LeadOutcome

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


@router.post(
    "/contact-form",
    response_model=ContactFormOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(allowed_origin), Depends(public_rate_limit)],
    summary="The website's contact form: creates a lead for a manager",
)
async def submit_contact_form(body: ContactFormIn, runtime: RuntimeDep) -> ContactFormOut:
    async with runtime.database.transaction() as session:
        submitted = await contact_form.submit(
            session, contact_form.ContactForm(**body.model_dump())
        )
        out = runtime.chat.out(submitted.message) if submitted.message else None
    if submitted.conversation is not None and out is not None:
        await runtime.realtime.message(submitted.conversation.id, out.model_dump(mode="json"))
    return ContactFormOut(message=contact_form.THANKS)
