"""An in-process double of the embedder port: no model, deterministic. Each term of a text
counts in one of `dims` buckets chosen by its hash; the counts are L2-normalised. It stands
in for an outside embedding service in tests (texts sharing terms come out similar)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable

import numpy as np

from salesbot.integrations.embedders.base import Vectors

WORD = re.compile(r"\w+")


def word_stems(text: str) -> list[str]:
    """Lower-case words cut to four letters: a crude stem («картой», «карта» → «карт»)."""
    return [word[:4] for word in WORD.findall(text.lower())]


class HashingEmbedder:
    def __init__(
        self, name: str, dims: int, terms: Callable[[str], Iterable[str]] = word_stems
    ) -> None:
        self.name, self.dims, self.terms = name, dims, terms
        self.calls = 0

    async def embed(self, texts: list[str]) -> Vectors:
        self.calls += 1
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in self.terms(text):
                digest = hashlib.blake2b(term.encode(), digest_size=8).digest()
                out[row, int.from_bytes(digest, "big") % self.dims] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        normalised: Vectors = (out / np.where(norms == 0, 1, norms)).astype(np.float32)
        return normalised
