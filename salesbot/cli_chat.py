"""`salesbot chat`: talk to the assistant in the terminal (the same engine as every channel)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal

import typer
from rich.console import Console

from salesbot.settings import LLMProvider, Settings

console = Console()


def register_chat_command(
    app: typer.Typer, load_settings: Callable[[], Settings], with_database: Any
) -> None:
    @app.command()
    def chat(
        brain: Annotated[
            str, typer.Option(help="offline or llm (needs a configured provider).")
        ] = "offline",
    ) -> None:
        """A conversation with the assistant in the terminal; empty line or Ctrl+D ends it."""
        from salesbot.channels.registry import build_registry, use_registry
        from salesbot.conversations.types import (
            Button,
            InboundMessage,
            Reply,
            as_plain_text,
            option_chosen,
        )
        from salesbot.dialog.brains import choose_brain
        from salesbot.dialog.engine import DialogEngine
        from salesbot.models import Channel

        if brain not in ("offline", "llm"):
            raise typer.BadParameter("brain must be offline or llm")
        settings = load_settings()
        if brain == "offline":
            settings = settings.model_copy(update={"llm_provider": LLMProvider.offline})
        chosen: Literal["offline", "llm"] = "llm" if brain == "llm" else "offline"

        async def session_loop(database: Any) -> None:
            use_registry(build_registry(settings))  # the terminal channel: read from the store
            engine = DialogEngine.standalone(settings, choose_brain(settings))
            chat_id = f"cli-{uuid.uuid4().hex[:8]}"
            buttons: tuple[Button, ...] = ()
            console.print(
                f"[dim]Brain: {engine.brain.name} (asked for {chosen}). "
                "Empty line ends the chat.[/dim]"
            )
            while True:
                try:
                    text = await asyncio.to_thread(console.input, "[bold]Вы:[/bold] ")
                except EOFError:
                    break
                if not text.strip():
                    break
                text = option_chosen(text, buttons)
                async with database.transaction() as session:
                    result = await engine.handle(
                        session, InboundMessage(Channel.terminal, chat_id, text)
                    )
                for message in result.replies:
                    buttons = tuple(Button(**b) for b in message.meta.get("buttons", []))
                    reply = Reply(message.readable_text, buttons)
                    console.print(
                        f"[green]Ассистент:[/green] {as_plain_text(reply)}", highlight=False
                    )
                    for file in message.attachments:
                        console.print(f"  📎 {file['name']}: {file['url']}", highlight=False)
                if not result.replies:
                    console.print("[dim](ассистент молчит: диалог у менеджера)[/dim]")

        with_database(settings, session_loop)
