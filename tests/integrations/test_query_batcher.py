"""Query embeddings: concurrent conversations share batches; recent texts come from a cache."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from salesbot.integrations.embedders.base import Vectors
from salesbot.integrations.embedders.use import QueryBatcher, QueryCache


class Counting:
    def __init__(self, fail: bool = False) -> None:
        self.batches: list[list[str]] = []
        self.fail = fail

    def __call__(self, texts: list[str]) -> Vectors:
        self.batches.append(texts)
        if self.fail:
            raise RuntimeError("model crashed")
        return np.array([[float(len(t)), float(i)] for i, t in enumerate(texts)], dtype=np.float32)


async def test_concurrent_queries_are_embedded_together_and_get_their_own_rows() -> None:
    model = Counting()
    with ThreadPoolExecutor(max_workers=1) as executor:
        batcher = QueryBatcher(model, executor)
        texts = [f"вопрос {'x' * i}" for i in range(20)]
        rows = await asyncio.gather(*(batcher.embed([t]) for t in texts))

    assert [row[0][0] for row in rows] == [float(len(t)) for t in texts]
    assert len(model.batches) < len(texts)  # the first runs alone, the rest gather behind it
    assert sorted(t for batch in model.batches for t in batch) == sorted(texts)


async def test_a_failing_model_fails_every_waiting_query() -> None:
    with ThreadPoolExecutor(max_workers=1) as executor:
        batcher = QueryBatcher(Counting(fail=True), executor)
        results = await asyncio.gather(
            batcher.embed(["a"]), batcher.embed(["b"]), return_exceptions=True
        )
        assert all(isinstance(r, RuntimeError) for r in results)
        # The batcher recovers for the next query.
        batcher._embed = Counting()
        assert (await batcher.embed(["снова"]))[0][0] == 5.0


def test_the_cache_forgets_the_least_recently_used() -> None:
    cache = QueryCache(size=2)
    one, two, three = (np.full(2, n, dtype=np.float32) for n in (1, 2, 3))
    cache.put("один", one)
    cache.put("два", two)
    assert cache.get("один") is one  # now the most recent
    cache.put("три", three)
    assert cache.get("два") is None
    assert cache.get("один") is one and cache.get("три") is three


@pytest.mark.parametrize("texts", [["облако"], ["облако", "гибрид"]])
async def test_the_use_embedder_gives_the_same_vectors_through_the_batcher(
    texts: list[str],
) -> None:
    from salesbot.integrations.embedders import get_embedder
    from salesbot.settings import Settings

    embedder = get_embedder("use-multilingual-v3", Settings(_env_file=None))  # type: ignore[call-arg]
    direct = embedder.embed_sync(texts)  # type: ignore[attr-defined]
    batched = await embedder.embed(texts)
    cached = await embedder.embed(texts)
    np.testing.assert_allclose(batched, direct, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(cached, batched)


async def test_a_drain_task_cancelled_before_it_ran_does_not_stall_the_next_query() -> None:
    model = Counting()
    with ThreadPoolExecutor(max_workers=1) as executor:
        batcher = QueryBatcher(model, executor)
        stalled = asyncio.ensure_future(batcher.embed(["первый"]))
        await asyncio.sleep(0)  # the drain task exists but has not run yet
        assert batcher._task is not None
        batcher._task.cancel()
        await asyncio.sleep(0)
        row = await asyncio.wait_for(batcher.embed(["второй"]), 5)
        # The new drain task also serves the query the cancelled one left behind.
        first = await asyncio.wait_for(stalled, 5)
    assert row[0][0] == float(len("второй"))
    assert first[0][0] == float(len("первый"))
