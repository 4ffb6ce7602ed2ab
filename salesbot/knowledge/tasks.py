"""Jobs of the knowledge base: re-embedding after the configured embedder changed."""

from __future__ import annotations

from loguru import logger
from sqlalchemy import select, text

from salesbot.db.runtime import get_database
from salesbot.integrations.embedders import get_embedder
from salesbot.jobs.app import RETRY, job_app
from salesbot.knowledge import repository
from salesbot.knowledge.indexing import SECTION_SEPARATOR, embedding_text
from salesbot.models import KbCollection
from salesbot.models.kb_chunk import EMBEDDING_COLUMNS
from salesbot.settings import get_settings

BATCH = 256


@job_app.task(name="kb.reembed", retry=RETRY, queueing_lock="kb-reembed")
async def reembed_collection(collection_id: str, embedder: str) -> int:
    """Fill the new embedder's vectors for every chunk; then switch queries to it.

    Until the switch the old embedder keeps serving, so search never goes dark.
    """
    settings = get_settings()
    model = get_embedder(embedder, settings)
    column = EMBEDDING_COLUMNS[model.dims]
    database = get_database()
    done = 0
    while True:
        async with database.transaction() as session:
            rows = (
                await session.execute(
                    text(
                        "SELECT c.id, c.text_hash, c.text, c.section_path, v.title"  # noqa: S608
                        " FROM kb_chunks c JOIN kb_document_versions v ON v.id = c.version_id"
                        f" WHERE c.collection_id = :c AND c.{column} IS NULL LIMIT :n"
                    ),
                    {"c": collection_id, "n": BATCH},
                )
            ).all()
            if not rows:
                break
            hashes = list(dict.fromkeys(row.text_hash for row in rows))
            cached = await repository.cached_embeddings(session, embedder, hashes)
            missing = [row for row in rows if row.text_hash not in cached]
            if missing:
                unique = {
                    row.text_hash: embedding_text(
                        row.title, tuple(row.section_path.split(SECTION_SEPARATOR)), row.text
                    )
                    for row in missing
                }
                vectors = await model.embed(list(unique.values()))
                await repository.store_embeddings(session, embedder, list(unique), vectors)
                cached.update(dict(zip(unique, vectors, strict=True)))
            for row in rows:
                await session.execute(
                    text(f"UPDATE kb_chunks SET {column} = CAST(:v AS vector) WHERE id = :id"),  # noqa: S608
                    {"v": repository.vector_literal(cached[row.text_hash]), "id": row.id},
                )
            done += len(rows)
    async with database.transaction() as session:
        collection = (
            await session.execute(select(KbCollection).where(KbCollection.id == collection_id))
        ).scalar_one()
        collection.embedder, collection.pending_embedder = embedder, None
        await repository.bump_generation(session, collection.id)
    logger.info("re-embedded {} chunks with {}; queries now use it", done, embedder)
    return done
