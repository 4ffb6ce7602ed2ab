"""The offline brain: no LLM, the same tools. Patterns and nearest examples find the intent,
extractors fill the brief, the knowledge base answers questions, and the funnel moves from
qualification to a quote and documents."""

from __future__ import annotations

import json
import re
from contextvars import ContextVar
from dataclasses import replace
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from salesbot.booking.hours import Schedule
from salesbot.conversations.state import Brief, DialogState, Stage
from salesbot.conversations.types import Button, Reply
from salesbot.db.base import utcnow
from salesbot.dialog.booking import BOOKING_PAYLOADS, BookingDialog
from salesbot.dialog.brain import DialogContext, Turn
from salesbot.dialog.nlu import slots
from salesbot.dialog.nlu.deadline import parse_deadline
from salesbot.dialog.nlu.intents import IntentClassifier, match_pattern
from salesbot.dialog.nlu.mail import asks_by_mail
from salesbot.dialog.payments import NEW_LINK, pay
from salesbot.dialog.sources import source_of
from salesbot.dialog.tools import Tools
from salesbot.documents.kinds import DOCUMENT_TITLES
from salesbot.errors import SalesbotError
from salesbot.integrations.embedders import configured_embedder_name, get_embedder
from salesbot.knowledge.service import SearchHit
from salesbot.pricing.domain import HOSTING_LABELS, MAX_DEADLINE_DAYS, SLA_LABELS, Hosting, Sla
from salesbot.pricing.serialization import format_roubles
from salesbot.settings import Settings

PRODUCT_NAMES = {"ai-manager": "ИИ-Менеджер", "ai-lawyer": "ИИ-Юрист", "ai-analyst": "ИИ-Аналитик"}
QUESTION_INTENTS = {
    "product_question",
    "objection_price",
    "objection_trust",
    "objection_security",
    "off_topic",
}
OBJECTION_CATEGORY = {
    "objection_price": "objections",
    "objection_trust": "objections",
    "objection_security": "objections",
}
NEGATIVE = re.compile(
    r"\b(обман\w*|развод\w*|достали|бесит|ужасн\w*|отвратительн\w*|идиот\w*"
    r"|туп\w+ бот|верните деньги)\b"
)
DOCUMENT_KINDS = (
    ("contract", r"договор|contract"),
    ("invoice", r"сч[её]т|invoice"),
    ("offer", r""),
)
# A document named in so many words ("скиньте кп на почту"); "всё это" names none.
NAMED_KINDS = (
    ("contract", r"договор|contract|agreement"),
    ("invoice", r"сч[её]т|invoice|\bbill\b"),
    ("offer", r"\bкп|кпшк|коммерческ|предложени|offer|proposal|quot"),
)
SLOT_BUTTONS = {
    "hosting": (
        Button("Облако", "облако"),
        Button("На наших серверах", "на наших серверах"),
        Button("Гибрид", "гибрид"),
    ),
    "sla": (
        Button("Стандартный", "стандартный sla"),
        Button("99,5 %", "99,5"),
        Button("99,9 %", "99,9"),
    ),
}
GUESSES_A_FACT_OUTWEIGHS = {"product_question", "booking_request", "payment_request", "off_topic"}
# Questions about money that are not "how much is it": the knowledge base answers them.
PRICE_TOPICS = re.compile(
    r"скидк|ндс|налог|рассроч|предоплат|оплат[аиуы]\b|возврат|вернете|вернёте|второй год|продлени"
    r"|продлит|абонентск|ежемесячн|подписк|бесплатн|тестов|пробн|включен|входит|сверху"
    r"|discount|\bvat\b|refund|trial|renewal|second year|upfront|payment terms|included"
)
WAITING = re.compile(r"\b(?:жду|ждем|ждём|ожидаю|ожидаем|подожду|waiting|i'll wait)\b")
CONFIRM_BUTTONS = (Button("Всё верно", "всё верно"), Button("Исправить", "исправить"))
CONFIRMED = re.compile(
    r"^\W*(?:да|ок|окей|ok|okay|yes|yep|угу|ага|точно|именно|подходит)\W*$"
    r"|^\W*(?:(?:да|ок|угу|ага)\W+)?вс[её]\s+(?:так|ок|окей|хорошо|отлично)\b|\bтак и есть\b"
    r"|(?<!не )\b(?:вс[её] верно|верно|правильно|подтверждаю|all correct|that's right|correct"
    r"|считайте|посчитайте|go ahead)\b"
)
TO_FIX = re.compile(r"^\W*(?:исправить|нет|не совсем|change something|no)\W*$")
OFFER_BUTTON = Button("Да, пришлите КП", "пришлите кп")
MANAGER_BUTTON = Button("Позвать менеджера", "позовите менеджера")
PRODUCT_BUTTONS = tuple(Button(name, name) for name in PRODUCT_NAMES.values())
HEADCOUNT_BUTTONS = (
    Button("Все сотрудники компании", "это все сотрудники компании"),
    Button("Будут пользоваться", "столько будут пользоваться ассистентом"),
)
GOALS_LIMIT = 300  # characters of goals kept in the brief; later ones beyond it are dropped
QUESTION_START = re.compile(
    r"^(а |и |скажите,? |подскажите,? )?(как|что|какие|какой|какая|есть ли|можно|сколько|где|когда"
    r"|почему|зачем|кто|чем|ли|нужно ли|надо ли|умеет|поддерживает|работает)\b"
)
# A question about the terms of payment ("а картой можно?", "с НДС?") rather than a wish to pay.
TERMS = re.compile(
    r"картой можно|рассрочк|постоплат|с ндс|без ндс|юрлиц|безнал|наличн", re.IGNORECASE
)
# A person asked for on the phone: the consultation is booked rather than the chat handed over.
CALL = re.compile(r"созвон|позвон|звонок|консультац|\bcall\b", re.IGNORECASE)
# Relevance = USE cosine + BM25 / 40 (capped): on the sample knowledge base relevant
# questions scored 0.35–1.0 and off-topic ones (games, weather) 0.22–0.29.
MIN_RELEVANCE = 0.3
QUOTED_KEPT = 30  # passages remembered per conversation so none is pasted twice


# The language of the turn being taken: a task-local value, so turns of different
# conversations in one process never mix languages.
LANGUAGE: ContextVar[str] = ContextVar("dialog_language", default="ru")
_FILES = {"ru": "phrases.json", "en": "phrases.en.json"}


class Phrases:
    """The brain's phrases in the language of the current turn (resources/phrases*.json).
    English adds names of buttons, products, packages and levels ("button:Облако")."""

    def __init__(self) -> None:
        folder = resources.files("salesbot.dialog.resources")
        self.by_language: dict[str, dict[str, str]] = {
            language: json.loads(folder.joinpath(name).read_text("utf-8"))
            for language, name in _FILES.items()
        }

    def __getitem__(self, key: str) -> str:
        return self.by_language[LANGUAGE.get()][key]

    def get(self, key: str, default: str) -> str:
        return self.by_language[LANGUAGE.get()].get(key, default)


@cache
def shared_phrases() -> Phrases:
    """Read once per process: the brain and the hand-off timeout job share them."""
    return Phrases()


_LATIN_WORD = re.compile(r"\b[a-z]{2,}\b", re.IGNORECASE)
_CYRILLIC_WORD = re.compile(r"\b[а-яё]{2,}\b", re.IGNORECASE)
# A capitalised Latin word after the first of a message names something ("Metabase",
# "HubSpot"); English prose is told by its small words.
_A_NAME = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*|[A-Z][a-z]+")
BUTTON_PAYLOADS = frozenset(
    button.payload.lower()
    for button in (
        *(b for buttons in SLOT_BUTTONS.values() for b in buttons),
        *CONFIRM_BUTTONS,
        OFFER_BUTTON,
        MANAGER_BUTTON,
        *PRODUCT_BUTTONS,
        *HEADCOUNT_BUTTONS,
    )
)


_ADDRESS = re.compile(r"\S+@\S+|\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)


def language_of(text: str, current: str) -> str:
    """The conversation's language after this message: English once a message is written in
    Latin words only, Russian again once one is mostly Cyrillic; short or mixed messages
    ("ок", "1С, amoCRM") keep what it was, and names of systems ("PostgreSQL и Metabase")
    are no English, nor are addresses ("ivan.petrov@mail.ru", "https://…")."""
    words = _LATIN_WORD.findall(_ADDRESS.sub(" ", text))
    latin = sum(not _A_NAME.fullmatch(word) for word in words)
    cyrillic = len(_CYRILLIC_WORD.findall(text))
    if latin >= 2 and cyrillic == 0:
        return "en"
    if cyrillic >= 2 and cyrillic > latin:
        return "ru"
    return current


class OfflineBrain:
    name = "offline"
    reads_history = False  # the state carries what it needs

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.phrases = shared_phrases()
        self.schedule = Schedule.from_settings(settings)
        self.intents = IntentClassifier(get_embedder(configured_embedder_name(settings), settings))

    async def warm_up(self) -> None:
        await self.intents.warm_up()

    async def take_turn(self, context: DialogContext, tools: Tools) -> Turn:
        state, text = tools.state, context.inbound.text
        tools.quoted_now = False
        payload = text.strip().lower()
        if payload not in BUTTON_PAYLOADS and not payload.startswith((*BOOKING_PAYLOADS, "pay:")):
            # a button's payload is the same in any language
            state.language = language_of(text, state.language)
        LANGUAGE.set(state.language)
        replies: list[Reply] = []
        used: list[str] = []
        low = text.lower()

        if state.awaiting == "nps" and (score := re.fullmatch(r"\s*(10|\d)\s*", text)):
            await tools.record_nps(int(score.group(1)))
            return self._turn(tools, [Reply(self.phrases["nps_thanks"])])
        if payload == NEW_LINK and state.quote_id is not None:
            return self._turn(tools, await pay(tools, self.phrases))
        booking = BookingDialog(self.phrases, LANGUAGE.get(), self.schedule.zone)
        if (about_booking := await booking.handle(tools, text)) is not None:
            return self._turn(tools, about_booking)
        if NEGATIVE.search(low):
            state.sentiment = "negative"
            await tools.request_handoff("negative_emotion")
            return self._turn(tools, [Reply(self._handoff_said(state))], handoff="negative_emotion")

        # The examples (a sentence embedding, the costliest part of a turn) are asked only
        # where their guess can change the reply; a pattern needs none of it.
        pattern, waiting = match_pattern(text), bool(WAITING.search(low))
        decided = pattern is not None or waiting  # the intent needs no more reading below
        intent = pattern or (await self.intents.guess(text) if waiting else None)
        if waiting and intent in ("goodbye", None, "greeting"):
            intent = "waiting"  # "Спасибо, жду" waits for what comes next; it is no goodbye
        if state.awaiting == "confirmation" and CONFIRMED.search(low) and "неверн" not in low:
            state.brief_confirmed, state.awaiting = True, None
            return self._turn(tools, await self._advance(tools, [], "price_question"))
        if state.awaiting == "confirmation" and TO_FIX.match(low):
            return self._turn(tools, [Reply(self.phrases["what_to_fix"])])
        if intent == "human_request" and CALL.search(low):
            intent = "booking_request"  # "хочу созвониться с менеджером": a call, not a chat
        if intent == "human_request":
            await tools.request_handoff("customer_request")
            return self._turn(tools, [Reply(self._handoff_said(state))], handoff="customer_request")

        facts = await self._fill_brief(tools, text)
        asks = "?" in text or bool(QUESTION_START.match(low.strip()))
        if not decided and facts and not asks:
            # a statement that fills the brief answers our question, whatever else its
            # words resemble ("на следующей неделе" is a deadline, not a meeting)
            intent = "brief_answer"
        elif not decided:
            intent = await self.intents.guess(text)
        if facts:
            state.misunderstandings = 0
            replies.append(Reply(self.phrases["noted"].format(facts=", ".join(facts))))
        if state.contact_saved and state.awaiting == "contact_saved":
            state.awaiting = None

        if asks_by_mail(text) or (
            state.awaiting == "mail_address" and slots.contacts(text).email is not None
        ):
            return self._turn(tools, [*replies, *await self._mail(tools, low)])

        asking = state.awaiting == "headcount"  # a clarifying question is due
        if intent == "greeting" and not facts and state.stage is Stage.greeting and not asking:
            state.stage = Stage.qualification
            greeting = Reply(self.phrases["greeting"], PRODUCT_BUTTONS)
            if state.listing and state.listing.get("title"):  # written about an Avito listing
                price = state.listing.get("price")
                about = self.phrases["about_listing"].format(
                    title=state.listing["title"], price_part=f", {price}" if price else ""
                )
                return self._turn(tools, [Reply(about), greeting])
            return self._turn(tools, [greeting])

        if intent == "price_question" and PRICE_TOPICS.search(low) and not self._quote_due(state):
            intent = "product_question"  # discounts, VAT, renewal: what the documents answer
        elif intent == "price_question" and state.brief.missing() and pattern is None:
            intent = None  # base prices answer a price asked in so many words, not a guess
        if facts and not asks and intent in GUESSES_A_FACT_OUTWEIGHS and pattern is None:
            # "ИИ-Юрист" (a button) or "на следующей неделе" (the deadline) fills the brief
            # and asks nothing: the examples' guess of a question or a meeting yields to it
            intent = "brief_answer"
        answering = state.awaiting in (*Brief.REQUIRED, "product") and not asks
        if answering and not facts and intent in ("off_topic", "greeting"):
            intent = None  # a weak guess at a reply to our question: we did not read it
        if intent in QUESTION_INTENTS or (asks and intent in (None, "brief_answer", "greeting")):
            answer = await self._answer(tools, text, intent, used)
            if answer is not None:
                replies.append(answer)
            elif not facts:
                state.misunderstandings += 1
                await tools.record_unanswered(text)
                replies.append(Reply(self.phrases["no_answer"]))
        elif intent == "document_request":
            replies.extend(await self._document(tools, low))
        elif intent == "booking_request":
            # the slots are the answer: the funnel's next question would take their place
            dialog = BookingDialog(self.phrases, LANGUAGE.get(), self.schedule.zone)
            return self._turn(tools, [*replies, *await dialog.request(tools, text)], used)
        elif intent == "payment_request" and state.quote_id is not None and not TERMS.search(low):
            return self._turn(tools, [*replies, *await pay(tools, self.phrases)], used)
        elif intent == "payment_request":
            # "а картой можно?" asks about the terms, which the documents state
            answer = await self._answer(tools, text, "product_question", used) if asks else None
            replies.append(answer or Reply(self.phrases["payment"]))
        elif intent == "goodbye":
            if state.quote_id and state.nps is None:
                state.awaiting = "nps"
                return self._turn(tools, [*replies, Reply(self.phrases["ask_nps"])], used)
            state.stage = Stage.finished
            return self._turn(tools, [*replies, Reply(self.phrases["goodbye"])], used)
        elif intent in (None, "brief_answer") and not facts and not asking:
            state.misunderstandings += 1
            slot = state.awaiting if state.awaiting in (*Brief.REQUIRED, "product") else None
            if state.misunderstandings == 1 and slot is not None:
                # the question again, put another way, with choices or an example
                buttons = PRODUCT_BUTTONS if slot == "product" else SLOT_BUTTONS.get(slot, ())
                again = Reply(self.phrases[f"ask_{slot}_again"], buttons)
                return self._turn(tools, [*replies, again], used)
            if state.misunderstandings >= 2:
                # not a third time: a person is offered, and the other questions go on
                if slot is not None and slot not in state.skipped:
                    state.skipped = [*state.skipped, slot]
                replies.append(Reply(self.phrases["not_understood_again"], (MANAGER_BUTTON,)))
            else:
                replies.append(Reply(self.phrases["not_understood"]))

        replies.extend(await self._advance(tools, facts, intent))
        if tools.conversation.owner != "bot":
            return self._turn(tools, replies, used, handoff=state.handoff_reason)
        return self._turn(tools, replies, used)

    # --- the brief --------------------------------------------------------------------------
    async def _fill_brief(self, tools: Tools, text: str) -> list[str]:
        state, facts = tools.state, []
        continued, state.list_open = state.list_open, False
        # "а скидки у вас бывают?" asks something: only a statement answers "which systems?"
        asked = (state.awaiting == "integrations" and "?" not in text) or continued
        count, systems = slots.integrations(text, asked=asked)
        product = _product_by_name(text) or slots.product_direction(text)
        if product is None and state.product is None:
            product = _product_by_hints(state, slots.product_hints(text, systems))
        if product and product != state.product:
            await tools.set_product(product)
            facts.append(self.phrases.get(f"product:{product}", PRODUCT_NAMES[product]))
        found: dict[str, Any] = {}
        self._headcount(tools, text, found)
        if count is not None:
            if continued and state.brief.systems:  # the rest of the list the last message began
                earlier = tuple(state.brief.systems)
                count += state.brief.integrations or len(earlier)
                systems = (*earlier, *(name for name in systems if name not in earlier))
            else:
                count, systems = _changed_list(state.brief, text.lower(), count, systems)
            found["integrations"], found["systems"] = count, list(systems)
            state.list_open = bool(_BROKEN_OFF.search(text))
        if (pair := slots.replaced_number(text)) is not None:
            self._replace_count(state.brief, low=text.lower(), pair=pair, found=found)
        if (hosting := slots.hosting(text, asked=state.awaiting == "hosting")) is not None:
            found["hosting"] = hosting
        if (sla := slots.sla(text, asked=state.awaiting == "sla")) is not None:
            found["sla"] = sla
        if (sector := slots.industry(text)) is not None:
            found["industry"] = sector
        if (company := slots.company_name(text)) is not None:
            found["company"] = company
        if (security := slots.security_requirements(text)) is not None:
            found["security"] = security
        if (goal := slots.goals(text)) is not None:
            known = state.brief.goals
            if not known:
                found["goals"] = goal
            elif goal.lower() not in known.lower() and len(known) < GOALS_LIMIT:
                found["goals"] = f"{known}; {goal}"
        # "созвонимся в пятницу" names the call's day, not the project's deadline
        deadline = None if CALL.search(text) else parse_deadline(text, tools.pricing.today())
        if (
            deadline is not None
            and deadline.days is not None
            and deadline.days <= MAX_DEADLINE_DAYS
        ):
            found["deadline_days"], found["deadline_text"] = deadline.days, deadline.phrase
        changed = tools.update_brief(**found)
        contact = slots.contacts(text)
        name = slots.person_name(text)
        if contact.phone or contact.email or name:
            await tools.save_contact(name=name, phone=contact.phone, email=contact.email)
            facts.append(self.phrases["label_contacts"])
        brief = state.brief
        values = {
            "users": lambda: brief.users,
            "integrations": lambda: brief.integrations,
            "hosting": lambda: self.phrases.get(
                f"hosting:{brief.hosting}", HOSTING_LABELS[Hosting(str(brief.hosting))]
            ),
            "sla": lambda: self.phrases.get(f"sla:{brief.sla}", SLA_LABELS[Sla(str(brief.sla))]),
            "deadline_days": lambda: brief.deadline_text,
            "company_size": lambda: _size_label(brief.company_size),
            "goals": lambda: brief.goals,
            "industry": lambda: brief.industry,
            "company": lambda: brief.company,
            "security": lambda: brief.security,
        }
        listed = f" ({', '.join(brief.systems)})" if brief.systems else ""
        for name in changed:
            if name in values:
                label = "deadline" if name == "deadline_days" else name
                facts.append(
                    self.phrases[f"label_{label}"].format(value=values[name](), systems=listed)
                )
        return facts

    @staticmethod
    def _replace_count(
        brief: Brief, low: str, pair: tuple[int, int], found: dict[str, Any]
    ) -> None:
        """ "не 8, а 11": the slot that held 8 takes 11 (the systems when both held it and the
        message speaks of systems)."""
        old, new = pair
        of_systems = bool(re.search(r"интеграц|систем|integration|system", low))
        if brief.integrations == old and (of_systems or brief.users != old):
            found["integrations"] = new
        elif brief.users == old:
            found["users"] = new

    def _headcount(self, tools: Tools, text: str, found: dict[str, Any]) -> None:
        """Users and company size. A headcount that could be either ("у нас 200 сотрудников",
        or a bare "50" nobody asked for) is not guessed: the brain asks which it is, unless
        the conversation tells (the last question was about users)."""
        state, brief = tools.state, tools.state.brief
        head = slots.headcount(text)
        match = re.fullmatch(r"\s*(?:около |примерно |где-то )?(\d{1,6})\s*", text)
        bare = int(match.group(1)) if match else None
        pending, state.pending_headcount = state.pending_headcount, None
        if state.awaiting == "headcount" and pending is not None:
            state.awaiting = None
            low = text.lower().replace("ё", "е")
            both = re.search(r"\bоба\b|и то,? и другое|и те,? и другие|все будут", low)
            if both or re.search(r"пользова|будут|ассистент|\bбот", low):
                found["users"] = pending
            if both or re.search(r"сотрудник|компани|штат|всего|\bвсе\b", low):
                found["company_size"] = slots.size_band(pending)
            if found:
                return
        if bare is not None and state.awaiting in ("users", "integrations"):
            found[state.awaiting] = bare
            return
        if head.users is None and state.awaiting == "users":
            bare = slots.lone_count(text)  # the answer to "how many will use it?"
            if bare is not None:
                found["users"] = bare
                return
        if head.company is not None:
            found["company_size"] = slots.size_band(head.company)
        elif (words := slots.company_size(text)) is not None:
            found["company_size"] = words
        if head.users is None and bare is None:
            return
        if head.ambiguous and head.users is not None and "company_size" in found:
            # "мы небольшая компания, 30 сотрудников": the company's size, told precisely
            found["company_size"] = slots.size_band(head.users)
            return
        unclear = (head.ambiguous and head.users != brief.users) or (
            bare is not None and brief.users is None
        )
        if unclear and state.awaiting != "users" and brief.company_size is None:
            state.awaiting = "headcount"
            state.pending_headcount = head.users if head.users is not None else bare
        elif head.users is not None:
            found["users"] = head.users

    async def _advance(self, tools: Tools, facts: list[str], intent: str | None) -> list[Reply]:
        """The next step of the funnel: a missing slot, or the quote once the brief is full."""
        state = tools.state
        if tools.conversation.owner != "bot" or state.stage in (Stage.handed_off, Stage.finished):
            return []
        if state.awaiting == "headcount" and state.pending_headcount is not None:
            return [
                Reply(
                    self.phrases["ask_headcount"].format(number=state.pending_headcount),
                    HEADCOUNT_BUTTONS,
                )
            ]
        if state.product is None:
            state.awaiting = "product"
            return [Reply(self.phrases["ask_product"], PRODUCT_BUTTONS)]
        missing = state.brief.missing()
        # a slot put off after two failed reads comes back once the others are answered
        missing = [m for m in missing if m not in state.skipped] or missing
        if missing:
            replies = [await self._price_from(tools)] if intent == "price_question" else []
            if missing[0] == state.awaiting:
                state.repeats += 1
                if state.repeats >= 2 and len(missing) > 1:
                    # asked twice without an answer: the other questions first, this one later
                    state.skipped = [*state.skipped, missing[0]]
                    missing = missing[1:]
                    state.repeats = 0
            else:
                state.repeats = 0
            state.stage, state.awaiting = Stage.brief, missing[0]
            await tools.note_brief_progress(complete=False)
            return [
                *replies,
                Reply(self.phrases[f"ask_{missing[0]}"], SLOT_BUTTONS.get(missing[0], ())),
            ]
        # who the customer is (contacts, the company's name) changes nothing priced
        unpriced = {
            self.phrases["label_contacts"],
            self.phrases["label_company"].format(value=state.brief.company, systems=""),
        }
        brief_changed = any(f not in unpriced for f in facts)
        wants_price = intent in ("price_question", "document_request")
        if state.quote_id is None and not state.brief_confirmed and not wants_price:
            # the brief is shown once for a check before the first price
            await tools.note_brief_progress(complete=True)
            summary = self._summary(state)
            if state.awaiting == "confirmation" and (
                not brief_changed or summary == state.summary_shown
            ):
                # nothing the price depends on changed: not the whole brief again
                return [Reply(self.phrases["confirm_again"], CONFIRM_BUTTONS)]
            state.awaiting, state.summary_shown = "confirmation", summary
            return [Reply(self.phrases["confirm_brief"].format(summary=summary), CONFIRM_BUTTONS)]
        if tools.quoted_now:
            return []  # the offer asked for was priced a moment ago: one quote a turn
        if state.quote_id is None or brief_changed or intent == "price_question":
            await tools.note_brief_progress(complete=True)
            return await self._quote(tools)
        if not state.contact_saved and state.awaiting != "contact_saved":
            state.awaiting = "contact_saved"
            return [Reply(self.phrases["ask_contact"])]
        return []

    @staticmethod
    def _quote_due(state: DialogState) -> bool:
        """The brief is complete and not priced yet: a question about money gets the quote."""
        return not state.brief.missing() and state.quote_id is None

    async def _price_from(self, tools: Tools) -> Reply:
        """The price asked before the brief is complete: the product's base prices from the
        price list in force, and what moves them."""
        say = self.phrases.get
        packages = [
            self.phrases["price_from_line"].format(
                name=say(f"package:{code}", name), price=format_roubles(price)
            )
            for code, name, price in await tools.base_prices(str(tools.state.product))
        ]
        product = str(tools.state.product)
        return Reply(
            self.phrases["price_from"].format(
                product=say(f"product:{product}", PRODUCT_NAMES[product]),
                packages=", ".join(packages),
            )
        )

    def _handoff_said(self, state: DialogState) -> str:
        """The hand-off acknowledged: a manager answers within HANDOFF_TIMEOUT_MINUTES in
        working hours, or when work starts; then a contact is asked for, unless we have one,
        so the manager can call back rather than wait for the customer to come back."""
        now = utcnow()
        opens = self.schedule.next_opening(now)
        if opens == now:
            when = self.phrases["handoff_now"].format(minutes=self.settings.handoff_timeout_minutes)
        else:
            local_now, local = now.astimezone(self.schedule.zone), opens
            clock = local.strftime("%H:%M")
            days = (local.date() - local_now.date()).days
            if days == 0:
                day = self.phrases["opens_today"].format(time=clock)
            elif days == 1:
                day = self.phrases["opens_tomorrow"].format(time=clock)
            else:
                name = self.phrases["weekdays"].split(",")[local.weekday()]
                day = self.phrases["opens_on"].format(day=name, time=clock)
            when = self.phrases["handoff_later"].format(opens=day)
            if not state.contact_saved:
                return " ".join(
                    (self.phrases["handoff"].format(when=when), self.phrases["ask_contact_later"])
                )
        return self.phrases["handoff"].format(when=when)

    def _summary(self, state: DialogState) -> str:
        """The brief in one line, as the price will use it."""
        brief = state.brief
        product = state.product or ""
        parts = [self.phrases.get(f"product:{product}", PRODUCT_NAMES.get(product, product))]
        listed = f" ({', '.join(brief.systems)})" if brief.systems else ""
        hosting = self.phrases.get(
            f"hosting:{brief.hosting}", HOSTING_LABELS[Hosting(str(brief.hosting))]
        )
        sla = self.phrases.get(f"sla:{brief.sla}", SLA_LABELS[Sla(str(brief.sla))])
        parts += [
            self.phrases["label_users"].format(value=brief.users, systems=""),
            self.phrases["label_integrations"].format(value=brief.integrations, systems=listed),
            self.phrases["label_hosting"].format(value=hosting, systems=""),
            self.phrases["label_sla"].format(value=sla, systems=""),
        ]
        if brief.deadline_text:
            parts.append(
                self.phrases["label_deadline"].format(value=brief.deadline_text, systems="")
            )
        return "; ".join(parts)

    async def _quote(self, tools: Tools) -> list[Reply]:
        try:
            record = await tools.calculate_quote()
        except SalesbotError as exc:
            if exc.code == "recalculation_limit":
                await tools.request_handoff("recalculation_limit")
                return [Reply(self.phrases["too_many_recalculations"])]
            raise
        result = record.result
        say = self.phrases.get  # English names of what the price list names in Russian
        names = {p["code"]: say(f"package:{p['code']}", p["name"]) for p in result["packages"]}
        lines = [
            self.phrases["quote_intro"].format(
                product=say(f"product:{result['product']['code']}", result["product"]["name"]),
                version=result["price_list_version"],
                valid_until=record.valid_until.strftime("%d.%m.%Y"),
            )
        ]
        lines.append(self.phrases["quote_inputs"].format(summary=self._summary(tools.state)))
        for package in result["packages"]:
            name = names[package["code"]]
            if package["available"]:
                recommended = package["code"] == result["recommended"]
                mark = self.phrases["recommended_mark"] if recommended else ""
                lines.append(
                    self.phrases["quote_line"].format(
                        name=name, total=format_roubles(package["total"])
                    )
                    + mark
                )
            else:
                lines.append(
                    self.phrases["quote_line_unavailable"].format(
                        name=name, reason=say("unavailable", package["unavailable_reason"])
                    )
                )
        reason, template = result["recommendation_reason"], say("recommend", "")
        if template and result["recommended"]:
            reason = template.format(package=names[result["recommended"]])
        lines.append(self.phrases["quote_recommendation"].format(reason=reason))
        replies = [Reply("\n".join(lines))]
        large = record.recommended_total is not None and record.recommended_total > Decimal(
            self.settings.handoff_deal_amount
        )
        if large and not tools.state.large_deal_alerted:
            # the team is told at once; the customer is served on until a manager takes over
            tools.state.large_deal_alerted = True
            await tools.alert_managers("large_deal")
            tools.state.awaiting = "documents"
            return [*replies, Reply(self.phrases["large_deal"], (OFFER_BUTTON,))]
        tools.state.awaiting = "documents"
        return [*replies, Reply(self.phrases["offer_documents"], (OFFER_BUTTON,))]

    async def _document(self, tools: Tools, low: str) -> list[Reply]:
        if tools.state.quote_id is None:
            if tools.state.product is None or tools.state.brief.missing():
                return [Reply(self.phrases["document_needs_quote"])]
            # the brief is complete: asking for the offer is asking for the price
            tools.state.brief_confirmed = True
            await tools.note_brief_progress(complete=True)
            quote = await self._quote(tools)
            return [*quote[:1], *await self._document(tools, low)]
        kind = next(kind for kind, pattern in DOCUMENT_KINDS if re.search(pattern, low))
        number, _ = await tools.create_document(kind)
        text = self.phrases["document_ready"].format(
            title=DOCUMENT_TITLES[kind], number=number, hours=self.settings.document_link_ttl_hours
        )
        return [Reply(text, attachments=(tools.created[-1],))]

    async def _mail(self, tools: Tools, low: str) -> list[Reply]:
        """The documents by e-mail: made first when there are none (the quote too, when the
        brief allows it), sent when the contact has an address, or the address asked for."""
        state, replies = tools.state, []
        if state.quote_id is None:
            replies = await self._document(tools, low)
            if state.quote_id is None:
                return replies
        kind = next((kind for kind, pattern in NAMED_KINDS if re.search(pattern, low)), None)
        mailed = await tools.email_documents(kind)
        titles = ", ".join(f"{DOCUMENT_TITLES[d.kind]} № {d.number}" for d in mailed.documents)
        shown = {a.url for r in replies for a in r.attachments}
        made_now = tuple(a for a in tools.created if a.url not in shown)
        state.awaiting = None
        if not mailed.mail_on:
            text = self.phrases["mail_unavailable"].format(titles=titles)
        elif mailed.to is None:
            state.awaiting = "mail_address"
            text = self.phrases["mail_ask_address"].format(titles=titles)
        else:
            text = self.phrases["mail_sent"].format(email=mailed.to, titles=titles)
        return [*replies, Reply(text, attachments=made_now)]

    async def _answer(
        self, tools: Tools, text: str, intent: str | None, used: list[str]
    ) -> Reply | None:
        category = OBJECTION_CATEGORY.get(intent or "")
        hits = await tools.search_knowledge(text, category=category, k=3)
        if not hits and category:
            category = None
            hits = await tools.search_knowledge(text, k=3)
        if intent == "off_topic":
            return Reply(self.phrases["off_topic"])
        # An objection recognised by its words is answered from the objections folder; an open
        # question needs evidence that the knowledge base really speaks about it.
        if not hits or (category is None and max(_relevance(h) for h in hits) < MIN_RELEVANCE):
            return None  # nothing relevant: say so rather than quote a stranger passage
        allowed = await tools.amounts_in_force()
        quoted = tools.state.quoted
        fresh = [h for h in hits if h.citation not in quoted]
        if not fresh:
            return Reply(self.phrases["said_above"])  # not the same passage pasted again
        for best in fresh:
            # whole sentences; none that names a price for somebody else's brief
            passage = _passage(best.text, allowed)
            if passage:
                used.extend(h.citation for h in hits)
                tools.state.quoted = [*quoted, best.citation][-QUOTED_KEPT:]
                return Reply(
                    self.phrases["answer_from_kb"].format(
                        text=self.phrases["kb_language_note"] + passage, citation=best.citation
                    ),
                    sources=(source_of(best),),  # the passage quoted, not the runners-up
                )
        return None

    def _turn(
        self,
        tools: Tools,
        replies: list[Reply],
        used: list[str] | None = None,
        *,
        handoff: str | None = None,
    ) -> Turn:
        if LANGUAGE.get() != "ru":
            replies = [
                replace(
                    r,
                    buttons=tuple(
                        replace(b, text=self.phrases.get(f"button:{b.text}", b.text))
                        for b in r.buttons
                    ),
                )
                for r in replies
            ]
        return Turn(
            replies=tuple(replies),
            state_updates=tools.state.dump(),
            handoff_reason=handoff,
            context_used=tuple(used or ()),
        )


def _relevance(hit: SearchHit) -> float:
    return (hit.similarity or 0.0) + min(hit.lexical_score or 0.0, 20.0) / 40


# A change to systems already listed: "почту не надо подключать", "добавьте ещё телеграм".
_REMOVED = re.compile(r"\b(?:не надо|не нужн\w*|убира\w*|убер\w*|уберите|без|remove|drop)\b")
_ADDED = re.compile(r"\b(?:ещ[её]|добав\w*|также|забыл\w*|плюс|also|add|another)\b")
_TOTAL = re.compile(r"\b(?:всего|итого|in total)\b")
_BROKEN_OFF = re.compile(r"(?:[,:+]|\s(?:и|а также|and))\s*$")


def _changed_list(
    brief: Brief, low: str, count: int, systems: tuple[str, ...]
) -> tuple[int, tuple[str, ...]]:
    """The brief's systems after a message that changes the list rather than restates it:
    named ones taken away, or new ones added to those already known. A total said wins."""
    known = tuple(brief.systems)
    if brief.integrations is None or not known or _TOTAL.search(low):
        return count, systems
    if _REMOVED.search(low) and (gone := [name for name in systems if name in known]):
        kept = tuple(name for name in known if name not in gone)
        return max(brief.integrations - len(gone), 0), kept
    if _ADDED.search(low) and (new := [name for name in systems if name not in known]):
        return brief.integrations + len(new), (*known, *new)
    return count, systems


# The products by name, typos and English included: "ии менеджор", "AI Lawyer".
_PRODUCT_NAMED = {
    "ai-manager": re.compile(r"\b(?:ии|ai)[\s-]?менедж\w*|\bai[\s-]?manager|\bии[\s-]?продаж"),
    "ai-lawyer": re.compile(r"\b(?:ии|ai)[\s-]?юрист\w*|\bai[\s-]?lawyer"),
    "ai-analyst": re.compile(r"\b(?:ии|ai)[\s-]?аналит\w*|\bai[\s-]?analyst"),
}


def _product_by_hints(state: DialogState, hints: dict[str, int]) -> str | None:
    """A direction that the customer's messages, taken together, point to alone: two words
    of its vocabulary or more ("менеджеров 11", then "амо подключить"), none of another's."""
    total = {p: state.product_hints.get(p, 0) + hints.get(p, 0) for p in slots.PRODUCT_WORDS}
    state.product_hints = {p: n for p, n in total.items() if n}
    pointed = [p for p, n in total.items() if n]
    return pointed[0] if len(pointed) == 1 and total[pointed[0]] >= 2 else None


def _product_by_name(text: str) -> str | None:
    low = text.lower().replace("ё", "е")
    for code, pattern in _PRODUCT_NAMED.items():
        if pattern.search(low):
            return code
    return None


def _size_label(size: str | None) -> str:
    if size == "1000+":
        return "более 1000 сотрудников"
    if size and size[0].isdigit():
        return size.replace("-", "–") + " сотрудников"
    return size or ""


_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[«\"(А-ЯЁA-Z0-9—-])|\n+")
_RUB = re.compile(r"(\d[\d\s\u00a0\u202f]*\d|\d)(?:[,.]\d{1,2})?\s*(?:₽|руб)")
_LIST_ITEM = re.compile(r"^\s*(?:[-•*—]|\d+[.)])\s")


def _passage(text: str, allowed: set[Decimal], limit: int = 450) -> str:
    """Whole sentences of a knowledge passage, up to `limit` characters: a fragment cut from
    the sentence before is skipped, a sentence ending in a colon keeps its list, and a
    sentence naming an amount that is neither a base price nor this customer's quote (a worked
    example for another brief) is left out."""
    parts = [p.strip() for p in _SENTENCE.split(text.strip()) if p.strip()]
    if parts and not re.match(r"[«\"(А-ЯЁA-Z0-9—•*-]", parts[0]):
        parts = parts[1:]  # the passage starts mid-sentence
    kept: list[str] = []
    size = 0
    for part in parts:
        amounts = {Decimal(re.sub(r"\D", "", m.group(1))) for m in _RUB.finditer(part)}
        if amounts - allowed:
            continue
        listing = bool(kept) and kept[-1].endswith(":") and _LIST_ITEM.match(part) is not None
        if size + len(part) > limit and not listing and kept:
            break
        if size + len(part) > 2 * limit:
            break
        kept.append(part)
        size += len(part) + 1
    while kept and kept[-1].endswith(":"):
        kept.pop()  # a colon whose list did not fit
    text = ""
    for part in kept:
        joint = "\n" if _LIST_ITEM.match(part) or text.endswith(":") else " "
        text = f"{text}{joint}{part}" if text else part
    return text
