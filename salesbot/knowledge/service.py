"""The knowledge base: versioned ingestion, document management and hybrid search.

Services never commit; the CLI, the API and jobs own the transactions (see ingestion.py for
the folder-level orchestration with one transaction per batch of files).
"""

from __future__ import annotations

import asyncio
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.errors import NotFound, ValidationFailed
from salesbot.integrations.embedders import (
    OPENAI_NAME,
    USE_NAME,
    configured_embedder_name,
    get_embedder,
)
from salesbot.integrations.embedders.base import Vectors
from salesbot.knowledge import repository, retrieval
from salesbot.knowledge.chunking import split
from salesbot.knowledge.indexing import (
    SECTION_SEPARATOR,
    embedding_text,
    index_terms,
    sha256,
    tsvector_literal,
)
from salesbot.knowledge.loaders import UnreadableFile, load
from salesbot.knowledge.query import TermStats, checked_query, query_terms
from salesbot.knowledge.retrieval import Mode, Ranked
from salesbot.knowledge.text import detect_language, normalise
from salesbot.models import KbChange, KbCollection, KbDocument, KbDocumentVersion
from salesbot.models.kb_chunk import EMBEDDING_COLUMNS
from salesbot.settings import Settings


@dataclass(frozen=True)
class SourceFile:
    key: str  # path relative to the ingested folder, or the upload's name
    data: bytes
    category: str = ""
    name: str | None = None  # file name that tells the type, when the key does not

    @property
    def file_name(self) -> str:
        return self.name or self.key


@dataclass(frozen=True)
class FileResult:
    key: str
    status: str  # added | updated | unchanged | reactivated | failed
    version: int | None = None
    chunks: int = 0
    error: str | None = None


@dataclass(frozen=True)
class IndexState:
    """How searchable a document is: `indexed` (every live chunk has its vectors),
    `pending` (a re-embedding job is still filling the new embedder's vectors), `failed`
    (that job was parked failed, or the document has no live chunks), `inactive` (deleted or
    gone from the folder: out of search)."""

    status: str
    chunks: int = 0
    error: str | None = None


# Vector sizes of the known embedders, so that a status check never loads a model.
_EMBEDDER_DIMS = {USE_NAME: 512, OPENAI_NAME: 1536}


@dataclass(frozen=True)
class SearchHit:
    chunk_id: uuid.UUID
    document_key: str
    document_title: str
    category: str
    section: str
    title: str
    text: str
    score: float
    similarity: float | None = None  # cosine of query and chunk, when the dense side saw it
    lexical_score: float | None = None  # BM25, when the lexical side matched it

    @property
    def citation(self) -> str:
        """«Document — Section › Subsection», without repeating the document's own title."""
        parts = [p for p in self.section.split(SECTION_SEPARATOR) if p and p != self.document_title]
        return (
            " — ".join([self.document_title, SECTION_SEPARATOR.join(parts)])
            if parts
            else self.document_title
        )


@dataclass
class _Caches:
    stats: OrderedDict[tuple[uuid.UUID, int], TermStats] = field(default_factory=OrderedDict)
    results: OrderedDict[tuple[object, ...], list[SearchHit]] = field(default_factory=OrderedDict)

    def remember(self, store: OrderedDict, key: object, value: object, size: int) -> None:  # type: ignore[type-arg,unused-ignore]
        store[key] = value
        store.move_to_end(key)
        while len(store) > size:
            store.popitem(last=False)


class KnowledgeService:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._caches = _Caches()

    # --- collections ---------------------------------------------------------------------
    async def collection(
        self, session: AsyncSession, name: str, *, create: bool = True
    ) -> KbCollection:
        found = await repository.collection_by_name(session, name)
        if found is not None:
            return found
        if not create:
            raise NotFound(f"Коллекция «{name}» не найдена.", code="collection_not_found")
        return await repository.create_collection(
            session, name, configured_embedder_name(self.settings)
        )

    async def schedule_reembedding(self, session: AsyncSession, name: str) -> bool:
        """When the configured embedder differs from the one serving `name`, queue a job that
        re-embeds in the background; returns whether one was queued."""
        from salesbot.jobs.app import defer

        found = await repository.collection_by_name(session, name)
        wanted = configured_embedder_name(self.settings)
        if found is None or wanted in (found.embedder, found.pending_embedder):
            return False
        found.pending_embedder = wanted
        await defer(session, "kb.reembed", collection_id=str(found.id), embedder=wanted)
        return True

    async def drop_collection(self, session: AsyncSession, name: str) -> None:
        found = await repository.collection_by_name(session, name)
        if found is not None:
            await repository.delete_collection(session, found.id)

    # --- ingestion -------------------------------------------------------------------------
    async def ingest(
        self,
        session: AsyncSession,
        collection: KbCollection,
        files: Sequence[SourceFile],
        *,
        actor: str,
    ) -> list[FileResult]:
        """Ingest a batch of files into `collection`; bad files are reported, not raised."""
        await repository.lock_collection(session, collection.id)
        existing = await repository.documents_by_key(session, collection.id, [f.key for f in files])
        hashes = await repository.active_hashes(session, [d.id for d in existing.values()])
        results: list[FileResult] = []
        pending: list[tuple[KbDocument, KbDocumentVersion, list[dict[str, object]], list[str]]] = []
        for source in files:
            content_hash = sha256(source.data)
            document = existing.get(source.key)
            if (
                document is not None
                and document.is_active
                and hashes.get(document.id) == content_hash
            ):
                results.append(FileResult(source.key, "unchanged", document.active_version))
                continue
            try:
                loaded = load(
                    source.file_name,
                    source.data,
                    max_bytes=self.settings.kb_max_file_mb * 1_048_576,
                )
            except UnreadableFile as exc:
                results.append(FileResult(source.key, "failed", error=exc.reason))
                continue
            body = normalise(loaded.text)
            chunks = split(
                body,
                document_title=loaded.title,
                max_chars=self.settings.kb_chunk_chars,
                overlap_chars=self.settings.kb_chunk_overlap_chars,
            )
            if not chunks:
                results.append(FileResult(source.key, "failed", error="в файле нет текста"))
                continue
            if document is None:
                document = KbDocument(
                    id=uuid.uuid4(),
                    collection_id=collection.id,
                    source_key=source.key,
                    title=loaded.title,
                    category=source.category,
                    is_active=True,
                )
                session.add(document)  # ids are made here; one flush later inserts them all
                number, action = 1, "added"
            else:
                same_as_old = hashes.get(document.id) == content_hash
                number = await repository.last_version_number(session, document.id) + 1
                action = "reactivated" if not document.is_active and same_as_old else "updated"
                document.title, document.category, document.is_active = (
                    loaded.title,
                    source.category,
                    True,
                )
            version = KbDocumentVersion(
                id=uuid.uuid4(),
                document_id=document.id,
                number=number,
                content_hash=content_hash,
                file_type=loaded.file_type,
                size_bytes=len(source.data),
                title=loaded.title,
                text=body,
            )
            session.add(version)
            rows, texts = [], []
            language = detect_language(body)
            for chunk in chunks:
                to_embed = embedding_text(loaded.title, chunk.section_path, chunk.text)
                terms = index_terms(loaded.title, chunk)
                rows.append(
                    {
                        "id": uuid.uuid4(),
                        "version_id": version.id,
                        "document_id": document.id,
                        "collection_id": collection.id,
                        "position": chunk.position,
                        "title": chunk.title[:500],
                        "section_path": SECTION_SEPARATOR.join(chunk.section_path)[:1000],
                        "category": source.category,
                        "language": language,
                        "text": chunk.text,
                        "text_hash": sha256(to_embed),
                        "lexemes": tsvector_literal(terms),
                        "n_terms": max(len(terms), 1),
                        "is_live": False,
                    }
                )
                texts.append(to_embed)
            pending.append((document, version, rows, texts))
            results.append(FileResult(source.key, action, number, len(rows)))
        if pending:
            await session.flush()
            await self._embed_rows(
                session,
                collection.embedder,
                [(r, t) for _, _, rows, texts in pending for r, t in zip(rows, texts, strict=True)],
            )
            # Retire the old versions' chunks, then insert the new ones live: each chunk enters
            # the HNSW and GIN indexes once instead of being inserted and then updated.
            await repository.retire_chunks(session, [document.id for document, *_ in pending])
            rows = [row for _, _, rows, _ in pending for row in rows]
            for row in rows:
                row["is_live"] = True
            await repository.insert_chunks(session, rows)
            await repository.index_postings(session, [row["id"] for row in rows])  # type: ignore[misc]
            status_by_key = {r.key: r.status for r in results}
            for document, version, _, _ in pending:
                document.active_version = version.number
                await repository.log_change(
                    session, document.id, status_by_key[document.source_key], version.number, actor
                )
            await repository.bump_generation(session, collection.id)
        return results

    async def _embed_rows(
        self, session: AsyncSession, embedder_name: str, items: list[tuple[dict[str, object], str]]
    ) -> None:
        embedder = get_embedder(embedder_name, self.settings)
        column = EMBEDDING_COLUMNS[embedder.dims]
        hashes = list(dict.fromkeys(str(row["text_hash"]) for row, _ in items))
        cached = await repository.cached_embeddings(session, embedder_name, hashes)
        missing = [h for h in hashes if h not in cached]
        if missing:
            text_by_hash = {str(row["text_hash"]): t for row, t in items}
            vectors = await embedder.embed([text_by_hash[h] for h in missing])
            await repository.store_embeddings(session, embedder_name, missing, vectors)
            cached.update({h: v for h, v in zip(missing, vectors, strict=True)})
        for row, _ in items:
            row[column] = np.asarray(cached[str(row["text_hash"])], dtype=np.float32)

    async def deactivate_missing(
        self,
        session: AsyncSession,
        collection: KbCollection,
        *,
        prefix: str,
        seen: set[str],
        actor: str,
    ) -> list[str]:
        """Documents under `prefix` whose files are gone: deactivated (versions kept)."""
        gone = [
            doc
            for key, doc in (
                await repository.active_keys_under(session, collection.id, prefix)
            ).items()
            if key not in seen
        ]
        for document in gone:
            await self._deactivate(session, document, "deactivated", actor)
        if gone:
            await repository.bump_generation(session, collection.id)
        return [doc.source_key for doc in gone]

    async def _deactivate(
        self, session: AsyncSession, document: KbDocument, action: str, actor: str
    ) -> None:
        document.is_active = False
        await repository.set_live_version(session, document.id, None)
        await repository.log_change(session, document.id, action, document.active_version, actor)

    # --- management ---------------------------------------------------------------------------
    async def documents(
        self, session: AsyncSession, collection: KbCollection, *, include_inactive: bool = False
    ) -> Sequence[KbDocument]:
        return await repository.list_documents(
            session, collection.id, include_inactive=include_inactive
        )

    async def index_states(
        self, session: AsyncSession, collection: KbCollection, documents: Sequence[KbDocument]
    ) -> dict[uuid.UUID, IndexState]:
        """Each document's indexing state, derived from its live chunks and the collection's
        re-embedding job (ingestion itself indexes within its transaction)."""
        embedders = [collection.embedder]
        if collection.pending_embedder:
            embedders.append(collection.pending_embedder)
        columns = [EMBEDDING_COLUMNS[self._dims(name)] for name in embedders]
        counts = await repository.live_chunk_counts(session, collection.id, columns)
        job_error = (
            await repository.failed_reembedding(session, collection.id)
            if collection.pending_embedder
            else None
        )
        states = {}
        for document in documents:
            chunks, lacking = counts.get(document.id, (0, 0))
            if not document.is_active:
                state = IndexState("inactive", chunks)
            elif chunks == 0:
                state = IndexState("failed", 0, "у документа нет фрагментов в поиске")
            elif lacking and job_error:
                state = IndexState("failed", chunks, job_error)
            elif lacking:
                state = IndexState("pending", chunks)
            else:
                state = IndexState("indexed", chunks)
            states[document.id] = state
        return states

    def _dims(self, embedder: str) -> int:
        return _EMBEDDER_DIMS.get(embedder) or get_embedder(embedder, self.settings).dims

    async def document(
        self, session: AsyncSession, collection: KbCollection, document_id: uuid.UUID
    ) -> KbDocument:
        document = await session.get(KbDocument, document_id)
        if document is None or document.collection_id != collection.id:
            raise NotFound("Документ не найден.", code="document_not_found")
        return document

    async def versions(
        self, session: AsyncSession, document: KbDocument
    ) -> Sequence[KbDocumentVersion]:
        return await repository.versions(session, document.id)

    async def changes(self, session: AsyncSession, document: KbDocument) -> Sequence[KbChange]:
        return await repository.changes(session, document.id)

    async def delete(
        self, session: AsyncSession, collection: KbCollection, document: KbDocument, *, actor: str
    ) -> None:
        if not document.is_active:
            raise ValidationFailed("Документ уже удалён.", code="document_inactive")
        await repository.lock_collection(session, collection.id)
        await self._deactivate(session, document, "deleted", actor)
        await repository.bump_generation(session, collection.id)

    async def restore(
        self,
        session: AsyncSession,
        collection: KbCollection,
        document: KbDocument,
        number: int,
        *,
        actor: str,
    ) -> KbDocumentVersion:
        version = await repository.version(session, document.id, number)
        if version is None:
            raise NotFound(f"У документа нет версии {number}.", code="version_not_found")
        await repository.lock_collection(session, collection.id)
        document.active_version, document.is_active, document.title = number, True, version.title
        await repository.set_live_version(session, document.id, version.id)
        await repository.log_change(session, document.id, "restored", number, actor)
        await repository.bump_generation(session, collection.id)
        return version

    # --- search -----------------------------------------------------------------------------------
    async def search(
        self,
        session: AsyncSession,
        collection_name: str,
        query: str,
        *,
        k: int = 5,
        mode: Mode = Mode.hybrid,
        category: str | None = None,
    ) -> list[SearchHit]:
        query = checked_query(query, k)
        collection = await repository.collection_by_name(session, collection_name)
        if collection is None:
            return []
        key = (collection.id, collection.generation, query.lower(), k, mode, category)
        if key in self._caches.results:
            self._caches.results.move_to_end(key)
            return self._caches.results[key]
        ranked, similarity, bm25 = await self._rank(
            session, collection, query, k=k, mode=mode, category=category
        )
        hits = await self._hits(session, ranked, similarity, bm25)
        self._caches.remember(self._caches.results, key, hits, 2048)
        return hits

    async def _rank(
        self,
        session: AsyncSession,
        collection: KbCollection,
        query: str,
        *,
        k: int,
        mode: Mode,
        category: str | None,
    ) -> tuple[list[Ranked], dict[uuid.UUID, float], dict[uuid.UUID, float]]:
        depth = max(retrieval.CANDIDATES, k)
        rankings: list[tuple[list[Ranked], float, float]] = []
        similarity: dict[uuid.UUID, float] = {}
        bm25: dict[uuid.UUID, float] = {}
        embedding: asyncio.Task[Vectors] | None = None
        if mode in (Mode.dense, Mode.hybrid):
            # A remote embedder (OpenAI) answers while the lexical search runs in the database.
            embedder = get_embedder(collection.embedder, self.settings)
            embedding = asyncio.create_task(embedder.embed([query]))
        try:
            if mode in (Mode.lexical, Mode.hybrid):
                stats = await self._stats(session, collection)
                lexical = await retrieval.lexical(
                    session,
                    collection.id,
                    query_terms(query, stats),
                    mean_length=stats.mean_length,
                    limit=depth,
                    category=category,
                )
                rankings.append((lexical, retrieval.LEXICAL_WEIGHT, retrieval.LEXICAL_DECAY))
                bm25 = {item.chunk_id: item.score for item in lexical}
        except BaseException:
            if embedding is not None:
                embedding.cancel()
            raise
        if embedding is not None:
            vector = (await embedding)[0]
            dense = await retrieval.dense(
                session, collection.id, vector, limit=depth, category=category
            )
            rankings.insert(0, (dense, retrieval.DENSE_WEIGHT, retrieval.DENSE_DECAY))
            similarity = {item.chunk_id: item.score for item in dense}
        if mode is not Mode.hybrid:
            return rankings[0][0][:k], similarity, bm25
        return retrieval.fuse_by_document(rankings, k), similarity, bm25

    async def _stats(self, session: AsyncSession, collection: KbCollection) -> TermStats:
        key = (collection.id, collection.generation)
        if key not in self._caches.stats:
            documents, mean, frequency = await repository.term_statistics(session, collection.id)
            self._caches.remember(self._caches.stats, key, TermStats(documents, mean, frequency), 8)
        return self._caches.stats[key]

    async def _hits(
        self,
        session: AsyncSession,
        ranked: list[Ranked],
        similarity: dict[uuid.UUID, float],
        bm25: dict[uuid.UUID, float],
    ) -> list[SearchHit]:
        if not ranked:
            return []
        rows = await session.execute(
            text(
                "SELECT c.id, d.source_key, d.title, c.category, c.section_path, c.title, c.text"
                " FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id"
                " WHERE c.id = ANY(:ids)"
            ),
            {"ids": [r.chunk_id for r in ranked]},
        )
        by_id = {row[0]: row for row in rows}
        return [
            SearchHit(
                r.chunk_id,
                *by_id[r.chunk_id][1:],
                score=r.score,
                similarity=similarity.get(r.chunk_id),
                lexical_score=bm25.get(r.chunk_id),
            )  # type: ignore[misc]
            for r in ranked
            if r.chunk_id in by_id
        ]
