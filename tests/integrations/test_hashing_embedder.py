"""The in-process embedder double behaves like an embedder: normalised rows, similar texts
closer than unrelated ones, the same vector for the same text."""

from __future__ import annotations

import numpy as np

from salesbot.integrations.embedders.base import Embedder
from salesbot.integrations.embedders.hashing import HashingEmbedder, word_stems


async def test_rows_are_normalised_and_similar_texts_are_closer() -> None:
    embedder: Embedder = HashingEmbedder("test", 256)
    vectors = await embedder.embed(
        ["Можно оплатить картой?", "Оплата банковской картой", "Интеграция с amoCRM", ""]
    )
    assert vectors.shape == (4, 256) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0)
    assert not vectors[3].any()  # an empty text stays a zero row, not NaN
    payment, card, crm = vectors[0], vectors[1], vectors[2]
    assert float(payment @ card) > float(payment @ crm)
    again = await embedder.embed(["Можно оплатить картой?"])
    assert np.array_equal(again[0], payment)


def test_word_stems_cut_words_to_four_letters() -> None:
    assert word_stems("Оплатить КАРТОЙ, ok") == ["опла", "карт", "ok"]
