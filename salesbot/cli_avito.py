"""`salesbot avito …`: register this server's webhook with Avito (the URL carries the secret
path token), take it away, or list what Avito will post to."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from salesbot.integrations.errors import OutsideServiceError
from salesbot.settings import Settings

console = Console()
err = Console(stderr=True)

WithDatabase = Callable[[Settings, Callable[[Any], Awaitable[Any]]], Any]


def avito_commands(
    load_settings: Callable[[], Settings], with_database: WithDatabase
) -> typer.Typer:
    avito = typer.Typer(help="The Avito channel: its webhook subscription.", no_args_is_help=True)

    @avito.command("subscribe")
    def subscribe() -> None:
        """Ask Avito to post the account's new messages to this server
        (PUBLIC_URL/api/v1/webhooks/avito/messages/<secret>)."""
        from salesbot.channels.avito.adapter import webhook_url

        settings = load_settings()
        url = webhook_url(settings)
        _run(settings, with_database, lambda client, _: client.subscribe(url))
        console.print(f"Подписка оформлена: Avito будет присылать сообщения на {_shown(url)}")

    @avito.command("unsubscribe")
    def unsubscribe() -> None:
        """Stop Avito posting messages to this server."""
        from salesbot.channels.avito.adapter import webhook_url

        settings = load_settings()
        _run(settings, with_database, lambda client, _: client.unsubscribe(webhook_url(settings)))
        console.print("Подписка снята.")

    @avito.command("subscriptions")
    def subscriptions() -> None:
        """The addresses Avito posts the account's messages to."""
        listed = _run(load_settings(), with_database, lambda client, _: client.subscriptions())
        if not listed:
            console.print("Подписок нет: выполните `salesbot avito subscribe`.")
            return
        table = Table("Адрес", "Версия")
        for item in listed:
            table.add_row(_shown(str(item.get("url", ""))), str(item.get("version", "")))
        console.print(table)

    @avito.command("import-history")
    def import_history() -> None:
        """Bring the account's chats and their messages into the dashboard's history. Run it
        before subscribing; what is stored already is skipped, so it can run again."""
        from rich.progress import Progress, SpinnerColumn, TextColumn

        from salesbot.channels.avito.history import import_history as run_import

        settings = load_settings()
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console) as bar:
            task = bar.add_task("Загружаю чаты Avito…", total=None)

            def one_more() -> None:
                bar.advance(task)
                bar.update(task, description=f"Загружено чатов: {bar.tasks[0].completed:g}")

            imported = _run(
                settings,
                with_database,
                lambda client, database: run_import(client, database, on_chat=one_more),
            )
        console.print(
            f"Чатов: {imported.chats}, новых сообщений: {imported.messages}, "
            f"пропущено (уже есть или не текст): {imported.skipped}."
        )

    return avito


def _shown(url: str) -> str:
    """The URL with its secret path token hidden (it is as good as a password)."""
    head, _, _secret = url.rpartition("/")
    return f"{head}/…" if "/webhooks/avito/messages" in head else url


def _run(
    settings: Settings,
    with_database: WithDatabase,
    action: Callable[[Any, Any], Awaitable[Any]],
) -> Any:
    """`action(client, database)` with the account's client; Avito's refusals as one line."""
    from salesbot.channels.avito.adapter import AvitoChannel

    if not settings.avito_client_id or settings.avito_client_secret is None:
        err.print(
            "[red]AVITO_CLIENT_ID и AVITO_CLIENT_SECRET не заданы: возьмите их в кабинете "
            "Avito Pro (раздел API).[/red]"
        )
        raise typer.Exit(1)

    async def work(database: Any) -> Any:
        channel = AvitoChannel(settings)
        try:
            return await action(channel.client(), database)
        finally:
            await channel.close()

    try:
        return with_database(settings, work)
    except OutsideServiceError as error:
        err.print(f"[red]Avito ответил ошибкой: {error}[/red]")
        raise typer.Exit(1) from None
