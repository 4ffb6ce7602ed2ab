"""The `salesbot` command."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.engine import Database
from salesbot.errors import SalesbotError
from salesbot.models import Role
from salesbot.settings import Settings, get_settings

app = typer.Typer(
    help="Salesbot: a self-hostable AI sales assistant.", no_args_is_help=True, add_completion=False
)
users_app = typer.Typer(help="Operator accounts.", no_args_is_help=True)
config_app = typer.Typer(help="Configuration.", no_args_is_help=True)
app.add_typer(users_app, name="users")
pii_app = typer.Typer(help="Personal data encryption.", no_args_is_help=True)
kb_app = typer.Typer(help="Knowledge base: ingest, search, evaluate.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")
app.add_typer(config_app, name="config")
app.add_typer(pii_app, name="pii")

console = Console()
err = Console(stderr=True)
T = TypeVar("T")


def _settings() -> Settings:
    try:
        return get_settings()
    except SalesbotError as exc:
        err.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(2) from exc
    except ValueError as exc:  # pydantic validation of the environment
        err.print(f"[red]Invalid configuration:[/red]\n{exc}")
        raise typer.Exit(2) from exc


def _with_session(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `work` in one committed transaction against the (migrated) database."""

    async def in_transaction(database: Database) -> T:
        async with database.transaction() as session:
            return await work(session)

    return _with_database(settings, in_transaction)


def _with_database(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    """Run `work` with a database handle (for commands with many transactions)."""
    from salesbot.bootstrap import init_process, prepare_database
    from salesbot.db.runtime import using_database
    from salesbot.integrations import outcomes

    init_process(settings, json_logs=False)
    url = prepare_database(settings)

    async def run() -> T:
        database = Database(url, pool_size=2)
        with using_database(database):
            try:
                return await work(database)
            finally:
                await outcomes.recorder.flush()  # outside calls' outcomes, written here
                await database.dispose()

    try:
        return asyncio.run(run())
    except SalesbotError as exc:
        err.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from exc


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Processes (more than one needs REDIS_URL).")] = 1,
) -> None:
    """Serve the API (and, with the embedded database, a job worker in the same process)."""
    import uvicorn

    settings = _settings()
    if workers > 1 and not settings.redis_url:
        err.print(
            "[red]Several processes share the chat's rooms, rate limits and locks through "
            "Redis: set REDIS_URL (for example redis://127.0.0.1:6379/0).[/red]"
        )
        raise typer.Exit(2)
    if workers > 1 and settings.uses_embedded_database:
        # This process starts the embedded server (and stops it on exit); the workers
        # connect to it as to any server, each with its job worker, as one process has.
        from salesbot.bootstrap import prepare_database

        os.environ["DATABASE_URL"] = prepare_database(settings)
        os.environ.setdefault("EMBEDDED_WORKER", "true")
    console.print(f"Salesbot: http://{host}:{port}  (API docs: http://{host}:{port}/docs)")
    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again; by default that
    # kills the process before exit handlers run, leaving the embedded PostgreSQL behind.
    # A clean exit instead lets them stop it, as after Ctrl+C.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    uvicorn.run(
        "salesbot.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        proxy_headers=False,
        ws="websockets-sansio",
    )


@app.command()
def worker() -> None:
    """Run a job worker until stopped (Ctrl+C or SIGTERM finishes the running jobs first)."""
    from salesbot.bootstrap import init_process, prepare_database
    from salesbot.db.runtime import set_database
    from salesbot.integrations import outcomes
    from salesbot.jobs.app import jobs_connected
    from salesbot.jobs.worker import run_worker

    settings = _settings()
    init_process(settings)
    url = prepare_database(settings)

    async def run() -> None:
        from salesbot.channels.web.realtime import Realtime
        from salesbot.runtime import Runtime
        from salesbot.security.ratelimit import create_counter_store

        database = Database(url, pool_size=settings.worker_concurrency)
        set_database(database)
        counters = create_counter_store(settings.redis_url)
        # The same runtime as `serve`, whose realtime only publishes: with REDIS_URL set, what
        # jobs store (answers, deliveries) reaches the sockets of every app instance.
        realtime = Realtime(settings, write_only=True)
        runtime = Runtime.build(settings, database, counters, realtime)
        runtime.start()
        try:
            async with jobs_connected(url):
                await run_worker(settings)
        finally:
            runtime.stop()
            await realtime.close()
            await counters.close()
            await outcomes.recorder.flush()
            await database.dispose()

    asyncio.run(run())


@app.command()
def migrate() -> None:
    """Apply database migrations (serve and worker also do it at start)."""
    from salesbot.bootstrap import init_process, prepare_database
    from salesbot.db.migrate import head_revision

    settings = _settings()
    init_process(settings, json_logs=False)
    with console.status("Applying migrations…"):
        prepare_database(settings)
    console.print(f"[green]Database is at revision {head_revision()}.[/green]")


@app.command()
def seed(
    demo_conversations: Annotated[
        int,
        typer.Option(
            min=0,
            help="Also make a synthetic sales history of this many conversations over the last "
            "90 days for the dashboard (topped up: a second run adds only what is missing).",
        ),
    ] = 0,
) -> None:
    """Create the demo data (a demo admin, optionally a sales history); safe to run again."""
    from salesbot.seed import seed_demo

    settings = _settings()
    report = _with_session(settings, lambda s: seed_demo(s, settings))
    state = "created" if report.admin_created else "already exists"
    console.print(f"Demo admin {report.admin_email} {state}.")
    if demo_conversations:
        _seed_conversations(settings, demo_conversations)


def _seed_conversations(settings: Settings, conversations: int) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from salesbot.analytics import demo

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("Demo conversations", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        report = _with_database(
            settings,
            lambda database: demo.generate(
                database, settings, conversations=conversations, on_progress=advance
            ),
        )
    console.print(
        f"Demo conversations: {report.created} added, {report.existing} were already there."
    )


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Option(help="Login email.")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True, hide_input=True, confirmation_prompt=True, help="At least 8 characters."
        ),
    ],
    role: Annotated[Role, typer.Option(help="admin or manager.")] = Role.manager,
    full_name: Annotated[str, typer.Option(help="Name shown to colleagues.")] = "",
) -> None:
    """Create an operator account."""
    from salesbot.users import service

    settings = _settings()
    user = _with_session(
        settings,
        lambda s: service.create(s, email=email, password=password, role=role, full_name=full_name),
    )
    console.print(f"[green]Created {user.role} {user.email}.[/green]")


@users_app.command("list")
def users_list() -> None:
    """Every operator account with its role and whether it may log in."""
    from salesbot.users import service

    settings = _settings()
    users = _with_session(settings, service.list_users)
    table = Table("email", "role", "active", "last login")
    for user in users:
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "—"
        table.add_row(user.email, user.role, "yes" if user.is_active else "no", last)
    console.print(table)


def _change_user(email: str, change: Callable[[AsyncSession, Any], Awaitable[Any]]) -> Any:
    from salesbot.users import service

    async def work(session: AsyncSession) -> Any:
        user = await service.by_email(session, email)
        return await change(session, user.id)

    return _with_session(_settings(), work)


@users_app.command("activate")
def users_activate(email: Annotated[str, typer.Argument(help="Login email.")]) -> None:
    """Let an account log in again."""
    from salesbot.users import service

    user = _change_user(email, lambda s, i: service.set_active(s, i, active=True, actor_id=None))
    console.print(f"[green]{user.email} may log in again.[/green]")


@users_app.command("deactivate")
def users_deactivate(email: Annotated[str, typer.Argument(help="Login email.")]) -> None:
    """Stop an account from logging in (the last active admin is refused)."""
    from salesbot.users import service

    user = _change_user(email, lambda s, i: service.set_active(s, i, active=False, actor_id=None))
    console.print(f"[green]{user.email} can no longer log in.[/green]")


@users_app.command("set-role")
def users_set_role(
    email: Annotated[str, typer.Argument(help="Login email.")],
    role: Annotated[Role, typer.Argument(help="admin or manager.")],
) -> None:
    """Make an account an admin or a manager (the last active admin stays one)."""
    from salesbot.users import service

    user = _change_user(email, lambda s, i: service.set_role(s, i, role=role))
    console.print(f"[green]{user.email} is now {user.role}.[/green]")


@users_app.command("set-password")
def users_set_password(
    email: Annotated[str, typer.Argument(help="Login email.")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True, hide_input=True, confirmation_prompt=True, help="At least 8 characters."
        ),
    ],
) -> None:
    """Set a new password (for an admin locked out, or a forgotten one)."""
    from salesbot.users import service

    user = _change_user(email, lambda s, i: service.set_password(s, i, password=password))
    console.print(f"[green]New password set for {user.email}.[/green]")


@pii_app.command("rotate")
def pii_rotate() -> None:
    """Re-encrypt stored personal data with the current PII_ENCRYPTION_KEY.

    Put the previous key into PII_ENCRYPTION_OLD_KEYS first; remove it once this has run.
    """
    from salesbot.maintenance.pii import rotate
    from salesbot.security.pii import get_keyring

    settings = _settings()
    with console.status("Re-encrypting personal data…"):
        reports = _with_session(settings, lambda s: rotate(s, get_keyring()))
    for report in reports:
        console.print(
            f"{report.table}: {report.rows_rotated} of {report.rows_checked} rows re-encrypted"
        )


@pii_app.command("reindex")
def pii_reindex() -> None:
    """Recompute the look-up hashes of contacts (name, phone, email) and of the phones and
    e-mails typed in messages.

    Run once after upgrading to a version that adds a hash, and after PII_HASH_KEY changed.
    """
    from salesbot.maintenance.pii import reindex_contacts, reindex_messages
    from salesbot.security.pii import get_keyring

    settings = _settings()
    with console.status("Recomputing contact look-up hashes…"):
        report = _with_session(settings, lambda s: reindex_contacts(s, get_keyring()))
    console.print(f"contacts: {report.rows_updated} of {report.rows_checked} rows updated")
    with console.status("Recomputing the hashes of contacts typed in messages…"):
        messages = _with_session(settings, lambda s: reindex_messages(s, get_keyring()))
    console.print(f"messages: {messages} rows resealed")


@pii_app.command("seal-messages")
def pii_seal_messages() -> None:
    """Mask the phones and e-mails in messages stored before version 0015, keeping the
    originals encrypted. The worker does this too, every five minutes."""
    from salesbot.maintenance.pii import seal_messages
    from salesbot.security.pii import get_keyring

    settings = _settings()
    with console.status("Sealing the text of older messages…"):
        sealed = _with_session(settings, lambda s: seal_messages(s, get_keyring()))
    console.print(f"messages: {sealed} rows sealed")


@app.command()
def openapi(
    output: Annotated[
        Path | None, typer.Option(help="Write the schema here instead of standard output.")
    ] = None,
) -> None:
    """The HTTP API's OpenAPI schema (the dashboard's TypeScript types are generated from it)."""
    from salesbot.app import openapi_json

    text = openapi_json()
    if output is None:
        console.print_json(text)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"OpenAPI schema written to {output}.")


@config_app.command("check")
def config_check() -> None:
    """Print the effective configuration (secrets masked) and what each integration lacks."""
    from salesbot.config_report import effective_settings, integrations

    settings = _settings()
    table = Table(title="Effective configuration", show_lines=False)
    table.add_column("Variable")
    table.add_column("Value")
    for name, value in effective_settings(settings):
        table.add_row(name, value)
    console.print(table)
    status = Table(title="Integrations")
    for column in ("Integration", "State", "Missing", "Note"):
        status.add_column(column)
    colours = {"on": "green", "off": "dim", "incomplete": "yellow"}
    incomplete = False
    for item in integrations(settings):
        incomplete |= item.state == "incomplete"
        status.add_row(
            item.name, f"[{colours[item.state]}]{item.state}[/]", ", ".join(item.missing), item.note
        )
    console.print(status)
    if incomplete:
        raise typer.Exit(1)


@config_app.command("docs")
def config_docs(
    output: Annotated[Path, typer.Option(help="Where to write the reference.")] = Path(
        "docs/configuration.md"
    ),
) -> None:
    """Regenerate docs/configuration.md from settings.py."""
    from salesbot.config_docs import render_configuration_reference

    output.write_text(render_configuration_reference(), encoding="utf-8")
    console.print(f"Wrote {output}.")


from salesbot.cli_amocrm import amocrm_commands  # noqa: E402  (sub-commands in their modules)
from salesbot.cli_avito import avito_commands  # noqa: E402
from salesbot.cli_chat import register_chat_command  # noqa: E402
from salesbot.cli_kb import register_kb_commands  # noqa: E402
from salesbot.cli_mcp import register_mcp_command  # noqa: E402
from salesbot.cli_privacy import privacy_commands  # noqa: E402
from salesbot.cli_quote import register_quote_command  # noqa: E402
from salesbot.cli_telegram import telegram_commands  # noqa: E402
from salesbot.cli_trackers import trackers_commands  # noqa: E402
from salesbot.cli_webhooks import webhooks_commands  # noqa: E402

register_kb_commands(kb_app, _settings, _with_database)
register_quote_command(app, _settings, _with_session)
register_chat_command(app, _settings, _with_database)
register_mcp_command(app, _settings, _with_database)
app.add_typer(webhooks_commands(_settings, _with_session), name="webhooks")
app.add_typer(telegram_commands(_settings, _with_database), name="telegram")
app.add_typer(avito_commands(_settings, _with_database), name="avito")
app.add_typer(amocrm_commands(_settings, _with_database), name="amocrm")
app.add_typer(trackers_commands(_settings, _with_database), name="trackers")
app.add_typer(privacy_commands(_settings, _with_session, _with_database), name="privacy")

if __name__ == "__main__":
    app()
