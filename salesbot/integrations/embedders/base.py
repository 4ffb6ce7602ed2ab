"""The embedder port: texts in, L2-normalised vectors out. The knowledge base and the offline
brain's intent matcher use it; `integrations/embedders/<vendor>.py` implement it."""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    name: str  # the model's id, stored with every vector so a change of model is noticed
    dims: int

    async def embed(self, texts: list[str]) -> Vectors:
        """One row per text, L2-normalised (cosine similarity = dot product)."""
        ...
