"""Which code handles the events of each provider.

A provider's adapter registers its handler at import, in a module the worker imports (one
listed in `salesbot.jobs.app.TASK_MODULES`, e.g. the adapter's own `tasks.py`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.models import WebhookEvent

# Runs inside the processing job's transaction; raise to fail the event (it is retried).
WebhookHandler = Callable[[AsyncSession, WebhookEvent], Awaitable[None]]

_handlers: dict[str, WebhookHandler] = {}


class UnknownProvider(LookupError):
    """No handler is registered for the provider of a stored event."""


def register(provider: str, handler: WebhookHandler) -> None:
    """Handle `provider`'s events with `handler`; a second registration replaces the first."""
    _handlers[provider] = handler


def handler_for(provider: str) -> WebhookHandler:
    try:
        return _handlers[provider]
    except KeyError:
        raise UnknownProvider(
            f"no webhook handler is registered for provider {provider!r}"
        ) from None
