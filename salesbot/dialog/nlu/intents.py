"""Intent recognition for Russian chat messages, offline: precise patterns first, then the
nearest labelled examples by the local embedder."""

from __future__ import annotations

import json
import re
from importlib import resources

import numpy as np

from salesbot.knowledge.embedding import Embedder, Vectors

INTENTS = (
    "greeting",
    "product_question",
    "price_question",
    "objection_price",
    "objection_trust",
    "objection_security",
    "brief_answer",
    "contact",
    "document_request",
    "human_request",
    "booking_request",
    "payment_request",
    "off_topic",
    "goodbye",
)

# Ordered: the first pattern that matches wins.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (intent, re.compile(pattern))
    for intent, pattern in (
        (
            "human_request",
            r"(позов|позвать|соедин|переключ|подключ|дайте|хочу|нужен|можно)\w*\s+.{0,20}(человек|менеджер|оператор|сотрудник|консультант)|живо\w+ (человек|менеджер|оператор)|с человеком",
        ),
        (
            "document_request",
            r"(пришл|скин|отправ|вышл|сдела|подготов|нуж|дайте|хочу|можно)\w*.{0,25}(\bкп\b|коммерческ|договор|сч[её]т|pdf|пдф|предложени)",
        ),
        (
            "payment_request",
            r"(как|где|куда|можно)\s.{0,15}(оплат|заплат)|ссылк\w* на оплат|оплат\w* (картой|по сч[её]ту|сейчас)",
        ),
        (
            "booking_request",
            r"созвон|встреч|\bдемо\b|демонстрац|консультаци|позвонит|перезвон|\bзвонок\b",
        ),
        (
            "objection_price",
            r"дорог|нет (бюджета|денег)|дешевле|не потянем|кусается|бюджет\w* (нет|мал)",
        ),
        (
            "objection_security",
            r"безопасн|утеч|персональн|персданн|\b152\b|не доверя\w* облак|данные .{0,15}(украд|утек|уйдут)",
        ),
        (
            "objection_trust",
            r"ошиба|галлюцин|не уверен|подума|сомнева|не сейчас|руководств\w* не|уже есть (подрядчик|решение|бот)|не работает у",
        ),
        (
            "price_question",
            r"сколько сто|\bцен[аыуе]?\b|стоимост|скидк|почем|скок|\bпрайс|в какую сумму",
        ),
        (
            "goodbye",
            r"^(спасибо|благодарю|пока|до свидания|всего доброго)\b|спасибо,? (всё|все|пока)",
        ),
        (
            "greeting",
            r"^(здравств\w*|здрасьте|здрасте|привет\w*|добр\w+ (день|вечер|утро)|хай|hello|hi)\b",
        ),
    )
)
MIN_CONFIDENCE = 0.45
_PATTERN_ONLY = {"human_request"}


class IntentClassifier:
    """Patterns first; otherwise the nearest intent centroid of the labelled examples
    (`resources/intent_examples.jsonl`) in the local embedder's space."""

    def __init__(self, embedder: Embedder | None) -> None:
        self.embedder = embedder
        self._labels: list[str] = []
        self._centroids: Vectors | None = None

    async def _ensure_centroids(self) -> None:
        if self._centroids is not None or self.embedder is None:
            return
        path = resources.files("salesbot.dialog.resources").joinpath("intent_examples.jsonl")
        rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        vectors = await self.embedder.embed([row["text"] for row in rows])
        self._labels = sorted({row["intent"] for row in rows})
        centroids = np.stack(
            [
                vectors[[i for i, row in enumerate(rows) if row["intent"] == label]].mean(axis=0)
                for label in self._labels
            ]
        )
        self._centroids = centroids / np.linalg.norm(centroids, axis=1, keepdims=True)

    async def classify(self, text: str) -> tuple[str | None, float, str]:
        """(intent, confidence, source): source is "pattern" or "examples"."""
        low = text.lower().replace("ё", "е").strip()
        for intent, pattern in PATTERNS:
            if pattern.search(low):
                return intent, 1.0, "pattern"
        await self._ensure_centroids()
        if self.embedder is None or self._centroids is None:
            return None, 0.0, "examples"
        similarities = self._centroids @ (await self.embedder.embed([text]))[0]
        best = int(np.argmax(similarities))
        return self._labels[best], float(similarities[best]), "examples"

    async def decide(self, text: str) -> str | None:
        """The intent the brain acts on: a side effect as grave as a hand-off needs an
        explicit pattern, and a weak guess counts as not understood."""
        intent, confidence, source = await self.classify(text)
        if source == "examples" and (intent in _PATTERN_ONLY or confidence < MIN_CONFIDENCE):
            return None
        return intent
