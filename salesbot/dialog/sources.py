"""The knowledge-base passages an answer relied on, as stored in the reply's metadata."""

from __future__ import annotations

from collections.abc import Iterable

from salesbot.conversations.types import Source
from salesbot.knowledge.service import SearchHit

EXCERPT_CHARS = 300


def source_of(hit: SearchHit) -> Source:
    """`score` is the cosine similarity of question and passage when the vector side saw it,
    otherwise the fused rank score."""
    score = hit.similarity if hit.similarity is not None else hit.score
    return Source(
        document=hit.document_key,
        title=hit.citation,
        category=hit.category,
        score=round(float(score), 4),
        excerpt=excerpt(hit.text),
    )


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip() + "…"


def cited(answer: str, hits: Iterable[SearchHit]) -> tuple[Source, ...]:
    """Passages an LLM answer names (by document title); when it names none, every passage
    it was given, since it was told to answer only from them. One source per passage."""
    unique = list({hit.chunk_id: hit for hit in hits}.values())
    low = answer.lower()
    named = [h for h in unique if h.document_title and h.document_title.lower() in low]
    return tuple(source_of(h) for h in (named or unique))
