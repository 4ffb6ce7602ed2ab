"""`salesbot kb …`: ingest, search, evaluate, list and restore knowledge documents."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from salesbot.db.engine import Database
from salesbot.knowledge.retrieval import Mode
from salesbot.settings import Settings

console = Console()
err = Console(stderr=True)

WithDatabase = Callable[[Settings, Callable[[Database], Awaitable[Any]]], Any]


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def register_kb_commands(
    kb: typer.Typer, load_settings: Callable[[], Settings], with_database: WithDatabase
) -> None:
    from salesbot.knowledge.service import KnowledgeService

    @kb.command("ingest")
    def ingest(
        path: Annotated[
            Path, typer.Argument(help="A file or a folder (sub-folders become categories).")
        ],
        collection: Annotated[
            str | None, typer.Option(help="Collection; default KB_COLLECTION.")
        ] = None,
    ) -> None:
        """Ingest documents; unchanged files are skipped, changed ones get a new version and
        files removed from the folder are deactivated."""
        from salesbot.knowledge.ingestion import ingest_path

        settings = load_settings()
        if not path.exists():
            err.print(f"[red]{path} does not exist.[/red]")
            raise typer.Exit(2)

        async def work(database: Database) -> Any:
            with _progress() as bar:
                task = bar.add_task(f"Ingesting {path}", total=None)
                return await ingest_path(
                    database,
                    KnowledgeService(settings),
                    path,
                    collection=collection or settings.kb_collection,
                    actor="cli",
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )

        report = with_database(settings, work)
        for failure in report.failed:
            err.print(f"[yellow]skipped {failure.key}: {failure.error}[/yellow]")
        console.print(f"[green]{report.summary()}[/green]")
        if report.failed:
            raise typer.Exit(1)

    @kb.command("search")
    def search(
        query: Annotated[str, typer.Argument(help="What to look for, in plain words.")],
        k: Annotated[int, typer.Option(min=1, max=50, help="How many results.")] = 5,
        mode: Annotated[Mode, typer.Option(help="hybrid, dense or lexical.")] = Mode.hybrid,
        category: Annotated[str | None, typer.Option(help="Only this category (folder).")] = None,
        collection: Annotated[
            str | None, typer.Option(help="Collection; default KB_COLLECTION.")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Search the knowledge base."""
        settings = load_settings()

        async def work(database: Database) -> Any:
            async with database.transaction() as session:
                return await KnowledgeService(settings).search(
                    session,
                    collection or settings.kb_collection,
                    query,
                    k=k,
                    mode=mode,
                    category=category,
                )

        hits = with_database(settings, work)
        if as_json:
            print(
                json.dumps(
                    [
                        {
                            "document": h.document_key,
                            "title": h.document_title,
                            "category": h.category,
                            "section": h.section,
                            "score": round(h.score, 6),
                            "citation": h.citation,
                            "text": h.text,
                        }
                        for h in hits
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        if not hits:
            console.print("Nothing found.")
            return
        for rank, hit in enumerate(hits, start=1):
            console.print(
                f"[bold]{rank}. {hit.citation}[/bold]"
                f"  [dim]{hit.document_key} · {hit.score:.4f}[/dim]"
            )
            console.print(hit.text[:400] + ("…" if len(hit.text) > 400 else ""), highlight=False)
            console.print()

    @kb.command("eval")
    def evaluate_command(
        queries: Annotated[Path, typer.Option(help="Queries JSONL: {id, query, relevant_ids}.")],
        passages: Annotated[
            Path | None, typer.Option(help="Passages JSONL: {id, text, title?}.")
        ] = None,
        kb_dir: Annotated[
            Path | None, typer.Option(help="Or a knowledge folder; ids are file paths.")
        ] = None,
        k: Annotated[int, typer.Option(min=1, max=50, help="Results per query.")] = 10,
        mode: Annotated[Mode, typer.Option(help="hybrid, dense or lexical.")] = Mode.hybrid,
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    ) -> None:
        """Measure retrieval: recall@1/5/10, MRR@10, nDCG@10 and query latency p50/p95."""
        from salesbot.knowledge.evaluation import evaluate, read_passages, read_queries

        if (passages is None) == (kb_dir is None):
            err.print("[red]Give exactly one of --passages or --kb-dir.[/red]")
            raise typer.Exit(2)
        settings = load_settings()
        query_list = read_queries(queries)
        passage_list = read_passages(passages) if passages else None

        async def work(database: Database) -> Any:
            with _progress() as bar:
                tasks: dict[str, Any] = {}

                def report(stage: str, done: int, total: int) -> None:
                    if stage not in tasks:
                        tasks[stage] = bar.add_task(stage.capitalize(), total=total)
                    bar.update(tasks[stage], completed=done, total=total)

                return await evaluate(
                    database,
                    KnowledgeService(settings),
                    query_list,
                    passages=passage_list,
                    kb_dir=kb_dir,
                    k=k,
                    mode=mode,
                    progress=report,
                )

        result = with_database(settings, work)
        metrics = result.as_dict()
        if as_json:
            print(json.dumps({"mode": mode.value, **metrics}))
            return
        table = Table(title=f"Retrieval ({mode.value}, {result.queries} queries)")
        table.add_column("metric")
        table.add_column("value", justify="right")
        for name in ("recall_at_1", "recall_at_5", "recall_at_10", "mrr_at_10", "ndcg_at_10"):
            table.add_row(name, f"{metrics[name]:.3f}")
        table.add_row("latency p50, ms", f"{metrics['latency_p50_ms']:.1f}")
        table.add_row("latency p95, ms", f"{metrics['latency_p95_ms']:.1f}")
        console.print(table)

    @kb.command("push")
    def push(
        path: Annotated[Path, typer.Argument(help="A folder (or a file) of documents.")],
    ) -> None:
        """Upload documents into the AnythingLLM workspace (KNOWLEDGE_BACKEND=anythingllm):
        files whose name the workspace already has are skipped."""
        import asyncio

        from salesbot.errors import ConfigurationError
        from salesbot.integrations.errors import OutsideServiceError
        from salesbot.integrations.knowledge.anythingllm import AnythingLLM
        from salesbot.knowledge.loaders import SUPPORTED

        settings = load_settings()
        try:
            client = AnythingLLM.from_settings(settings)
        except ConfigurationError as exc:
            err.print(f"[red]{exc.message}[/red]")
            raise typer.Exit(2) from exc
        if not path.exists():
            err.print(f"[red]{path} does not exist.[/red]")
            raise typer.Exit(2)
        files = sorted(
            f for f in ([path] if path.is_file() else path.rglob("*"))
            if f.is_file() and f.suffix.lower() in SUPPORTED
        )  # fmt: skip

        async def work() -> tuple[int, int, list[str]]:
            known = await client.titles()
            sent, failed = 0, []
            todo = [f for f in files if f.name not in known]
            with _progress() as bar:
                task = bar.add_task("Uploading", total=len(todo))
                for file in todo:
                    try:
                        await client.upload(file)
                        sent += 1
                    except OutsideServiceError as exc:
                        failed.append(f"{file.name}: {exc}")
                    bar.advance(task)
            return sent, len(files) - len(todo), failed

        try:
            sent, there, failed = asyncio.run(work())
        except OutsideServiceError as exc:  # the workspace itself could not be read
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from exc
        for line in failed:
            err.print(f"[red]Not sent: {line}[/red]")
        console.print(
            f"Sent to AnythingLLM: {sent}, already there: {there}"
            + (f", failed: {len(failed)}" if failed else "")
            + f" (workspace «{client.workspace}»)."
        )
        if failed:
            raise typer.Exit(1)

    @kb.command("documents")
    def documents(
        collection: Annotated[
            str | None, typer.Option(help="Collection; default KB_COLLECTION.")
        ] = None,
        include_inactive: Annotated[bool, typer.Option(help="Also removed documents.")] = False,
    ) -> None:
        """List documents with their active version."""
        settings = load_settings()

        async def work(database: Database) -> Any:
            async with database.transaction() as session:
                service = KnowledgeService(settings)
                target = await service.collection(session, collection or settings.kb_collection)
                return list(
                    await service.documents(session, target, include_inactive=include_inactive)
                )

        table = Table()
        for column in ("document", "title", "version", "active"):
            table.add_column(column)
        for doc in with_database(settings, work):
            table.add_row(
                doc.source_key, doc.title, str(doc.active_version), "yes" if doc.is_active else "no"
            )
        console.print(table)
