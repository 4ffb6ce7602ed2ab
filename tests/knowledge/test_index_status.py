"""Each document tells how searchable it is: chunks in search and its indexing state."""

from __future__ import annotations

import json

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.integrations import embedders
from salesbot.knowledge.service import KnowledgeService
from salesbot.models import KbCollection
from tests.knowledge.conftest import FAQ, INTEGRATIONS, source


class TestDocumentsListApi:
    async def test_indexed_then_inactive_after_delete(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        uploaded = await client.post(
            "/api/v1/admin/kb/documents",
            files={"file": ("oplata.md", FAQ, "text/markdown")},
            data={"category": "faq", "collection": "status-kb"},
            headers=admin_headers,
        )
        assert uploaded.status_code == 201, uploaded.text
        listing = await client.get(
            "/api/v1/admin/kb/documents?collection=status-kb", headers=admin_headers
        )
        [document] = listing.json()
        assert (document["chunks"], document["index_status"], document["index_error"]) == (
            2,
            "indexed",
            None,
        )

        await client.delete(
            f"/api/v1/admin/kb/documents/{document['id']}?collection=status-kb",
            headers=admin_headers,
        )
        listing = await client.get(
            "/api/v1/admin/kb/documents?collection=status-kb&include_inactive=true",
            headers=admin_headers,
        )
        [deleted] = listing.json()
        assert (deleted["chunks"], deleted["index_status"]) == (0, "inactive")

        restored = await client.post(
            f"/api/v1/admin/kb/documents/{document['id']}/versions/1/restore?collection=status-kb",
            headers=admin_headers,
        )
        assert (restored.json()["chunks"], restored.json()["index_status"]) == (2, "indexed")


class TestReembedding:
    async def test_pending_while_the_new_vectors_are_missing_failed_when_the_job_failed(
        self, session: AsyncSession, knowledge: KnowledgeService, collection: KbCollection
    ) -> None:
        await knowledge.ingest(
            session,
            collection,
            [source("faq/oplata.md", FAQ), source("integrations.md", INTEGRATIONS, "")],
            actor="test",
        )
        documents = list(await knowledge.documents(session, collection))
        states = await knowledge.index_states(session, collection, documents)
        assert {d.source_key: states[d.id].status for d in documents} == {
            "faq/oplata.md": "indexed",
            "integrations.md": "indexed",
        }

        # The admin switched to OpenAI: until the job fills embedding_1536, search is pending.
        collection.pending_embedder = embedders.OPENAI_NAME
        await session.flush()
        states = await knowledge.index_states(session, collection, documents)
        assert {states[d.id].status for d in documents} == {"pending"}
        assert {states[d.id].chunks for d in documents} == {2}

        job_id = await session.scalar(
            text(
                "INSERT INTO procrastinate_jobs (queue_name, task_name, args, status, attempts)"
                " VALUES ('default', 'kb.reembed', CAST(:args AS jsonb), 'failed', 5)"
                " RETURNING id"
            ),
            {"args": json.dumps({"collection_id": str(collection.id), "embedder": "x"})},
        )
        await session.execute(
            text(
                "INSERT INTO job_errors (job_id, task_name, attempt, error_type, error, failed_at)"
                " VALUES (:id, 'kb.reembed', 5, 'RuntimeError', 'OpenAI ответил 401', now())"
            ),
            {"id": job_id},
        )
        states = await knowledge.index_states(session, collection, documents)
        assert {(states[d.id].status, states[d.id].error) for d in documents} == {
            ("failed", "OpenAI ответил 401")
        }
