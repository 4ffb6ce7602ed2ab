"""SQL of the knowledge base."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.integrations.embedders.base import Vectors
from salesbot.models import (
    KbChange,
    KbChunk,
    KbCollection,
    KbDocument,
    KbDocumentVersion,
    KbEmbeddingCache,
)


def vector_literal(vector: Sequence[float] | np.ndarray) -> str:
    return "[" + ",".join(f"{float(x):.7g}" for x in vector) + "]"


async def collection_by_name(session: AsyncSession, name: str) -> KbCollection | None:
    result = await session.execute(select(KbCollection).where(KbCollection.name == name))
    return result.scalar_one_or_none()


async def create_collection(session: AsyncSession, name: str, embedder: str) -> KbCollection:
    await session.execute(
        pg_insert(KbCollection)
        .values(
            id=uuid.uuid4(),
            name=name,
            embedder=embedder,
            generation=0,
            created_at=func.now(),
            updated_at=func.now(),
        )
        .on_conflict_do_nothing(index_elements=["name"])
    )
    collection = await collection_by_name(session, name)
    assert collection is not None
    return collection


async def lock_collection(session: AsyncSession, collection_id: uuid.UUID) -> None:
    """Serialise writers of one collection (the watcher, an upload and the CLI at once)."""
    await session.execute(
        select(KbCollection.id).where(KbCollection.id == collection_id).with_for_update()
    )


async def bump_generation(session: AsyncSession, collection_id: uuid.UUID) -> None:
    await session.execute(
        update(KbCollection)
        .where(KbCollection.id == collection_id)
        .values(generation=KbCollection.generation + 1, updated_at=func.now())
    )


async def documents_by_key(
    session: AsyncSession, collection_id: uuid.UUID, keys: list[str]
) -> dict[str, KbDocument]:
    result = await session.execute(
        select(KbDocument).where(
            KbDocument.collection_id == collection_id, KbDocument.source_key.in_(keys)
        )
    )
    return {doc.source_key: doc for doc in result.scalars()}


async def active_hashes(
    session: AsyncSession, document_ids: list[uuid.UUID]
) -> dict[uuid.UUID, str]:
    result = await session.execute(
        select(KbDocumentVersion.document_id, KbDocumentVersion.content_hash)
        .join(KbDocument, KbDocument.id == KbDocumentVersion.document_id)
        .where(
            KbDocumentVersion.document_id.in_(document_ids),
            KbDocumentVersion.number == KbDocument.active_version,
        )
    )
    return {row[0]: row[1] for row in result}


async def last_version_number(session: AsyncSession, document_id: uuid.UUID) -> int:
    value = await session.scalar(
        select(func.max(KbDocumentVersion.number)).where(
            KbDocumentVersion.document_id == document_id
        )
    )
    return int(value or 0)


async def version(
    session: AsyncSession, document_id: uuid.UUID, number: int
) -> KbDocumentVersion | None:
    result = await session.execute(
        select(KbDocumentVersion).where(
            KbDocumentVersion.document_id == document_id, KbDocumentVersion.number == number
        )
    )
    return result.scalar_one_or_none()


async def versions(session: AsyncSession, document_id: uuid.UUID) -> Sequence[KbDocumentVersion]:
    result = await session.execute(
        select(KbDocumentVersion)
        .where(KbDocumentVersion.document_id == document_id)
        .order_by(KbDocumentVersion.number.desc())
    )
    return result.scalars().all()


async def insert_chunks(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(KbChunk), rows)


_INDEX_POSTINGS = text(
    "INSERT INTO kb_postings (collection_id, term, chunk_id, tf, doc_len)"
    " SELECT c.collection_id, u.lexeme, c.id, coalesce(array_length(u.positions, 1), 1), c.n_terms"
    " FROM kb_chunks c, unnest(c.lexemes) u WHERE c.id = ANY(:ids)"
)


async def index_postings(session: AsyncSession, chunk_ids: list[uuid.UUID]) -> None:
    if chunk_ids:
        await session.execute(_INDEX_POSTINGS, {"ids": chunk_ids})


async def retire_chunks(session: AsyncSession, document_ids: list[uuid.UUID]) -> None:
    """Take the live chunks of these documents out of search (they stay for restores)."""
    if not document_ids:
        return
    await session.execute(
        text(
            "DELETE FROM kb_postings WHERE chunk_id IN"
            " (SELECT id FROM kb_chunks WHERE document_id = ANY(:docs) AND is_live)"
        ),
        {"docs": document_ids},
    )
    await session.execute(
        update(KbChunk)
        .where(KbChunk.document_id.in_(document_ids), KbChunk.is_live)
        .values(is_live=False)
    )


async def set_live_version(
    session: AsyncSession, document_id: uuid.UUID, version_id: uuid.UUID | None
) -> None:
    await retire_chunks(session, [document_id])
    if version_id is None:
        return
    result = await session.execute(
        update(KbChunk)
        .where(KbChunk.version_id == version_id)
        .values(is_live=True)
        .returning(KbChunk.id)
    )
    await index_postings(session, list(result.scalars()))


async def log_change(
    session: AsyncSession, document_id: uuid.UUID, action: str, version: int | None, actor: str
) -> None:
    session.add(
        KbChange(
            id=uuid.uuid4(), document_id=document_id, action=action, version=version, actor=actor
        )
    )


async def cached_embeddings(
    session: AsyncSession, embedder: str, hashes: list[str]
) -> dict[str, list[float]]:
    if not hashes:
        return {}
    result = await session.execute(
        select(KbEmbeddingCache.text_hash, KbEmbeddingCache.embedding).where(
            KbEmbeddingCache.embedder == embedder, KbEmbeddingCache.text_hash.in_(hashes)
        )
    )
    return {row[0]: row[1] for row in result}


async def store_embeddings(
    session: AsyncSession, embedder: str, hashes: list[str], vectors: Vectors
) -> None:
    if not hashes:
        return
    await session.execute(
        pg_insert(KbEmbeddingCache)
        .values(
            [
                {"embedder": embedder, "text_hash": h, "embedding": v}
                for h, v in zip(hashes, vectors, strict=True)
            ]
        )
        .on_conflict_do_nothing()
    )


async def list_documents(
    session: AsyncSession, collection_id: uuid.UUID, *, include_inactive: bool
) -> Sequence[KbDocument]:
    statement = select(KbDocument).where(KbDocument.collection_id == collection_id)
    if not include_inactive:
        statement = statement.where(KbDocument.is_active)
    result = await session.execute(statement.order_by(KbDocument.source_key))
    return result.scalars().all()


async def active_keys_under(
    session: AsyncSession, collection_id: uuid.UUID, prefix: str
) -> dict[str, KbDocument]:
    statement = select(KbDocument).where(
        KbDocument.collection_id == collection_id, KbDocument.is_active
    )
    if prefix:
        statement = statement.where(KbDocument.source_key.startswith(prefix, autoescape=True))
    result = await session.execute(statement)
    return {doc.source_key: doc for doc in result.scalars()}


async def changes(session: AsyncSession, document_id: uuid.UUID) -> Sequence[KbChange]:
    result = await session.execute(
        select(KbChange).where(KbChange.document_id == document_id).order_by(KbChange.created_at)
    )
    return result.scalars().all()


async def term_statistics(
    session: AsyncSession, collection_id: uuid.UUID
) -> tuple[int, float, dict[str, int]]:
    """(live chunks, mean terms per chunk, document frequency of every lexeme)."""
    counts = (
        await session.execute(
            text(
                "SELECT count(*), coalesce(avg(n_terms), 0) FROM kb_chunks"
                " WHERE collection_id = :c AND is_live"
            ),
            {"c": collection_id},
        )
    ).one()
    rows = await session.execute(
        text("SELECT term, count(*) FROM kb_postings WHERE collection_id = :c GROUP BY term"),
        {"c": collection_id},
    )
    return int(counts[0]), float(counts[1]), {row[0]: int(row[1]) for row in rows}


async def delete_collection(session: AsyncSession, collection_id: uuid.UUID) -> None:
    await session.execute(text("DELETE FROM kb_collections WHERE id = :c"), {"c": collection_id})


async def live_chunk_counts(
    session: AsyncSession, collection_id: uuid.UUID, vector_columns: Sequence[str]
) -> dict[uuid.UUID, tuple[int, int]]:
    """Per document: (live chunks, live chunks lacking a vector in any of `vector_columns`)."""
    lacking = " OR ".join(f"{c} IS NULL" for c in vector_columns) or "FALSE"
    rows = await session.execute(
        text(
            f"SELECT document_id, count(*), count(*) FILTER (WHERE {lacking})"  # noqa: S608
            " FROM kb_chunks WHERE collection_id = :c AND is_live GROUP BY document_id"
        ),
        {"c": collection_id},
    )
    return {row[0]: (int(row[1]), int(row[2])) for row in rows}


async def failed_reembedding(session: AsyncSession, collection_id: uuid.UUID) -> str | None:
    """The error of the latest re-embedding job of the collection, if it was parked failed."""
    row = (
        await session.execute(
            text(
                "SELECT j.status::text, coalesce(e.error, '') FROM procrastinate_jobs j"
                " LEFT JOIN job_errors e ON e.job_id = j.id"
                " WHERE j.task_name = 'kb.reembed' AND j.args ->> 'collection_id' = :c"
                " ORDER BY j.id DESC LIMIT 1"
            ),
            {"c": str(collection_id)},
        )
    ).first()
    if row is None or row[0] != "failed":
        return None
    return str(row[1]) or "задание завершилось ошибкой"
