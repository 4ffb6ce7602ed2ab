"""Retrieval benchmark (`make bench`): quality per mode, ingestion throughput, query latency.

1. The project's own set: colloquial customer questions about knowledge_base/ (lexical,
   dense, hybrid), plus the all-MiniLM-L6-v2 dense baseline when .venv-bench exists.
2. xquad_ru (shared/data): a real Russian set written by others.
3. A generated corpus of ≥10,000 chunks (xquad_ru sentences reshuffled into one-chunk
   distractor documents) with the knowledge base inside it: ingestion
   chunks/s with the default embedder, and the own set's quality and latency at that size.

Writes bench/results/retrieval.json and prints a Markdown table for docs/retrieval.md.
"""

from __future__ import annotations

import asyncio
import json
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import bench_database  # noqa: E402

from salesbot.db.engine import Database  # noqa: E402
from salesbot.knowledge.chunking import split  # noqa: E402
from salesbot.knowledge.evaluation import Query, evaluate, read_passages, read_queries, score  # noqa: E402
from salesbot.knowledge.indexing import embedding_text  # noqa: E402
from salesbot.knowledge.ingestion import discover, ingest_path  # noqa: E402
from salesbot.knowledge.loaders import load  # noqa: E402
from salesbot.knowledge.retrieval import Mode  # noqa: E402
from salesbot.knowledge.service import KnowledgeService, SourceFile  # noqa: E402
from salesbot.knowledge.text import normalise  # noqa: E402

KB = ROOT / "knowledge_base"
OWN = ROOT / "tests" / "data" / "kb_eval" / "queries.jsonl"
XQUAD = ROOT.parent / "shared" / "data" / "xquad_ru"
BENCH_VENV = ROOT / ".venv-bench" / "bin" / "python"
RESULTS = ROOT / "bench" / "results" / "retrieval.json"
CORPUS_CHUNKS = 10_000


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 30]


def generated_corpus(seed: int = 7) -> list[SourceFile]:
    """Distractor documents of 3–5 xquad_ru sentences each (off-topic for the own set, so the
    relevance labels stay true), one chunk apiece."""
    rng = random.Random(seed)
    pool = [s for p in read_passages(XQUAD / "passages.jsonl") for s in sentences(p["text"])]
    files = []
    for index in range(CORPUS_CHUNKS):
        body = " ".join(rng.sample(pool, rng.randint(3, 5)))[:420]  # one chunk per document
        files.append(
            SourceFile(
                f"synthetic/doc-{index:05d}",
                f"# Документ {index}\n\n{body}".encode(),
                "synthetic",
                name=f"doc-{index}.md",
            )
        )
    return files


async def ingest_corpus(
    database: Database, service: KnowledgeService, files: list[SourceFile], collection: str
) -> float:
    started = time.perf_counter()
    chunks = 0
    for start in range(0, len(files), 200):
        async with database.transaction() as session:
            target = await service.collection(session, collection)
            results = await service.ingest(
                session, target, files[start : start + 200], actor="bench"
            )
        chunks += sum(r.chunks for r in results)
        log(f"  ingested {min(start + 200, len(files))}/{len(files)} files")
    elapsed = time.perf_counter() - started
    return chunks / elapsed


async def own_set_at_scale(
    database: Database, service: KnowledgeService, queries: list[Query]
) -> dict[str, Any]:
    collection = "bench-10k"
    files = generated_corpus()
    throughput = await ingest_corpus(database, service, files, collection)
    await ingest_path(
        database, service, KB, collection=collection, actor="bench", sync_deletions=False
    )
    out: dict[str, Any] = {"ingest_chunks_per_s": round(throughput, 1)}
    async with database.transaction() as session:
        live = (
            await session.execute(
                __import__("sqlalchemy").text(
                    "SELECT count(*) FROM kb_chunks c JOIN kb_collections k ON k.id = c.collection_id"
                    " WHERE k.name = :n AND c.is_live"
                ),
                {"n": collection},
            )
        ).scalar_one()
    out["chunks"] = int(live)
    for mode in Mode:
        ranked, latencies = [], []
        for query in queries:
            async with database.transaction() as session:
                started = time.perf_counter()
                hits = await service.search(session, collection, query.query, k=30, mode=mode)
                latencies.append(time.perf_counter() - started)
            ranked.append([h.document_key for h in hits])
        out[mode.value] = score(ranked, queries, latencies).as_dict()
        log(f"  10k {mode.value}: {out[mode.value]}")
    async with database.transaction() as session:
        await service.drop_collection(session, collection)
    return out


def minilm_baseline(queries: list[Query]) -> dict[str, Any] | None:
    """Dense all-MiniLM-L6-v2 over the same chunks (exact cosine in numpy)."""
    if not BENCH_VENV.exists():
        log("  .venv-bench missing: MiniLM baseline skipped (make bench creates it)")
        return None
    keys, texts = [], []
    for key, path in discover(KB):
        loaded = load(key, path.read_bytes(), max_bytes=50_000_000)
        for chunk in split(normalise(loaded.text), document_title=loaded.title):
            keys.append(key)
            texts.append(embedding_text(loaded.title, chunk.section_path, chunk.text))

    def embed(items: list[str]) -> np.ndarray:
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "v.npy"
            subprocess.run(
                [str(BENCH_VENV), str(ROOT / "bench" / "minilm_embed.py"), str(target)],
                input=json.dumps(items),
                text=True,
                check=True,
                capture_output=True,
            )
            return np.load(target)

    chunk_vectors = embed(texts)
    started = time.perf_counter()
    query_vectors = embed([q.query for q in queries])
    per_query = (time.perf_counter() - started) / max(len(queries), 1)
    ranked = []
    for vector in query_vectors:
        order = np.argsort(-(chunk_vectors @ vector))[:30]
        ranked.append([keys[i] for i in order])
    result = score(ranked, queries, [per_query] * len(queries)).as_dict()
    result["note"] = "latency is the mean per query of one batched call, model load excluded"
    return result


async def main() -> None:
    database, settings = bench_database("salesbot_bench")
    service = KnowledgeService(settings)
    own = read_queries(OWN)
    results: dict[str, Any] = {
        "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version()},
        "own_set": {"queries": len(own)},
        "xquad_ru": {},
    }
    try:
        for mode in Mode:
            log(f"own set, {mode.value}")
            results["own_set"][mode.value] = (
                await evaluate(database, service, own, kb_dir=KB, mode=mode)
            ).as_dict()
        log("own set, MiniLM baseline")
        results["own_set"]["minilm_dense"] = minilm_baseline(own)
        passages = read_passages(XQUAD / "passages.jsonl")
        xq = read_queries(XQUAD / "queries.jsonl")
        for mode in Mode:
            log(f"xquad_ru, {mode.value}")
            results["xquad_ru"][mode.value] = (
                await evaluate(database, service, xq, passages=passages, mode=mode)
            ).as_dict()
        log("generated corpus")
        results["at_10k"] = await own_set_at_scale(database, service, own)
    finally:
        await database.dispose()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown(results))


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "| set | mode | R@1 | R@5 | R@10 | MRR@10 | nDCG@10 | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for set_name in ("own_set", "xquad_ru"):
        for mode, metrics in results[set_name].items():
            if isinstance(metrics, dict):
                lines.append(
                    f"| {set_name} | {mode} | {metrics['recall_at_1']:.3f} | {metrics['recall_at_5']:.3f} | "
                    f"{metrics['recall_at_10']:.3f} | {metrics['mrr_at_10']:.3f} | {metrics['ndcg_at_10']:.3f} | "
                    f"{metrics['latency_p50_ms']:.1f} | {metrics['latency_p95_ms']:.1f} |"
                )
    scale = results["at_10k"]
    for mode in Mode:
        m = scale[mode.value]
        lines.append(
            f"| own set in {scale['chunks']} chunks | {mode.value} | {m['recall_at_1']:.3f} | {m['recall_at_5']:.3f} | "
            f"{m['recall_at_10']:.3f} | {m['mrr_at_10']:.3f} | {m['ndcg_at_10']:.3f} | {m['latency_p50_ms']:.1f} | {m['latency_p95_ms']:.1f} |"
        )
    lines.append(f"\nIngestion with the default embedder: {scale['ingest_chunks_per_s']} chunks/s.")
    return "\n".join(lines)


if __name__ == "__main__":
    asyncio.run(main())
