"""`salesbot webhooks …`: list inbound webhook events and replay the failed ones."""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.models import WebhookStatus
from salesbot.settings import Settings
from salesbot.webhooks.schemas import WebhookEventOut

console = Console()
err = Console(stderr=True)

WithSession = Callable[[Settings, Callable[[AsyncSession], Awaitable[Any]]], Any]


def webhooks_commands(
    load_settings: Callable[[], Settings], with_session: WithSession
) -> typer.Typer:
    """The `webhooks` sub-command; the main CLI passes in how it loads settings and runs one
    committed transaction (as for `kb`), so this module never imports salesbot.cli."""
    from salesbot.webhooks import service

    webhooks = typer.Typer(
        help="Inbound webhooks: list the stored events, replay failed ones.",
        no_args_is_help=True,
    )

    @webhooks.command("list")
    def list_events(
        status: Annotated[
            WebhookStatus | None, typer.Option(help="Only events in this state.")
        ] = None,
        provider: Annotated[
            str | None, typer.Option(help="Only this provider (telegram, avito, …).")
        ] = None,
        limit: Annotated[int, typer.Option(min=1, max=500, help="How many events.")] = 50,
        offset: Annotated[int, typer.Option(min=0, help="Skip this many first.")] = 0,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Stored events, newest first (payloads are not shown: they hold personal data)."""
        items, total = with_session(
            load_settings(),
            lambda session: service.list_events(
                session, status=status, provider=provider, limit=limit, offset=offset
            ),
        )
        rows = [WebhookEventOut.model_validate(item) for item in items]
        if as_json:
            body = {"total": total, "items": [row.model_dump(mode="json") for row in rows]}
            print(json.dumps(body, ensure_ascii=False, indent=2))
            return
        console.print(_table(rows, total))

    @webhooks.command("replay")
    def replay(
        event_id: Annotated[
            str | None,
            typer.Argument(help="The event to queue again (its id).", show_default=False),
        ] = None,
        failed: Annotated[bool, typer.Option("--failed", help="Every failed event.")] = False,
        provider: Annotated[
            str | None, typer.Option(help="With --failed: only this provider's events.")
        ] = None,
        force: Annotated[
            bool, typer.Option("--force", help="Also an event already processed.")
        ] = False,
    ) -> None:
        """Queue an event (or, with --failed, every failed event) for processing again."""
        if failed == (event_id is not None):
            err.print("[red]Укажите либо идентификатор события, либо --failed.[/red]")
            raise typer.Exit(2)
        if event_id is None:
            count = with_session(
                load_settings(), lambda session: service.replay_failed(session, provider=provider)
            )
            console.print(f"Поставлено в очередь повторно: {count}.")
            return
        if provider is not None:
            err.print("[red]--provider используется только вместе с --failed.[/red]")
            raise typer.Exit(2)
        try:
            wanted = uuid.UUID(event_id)
        except ValueError:
            err.print(f"[red]«{escape(event_id)}» не похоже на идентификатор события.[/red]")
            raise typer.Exit(2) from None
        event = with_session(
            load_settings(), lambda session: service.replay(session, wanted, force=force)
        )
        console.print(
            f"Событие {event.id} ({escape(event.provider)}) поставлено в очередь повторно."
        )

    return webhooks


def _table(rows: Sequence[WebhookEventOut], total: int) -> Table:
    table = Table(title=f"Webhook events: {len(rows)} of {total}")
    for column in ("id", "provider", "external id", "status", "attempts", "received", "error"):
        table.add_column(column)
    colours = {"processed": "green", "received": "yellow", "failed": "red"}
    for row in rows:
        table.add_row(
            str(row.id),
            escape(row.provider),
            escape(row.external_id),
            f"[{colours.get(row.status, 'white')}]{row.status}[/]",
            str(row.attempts),
            row.received_at.isoformat(timespec="seconds"),
            escape((row.last_error or "")[:80]),  # stored masked; brackets are not markup
        )
    return table
