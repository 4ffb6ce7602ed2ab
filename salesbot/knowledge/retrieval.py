"""Hybrid retrieval: dense (pgvector HNSW, cosine) + lexical (BM25 over lemmas in PostgreSQL),
fused by reciprocal rank fusion."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.integrations.embedders.base import Vectors
from salesbot.knowledge.repository import vector_literal
from salesbot.models.kb_chunk import EMBEDDING_COLUMNS


class Mode(StrEnum):
    hybrid = "hybrid"
    dense = "dense"
    lexical = "lexical"


RRF_K = 60
# Fusion by document (docs/retrieval.md): lexical weighs a little more, and a document's
# second and third matching chunks add half (lexical) or 0.3 (dense) of their score.
LEXICAL_WEIGHT = 1.25
DENSE_WEIGHT = 1.0
LEXICAL_DECAY = 0.5
DENSE_DECAY = 0.3
CANDIDATES = 40  # per retriever, before fusion
BM25_K1 = 1.2
BM25_B = 0.75


@dataclass(frozen=True)
class Ranked:
    chunk_id: uuid.UUID
    score: float
    document_id: uuid.UUID | None = None


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
            f"SELECT id, {column} <=> CAST(:q AS vector({dims})) AS distance, document_id"  # noqa: S608
            " FROM kb_chunks"
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
    ranked = sorted(
        (Ranked(row[0], 1 - float(row[1]), row[2]) for row in rows), key=lambda r: -r.score
    )
    return ranked


_BM25 = text(
    """
    WITH scored AS (
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
    )
    SELECT s.chunk_id, s.score, c.document_id
    FROM scored s JOIN kb_chunks c ON c.id = s.chunk_id
    ORDER BY s.score DESC
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
    return [Ranked(row[0], float(row[1]), row[2]) for row in rows]


def fuse_by_document(rankings: list[tuple[list[Ranked], float, float]], limit: int) -> list[Ranked]:
    """Reciprocal rank fusion of *documents*, then their chunks.

    Each retriever ranks documents by its best chunk plus decayed evidence from the next two
    (`decay`), because an answer spread over several sections of one document is a strong
    signal; documents are fused by RRF. The result lists the best chunk of every document in
    document order first, then the other chunks, so the top k stays diverse.
    """
    document_scores: dict[uuid.UUID, float] = {}
    chunk_scores: dict[uuid.UUID, float] = {}
    chunks_of: dict[uuid.UUID, list[uuid.UUID]] = {}
    for ranking, weight, decay in rankings:
        evidence: dict[uuid.UUID, list[float]] = {}
        for rank, item in enumerate(ranking, start=1):
            assert item.document_id is not None
            evidence.setdefault(item.document_id, []).append(item.score)
            chunk_scores[item.chunk_id] = chunk_scores.get(item.chunk_id, 0.0) + weight / (
                RRF_K + rank
            )
            if item.chunk_id not in chunks_of.setdefault(item.document_id, []):
                chunks_of[item.document_id].append(item.chunk_id)
        order = sorted(
            evidence,
            key=lambda doc: (
                -sum(s * decay**i for i, s in enumerate(sorted(evidence[doc], reverse=True)[:3]))
            ),
        )
        for rank, document in enumerate(order, start=1):
            document_scores[document] = document_scores.get(document, 0.0) + weight / (RRF_K + rank)
    documents = sorted(document_scores, key=lambda doc: -document_scores[doc])
    ordered = [sorted(chunks_of[doc], key=lambda c: -chunk_scores[c]) for doc in documents]
    firsts = [chunks[0] for chunks in ordered]
    rest = sorted((c for chunks in ordered for c in chunks[1:]), key=lambda c: -chunk_scores[c])
    score_of = {
        c: document_scores[doc]
        for doc, chunks in zip(documents, ordered, strict=True)
        for c in chunks
    }
    return [Ranked(c, score_of[c]) for c in (firsts + rest)[:limit]]
