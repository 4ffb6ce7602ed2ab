from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from salesbot.models import Booking


class BookingOut(BaseModel):
    id: uuid.UUID
    conversation_id: uuid.UUID
    lead_id: uuid.UUID | None
    starts_at: datetime
    ends_at: datetime
    manager: str = Field(description="The manager's e-mail, or team")
    customer_zone: str = Field(description="The customer's time zone (IANA)")
    status: str = Field(description="booked or cancelled")
    confirmed_at: datetime | None

    @classmethod
    def of(cls, booking: Booking, lead_id: uuid.UUID | None) -> BookingOut:
        return cls(
            id=booking.id,
            conversation_id=booking.conversation_id,
            lead_id=lead_id,
            starts_at=booking.starts_at,
            ends_at=booking.ends_at,
            manager=booking.manager,
            customer_zone=booking.customer_zone,
            status=booking.status,
            confirmed_at=booking.confirmed_at,
        )
