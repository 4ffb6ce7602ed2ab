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
_NN_THRESHOLD = 0.55
# Intents with side effects (a hand-off, a document, a payment, a meeting) come only from
# explicit patterns; similar-sounding examples must not trigger them.
_PATTERN_ONLY = {"human_request", "document_request", "payment_request", "booking_request"}


class IntentClassifier:
    def __init__(self, embedder: Embedder | None) -> None:
        self.embedder = embedder
        self._examples: list[str] = []
        self._labels: list[str] = []
        self._vectors: Vectors | None = None

    async def _ensure_examples(self) -> None:
        if self._vectors is not None or self.embedder is None:
            return
        path = resources.files("salesbot.dialog.resources").joinpath("intent_examples.jsonl")
        if not path.is_file():
            self._vectors = np.zeros((0, self.embedder.dims), dtype=np.float32)
            return
        rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        self._examples = [row["text"] for row in rows]
        self._labels = [row["intent"] for row in rows]
        self._vectors = await self.embedder.embed(self._examples)

    async def classify(self, text: str) -> tuple[str | None, float]:
        """(intent, confidence); None when nothing is clear enough."""
        low = text.lower().replace("ё", "е").strip()
        for intent, pattern in PATTERNS:
            if pattern.search(low):
                return intent, 1.0
        await self._ensure_examples()
        if self.embedder is None or self._vectors is None or len(self._labels) == 0:
            return None, 0.0
        query = (await self.embedder.embed([text]))[0]
        sims = self._vectors @ query
        top = np.argsort(-sims)[:5]
        votes: dict[str, float] = {}
        for index in top:
            votes[self._labels[index]] = votes.get(self._labels[index], 0.0) + float(sims[index])
        best = max(votes, key=lambda label: votes[label])
        confidence = float(max(sims[i] for i in top if self._labels[i] == best))
        if best in _PATTERN_ONLY or confidence < _NN_THRESHOLD:
            return None, confidence
        return best, confidence
