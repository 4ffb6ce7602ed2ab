"""`salesbot amocrm …`: connect the account step by step, see the connection and the
account's pipelines, subscribe to its status hooks, and send existing leads."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from urllib.parse import parse_qs, urlsplit

import typer
from rich.console import Console
from rich.table import Table

from salesbot.integrations.errors import OutsideServiceError
from salesbot.settings import Settings

console = Console()
err = Console(stderr=True)

WithDatabase = Callable[[Settings, Callable[[Any], Awaitable[Any]]], Any]


def amocrm_commands(
    load_settings: Callable[[], Settings], with_database: WithDatabase
) -> typer.Typer:
    amocrm = typer.Typer(
        help="amoCRM: connect the account, its pipelines, status hooks, lead sync.",
        no_args_is_help=True,
    )

    @amocrm.command("connect")
    def connect(
        code: Annotated[
            str | None,
            typer.Option(help="The code (or the whole address) amoCRM redirected to."),
        ] = None,
        subscribe: Annotated[
            bool, typer.Option(help="Ask amoCRM to post lead status changes here.")
        ] = True,
    ) -> None:
        """Walk through connecting the amoCRM account: keys, consent, tokens, pipelines,
        status hooks."""
        from salesbot.crm import connection
        from salesbot.integrations.crm.amocrm.client import redirect_uri

        settings = load_settings()
        if settings.amocrm_access_token is None and not (
            settings.amocrm_client_id and settings.amocrm_client_secret
        ):
            err.print(
                "[red]Нужны ключи интеграции.[/red] В amoCRM: «amoМаркет» → «⋯» → «Создать "
                "интеграцию» (внешняя), адрес перенаправления:\n"
                f"  {redirect_uri(settings)}\n"
                "Затем задайте AMOCRM_DOMAIN, AMOCRM_CLIENT_ID и AMOCRM_CLIENT_SECRET "
                "(«Ключи и доступы») и запустите команду снова."
            )
            raise typer.Exit(1)

        async def work(database: Any) -> None:
            client = _client(settings, database)
            try:
                if settings.amocrm_access_token is None:
                    await _consent(settings, database, client, code)
                await _show_pipelines(client)
                if subscribe:
                    await _subscribe(settings, client, connection.webhook_url(settings))
            finally:
                await client.close()

        _run(settings, with_database, work)
        console.print(
            "[green]Готово.[/green] Новые и изменённые лиды уходят в amoCRM; "
            "уже существующие отправит `salesbot amocrm sync --all`."
        )

    @amocrm.command("status")
    def status() -> None:
        """The connection: account, tokens, webhook address, mapping."""
        from salesbot.crm import connection, mapping

        settings = load_settings()

        async def work(database: Any) -> None:
            client = _client(settings, database)
            try:
                described = await connection.describe(settings, client)
                async with database.transaction() as session:
                    current = await mapping.load(session, settings)
            finally:
                await client.close()
            table = Table("Параметр", "Значение", show_header=False)
            for label, value in (
                ("Подключение", "есть" if described.connected else "нет"),
                ("Авторизация", described.auth),
                ("Аккаунт", f"{described.domain or '—'} (id {described.account_id or '—'})"),
                ("Токен действует до", str(described.access_expires_at or "—")),
                ("Адрес перенаправления", described.redirect_uri),
                ("Вебхук статусов", _hidden(described.webhook_url)),
                ("Воронка", str(current.pipeline_id or "основная")),
                ("Этапы", ", ".join(f"{k}→{v}" for k, v in current.statuses.items()) or "—"),
                ("Поля", ", ".join(f"{k}→{v}" for k, v in current.fields.items()) or "—"),
            ):
                table.add_row(label, value)
            console.print(table)

        _run(settings, with_database, work)

    @amocrm.command("pipelines")
    def pipelines() -> None:
        """The account's pipelines and stages (their ids go into the mapping)."""
        settings = load_settings()

        async def work(database: Any) -> None:
            client = _client(settings, database)
            try:
                await _show_pipelines(client)
            finally:
                await client.close()

        _run(settings, with_database, work)

    @amocrm.command("sync")
    def sync(
        all_leads: Annotated[bool, typer.Option("--all", help="Every lead.")] = False,
        lead: Annotated[str | None, typer.Option(help="One lead's id.")] = None,
    ) -> None:
        """Queue leads for sending to amoCRM (the worker sends them, a few per second)."""
        from sqlalchemy import select

        from salesbot.leads.service import schedule_sync
        from salesbot.models import Lead

        settings = load_settings()
        if not all_leads and lead is None:
            err.print("[red]Укажите --all или --lead ID.[/red]")
            raise typer.Exit(2)

        async def work(database: Any) -> int:
            async with database.transaction() as session:
                query = select(Lead)
                if lead is not None:
                    query = query.where(Lead.id == uuid.UUID(lead))
                rows = list((await session.execute(query)).scalars())
                for row in rows:
                    await schedule_sync(session, row)
            return len(rows)

        queued = _run(settings, with_database, work)
        console.print(f"В очереди на отправку в amoCRM: {queued}.")

    return amocrm


def _client(settings: Settings, database: Any) -> Any:
    from salesbot.integrations.crm.amocrm.client import AmoClient

    return AmoClient(settings, database=lambda: database)


async def _consent(settings: Settings, database: Any, client: Any, code: str | None) -> None:
    from salesbot.crm import connection

    async with database.transaction() as session:
        url = await connection.start(session, settings, started_by="cli")
    state = parse_qs(urlsplit(url).query)["state"][0]
    if code is None:
        console.print(
            "1. Откройте ссылку и разрешите доступ:\n"
            f"   [link={url}]{url}[/link]\n"
            "2. amoCRM перенаправит браузер на адрес перенаправления. Скопируйте этот адрес "
            "целиком (или только параметр code)."
        )
        code = typer.prompt("Адрес или code")
    given = _parse_redirect(code)
    async with database.transaction() as session:
        tokens = await connection.finish(
            session,
            client,
            code=given["code"],
            state=given.get("state", state),
            referer=given.get("referer"),
        )
    console.print(f"[green]amoCRM подключён:[/green] {tokens.domain}, аккаунт {tokens.account_id}")


def _parse_redirect(given: str) -> dict[str, str]:
    """The code alone, or the redirect's whole address with code, state and referer."""
    given = given.strip()
    if "code=" not in given:
        return {"code": given}
    query = parse_qs(urlsplit(given).query or given)
    return {key: values[0] for key, values in query.items() if values}


async def _show_pipelines(client: Any) -> None:
    from salesbot.integrations.crm.amocrm.adapter import AmoCrm

    table = Table("Воронка", "id", "Этапы (id)")
    for pipeline in await AmoCrm(client).pipelines():
        stages = ", ".join(
            f"{s['name']} ({s['id']})" for s in pipeline.get("_embedded", {}).get("statuses", [])
        )
        main = " (основная)" if pipeline.get("is_main") else ""
        table.add_row(f"{pipeline['name']}{main}", str(pipeline["id"]), stages)
    console.print(table)
    console.print(
        "Этапы для наших статусов задаются в AMOCRM_STATUS_MAP или в панели "
        '(например {"new": 2030, "quote_sent": 2031}).'
    )


async def _subscribe(settings: Settings, client: Any, url: str | None) -> None:
    from salesbot.integrations.crm.amocrm.adapter import AmoCrm

    if url is None or not url.startswith("https://"):
        console.print(
            "[yellow]Вебхук статусов не оформлен: amoCRM шлёт их только на https-адрес "
            "(PUBLIC_URL).[/yellow]"
        )
        return
    try:
        await AmoCrm(client).subscribe(url)
    except OutsideServiceError as error:
        console.print(
            f"[yellow]Вебхук статусов не оформлен ({error}): нужны права админа.[/yellow]"
        )
        return
    console.print(f"Вебхук статусов: {_hidden(url)}")


def _hidden(url: str | None) -> str:
    """The webhook address without its secret path segment."""
    if not url:
        return "—"
    head, _, _secret = url.rpartition("/")
    return f"{head}/…"


def _run(settings: Settings, with_database: WithDatabase, work: Callable[[Any], Any]) -> Any:
    try:
        return with_database(settings, work)
    except OutsideServiceError as error:
        err.print(f"[red]amoCRM ответил ошибкой: {str(error).removeprefix('amocrm: ')}[/red]")
        raise typer.Exit(1) from None
