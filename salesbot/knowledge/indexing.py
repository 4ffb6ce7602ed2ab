"""What gets indexed for a chunk: the text to embed and the lexemes for BM25."""

from __future__ import annotations

import hashlib
from collections import defaultdict

from salesbot.knowledge.chunking import Chunk
from salesbot.knowledge.text import lemmas

_MAX_POSITION = 16383  # PostgreSQL's limit for tsvector positions
_MAX_POSITIONS_PER_LEXEME = 255


def embedding_text(document_title: str, section_path: tuple[str, ...], text: str) -> str:
    # The heading path gives a short chunk (an FAQ answer) the context of its question.
    path = [document_title, *[p for p in section_path if p != document_title]]
    return " / ".join(path) + "\n" + text


SECTION_SEPARATOR = " › "


def index_terms(document_title: str, chunk: Chunk) -> list[str]:
    """Lemmas of the document title, the heading path, the heading again (headings are what
    customers ask, so they weigh double) and the text."""
    return [
        *lemmas(document_title),
        *lemmas(" ".join(p for p in chunk.section_path if p != document_title)),
        *lemmas(chunk.title if chunk.title != document_title else ""),
        *lemmas(chunk.text),
    ]


def tsvector_literal(terms: list[str]) -> str:
    """A tsvector in PostgreSQL's literal form; built here so that index and query use the
    very same lemmas (no text-search parser in between)."""
    positions: dict[str, list[int]] = defaultdict(list)
    for index, term in enumerate(terms, start=1):
        if len(positions[term]) < _MAX_POSITIONS_PER_LEXEME:
            positions[term].append(min(index, _MAX_POSITION))
    return " ".join(
        f"'{term}':{','.join(map(str, sorted(set(places))))}" for term, places in positions.items()
    )


def sha256(value: str | bytes) -> str:
    data = value.encode() if isinstance(value, str) else value
    return hashlib.sha256(data).hexdigest()
