"""Mail: the `Mailer` port (`base.py`) and its adapters (`smtp.py`)."""

from __future__ import annotations

from salesbot.integrations.mail.base import Mail, MailAttachment, Mailer
from salesbot.integrations.mail.smtp import SmtpMailer
from salesbot.settings import Settings

__all__ = ["Mail", "MailAttachment", "Mailer", "SmtpMailer", "get_mailer"]


def get_mailer(settings: Settings) -> Mailer | None:
    """The mailer the settings describe; None when mail is off (SMTP_HOST is empty)."""
    return SmtpMailer(settings) if settings.smtp_host else None
