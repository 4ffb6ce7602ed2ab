"""SMTP: the integration board's entry and the `Mailer` that sends through aiosmtplib.

TLS: implicit TLS when SMTP_USE_TLS (port 465), otherwise STARTTLS whenever the server offers
it, and always before a login; certificates are checked against the system's CAs, or
SMTP_CA_FILE for a private relay.
"""

from __future__ import annotations

import asyncio
import email.policy
import email.utils
import ssl
from datetime import UTC, datetime
from email.header import Header
from email.message import EmailMessage
from typing import Any

import aiosmtplib
from loguru import logger

from salesbot.integrations.base import Kind, ProbeContext, ProbeFailed, mask
from salesbot.integrations.errors import OutsideServiceError, PermanentError, RetryableError
from salesbot.integrations.mail.base import Mail
from salesbot.integrations.outcomes import record_outcome
from salesbot.security.masking import mask_text
from salesbot.settings import Settings, get_settings, secret_value

NAME = "smtp"
# Bodies as base64 or quoted-printable, never raw 8-bit: any server takes them.
POLICY = email.policy.SMTP.clone(cte_type="7bit")


class SmtpMailer:
    name = NAME
    title = "Почта (SMTP)"
    kind: Kind = "mail"

    def __init__(self, settings: Settings | None = None) -> None:
        # The board's entry is built before any settings exist and gets them per call;
        # a sender is built with the settings it sends by.
        self._settings = settings

    def configured(self, settings: Settings) -> bool:
        return settings.smtp_host is not None

    def details(self, settings: Settings) -> dict[str, Any]:
        if not settings.smtp_host:
            return {"note": "SMTP_HOST не задан: письма не отправляются."}
        return {
            "host": f"{settings.smtp_host}:{settings.smtp_port}",
            "tls": "TLS" if settings.smtp_use_tls else "STARTTLS, если сервер предлагает",
            "ca_file": str(settings.smtp_ca_file) if settings.smtp_ca_file else None,
            "username": mask(settings.smtp_username),
        }

    async def probe(self, context: ProbeContext) -> None:
        """The server's 220 greeting; no login, so no password travels for a check."""
        s = context.settings
        assert s.smtp_host is not None
        tls = tls_context(s) if s.smtp_use_tls else None
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(s.smtp_host, s.smtp_port, ssl=tls),
                timeout=s.smtp_timeout_seconds,
            )
            try:
                greeting = await asyncio.wait_for(reader.readline(), timeout=s.smtp_timeout_seconds)
                writer.write(b"QUIT\r\n")
                await writer.drain()
            finally:
                writer.close()
        except TimeoutError as exc:
            raise ProbeFailed(f"нет ответа за {s.smtp_timeout_seconds:.0f} с") from exc
        except OSError as exc:
            raise ProbeFailed(f"нет соединения: {type(exc).__name__}: {exc}") from exc
        if not greeting.startswith(b"220"):
            raise ProbeFailed(f"неожиданное приветствие: {greeting[:80].decode(errors='replace')}")

    # --- the Mailer port -------------------------------------------------------------------------
    async def send(self, mail: Mail) -> None:
        settings = self._settings or get_settings()
        if settings.smtp_host is None:
            raise PermanentError(NAME, "SMTP_HOST is not set")
        message = build_message(mail, sender=settings.smtp_from)
        log = logger.bind(message_id=mail.message_id)
        try:
            client = aiosmtplib.SMTP(
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_username,
                password=secret_value(settings.smtp_password),
                use_tls=settings.smtp_use_tls,
                start_tls=_starttls(settings),
                tls_context=tls_context(settings),  # an unreadable SMTP_CA_FILE is an OSError
                timeout=settings.smtp_timeout_seconds,
            )
            async with client:
                refused, _ = await client.send_message(message)
        except (aiosmtplib.SMTPException, OSError) as exc:
            error = classify(exc)
            # A refused address is the address's fault, not the server's: the board stays green.
            server_fine = isinstance(exc, aiosmtplib.SMTPRecipientsRefused)
            record_outcome(NAME, ok=server_fine, error=None if server_fine else str(error))
            log.warning("mail not sent: {}", error)
            raise error from exc
        record_outcome(NAME, ok=True)
        # Addresses are personal data: the log counts them, never names them.
        log.info(
            "mail sent to {} of {} recipients, {} attachments",
            len(mail.to) - len(refused),
            len(mail.to),
            len(mail.attachments),
        )


def _starttls(settings: Settings) -> bool | None:
    """Never over implicit TLS; required before a login, so a password never travels in the
    clear (a server that stops offering STARTTLS is refused, not trusted); otherwise
    whenever the server offers it (None)."""
    if settings.smtp_use_tls:
        return False
    return True if settings.smtp_username else None


def tls_context(settings: Settings) -> ssl.SSLContext:
    """Verifying context: the system's CAs, or only SMTP_CA_FILE's (a private relay)."""
    if settings.smtp_ca_file is not None:
        return ssl.create_default_context(cafile=str(settings.smtp_ca_file))
    return ssl.create_default_context()


def build_message(mail: Mail, *, sender: str) -> EmailMessage:
    """The MIME message: text and HTML as alternatives, attachments beside them (non-ASCII
    file names per RFC 2231)."""
    message = EmailMessage(policy=POLICY)
    name, address = email.utils.parseaddr(sender)
    if "@" not in address:
        raise PermanentError(NAME, "SMTP_FROM holds no address")
    message.set_raw("From", email.utils.formataddr((name, address), charset="utf-8"))
    message["To"] = ", ".join(mail.to)
    message.set_raw("Subject", encoded_words("Subject", mail.subject))
    message["Date"] = email.utils.format_datetime(datetime.now(UTC))
    message["Message-ID"] = mail.message_id
    if mail.reply_to:
        message["Reply-To"] = mail.reply_to
    message.set_content(mail.text, subtype="plain", charset="utf-8")
    if mail.html is not None:
        message.add_alternative(mail.html, subtype="html", charset="utf-8")
    for attachment in mail.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.content,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )
    return message


def encoded_words(name: str, value: str) -> str:
    """`value` as RFC 2047 encoded words, folded. The SMTP policy's own folder can drop the
    space where it splits two encoded words (python/cpython#144156 and its kin), which
    garbles long Cyrillic subjects; the older `Header` keeps spaces inside the words."""
    return Header(value, "utf-8", header_name=name).encode(linesep="\r\n")


def classify(exc: Exception) -> OutsideServiceError:
    """The server's answer as our two kinds: 4xx and lost connections are worth another try,
    5xx (a refused recipient, a refused login, a rejected message) are not."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [refusal.code for refusal in exc.recipients]
        kind = RetryableError if codes and all(400 <= c < 500 for c in codes) else PermanentError
        return kind(NAME, f"recipients refused: {', '.join(map(str, codes))}", status=max(codes))
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        kind = RetryableError if 400 <= exc.code < 500 else PermanentError
        # The server's words may quote an address; masked before they are kept anywhere.
        text = mask_text(exc.message)[:200]
        return kind(NAME, f"{type(exc).__name__} {exc.code}: {text}", status=exc.code)
    if isinstance(exc, aiosmtplib.SMTPException) and not isinstance(exc, OSError):
        # What we need and the server lacks: STARTTLS before a login, a login method, SMTPUTF8.
        return PermanentError(NAME, f"not possible with this server: {mask_text(str(exc))}")
    if isinstance(exc, TimeoutError):
        return RetryableError(NAME, f"timeout: {type(exc).__name__}")
    return RetryableError(NAME, f"unreachable: {type(exc).__name__}: {mask_text(str(exc))}")
