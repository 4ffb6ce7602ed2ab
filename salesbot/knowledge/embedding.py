"""The embedder port: texts in, L2-normalised vectors out."""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    name: str
    dims: int

    async def embed(self, texts: list[str]) -> Vectors:
        """One row per text, L2-normalised (cosine similarity = dot product)."""
        ...
