"""`salesbot mcp`: the MCP server for managers' AI assistants (stdio, or `--http`)."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console

from salesbot.errors import SalesbotError
from salesbot.settings import Settings

err = Console(stderr=True)

WithDatabase = Callable[[Settings, Callable[[Any], Awaitable[Any]]], Any]


class McpRefused(SalesbotError):
    """The stdio server will not start: no usable token. The message is in both languages."""

    code = "mcp_refused"


def register_mcp_command(
    app: typer.Typer, load_settings: Callable[[], Settings], with_database: WithDatabase
) -> None:
    @app.command()
    def mcp(
        http: Annotated[
            bool, typer.Option("--http", help="Serve streamable HTTP instead of stdio.")
        ] = False,
        host: Annotated[str, typer.Option(help="Address to listen on (with --http).")] = (
            "127.0.0.1"
        ),
        port: Annotated[int, typer.Option(help="Port to listen on (with --http).")] = 8765,
        token: Annotated[
            str | None,
            typer.Option(
                envvar="SALESBOT_MCP_TOKEN",
                show_envvar=True,
                help="A manager's or admin's access token (stdio; over HTTP every request "
                "brings its own in Authorization: Bearer).",
            ),
        ] = None,
    ) -> None:
        """Serve the MCP tools (knowledge search, quotes, products) to a manager's AI
        assistant: over stdio for a desktop client, or over streamable HTTP with --http."""
        if http:
            _serve_http(load_settings(), with_database, host, port)
            return
        if not token:
            from salesbot.mcp.auth import bilingual, missing_token

            err.print(f"[red]{bilingual(missing_token())}[/red]")
            raise typer.Exit(2)
        # stdout is the protocol's wire: until the server takes it, whatever start-up prints
        # (a migration, the embedded database) goes to stderr.
        with _stdout_to_stderr() as give_back:
            _serve_stdio(load_settings(), with_database, token, give_back)


def _serve_stdio(
    settings: Settings, with_database: WithDatabase, token: str, give_back: Callable[[], None]
) -> None:
    from salesbot.mcp.auth import authenticate, bilingual
    from salesbot.mcp.context import ToolContext
    from salesbot.mcp.server import run_stdio

    async def work(database: Any) -> None:
        context = ToolContext(settings, database, stdio_token=token)
        try:
            async with database.transaction() as session:
                await authenticate(session, settings, token)
        except SalesbotError as exc:
            raise McpRefused(bilingual(exc)) from exc
        give_back()
        _exit_cleanly_on_sigterm()
        await run_stdio(context)

    with_database(settings, work)


def _serve_http(settings: Settings, with_database: WithDatabase, host: str, port: int) -> None:
    import uvicorn

    from salesbot.mcp.context import ToolContext
    from salesbot.mcp.server import MCP_PATH, http_app

    async def work(database: Any) -> None:
        app = http_app(ToolContext(settings, database), host=host)
        config = uvicorn.Config(app, host=host, port=port, log_config=None, proxy_headers=False)
        err.print(f"Salesbot MCP: http://{host}:{port}{MCP_PATH}  (Authorization: Bearer …)")
        _exit_cleanly_on_sigterm()
        await uvicorn.Server(config).serve()

    with_database(settings, work)


def _exit_cleanly_on_sigterm() -> None:
    """A clean exit on SIGTERM (as `serve` does), so that exit handlers stop the embedded
    PostgreSQL. (A desktop client usually just closes stdin, which ends the server too.)"""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))


@contextmanager
def _stdout_to_stderr() -> Iterator[Callable[[], None]]:
    """File descriptor 1 points at stderr until `give_back()` (or the block's end)."""
    sys.stdout.flush()
    wire = os.dup(1)
    os.dup2(2, 1)
    given = False

    def give_back() -> None:
        nonlocal given
        if not given:
            sys.stdout.flush()
            os.dup2(wire, 1)
            given = True

    try:
        yield give_back
    finally:
        give_back()
        os.close(wire)
