"""One turn of the assistant inside amoCRM: the manager's words, the open card and what the
assistant was waiting for (a missing detail, a choice) become a search, a card or a task,
or a short question back. Requests are read by the rule-based parser (`rules.py`)."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from loguru import logger
from pydantic_ai import Agent

from salesbot.assistant.amo import (
    ENTITY_TITLES,
    AmoUser,
    AmoWorkspace,
    DealQuery,
    Found,
    first_name,
    stem,
    user_matches,
)
from salesbot.assistant.llm import HISTORY_TURNS, CrmDeps
from salesbot.assistant.rules import (
    STOP_WORDS,
    Request,
    normal,
    read_due,
    read_request,
    task_text,
)
from salesbot.errors import NotFound, SalesbotError
from salesbot.settings import Settings

HELP = (
    "Я помогаю с amoCRM. Например:\n"
    "• «найди контакт Иванов» или «клиент +7 916 123-45-67»;\n"
    "• «сделки Ромашки на этапе Переговоры», «сделки за прошлую неделю»;\n"
    "• «что по этой сделке?» — о карточке, которая открыта;\n"
    "• «поставь Анне задачу позвонить клиенту завтра в 15:00»."
)
ASK_TEXT = "Что нужно сделать? Напишите текст задачи."
ASK_DUE = "К какому сроку? Например: «завтра в 15:00» или «в пятницу до обеда»."
MAX_CHOICES = 6


@dataclass(frozen=True)
class Context:
    area: str | None = None
    entity_type: str | None = None  # leads, contacts, companies: the open card
    entity_id: int | None = None


@dataclass(frozen=True)
class Mention:
    written: list[str]  # the words as the manager wrote them
    users: list[AmoUser]  # one: the responsible; several: to choose from


# A name right after these is whom the task is about (a client), not whom it is for.
_OBJECT = re.compile(
    r"(?:звон|набр|напис|связ|встрет|отправ|высла|пригла|поздрав|спрос|уточн)\w*(?:\s+(?:с|со|у))?$|(?:^|\s)(?:с|со|у)$"
)


@dataclass(frozen=True)
class Choice:
    label: str
    text: str  # what the widget sends when the choice is clicked


@dataclass
class Answer:
    reply: str
    choices: list[Choice] = field(default_factory=list)
    mode: str = "rules"  # or "llm": who read the request


class CrmAssistant:
    def __init__(
        self,
        settings: Settings,
        workspace: AmoWorkspace,
        now: datetime,
        agent: Agent[CrmDeps, str] | None = None,
    ) -> None:
        self.settings = settings
        self.amo = workspace
        self.now = now
        self.zone = ZoneInfo(settings.timezone)
        self.agent = agent

    async def answer(self, state: dict[str, Any], text: str, context: Context) -> Answer:
        """`state` is the user's session: read and changed in place. With an LLM, it reads
        the request; when it fails, the rules do."""
        if self.agent is not None:
            try:
                return await self._by_llm(state, text, context)
            except SalesbotError:
                raise  # the manager's rights, a card that is gone: said as they are
            except Exception as exc:  # the provider failed or timed out: the rules answer
                logger.warning("assistant: LLM unavailable ({}); rules", type(exc).__name__)
        return await self._by_rules(state, text, context)

    async def _by_llm(self, state: dict[str, Any], text: str, context: Context) -> Answer:
        assert self.agent is not None
        history = state.get("history") or []
        said = "\n".join(f"{turn['who']}: {turn['text']}" for turn in history)
        prompt = (f"Разговор до этого:\n{said}\n\n" if said else "") + f"Менеджер: {text}"
        deps = CrmDeps(self.amo, self.zone, self.now, context.entity_type, context.entity_id)
        budget = min(
            self.settings.llm_timeout_seconds, self.settings.amocrm_assistant_answer_seconds
        )
        result = await asyncio.wait_for(self.agent.run(prompt, deps=deps), timeout=budget)
        history = [
            *history,
            {"who": "Менеджер", "text": text},
            {"who": "Ассистент", "text": result.output},
        ]
        state["history"] = history[-2 * HISTORY_TURNS :]
        state.pop("pending", None)
        return Answer(result.output, mode="llm")

    async def _by_rules(self, state: dict[str, Any], text: str, context: Context) -> Answer:
        pending = state.pop("pending", None)
        if pending and not _starts_anew(text):
            return await self._go_on(state, pending, text)
        card_open = context.entity_type in ENTITY_TITLES and context.entity_id is not None
        request = read_request(text, self.now, self.zone, card_open=card_open)
        if request.intent == "create_task":
            return await self._new_task(state, text, context)
        try:
            return await self._look_up(request, context)
        except NotFound as missing:  # a stage or pipeline the account has not: say which it has
            return Answer(missing.message)

    async def _look_up(self, request: Request, context: Context) -> Answer:
        if request.intent == "show_card":
            return await self._card(context, request)
        if request.intent == "find_deal":
            return await self._found(await self.amo.search_deals(request.deals), "сделок")
        if request.intent == "find_contact":
            if not request.query:
                return Answer("Кого найти? Напишите имя, телефон или e-mail.")
            return await self._found(await self.amo.search_contacts(request.query), "контактов")
        return Answer(HELP)

    # --- cards and searches ---------------------------------------------------------------------
    async def _card(self, context: Context, request: Request) -> Answer:
        entity_type, entity_id = request.entity_type, request.entity_id
        if entity_id is None:
            entity_type, entity_id = context.entity_type, context.entity_id
        if entity_type is None or entity_id is None:
            return Answer("Откройте карточку сделки, контакта или компании и спросите снова.")
        return Answer(await self.amo.read_card(entity_type, entity_id))

    async def _found(self, found: list[Found], what: str) -> Answer:
        if not found:
            return Answer(f"Не нашёл {what} по этому запросу. Уточните имя, телефон или этап.")
        if len(found) == 1:
            return Answer(await self.amo.read_card(found[0].entity_type, found[0].id))
        lines = [f"Нашёл {len(found)}:"] + [
            f"• {item.name} (№ {item.id}){', ' + item.details if item.details else ''}"
            for item in found
        ]
        choices = [
            Choice(f"{item.name} (№ {item.id})", f"{_card_word(item.entity_type)} №{item.id}")
            for item in found[:MAX_CHOICES]
        ]
        return Answer("\n".join(lines), choices)

    # --- tasks ----------------------------------------------------------------------------------
    async def _new_task(self, state: dict[str, Any], text: str, context: Context) -> Answer:
        low = normal(text)
        mention = await self._mention(low)
        due = read_due(text, self.now, self.zone)
        linked = context.entity_type in ENTITY_TITLES and context.entity_id is not None
        draft: dict[str, Any] = {
            "text": task_text(low, mention.written if mention else []),
            "due": due.isoformat() if due else None,
            "responsible": None,
            "responsible_id": None,
            "entity_type": context.entity_type if linked else None,
            "entity_id": context.entity_id if linked else None,
        }
        if mention is not None and len(mention.users) == 1:
            draft["responsible_id"] = mention.users[0].id
        elif mention is not None:
            draft["responsible"] = " ".join(word.capitalize() for word in mention.written)
        return await self._task(state, draft)

    async def _mention(self, low: str) -> Mention | None:
        """The colleague a task is for, named anywhere in the request («анне смирновой»,
        «пете», «для Кузнецовой»), unless the name is the object of a call or a letter
        («позвонить петровой», «встретиться с анной»): then it is a client."""
        words = re.findall(r"[a-zа-я][\w-]*", low)
        users = await self.amo.users()
        group: list[tuple[str, set[int]]] = []
        for i, word in enumerate(words):
            if word in STOP_WORDS or _OBJECT.search(" ".join(words[max(0, i - 2) : i])):
                if group:
                    break
                continue
            named = {u.id for u in users if user_matches(u, [first_name(stem(word))])}
            if named:
                group.append((word, named))
            elif group:
                break
        if not group:
            return None
        ids = set.intersection(*(named for _, named in group))
        people = [u for u in users if u.id in ids] or [u for u in users if u.id in group[0][1]]
        return Mention([word for word, _ in group], people)

    async def _go_on(self, state: dict[str, Any], pending: dict[str, Any], text: str) -> Answer:
        asking = pending.get("asking")
        if asking == "text":
            pending["text"] = text.strip()
        elif asking == "due":
            due = read_due(text, self.now, self.zone)
            if due is None:
                state["pending"] = pending
                return Answer("Не понял срок. " + ASK_DUE)
            pending["due"] = due.isoformat()
        elif asking == "responsible":
            pending["responsible"], pending["responsible_id"] = text.strip(), None
        return await self._task(state, pending)

    async def _task(self, state: dict[str, Any], draft: dict[str, Any]) -> Answer:
        """Create the task once nothing is missing; else ask for the first missing detail."""
        if not draft.get("text"):
            state["pending"] = {**draft, "asking": "text"}
            return Answer(ASK_TEXT)
        if not draft.get("due"):
            state["pending"] = {**draft, "asking": "due"}
            return Answer(ASK_DUE, [Choice("Завтра в 10:00", "завтра в 10:00")])
        due = datetime.fromisoformat(draft["due"])
        if due <= self.now:
            state["pending"] = {**draft, "due": None, "asking": "due"}
            return Answer("Этот срок уже прошёл. " + ASK_DUE)
        responsible = await self._responsible(state, draft)
        if responsible is None:
            return _asked(state)
        task_id = await self.amo.create_task(
            draft["text"],
            due,
            responsible=responsible,
            entity_type=draft.get("entity_type"),
            entity_id=draft.get("entity_id"),
        )
        linked = ""
        if draft.get("entity_type") in ENTITY_TITLES and draft.get("entity_id"):
            linked = f", к карточке «{ENTITY_TITLES[draft['entity_type']]} № {draft['entity_id']}»"
        when = due.astimezone(self.zone).strftime("%d.%m.%Y %H:%M")
        return Answer(
            f"Готово: задача «{draft['text']}» для {responsible.name} до {when}{linked} "
            f"(№ {task_id})."
        )

    async def _responsible(self, state: dict[str, Any], draft: dict[str, Any]) -> AmoUser | None:
        if draft.get("responsible_id"):
            chosen = [u for u in await self.amo.users() if u.id == draft["responsible_id"]]
            if chosen:
                return chosen[0]
        name = draft.get("responsible")
        if not name:
            return await self.amo.me()
        matches = await self.amo.users_named(name)
        if len(matches) == 1:
            return matches[0]
        people = matches or await self.amo.users()
        said = (
            f"Нашёл несколько пользователей «{name}»: кому поставить задачу?"
            if matches
            else f"Не нашёл пользователя «{name}». Кому поставить задачу?"
        )
        state["pending"] = {**draft, "responsible": None, "asking": "responsible"}
        state["asked"] = {
            "reply": said,
            "choices": [{"label": u.name, "text": u.name} for u in people[:MAX_CHOICES]],
        }
        return None


def _asked(state: dict[str, Any]) -> Answer:
    asked = state.pop("asked")
    return Answer(asked["reply"], [Choice(c["label"], c["text"]) for c in asked["choices"]])


def _starts_anew(text: str) -> bool:
    """A new request while a question was pending drops the question."""
    low = text.casefold()
    return any(word in low for word in ("найди", "найти", "покажи", "отмена", "отмени", "поставь"))


def _card_word(entity_type: str) -> str:
    return {"leads": "карточка сделки", "contacts": "карточка контакта"}.get(
        entity_type, "карточка компании"
    )


__all__ = ["Answer", "Choice", "Context", "CrmAssistant", "DealQuery"]
