"""OpenAI embeddings (text-embedding-3-small, 1536-d) over plain HTTPS."""

from __future__ import annotations

import httpx
import numpy as np

from salesbot.integrations.embedders.base import Vectors
from salesbot.integrations.errors import error_for_status
from salesbot.integrations.http import send_with_retries

_BATCH = 256  # inputs per request; the API accepts up to 2048
BOARD_NAME = "embedder"  # outcomes land on the board's embedder row


class OpenAIEmbedder:
    name = "openai-text-embedding-3-small"
    dims = 1536
    model = "text-embedding-3-small"

    def __init__(self, *, api_key: str, base_url: str, timeout: float, max_retries: int) -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {api_key}"},
            timeout=httpx.Timeout(timeout, connect=10),
        )
        self._max_retries = max_retries

    async def embed(self, texts: list[str]) -> Vectors:
        rows: list[list[float]] = []
        for start in range(0, len(texts), _BATCH):
            batch = texts[start : start + _BATCH]
            response = await send_with_retries(
                BOARD_NAME,
                lambda batch=batch: self._client.post(  # type: ignore[misc]
                    "/embeddings", json={"model": self.model, "input": batch}
                ),
                max_retries=self._max_retries,
            )
            if response.status_code != 200:
                raise error_for_status(BOARD_NAME, response.status_code)
            data = sorted(response.json()["data"], key=lambda item: item["index"])
            rows.extend(item["embedding"] for item in data)
        vectors = np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dims)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        normalised: Vectors = (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)
        return normalised

    async def aclose(self) -> None:
        await self._client.aclose()
