from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from salesbot.db.engine import Database
from salesbot.knowledge.service import KnowledgeService
from salesbot.knowledge.watcher import watch_folder
from salesbot.settings import Settings


async def _search(database: Database, service: KnowledgeService, query: str) -> list[str]:
    async with database.transaction() as session:
        return [h.text for h in await service.search(session, "watched", query, k=3)]


async def _eventually(check: object, timeout: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():  # type: ignore[operator]
        assert asyncio.get_running_loop().time() < deadline, "the change never became searchable"
        await asyncio.sleep(0.2)


class TestHotReload:
    async def test_edits_become_searchable_without_restart(
        self, database: Database, settings: Settings, tmp_path: Path, clean_db: None
    ) -> None:
        folder = tmp_path / "kb"
        (folder / "faq").mkdir(parents=True)
        doc = folder / "faq" / "sroki.md"
        doc.write_text(
            "# Сроки\n\n## Как быстро запуск?\n\nЗапуск занимает две недели.\n", encoding="utf-8"
        )
        service = KnowledgeService(settings)
        watcher = asyncio.create_task(watch_folder(database, service, folder, "watched"))
        try:

            async def first_version() -> bool:
                return any("две недели" in t for t in await _search(database, service, "запуск"))

            await _eventually(first_version)
            doc.write_text(
                "# Сроки\n\n## Как быстро запуск?\n\nЗапуск занимает пять дней.\n", encoding="utf-8"
            )

            async def second_version() -> bool:
                texts = await _search(database, service, "запуск")
                return any("пять дней" in t for t in texts) and not any(
                    "две недели" in t for t in texts
                )

            await _eventually(second_version)
            (folder / "faq" / "new.md").write_text(
                "# Скидки\n\nСкидка 10 % при оплате за два года.\n", encoding="utf-8"
            )

            async def added() -> bool:
                return any("10 %" in t for t in await _search(database, service, "скидка"))

            await _eventually(added)
            doc.unlink()

            async def removed() -> bool:
                return not any("пять дней" in t for t in await _search(database, service, "запуск"))

            await _eventually(removed)
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
