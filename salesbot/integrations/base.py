"""What every adapter of an outside service declares, whatever its capability: the facts the
admins' integration board shows (`status.py`) and a cheap real check of the service.

A capability's own port (`Crm`, `TaskTracker`, `Calendar`, …, in `<capability>/base.py`)
extends `Adapter`, so one vendor class is both the board's entry and the business port.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

from salesbot.db.engine import Database
from salesbot.security.ratelimit import CounterStore
from salesbot.settings import Settings

# The board's groups. A vendor of a business capability (CRM, tracker, calendar,
# payments) is "saas"; its capability shows in `name` and `title`.
Kind = Literal["infrastructure", "llm", "knowledge", "mail", "saas"]


class ProbeFailed(Exception):
    """A probe reached a verdict: the service is not usable. The message is for admins (it is
    scrubbed of secrets before it is stored)."""


@dataclass(frozen=True)
class ProbeContext:
    """What a probe may use of the running app."""

    settings: Settings
    database: Database
    counters: CounterStore | None  # the Redis-backed store when REDIS_URL is set, else None


class Adapter(Protocol):
    """One outside service, as the board sees it. Read-only properties so that a class
    attribute, a property or a frozen dataclass field all satisfy them."""

    @property
    def name(self) -> str:
        """Stable id on the board and in `integration_status` (e.g. `openai`, `amocrm`)."""
        ...

    @property
    def title(self) -> str:
        """What admins read (e.g. `amoCRM`, `Почта (SMTP)`)."""
        ...

    @property
    def kind(self) -> Kind: ...

    def configured(self, settings: Settings) -> bool:
        """Its settings are present, so the product uses it."""
        ...

    def details(self, settings: Settings) -> dict[str, Any]:
        """Non-secret facts (model, host, masked ids); never a key, token or password.
        None values are dropped before they are shown."""
        ...

    async def probe(self, context: ProbeContext) -> None:
        """A real, cheap check (a model list, a greeting, `SELECT 1`). Returns when the
        service is usable; raises `ProbeFailed` with a reason otherwise. Only called when
        `configured` is true."""
        ...


# --- helpers for `details` -----------------------------------------------------------------------
def mask(value: str | None) -> str | None:
    """An id shown so an admin recognises it, not so anyone can use it: `b1g…x7`."""
    if not value:
        return None
    return f"{value[:3]}…{value[-2:]}" if len(value) > 8 else "…"


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname
