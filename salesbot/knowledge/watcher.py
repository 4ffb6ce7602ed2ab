"""Hot reload: re-ingest a folder when its files change, while the service keeps running."""

from __future__ import annotations

from pathlib import Path

from loguru import logger
from watchfiles import awatch

from salesbot.db.engine import Database
from salesbot.knowledge.ingestion import ingest_path
from salesbot.knowledge.service import KnowledgeService


async def sync_folder(
    database: Database, service: KnowledgeService, folder: Path, collection: str
) -> None:
    try:
        report = await ingest_path(
            database, service, folder, collection=collection, actor="watcher"
        )
    except Exception:  # a broken sync must not stop the watcher; the next change retries
        logger.exception("knowledge folder sync failed")
        return
    for failure in report.failed:
        logger.warning("knowledge file {} skipped: {}", failure.key, failure.error)
    if any(r.status != "unchanged" for r in report.results) or report.deactivated:
        logger.info("knowledge base synchronised: {}", report.summary())


async def watch_folder(
    database: Database, service: KnowledgeService, folder: Path, collection: str
) -> None:
    """Sync once (changes made while the service was down), then on every change."""
    await sync_folder(database, service, folder, collection)
    logger.info("watching {} for knowledge changes", folder)
    # Editors write files in several steps; a short debounce folds them into one sync.
    async for _changes in awatch(folder, debounce=800, recursive=True):
        await sync_folder(database, service, folder, collection)
