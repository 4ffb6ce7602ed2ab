"""`salesbot trackers …`: what each task tracker misses, its board's places, the status
mapping, and sending existing leads."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from salesbot.errors import SalesbotError
from salesbot.settings import Settings

console = Console()
err = Console(stderr=True)

TrackerName = Annotated[str, typer.Argument(help="trello, clickup, shortcut or github")]
WithDatabase = Callable[[Settings, Callable[[Any], Awaitable[Any]]], Any]


def trackers_commands(
    load_settings: Callable[[], Settings], with_database: WithDatabase
) -> typer.Typer:
    trackers = typer.Typer(
        help="Task trackers (Trello, ClickUp, Shortcut, GitHub Projects): checks, mapping, sync.",
        no_args_is_help=True,
    )

    @trackers.command("check")
    def check() -> None:
        """Each tracker: switched on or not, what is missing, where our statuses go."""
        from salesbot.trackers import setup

        settings = load_settings()
        checks = _run(settings, with_database, lambda database: setup.check(settings, database))
        table = Table("Трекер", "Состояние", "Сопоставление статусов")
        for found in checks:
            if not found.configured:
                state = f"[dim]выключен[/dim]: {found.problems[0]}"
            elif found.problems:
                state = "[red]не готов[/red]: " + "; ".join(found.problems)
            else:
                state = "[green]готов[/green]"
            mapped = ", ".join(f"{k}→{v}" for k, v in found.mapping.items()) or "—"
            if found.configured and found.unmapped:
                mapped += f"\n[dim]без места (карточка остаётся): {', '.join(found.unmapped)}[/dim]"
            table.add_row(found.title, state, mapped)
        console.print(table)
        if any(found.configured and found.problems for found in checks):
            raise typer.Exit(1)

    @trackers.command("stages")
    def stages(
        name: Annotated[str, typer.Argument(help="trello, clickup, shortcut, github")],
    ) -> None:
        """The tracker's lists, statuses, workflow states or options: their ids go into the
        mapping (`salesbot trackers map`)."""
        from salesbot.trackers import setup

        settings = load_settings()

        async def work(database: Any) -> Any:
            async with database.transaction() as session:
                return await setup.stages(settings, session, name)

        found = _run(settings, with_database, work)
        table = Table("id", "Название", "Где")
        for stage in found:
            table.add_row(stage.id, stage.name, stage.group or "")
        console.print(table)

    @trackers.command("map")
    def map_statuses(
        name: TrackerName,
        pairs: Annotated[
            list[str] | None,
            typer.Argument(help="status=id pairs, e.g. new=65f0…01 won=65f0…03"),
        ] = None,
        reset: Annotated[bool, typer.Option(help="Back to the settings' mapping.")] = False,
    ) -> None:
        """Save where the tracker puts the card for each of our statuses (checked against
        the tracker's own places)."""
        from salesbot.integrations.trackers import mapping
        from salesbot.trackers import setup

        settings = load_settings()
        statuses: dict[str, str] = {}
        for pair in pairs or []:
            status, _, place = pair.partition("=")
            if not place:
                err.print(f"[red]«{pair}»: нужна пара статус=id, например new=65f0…01.[/red]")
                raise typer.Exit(2)
            statuses[status.strip()] = place.strip()
        if not statuses and not reset:
            err.print("[red]Укажите пары статус=id или --reset.[/red]")
            raise typer.Exit(2)

        async def work(database: Any) -> dict[str, str]:
            async with database.transaction() as session:
                if reset:
                    setup.known(name)
                    await mapping.reset(session, name)
                    return mapping.from_settings(settings, name).statuses
                saved = await setup.save_mapping(
                    settings, session, name, statuses, updated_by="cli"
                )
                return saved.statuses

        saved = _run(settings, with_database, work)
        console.print("Сохранено: " + (", ".join(f"{k}→{v}" for k, v in saved.items()) or "—"))

    @trackers.command("sync")
    def sync(
        all_leads: Annotated[bool, typer.Option("--all", help="Every lead.")] = False,
        lead: Annotated[str | None, typer.Option(help="One lead's id.")] = None,
    ) -> None:
        """Queue leads for their cards on every tracker that is on (the worker sends them)."""
        from sqlalchemy import select

        from salesbot.integrations.trackers.factory import enabled_trackers
        from salesbot.leads.service import queue_tracker_sync
        from salesbot.models import Lead

        settings = load_settings()
        if not all_leads and lead is None:
            err.print("[red]Укажите --all или --lead ID.[/red]")
            raise typer.Exit(2)
        names = enabled_trackers(settings)
        if not names:
            err.print("[red]Ни один трекер не включён: см. `salesbot trackers check`.[/red]")
            raise typer.Exit(1)

        async def work(database: Any) -> int:
            async with database.transaction() as session:
                query = select(Lead.id)
                if lead is not None:
                    query = query.where(Lead.id == uuid.UUID(lead))
                ids = list((await session.execute(query)).scalars())
                for lead_id in ids:
                    for tracker in names:
                        await queue_tracker_sync(session, tracker, lead_id)
            return len(ids)

        queued = _run(settings, with_database, work)
        console.print(f"В очереди на отправку в {', '.join(names)}: {queued}.")

    return trackers


def _run(settings: Settings, with_database: WithDatabase, work: Callable[[Any], Any]) -> Any:
    try:
        return with_database(settings, work)
    except SalesbotError as error:
        err.print(f"[red]{error.message}[/red]")
        details = getattr(error, "details", None)
        if details:
            err.print(f"[dim]{details}[/dim]")
        raise typer.Exit(1) from None
