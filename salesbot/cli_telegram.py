"""`salesbot telegram …`: register the bot's webhook with Telegram, or take it away."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import typer
from rich.console import Console

from salesbot.errors import ConfigurationError
from salesbot.settings import Settings

console = Console()
err = Console(stderr=True)


WithDatabase = Callable[[Settings, Callable[[Any], Awaitable[Any]]], Any]


def telegram_commands(
    load_settings: Callable[[], Settings], with_database: WithDatabase
) -> typer.Typer:
    telegram = typer.Typer(
        help="The Telegram bot: its webhook, or polling without one.", no_args_is_help=True
    )

    @telegram.command("poll")
    def poll() -> None:
        """Fetch updates from Telegram instead of receiving a webhook (development, no public
        address). Takes the webhook away first. Run it beside `salesbot serve`, whose worker
        answers the updates; Ctrl+C stops it."""
        from salesbot.channels.telegram.adapter import TelegramChannel
        from salesbot.channels.telegram.polling import poll as poll_updates

        settings = load_settings()
        if settings.telegram_bot_token is None:
            err.print("[red]TELEGRAM_BOT_TOKEN не задан: сначала создайте бота у @BotFather.[/red]")
            raise typer.Exit(1)

        async def work(database: Any) -> None:
            channel = TelegramChannel(settings)
            try:
                await poll_updates(channel, database, asyncio.Event())
            finally:
                await channel.close()

        console.print("Опрашиваю Telegram; Ctrl+C — остановить.")
        try:
            with_database(settings, work)
        except KeyboardInterrupt:
            console.print("Остановлено.")

    @telegram.command("set-webhook")
    def set_webhook() -> None:
        """Register TELEGRAM_WEBHOOK_URL with Telegram, with the secret token it must send
        back and the updates the assistant reads (messages, button presses)."""
        url = _run(load_settings(), lambda channel: channel.set_webhook())
        console.print(f"Вебхук зарегистрирован: {url}")

    @telegram.command("delete-webhook")
    def delete_webhook() -> None:
        """Stop Telegram posting updates here."""
        _run(load_settings(), lambda channel: channel.delete_webhook())
        console.print("Вебхук снят.")

    return telegram


def _run(settings: Settings, action: Callable[[Any], Awaitable[Any]]) -> Any:
    from salesbot.channels.telegram.adapter import TelegramChannel

    async def go() -> Any:
        channel = TelegramChannel(settings)
        try:
            return await action(channel)
        finally:
            await channel.close()

    # aiogram takes seconds to import: only the commands that talk to Telegram pay for it.
    from aiogram.exceptions import TelegramAPIError

    try:
        if settings.telegram_bot_token is None:
            raise ConfigurationError(
                "TELEGRAM_BOT_TOKEN не задан: сначала создайте бота у @BotFather."
            )
        return asyncio.run(go())
    except ConfigurationError as error:
        err.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    except TelegramAPIError as error:
        err.print(f"[red]Telegram ответил ошибкой: {error.message}[/red]")
        raise typer.Exit(1) from None
