"""Hybrid retrieval: dense (pgvector HNSW, cosine) + lexical (BM25 over lemmas in PostgreSQL),
fused by reciprocal rank fusion."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.knowledge.embedding import Vectors
from salesbot.knowledge.repository import vector_literal
from salesbot.models.kb_chunk import EMBEDDING_COLUMNS


class Mode(StrEnum):
    hybrid = "hybrid"
    dense = "dense"
    lexical = "lexical"


RRF_K = 60
# Equal weights: heavier lexical weights moved MRR and recall in opposite directions by less
# than the noise of the project's set (docs/retrieval.md).
LEXICAL_WEIGHT = 1.0
DENSE_WEIGHT = 1.0
CANDIDATES = 40  # per retriever, before fusion
BM25_K1 = 1.2
BM25_B = 0.75


@dataclass(frozen=True)
class Ranked:
    chunk_id: uuid.UUID
    score: float


async def dense(
    session: AsyncSession,
    collection_id: uuid.UUID,
    query_vector: Vectors,
    *,
    limit: int,
    category: str | None,
) -> list[Ranked]:
    column = EMBEDDING_COLUMNS[len(query_vector)]
    dims = len(query_vector)
    # Iterative scans keep reading the HNSW graph until enough rows pass the filters
    # (collection, category), instead of returning fewer than asked.
    await session.execute(text("SET LOCAL hnsw.ef_search = 100"))
    await session.execute(text("SET LOCAL hnsw.iterative_scan = relaxed_order"))
    rows = await session.execute(
        text(
            f"SELECT id, {column} <=> CAST(:q AS vector({dims})) AS distance FROM kb_chunks"  # noqa: S608
            f" WHERE collection_id = :c AND is_live AND {column} IS NOT NULL"
            " AND (CAST(:category AS text) IS NULL OR category = :category)"
            " ORDER BY distance LIMIT :limit"
        ),
        {
            "q": vector_literal(query_vector),
            "c": collection_id,
            "category": category,
            "limit": limit,
        },
    )
    ranked = sorted(((row[0], 1 - float(row[1])) for row in rows), key=lambda item: -item[1])
    return [Ranked(chunk_id, score) for chunk_id, score in ranked]


_BM25 = text(
    """
    SELECT p.chunk_id,
           sum(q.idf * (p.tf * (:k1 + 1)) / (p.tf + :k1 * (1 - :b + :b * p.doc_len / :avgdl)))
             AS score
    FROM unnest(CAST(:terms AS text[]), CAST(:weights AS float8[])) AS q(term, idf)
    JOIN kb_postings p ON p.collection_id = :c AND p.term = q.term
    WHERE CAST(:category AS text) IS NULL
       OR p.chunk_id IN (SELECT id FROM kb_chunks WHERE collection_id = :c AND is_live
                         AND category = :category)
    GROUP BY p.chunk_id
    ORDER BY score DESC
    LIMIT :limit
    """
)


async def lexical(
    session: AsyncSession,
    collection_id: uuid.UUID,
    terms: dict[str, float],
    *,
    mean_length: float,
    limit: int,
    category: str | None,
) -> list[Ranked]:
    if not terms:
        return []
    names = list(terms)
    rows = await session.execute(
        _BM25,
        {
            "terms": names,
            "weights": [terms[n] for n in names],
            "k1": BM25_K1,
            "b": BM25_B,
            "avgdl": max(mean_length, 1.0),
            "c": collection_id,
            "category": category,
            "limit": limit,
        },
    )
    return [Ranked(row[0], float(row[1])) for row in rows]


def fuse(rankings: list[tuple[list[Ranked], float]], limit: int) -> list[Ranked]:
    """Reciprocal rank fusion: Σ weight / (RRF_K + rank) over the rankings."""
    scores: dict[uuid.UUID, float] = {}
    for ranking, weight in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item.chunk_id] = scores.get(item.chunk_id, 0.0) + weight / (RRF_K + rank)
    ordered = sorted(scores.items(), key=lambda pair: -pair[1])[:limit]
    return [Ranked(chunk_id, score) for chunk_id, score in ordered]
