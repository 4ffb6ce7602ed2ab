"""Retrieval evaluation: recall@1/5/10, MRR@10, nDCG@10 and latency, counted per document id."""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from salesbot.errors import ValidationFailed


@dataclass(frozen=True)
class Query:
    id: str
    query: str
    relevant_ids: frozenset[str]


@dataclass(frozen=True)
class EvalResult:
    queries: int
    recall_at_1: float
    recall_at_5: float
    recall_at_10: float
    mrr_at_10: float
    ndcg_at_10: float
    latency_p50_ms: float
    latency_p95_ms: float

    def as_dict(self) -> dict[str, Any]:
        return {
            key: round(value, 4) if isinstance(value, float) else value
            for key, value in asdict(self).items()
        }


def read_jsonl(path: Path) -> Iterable[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValidationFailed(
                    f"{path}:{number}: not JSON ({exc.msg})", code="bad_eval_file"
                ) from exc
            if not isinstance(item, dict):
                raise ValidationFailed(
                    f"{path}:{number}: expected a JSON object", code="bad_eval_file"
                )
            yield item


def read_passages(path: Path) -> list[dict[str, str]]:
    passages = []
    for item in read_jsonl(path):
        if not isinstance(item.get("id"), str) or not isinstance(item.get("text"), str):
            raise ValidationFailed(
                f"{path}: every passage needs string 'id' and 'text'", code="bad_eval_file"
            )
        passages.append(
            {"id": item["id"], "text": item["text"], "title": str(item.get("title") or "")}
        )
    return passages


def read_queries(path: Path) -> list[Query]:
    queries: list[Query] = []
    for item in read_jsonl(path):
        relevant = item.get("relevant_ids")
        if not isinstance(item.get("query"), str) or not isinstance(relevant, list) or not relevant:
            raise ValidationFailed(
                f"{path}: every query needs 'query' and a non-empty 'relevant_ids' list",
                code="bad_eval_file",
            )
        queries.append(
            Query(str(item.get("id", len(queries))), item["query"], frozenset(map(str, relevant)))
        )
    return queries


def _dedupe(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def score(ranked: list[list[str]], queries: list[Query], latencies: list[float]) -> EvalResult:
    """`ranked[i]` is the ordered list of document ids retrieved for `queries[i]`."""
    r1 = r5 = r10 = mrr = ndcg = 0.0
    for ids, query in zip(ranked, queries, strict=True):
        ids = _dedupe(ids)[:10]
        relevant = query.relevant_ids

        def recall(n: int, ids: list[str] = ids, relevant: frozenset[str] = relevant) -> float:
            return len(relevant.intersection(ids[:n])) / len(relevant)

        r1, r5, r10 = r1 + recall(1), r5 + recall(5), r10 + recall(10)
        first = next((rank for rank, doc in enumerate(ids, start=1) if doc in relevant), None)
        mrr += 1 / first if first else 0.0
        dcg = sum(
            1 / math.log2(rank + 1) for rank, doc in enumerate(ids, start=1) if doc in relevant
        )
        ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(len(relevant), 10) + 1))
        ndcg += dcg / ideal
    n = max(len(queries), 1)
    ordered = sorted(latencies) or [0.0]
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return EvalResult(
        len(queries),
        r1 / n,
        r5 / n,
        r10 / n,
        mrr / n,
        ndcg / n,
        statistics.median(ordered) * 1000,
        p95 * 1000,
    )


async def evaluate(
    database: Any,
    service: Any,
    queries: list[Query],
    *,
    passages: list[dict[str, str]] | None = None,
    kb_dir: Path | None = None,
    k: int = 10,
    mode: Any = "hybrid",
    progress: Callable[[str, int, int], None] | None = None,
) -> EvalResult:
    """Ingest into a throwaway collection, run every query, score, drop the collection."""
    import uuid

    from salesbot.knowledge.ingestion import ingest_path
    from salesbot.knowledge.retrieval import Mode
    from salesbot.knowledge.service import SourceFile

    collection = f"eval-{uuid.uuid4().hex[:12]}"
    try:
        if passages is not None:
            batch = 64
            for start in range(0, len(passages), batch):
                files = [
                    SourceFile(
                        p["id"],
                        (f"# {p['title']}\n\n{p['text']}" if p["title"] else p["text"]).encode(),
                        name=f"{p['id']}.md",
                    )
                    for p in passages[start : start + batch]
                ]
                async with database.transaction() as session:
                    target = await service.collection(session, collection)
                    results = await service.ingest(session, target, files, actor="eval")
                failed = [r for r in results if r.status == "failed"]
                if failed:
                    raise ValidationFailed(
                        f"passage {failed[0].key}: {failed[0].error}", code="bad_eval_file"
                    )
                if progress:
                    progress("ingest", min(start + batch, len(passages)), len(passages))
        elif kb_dir is not None:
            await ingest_path(
                database,
                service,
                kb_dir,
                collection=collection,
                actor="eval",
                progress=(lambda done, total: progress("ingest", done, total))
                if progress
                else None,
            )
        else:
            raise ValidationFailed("give passages or a knowledge folder", code="bad_eval_file")
        ranked: list[list[str]] = []
        latencies: list[float] = []
        depth = min(max(k, 10) * 3, 50)
        async with database.transaction() as session:
            await service.search(
                session, collection, queries[0].query, k=depth, mode=Mode(mode)
            )  # warm-up
        for index, query in enumerate(queries):
            async with database.transaction() as session:
                started = time.perf_counter()
                hits = await service.search(
                    session, collection, query.query, k=depth, mode=Mode(mode)
                )
                latencies.append(time.perf_counter() - started)
            ranked.append([hit.document_key for hit in hits])
            if progress and (index % 25 == 0 or index == len(queries) - 1):
                progress("search", index + 1, len(queries))
        return score(ranked, queries, latencies)
    finally:
        async with database.transaction() as session:
            await service.drop_collection(session, collection)
