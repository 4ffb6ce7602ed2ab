"""Ingest a file or a folder: one transaction per batch of files, a progress callback, and a
report per file. A folder is synchronised: files that disappeared are deactivated."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from salesbot.db.engine import Database
from salesbot.knowledge.service import FileResult, KnowledgeService, SourceFile

BATCH_FILES = 32
Progress = Callable[[int, int], None]  # (files done, files total)


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def chunks(self) -> int:
        return sum(r.chunks for r in self.results)

    def summary(self) -> str:
        parts = [
            f"{self.count('added')} added",
            f"{self.count('updated') + self.count('reactivated')} updated",
            f"{self.count('unchanged')} unchanged",
            f"{len(self.deactivated)} deactivated",
            f"{len(self.failed)} failed",
        ]
        return ", ".join(parts) + f"; {self.chunks} chunks indexed"


def discover(root: Path) -> list[tuple[str, Path]]:
    """(key, path) of every file under `root` (hidden files skipped), sorted by key."""
    if root.is_file():
        return [(root.name, root)]
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            found.append((relative.as_posix(), path))
    return found


def category_of(key: str) -> str:
    parts = key.split("/")
    return parts[0] if len(parts) > 1 else ""


def _read_batch(
    files: list[tuple[str, Path]], limit: int
) -> tuple[list[SourceFile], list[FileResult]]:
    batch, refused = [], []
    for key, path in files:
        size = path.stat().st_size
        if size > limit:  # refuse before reading it into memory
            refused.append(
                FileResult(key, "failed", error=f"файл слишком большой: {size / 1_048_576:.1f} МБ")
            )
        else:
            batch.append(SourceFile(key, path.read_bytes(), category_of(key)))
    return batch, refused


async def ingest_path(
    database: Database,
    service: KnowledgeService,
    root: Path,
    *,
    collection: str,
    actor: str,
    progress: Progress | None = None,
    sync_deletions: bool = True,
) -> IngestReport:
    if not await asyncio.to_thread(root.exists):
        raise FileNotFoundError(f"{root} does not exist")
    is_folder = await asyncio.to_thread(root.is_dir)
    files = await asyncio.to_thread(discover, root)
    report = IngestReport()
    limit = service.settings.kb_max_file_mb * 1_048_576
    for start in range(0, len(files), BATCH_FILES):
        batch, refused = await asyncio.to_thread(
            _read_batch, files[start : start + BATCH_FILES], limit
        )
        report.results.extend(refused)
        async with database.transaction() as session:
            target = await service.collection(session, collection)
            report.results.extend(await service.ingest(session, target, batch, actor=actor))
        if progress is not None:
            progress(min(start + BATCH_FILES, len(files)), len(files))
    if sync_deletions and is_folder:
        async with database.transaction() as session:
            target = await service.collection(session, collection)
            report.deactivated = await service.deactivate_missing(
                session, target, prefix="", seen={key for key, _ in files}, actor=actor
            )
    return report
