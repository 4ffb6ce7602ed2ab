"""The mail port: one message out. Delivery is at least once (a job retries), so every mail
carries a stable Message-ID made from its outbox row: a repeat is recognisable as one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from salesbot.integrations.base import Adapter


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content: bytes
    content_type: str  # e.g. application/pdf


@dataclass(frozen=True)
class Mail:
    to: tuple[str, ...]
    subject: str
    text: str
    message_id: str  # stable per logical mail (its outbox row), e.g. <row-id@host>
    html: str | None = None
    reply_to: str | None = None
    attachments: tuple[MailAttachment, ...] = ()


class Mailer(Adapter, Protocol):
    async def send(self, mail: Mail) -> None:
        """Hand the mail to the server. Raises `RetryableError` (the server is away or busy)
        or `PermanentError` (a refused recipient or login)."""
        ...
