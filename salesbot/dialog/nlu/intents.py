"""Intent recognition for Russian chat messages, offline: precise patterns first, then the
nearest labelled examples by the local embedder."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from importlib import resources

import numpy as np

from salesbot.knowledge.embedding import Embedder, Vectors
from salesbot.knowledge.text import lemmas

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
    """Patterns first; otherwise an ensemble over the labelled examples
    (`resources/intent_examples.jsonl`): the nearest intent centroid in the embedder's space,
    plus half the lemma TF-IDF centroid similarity, plus half the vote of the 7 nearest
    examples (0.83 → 0.86 accuracy on tests/data/nlu)."""

    def __init__(self, embedder: Embedder | None) -> None:
        self.embedder = embedder
        self._labels: list[str] = []
        self._example_labels: list[int] = []
        self._examples: Vectors | None = None
        self._centroids: Vectors | None = None
        self._lexical: list[dict[str, float]] = []
        self._df: Counter[str] = Counter()
        self._n = 0

    async def _ensure_model(self) -> None:
        if self._centroids is not None or self.embedder is None:
            return
        path = resources.files("salesbot.dialog.resources").joinpath("intent_examples.jsonl")
        rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        vectors = await self.embedder.embed([row["text"] for row in rows])
        self._labels = sorted({row["intent"] for row in rows})
        self._example_labels = [self._labels.index(row["intent"]) for row in rows]
        members = [
            [i for i, row in enumerate(rows) if row["intent"] == label] for label in self._labels
        ]
        centroids = np.stack([vectors[m].mean(axis=0) for m in members])
        self._centroids = centroids / np.linalg.norm(centroids, axis=1, keepdims=True)
        self._examples = vectors
        bags = [Counter(lemmas(row["text"], keep_stop_words=True)) for row in rows]
        self._n = len(bags)
        for bag in bags:
            self._df.update(bag.keys())
        for member in members:
            total: dict[str, float] = {}
            for i in member:
                for term, weight in self._tfidf(bags[i]).items():
                    total[term] = total.get(term, 0.0) + weight
            self._lexical.append(_unit(total))

    def _tfidf(self, bag: Counter[str]) -> dict[str, float]:
        weights = {
            t: (1 + math.log(n)) * math.log((self._n + 1) / (self._df.get(t, 0) + 1))
            for t, n in bag.items()
        }
        return _unit(weights)

    async def classify(self, text: str) -> tuple[str | None, float, str]:
        """(intent, confidence, source): source is "pattern" or "examples"; the confidence of
        an example-based answer is the cosine to that intent's centroid."""
        low = text.lower().replace("ё", "е").strip()
        for intent, pattern in PATTERNS:
            if pattern.search(low):
                return intent, 1.0, "pattern"
        await self._ensure_model()
        if self.embedder is None or self._centroids is None or self._examples is None:
            return None, 0.0, "examples"
        query = (await self.embedder.embed([text]))[0]
        centroid = self._centroids @ query
        bag = self._tfidf(Counter(lemmas(text, keep_stop_words=True)))
        lexical = np.array([sum(bag.get(t, 0.0) * w for t, w in c.items()) for c in self._lexical])
        sims = self._examples @ query
        vote = np.zeros(len(self._labels))
        for i in np.argsort(-sims)[:7]:
            vote[self._example_labels[i]] += sims[i] / 7
        best = int(np.argmax(centroid + 0.5 * lexical + 0.5 * vote))
        return self._labels[best], float(centroid[best]), "examples"

    async def decide(self, text: str) -> str | None:
        """The intent the brain acts on: a side effect as grave as a hand-off needs an
        explicit pattern, and a weak guess counts as not understood."""
        intent, confidence, source = await self.classify(text)
        if source == "examples" and (intent in _PATTERN_ONLY or confidence < MIN_CONFIDENCE):
            return None
        return intent


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}
