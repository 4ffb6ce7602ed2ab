"""Where the brains' passages come from: the `KnowledgeBackend` port, met by our own hybrid
retrieval (`KnowledgeService`) and by an AnythingLLM workspace, and the factory that picks
one by `KNOWLEDGE_BACKEND`.

Only search goes through the port. Ingestion, versions and the dashboard's knowledge pages
stay with our own index: a team on AnythingLLM manages its documents there."""

from __future__ import annotations

import uuid
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.integrations.knowledge.anythingllm import AnythingLLM, Passage
from salesbot.knowledge.query import checked_query
from salesbot.knowledge.retrieval import Mode
from salesbot.knowledge.service import KnowledgeService, SearchHit
from salesbot.settings import Settings

# Fixed, so that one passage keeps its chunk id across calls and processes (the brain
# remembers quoted passages by citation, the sources of a reply by chunk id).
PASSAGE_NAMESPACE = uuid.UUID("6f1d2a52-9d7e-5c1b-8a43-0b7e2c1f4d90")


class KnowledgeBackend(Protocol):
    async def search(
        self,
        session: AsyncSession,
        collection_name: str,
        query: str,
        *,
        k: int = 5,
        mode: Mode = Mode.hybrid,
        category: str | None = None,
    ) -> list[SearchHit]: ...


class AnythingLLMKnowledge:
    """An AnythingLLM workspace behind the port. The workspace is the collection and
    AnythingLLM ranks by its own settings, so `collection_name` and `mode` do not apply;
    it has no categories either, so `category` searches the whole workspace."""

    def __init__(self, client: AnythingLLM) -> None:
        self.client = client

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
        passages = await self.client.query(checked_query(query, k))
        return [hit_of(passage, rank) for rank, passage in enumerate(passages[:k])]


def hit_of(passage: Passage, rank: int) -> SearchHit:
    """A passage as a search hit: the document's title is all AnythingLLM tells of where it
    comes from, so it is the key, the title and the citation."""
    return SearchHit(
        chunk_id=uuid.uuid5(PASSAGE_NAMESPACE, f"{passage.title}\n{passage.text}"),
        document_key=passage.title,
        document_title=passage.title,
        category="",
        section="",
        title=passage.title,
        text=passage.text,
        # its order is AnythingLLM's ranking; the score only keeps that order when none came
        score=passage.score if passage.score is not None else 1 / (rank + 1),
        similarity=passage.score,
    )


def knowledge_backend(
    settings: Settings, *, own: KnowledgeService | None = None
) -> KnowledgeBackend:
    """The backend `KNOWLEDGE_BACKEND` names; `own` is the process's KnowledgeService, reused
    (with its caches) when our own index answers. Raises `ConfigurationError` when
    AnythingLLM is chosen without its address or key."""
    if settings.knowledge_backend == "anythingllm":
        return AnythingLLMKnowledge(AnythingLLM.from_settings(settings))
    return own if own is not None else KnowledgeService(settings)
