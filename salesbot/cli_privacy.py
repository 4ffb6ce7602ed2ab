"""`salesbot privacy …`: a person's data on request (152-FZ): export it, erase it; and the
retention periods applied now rather than at night."""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.engine import Database
from salesbot.settings import Settings

console = Console()
err = Console(stderr=True)

WithSession = Callable[[Settings, Callable[[AsyncSession], Awaitable[Any]]], Any]
WithDatabase = Callable[[Settings, Callable[[Database], Awaitable[Any]]], Any]

Phone = Annotated[str | None, typer.Option(help="The person's phone, in any format.")]
Email = Annotated[str | None, typer.Option(help="The person's e-mail.")]
ContactId = Annotated[uuid.UUID | None, typer.Option(help="A contact's id (from the dashboard).")]


def privacy_commands(
    load_settings: Callable[[], Settings], with_session: WithSession, with_database: WithDatabase
) -> typer.Typer:
    """The main CLI passes in how it loads settings and runs a transaction or a database
    handle, so this module never imports salesbot.cli."""
    from salesbot.privacy import service

    privacy = typer.Typer(
        help="Personal data (152-FZ): export or erase one person's data; apply retention.",
        no_args_is_help=True,
    )

    @privacy.command("export")
    def export(
        phone: Phone = None,
        email: Email = None,
        contact: ContactId = None,
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write the JSON here (0600).")
        ] = None,
    ) -> None:
        """Everything kept about a person, as JSON (to stdout, or to a file only you can read)."""

        async def work(session: AsyncSession) -> dict[str, Any]:
            return await service.export_person(
                session,
                await service.find_person(session, phone=phone, email=email, contact_id=contact),
            )

        exported = with_session(load_settings(), work)
        text = json.dumps(exported, ensure_ascii=False, indent=2)
        if output is None:
            print(text)
            return
        output.touch(mode=0o600)
        output.write_text(text + "\n", encoding="utf-8")
        console.print(
            f"Wrote {output}: {len(exported['contacts'])} contacts, "
            f"{len(exported['conversations'])} conversations."
        )

    @privacy.command("erase")
    def erase(
        phone: Phone = None,
        email: Email = None,
        contact: ContactId = None,
        yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    ) -> None:
        """Erase a person: contacts deleted; their conversations' words, files, documents and mails
        gone (numbers for accounting and reports stay). It cannot be undone."""
        settings = load_settings()
        found = with_session(
            settings,
            lambda session: service.find_person(
                session, phone=phone, email=email, contact_id=contact
            ),
        )
        summary = f"{len(found.contacts)} contacts, {len(found.conversations)} conversations"
        if not yes and not typer.confirm(f"Erase {summary}? This cannot be undone."):
            raise typer.Exit(1)

        async def work(session: AsyncSession) -> service.Erased:
            return await service.erase_person(
                session,
                settings,
                await service.find_person(session, phone=phone, email=email, contact_id=contact),
            )

        erased = with_session(settings, work)
        console.print(
            f"Erased: {erased.contacts} contacts, {erased.conversations} conversations, "
            f"{erased.messages} messages, {erased.files} files, {erased.documents} documents, "
            f"{erased.mails} mails."
        )
        if erased.missing_files:
            err.print(f"[yellow]Already gone from disk: {', '.join(erased.missing_files)}[/yellow]")

    @privacy.command("apply-retention")
    def apply_retention() -> None:
        """Apply RETENTION_CONVERSATION_DAYS and RETENTION_CONTACT_DAYS now (the worker does
        it every night at 03:17)."""
        total = with_database(
            load_settings(),
            lambda database: service.apply_retention_in_batches(database, load_settings()),
        )
        console.print(
            f"Conversations erased: {total.conversations} (deleted: "
            f"{total.deleted_conversations}); contacts deleted: {total.contacts}."
        )

    return privacy
