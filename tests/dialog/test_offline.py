"""The offline brain's handling of company size, goals and an unclear headcount, turn by turn
(the brain with real tools on a rolled-back transaction; no knowledge base needed)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.booking.hours import Schedule
from salesbot.conversations.service import ConversationService
from salesbot.conversations.state import DialogState
from salesbot.conversations.types import InboundMessage
from salesbot.dialog.brain import DialogContext, Turn
from salesbot.dialog.offline import OfflineBrain
from salesbot.dialog.tools import Tools
from salesbot.documents.service import DocumentService
from salesbot.integrations.embedders.base import Vectors
from salesbot.knowledge.service import SECTION_SEPARATOR, KnowledgeService, SearchHit
from salesbot.models import Channel
from salesbot.pricing.service import PricingService
from salesbot.settings import Settings
from tests.conftest import closed_today


class Conversation:
    def __init__(self, brain: OfflineBrain, tools: Tools) -> None:
        self.brain, self.tools = brain, tools

    async def say(self, text: str) -> Turn:
        context = DialogContext(
            conversation_id=self.tools.conversation.id,
            channel=Channel.web,
            state=self.tools.state.dump(),
            history=(),
            inbound=InboundMessage(Channel.web, "offline-test", text),
        )
        return await self.brain.take_turn(context, self.tools)

    async def reply(self, text: str) -> str:
        return "\n".join(reply.text for reply in (await self.say(text)).replies)

    @property
    def state(self) -> DialogState:
        return self.tools.state


@pytest.fixture
async def chat(session: AsyncSession, settings: Settings) -> Conversation:
    received = await ConversationService(settings).receive(
        session, InboundMessage(Channel.web, f"o-{uuid.uuid4().hex}", "здравствуйте")
    )
    pricing = PricingService(settings)
    tools = Tools(
        session,
        settings,
        received.conversation,
        DialogState(),
        KnowledgeService(settings),
        pricing,
        DocumentService(settings, pricing),
    )
    return Conversation(OfflineBrain(settings), tools)


class TestUnclearHeadcount:
    async def test_a_bare_number_is_asked_about_and_the_answer_fills_company_size(
        self, chat: Conversation
    ) -> None:
        turn = await chat.say("50")
        assert "50 — это все сотрудники компании или те, кто будет пользоваться" in (
            turn.replies[-1].text
        )
        assert [b.text for b in turn.replies[-1].buttons] == [
            "Все сотрудники компании",
            "Будут пользоваться",
        ]
        assert chat.state.misunderstandings == 0
        answer = await chat.reply("это все сотрудники компании")
        assert "размер компании — 11–50 сотрудников" in answer
        assert chat.state.brief.company_size == "11-50" and chat.state.brief.users is None
        assert chat.state.pending_headcount is None

    async def test_employees_said_at_the_start_may_turn_out_to_be_users(
        self, chat: Conversation
    ) -> None:
        assert "200 — это все сотрудники" in await chat.reply(
            "Здравствуйте, у нас 200 сотрудников, нужен бот для продаж"
        )
        assert chat.state.product == "ai-manager" and chat.state.brief.users is None
        answer = await chat.reply("столько будут пользоваться ассистентом")
        assert "пользователей — 200" in answer and chat.state.brief.users == 200
        assert "Сколько сотрудников" not in answer  # on to the next question
        assert chat.state.awaiting == "integrations"

    async def test_an_answer_to_the_users_question_is_not_questioned(
        self, chat: Conversation
    ) -> None:
        await chat.reply("нужен ИИ-Юрист")
        assert chat.state.awaiting == "users"
        assert "пользователей — 200" in await chat.reply("у нас 200 сотрудников")
        assert chat.state.brief.company_size is None

    async def test_an_unrelated_answer_drops_the_question(self, chat: Conversation) -> None:
        await chat.reply("около 80 сотрудников")
        assert chat.state.awaiting == "headcount"
        await chat.reply("нужен ИИ-Аналитик")
        assert chat.state.pending_headcount is None and chat.state.awaiting == "users"


class TestCompanySizeAndGoals:
    async def test_both_numbers_in_one_message(self, chat: Conversation) -> None:
        answer = await chat.reply("ИИ-Менеджер: в компании 300 человек, пользоваться будут 40")
        assert "размер компании — 251–1000 сотрудников" in answer
        assert "пользователей — 40" in answer
        assert chat.state.brief.company_size == "251-1000" and chat.state.brief.users == 40

    async def test_size_in_words(self, chat: Conversation) -> None:
        assert "размер компании — малый бизнес" in await chat.reply("мы небольшая компания")

    async def test_goals_are_kept_and_added_up(self, chat: Conversation) -> None:
        assert "цель — разгрузить поддержку" in await chat.reply(
            "нужен бот, хотим разгрузить поддержку"
        )
        await chat.reply("ещё цель — увеличить конверсию")
        assert chat.state.brief.goals == "разгрузить поддержку; увеличить конверсию"
        await chat.reply("хотим разгрузить поддержку")  # said again: kept once
        assert chat.state.brief.goals == "разгрузить поддержку; увеличить конверсию"


class TestLargeDeal:
    async def test_the_team_is_alerted_and_the_customer_is_still_served(
        self, chat: Conversation
    ) -> None:
        for text in ("нужен ИИ-Юрист", "юристов 500", "интеграций 12", "только на своих серверах"):
            await chat.say(text)
        assert "Проверьте" in await chat.reply("99,9")
        quote = await chat.reply("всё верно")
        assert "Готов расчёт" in quote and "сообщил о нём менеджеру" in quote
        conversation = chat.tools.conversation
        assert conversation.owner == "bot" and conversation.handoff_requested_at is not None
        offer = await chat.reply("Пришлите, пожалуйста, коммерческое предложение в PDF")
        assert "Коммерческое предложение" in offer
        again = await chat.reply("а если SLA 99,5?")
        assert "Готов расчёт" in again and "сообщил о нём менеджеру" not in again  # told once


class TestMisreadQuestions:
    async def test_asked_again_another_way_then_a_manager_is_offered_and_the_rest_goes_on(
        self, chat: Conversation
    ) -> None:
        await chat.say("нужен ИИ-Менеджер")
        await chat.say("менеджеров 10")
        first = await chat.say("даже не знаю")
        assert "Перечислите системы через запятую" in first.replies[-1].text
        second = await chat.say("ну какие-то есть")
        texts = [r.text for r in second.replies]
        assert any("Могу позвать менеджера" in t for t in texts)
        assert "Где разместить решение" in texts[-1]  # on to the next question
        assert chat.tools.conversation.owner == "bot"


class TestKnowledgePassages:
    def test_whole_sentences_with_their_list_and_no_foreign_prices(self) -> None:
        from decimal import Decimal

        from salesbot.dialog.offline import _passage

        text = (
            "с персональными данными клиентов, а доступ может прерваться. Наши модели работают "
            "в России. Например, Старт на 6 человек за 10 дней стоит 225 000 ₽. Что входит:\n"
            "- поиск по документам\n- расчёт цен"
        )
        passage = _passage(text, {Decimal(150000)})
        assert passage.startswith("Наши модели")  # not from the middle of a sentence
        assert "225 000" not in passage  # a worked example for somebody else's brief
        assert passage.endswith("Что входит:\n- поиск по документам\n- расчёт цен")


class TestEnglish:
    async def test_an_english_customer_is_answered_in_english_through_the_quote(
        self, chat: Conversation
    ) -> None:
        greeting = await chat.reply("Hi, we need the AI Manager for our online store")
        assert "How many people will use the system?" in greeting
        assert chat.state.language == "en"
        for text in ("8 sales reps will use it", "Integrations: Shopify and Telegram", "cloud"):
            await chat.say(text)
        check = await chat.reply("standard SLA")
        assert "Please check that this is right: AI Manager; users: 8" in check
        turn = await chat.say("All correct")
        quote = "\n".join(r.text for r in turn.replies)
        assert "Here is the price for AI Manager" in quote and "recommended" in quote
        assert not any("а" <= ch <= "я" for ch in quote.lower())  # not a Russian word
        assert [b.text for r in turn.replies for b in r.buttons] == ["Yes, send the offer"]

    async def test_a_pressed_button_keeps_the_language(self, chat: Conversation) -> None:
        # the widget sends a button's payload, which is in Russian, whatever its label
        await chat.say("We need the AI Lawyer, 5 lawyers, no integrations, cloud")
        check = await chat.say("basic support")
        [confirm, _] = check.replies[-1].buttons
        assert confirm.text == "All correct"
        quote = await chat.reply(confirm.payload)
        assert "Here is the price for AI Lawyer" in quote

    def test_a_short_or_mixed_message_keeps_the_language(self) -> None:
        from salesbot.dialog.offline import language_of

        assert language_of("ок", "en") == "en"
        assert language_of("1С, amoCRM", "ru") == "ru"
        assert language_of("Добрый день, нужен бот", "en") == "ru"
        assert language_of("hook it up to HubSpot", "ru") == "en"
        # an address is no English: a Russian customer answering "и почту?" stays in Russian
        assert language_of("ivan.petrov@mail.ru", "ru") == "ru"
        assert language_of("вот сайт https://www.romashka-shop.ru/about", "ru") == "ru"


class TestConfirmation:
    async def test_the_brief_is_checked_once_before_the_first_price(
        self, chat: Conversation
    ) -> None:
        await chat.say("ИИ-Юрист, 12 юристов, интеграции: Directum и почта, облако")
        check = await chat.say("99,5")
        assert "Проверьте, пожалуйста, всё ли верно: ИИ-Юрист; пользователей — 12" in (
            check.replies[-1].text
        )
        assert [b.text for b in check.replies[-1].buttons] == ["Всё верно", "Исправить"]
        assert "Напишите, что исправить" in await chat.reply("Исправить")
        fixed = await chat.reply("юристов 15")
        assert "пользователей — 15" in fixed and "Готов расчёт" not in fixed
        quote = await chat.reply("всё верно")
        assert "Готов расчёт" in quote and "Расчёт для: ИИ-Юрист; пользователей — 15" in quote

    async def test_asked_for_the_price_it_prices_at_once_and_states_the_inputs(
        self, chat: Conversation
    ) -> None:
        await chat.say("ИИ-Менеджер, 20 менеджеров, амо и телеграм, облако, sla обычный")
        quote = await chat.reply("сколько стоит?")
        assert "Готов расчёт" in quote and "Расчёт для: ИИ-Менеджер; пользователей — 20" in quote


class TestCorrectionsAtTheCheck:
    async def test_not_this_number_but_that_one_changes_the_slot_that_held_it(
        self, chat: Conversation
    ) -> None:
        await chat.say("ИИ-Юрист, 8 юристов, интеграции: 1С, Directum и почта, облако")
        await chat.say("99,5")
        fixed = await chat.reply("ой, не 8, а 11 — стажёров забыл")
        assert "пользователей — 11" in fixed and "интеграций — 3" in fixed
        fixed = await chat.reply("и систем не 3, а 4")
        assert "пользователей — 11" in fixed and "интеграций — 4" in fixed

    async def test_a_list_broken_across_two_messages_is_one_list(self, chat: Conversation) -> None:
        await chat.say("Нужен ИИ-Аналитик на 20 человек, интеграции: 1С,")
        second = await chat.reply("МойСклад и Google Sheets. Облако, SLA стандартный")
        assert "интеграций — 3 (1С, МойСклад, Google Sheets)" in second


class TestProductFromTheWholeConversation:
    async def test_hints_in_several_messages_add_up_to_a_direction(
        self, chat: Conversation
    ) -> None:
        first = await chat.reply("у нас оптовая торговля, специфика сложная. менеджеров 14")
        assert "Записал: ИИ-Менеджер" not in first  # one hint is not enough
        second = await chat.reply("подключить надо amoCRM и 1С")
        assert "Записал: ИИ-Менеджер" in second


class TestQuestionsMidFunnel:
    async def test_the_price_asked_early_gets_the_base_prices_of_the_engine(
        self, chat: Conversation
    ) -> None:
        await chat.say("Нужен ИИ-Юрист для проверки договоров")
        reply = (await chat.reply("а сколько стоит?")).replace("\u00a0", " ")
        assert "Старт — от 200 000 ₽" in reply and "Enterprise — от 1 100 000 ₽" in reply
        assert reply.endswith("Сколько сотрудников будут пользоваться системой?")


class TestPriceTopics:
    async def test_a_question_about_terms_is_not_read_as_a_list_of_systems(
        self, chat: Conversation
    ) -> None:
        await chat.say("Нужен ИИ-Аналитик, пользоваться будут 30 человек")
        reply = await chat.reply("а рассрочка у вас бывает?")
        assert "интеграций" not in reply and "Базовые цены" not in reply
        assert chat.state.brief.integrations is None


class TestNoRepetition:
    async def test_contacts_after_the_check_do_not_repeat_the_whole_brief(
        self, chat: Conversation
    ) -> None:
        check = await chat.reply("ИИ-Юрист, 6 юристов, без интеграций, облако, SLA обычный")
        assert "Проверьте, пожалуйста" in check
        after = await chat.reply("Пишите на anna@example.com, мы логистическая компания")
        assert "Проверьте, пожалуйста" not in after and "Подтвердите" in after

    async def test_product_changed_while_the_offer_is_asked_quotes_once(
        self, chat: Conversation
    ) -> None:
        await chat.say("ИИ-Аналитик, 9 пользователей, без интеграций, облако, SLA обычный")
        turn = await chat.say("ой, нам юрист нужен, договоры проверять. пришлите КП")
        quotes = [r for r in turn.replies if "Готов расчёт" in r.text]
        assert len(quotes) == 1 and "ИИ-Юрист" in quotes[0].text

    def test_a_list_of_system_names_is_not_english(self) -> None:
        from salesbot.dialog.offline import language_of

        assert language_of("PostgreSQL и Metabase", "ru") == "ru"
        assert language_of("HubSpot, Salesforce", "ru") == "ru"


class TestNoPassageTwice:
    async def test_the_same_objection_again_is_not_answered_with_the_same_passage(
        self, chat: Conversation, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        hits = [
            SearchHit(
                uuid.uuid4(),
                "objections/budget.md",
                "Возражения о цене",
                "objections",
                f"Возражения о цене{SECTION_SEPARATOR}{title}",
                title,
                text,
                score=1.0,
                similarity=0.8,
            )
            for title, text in (
                ("Нет бюджета", "Можно начать с пакета Старт и расширяться по мере результата."),
                ("Дорого", "Проект обычно окупается за несколько месяцев работы."),
            )
        ]

        async def search(query: str, *, category: str | None = None, k: int = 3) -> list:
            return hits

        monkeypatch.setattr(chat.tools, "search_knowledge", search)
        first = await chat.reply("Нужен ИИ-Менеджер, но бюджета в этом году уже нет")
        again = await chat.reply("с бюджетом правда туго, денег нет")
        assert "пакета Старт" in first
        assert "пакета Старт" not in again and "окупается" in again  # the next passage
        third = await chat.reply("денег нет совсем, бюджета нет")
        assert "пакета Старт" not in third and "окупается" not in third
        assert "выше" in third  # pointed to what was said, not pasted again


class TestAFactIsAnAnswer:
    async def test_a_deadline_is_not_taken_for_a_meeting(self, chat: Conversation) -> None:
        # the examples' guess leans to booking ("неделе"), but the message answers a question
        await chat.say("ИИ-Юрист, 5 юристов, без интеграций, облако, SLA обычный")
        reply = await chat.reply("на следующей неделе")
        assert "срок — на следующей неделе" in reply
        assert "Консультацию" not in reply and "телефон" not in reply

    async def test_an_answer_to_our_question_is_read_without_the_examples(
        self, chat: Conversation
    ) -> None:
        # the sentence embedding (the costliest part of a turn) is spent only where the
        # examples' guess can change the reply: a statement that fills the brief needs none
        await chat.brain.warm_up()  # the classifier's fitting embeds its examples first
        embeds = SpyOnEmbedding(chat.brain)
        await chat.say("ИИ-Менеджер")
        embeds.calls.clear()
        reply = await chat.reply("у нас 30 менеджеров")
        assert "30" in reply and chat.state.brief.users == 30
        reply = await chat.reply("сервер свой")
        assert chat.state.brief.hosting == "onprem"
        assert embeds.calls == []
        await chat.say("а бот понимает голосовые?")  # a question: the examples read it
        assert embeds.calls == ["а бот понимает голосовые?"]


class SpyOnEmbedding:
    """Records the texts the brain's intent classifier embeds (after its fitting)."""

    def __init__(self, brain: OfflineBrain) -> None:
        self.calls: list[str] = []
        embedder = brain.intents.embedder
        assert embedder is not None
        embed = embedder.embed

        async def spied(texts: list[str]) -> Vectors:
            self.calls.extend(texts)
            return await embed(texts)

        brain.intents.embedder = SimpleNamespace(
            name=embedder.name, dims=embedder.dims, embed=spied
        )  # type: ignore[assignment]


class TestHandoffAcknowledged:
    async def test_the_customer_is_told_when_a_manager_answers(self, chat: Conversation) -> None:
        chat.brain.schedule = Schedule.from_settings(
            chat.brain.settings.model_copy(
                update={"working_hours": "00:00-24:00", "working_days": "1-7"}
            )
        )
        said = await chat.reply("позовите менеджера")
        assert "Передаю диалог менеджеру — он ответит в течение 15 мин" in said
        assert chat.tools.conversation.owner == "human"

    async def test_out_of_hours_the_customer_hears_when_and_is_asked_for_a_contact(
        self, chat: Conversation
    ) -> None:
        chat.brain.schedule = Schedule.from_settings(closed_today(chat.brain.settings))
        said = await chat.reply("Можно живого человека?")
        assert "сейчас нерабочее время, менеджер ответит" in said
        assert "оставьте, пожалуйста, телефон или email" in said

    async def test_out_of_hours_a_known_contact_is_not_asked_for_again(
        self, chat: Conversation
    ) -> None:
        chat.brain.schedule = Schedule.from_settings(closed_today(chat.brain.settings))
        await chat.say("Меня зовут Анна, мой телефон +7 926 333-44-55")
        said = await chat.reply("позовите менеджера")
        assert "нерабочее время" in said and "телефон или email" not in said


class TestWaiting:
    async def test_thanks_i_am_waiting_is_no_goodbye(self, chat: Conversation) -> None:
        await chat.say("ИИ-Менеджер, 3 менеджера, телеграм и ВК, облако, обычная поддержка")
        said = await chat.reply("Спасибо, жду")
        assert "Спасибо, что написали" not in said and chat.state.stage.value != "finished"
        assert "не совсем понял" not in said and "Подтвердите" in said


class TestChangedLists:
    async def test_a_system_taken_away_or_added_changes_the_count(self, chat: Conversation) -> None:
        await chat.say("нужен ИИ-Менеджер, агентов 33")
        await chat.say("Битрикс, 1С, почта")
        assert chat.state.brief.integrations == 3
        await chat.say("почту не надо подключать, убираем")
        assert chat.state.brief.integrations == 2 and "email" not in chat.state.brief.systems
        await chat.say("и ещё телеграм добавьте")
        assert chat.state.brief.integrations == 3 and "Telegram" in chat.state.brief.systems


class TestConfirmingTheBrief:
    """How customers say yes to the brief's summary, and how they say it is not quite right
    (outside testers' phrasings, not ours)."""

    async def _summary(self, chat: Conversation) -> None:
        for text in ("нужен ИИ-Менеджер", "менеджеров у нас 12", "битрикс и телеграм", "в облаке"):
            await chat.say(text)
        assert "Проверьте" in await chat.reply("99,5")

    @pytest.mark.parametrize(
        "yes",
        ["да, всё так", "Да, все правильно", "всё так", "так и есть", "да, верно", "да, считайте",
         "Точно", "да, всё ок"],
    )  # fmt: skip
    async def test_a_yes_in_the_customers_words_gets_the_quote(
        self, chat: Conversation, yes: str
    ) -> None:
        await self._summary(chat)
        assert "Готов расчёт" in await chat.reply(yes)

    @pytest.mark.parametrize("not_yet", ["да, но пользователей будет 20", "не так", "нет"])
    async def test_a_but_or_a_no_is_not_a_yes(self, chat: Conversation, not_yet: str) -> None:
        await self._summary(chat)
        assert "Готов расчёт" not in await chat.reply(not_yet)
