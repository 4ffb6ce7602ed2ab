from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel

from salesbot.models import OutgoingMail


class OutgoingMailOut(BaseModel):
    """A mail as admins see it: what, when and why not; never the addresses."""

    id: uuid.UUID
    template: str
    status: str
    attempts: int
    retryable: bool
    last_error: str | None
    message_id: str | None
    conversation_id: str | None
    recipients: int
    attachments: int
    created_at: datetime
    sent_at: datetime | None

    @classmethod
    def of(cls, mail: OutgoingMail) -> OutgoingMailOut:
        return cls(
            id=mail.id,
            template=mail.template,
            status=mail.status,
            attempts=mail.attempts,
            retryable=mail.retryable,
            last_error=mail.last_error,
            message_id=mail.message_id,
            conversation_id=mail.context.get("conversation_id"),
            recipients=len(mail.addresses),
            attachments=len(mail.attachment_ids),
            created_at=mail.created_at,
            sent_at=mail.sent_at,
        )
