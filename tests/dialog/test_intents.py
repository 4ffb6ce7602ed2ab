"""The intent classifier's patterns and features (the model itself is measured in
test_nlu_sets.py on the held-out set)."""

from __future__ import annotations

import pytest

from salesbot.dialog.nlu.intents import (
    IntentClassifier,
    char_features,
    lemma_features,
    match_pattern,
)


class TestPatterns:
    @pytest.mark.parametrize(
        ("text", "intent"),
        [
            ("ну всё, до встречи!", "goodbye"),
            ("спасибо за консультацию", "goodbye"),
            ("ладно, пока", "goodbye"),
            ("давайте встречу в четверг", "booking_request"),
            ("можно оплатить по договору в конце месяца?", "payment_request"),
            ("выставьте счёт на ООО «Вектор»", "document_request"),
            ("пришлите, пожалуйста, коммерческое предложение", "document_request"),
            ("звоните на 8 916 123-45-67", "contact"),
            ("цена завышена раза в два", "objection_price"),
            ("денег на это в этом году уже нет", "objection_price"),
            ("какая цена у аналитика?", "price_question"),
            ("переключите на живого человека", "human_request"),
            ("Сколько длится внедрение?", "product_question"),  # time, not money
            ("а по времени сколько займёт запуск?", "product_question"),
            ("как долго вы внедряете?", "product_question"),
            ("сколько времени займёт и сколько стоит?", "price_question"),
            ("если можно, соедините с менеджером", "human_request"),
            ("данные шифруются при передаче?", "objection_security"),
        ],
    )
    def test_recognised(self, text: str, intent: str) -> None:
        assert match_pattern(text) == intent

    @pytest.mark.parametrize(
        "text",
        [
            "пока не готовы, вернёмся осенью",  # "пока" as "for now", not "bye"
            "разработка сайтов недорого",  # "недорого" is no price objection
            "нам нужен ИИ-Менеджер для отдела продаж",  # the product, not a person
            "кп с расшифровкой по пакетам",  # "расшифровка" is not encryption
            "ищем виртуального консультанта для покупателей",  # a bot, not a person
            "нам юрист нужен — договоры проверять",  # the product's work, not our contract
            "нужен цифровой сотрудник на первую линию",
            "покупатели у нас ботов не любят, им подавай живого оператора",  # an objection
            "если бот сможет переключить на сотрудника, нам подходит",  # a condition
        ],
    )
    def test_not_mistaken(self, text: str) -> None:
        assert match_pattern(text) not in {
            "goodbye",
            "objection_price",
            "human_request",
            "document_request",
        }
        assert match_pattern(text) != "objection_security"


class TestFeatures:
    def test_negation_marks_the_next_lemma(self) -> None:
        assert "не_готовый" in lemma_features("мы не готовы")
        assert "не_готовый" not in lemma_features("мы готовы")

    def test_character_ngrams_cover_word_edges(self) -> None:
        grams = char_features("Дорого!")
        assert " до" in grams and "ого " in grams and "дорог" in grams


class TestWithoutEmbedder:
    async def test_patterns_still_work_and_the_rest_is_unknown(self) -> None:
        classifier = IntentClassifier(None)
        assert await classifier.classify("привет") == ("greeting", 1.0, "pattern")
        assert await classifier.classify("расскажите про вашу компанию") == (None, 0.0, "examples")
