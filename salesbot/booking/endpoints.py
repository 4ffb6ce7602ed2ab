"""The managers' view of consultations: bookings in a period, for the dashboard's calendar."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from salesbot.api.deps import OperatorUser, SessionDep
from salesbot.booking.schemas import BookingOut
from salesbot.db.base import utcnow
from salesbot.errors import ValidationFailed
from salesbot.models import Booking, Lead

router = APIRouter(prefix="/api/v1/bookings", tags=["bookings"])
MAX_PERIOD = timedelta(days=92)


@router.get("", response_model=list[BookingOut], summary="Consultations in a period, by start")
async def list_bookings(
    session: SessionDep,
    _: OperatorUser,
    start: Annotated[datetime | None, Query(alias="from", description="Default: now")] = None,
    end: Annotated[datetime | None, Query(alias="to", description="Default: 14 days on")] = None,
    cancelled: Annotated[bool, Query(description="Cancelled ones too")] = False,
) -> list[BookingOut]:
    first = start or utcnow()
    last = end or first + timedelta(days=14)
    if first.tzinfo is None or last.tzinfo is None or not first < last <= first + MAX_PERIOD:
        raise ValidationFailed(
            "Период задаётся моментами с часовым поясом, не длиннее 92 дней.",
            code="period_invalid",
        )
    query = (
        select(Booking, Lead.id)
        .outerjoin(Lead, Lead.conversation_id == Booking.conversation_id)
        .where(Booking.starts_at >= first, Booking.starts_at < last)
        .order_by(Booking.starts_at)
    )
    if not cancelled:
        query = query.where(Booking.status == "booked")
    rows = await session.execute(query)
    return [BookingOut.of(booking, lead_id) for booking, lead_id in rows]
