"""SMTP. For now the board's entry: configured by SMTP_HOST, checked by the server's greeting.
The `Mailer` side (sending with aiosmtplib) comes with the documents-by-mail work."""

from __future__ import annotations

import asyncio
import ssl
from typing import Any

from salesbot.integrations.base import Kind, ProbeContext, ProbeFailed, mask
from salesbot.settings import Settings


class Smtp:
    name = "smtp"
    title = "Почта (SMTP)"
    kind: Kind = "mail"

    def configured(self, settings: Settings) -> bool:
        return settings.smtp_host is not None

    def details(self, settings: Settings) -> dict[str, Any]:
        if not settings.smtp_host:
            return {"note": "SMTP_HOST не задан: письма не отправляются."}
        return {
            "host": f"{settings.smtp_host}:{settings.smtp_port}",
            "tls": settings.smtp_use_tls,
            "username": mask(settings.smtp_username),
        }

    async def probe(self, context: ProbeContext) -> None:
        """The server's 220 greeting; no login, so no password travels for a check."""
        s = context.settings
        assert s.smtp_host is not None
        tls = ssl.create_default_context() if s.smtp_use_tls else None
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
