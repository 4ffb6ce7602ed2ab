"""What the assistant does in amoCRM, as the manager who asks and within their rights
(../shared/api/amocrm.md §4): find contacts and deals, read a card, create a task.

The integration's token can see everything; the manager may not. Their rights come from
amoCRM's users list (`rights.<entity>.view|edit`: A all, G their group, M their own, D none)
and are applied here: a search shows only what they may see, a task needs the right to edit
the card it is linked to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from salesbot.errors import Forbidden, NotFound, ValidationFailed
from salesbot.integrations.crm.amocrm.client import AmoClient

ENTITY_TITLES = {"leads": "Сделка", "contacts": "Контакт", "companies": "Компания"}
LIMIT = 10  # matches shown at most: a manager reads a short list, then narrows it


@dataclass(frozen=True)
class AmoUser:
    id: int
    name: str
    email: str
    rights: dict[str, Any]
    group_id: int | None

    def may(self, entity: str, action: str) -> str:
        """A, G, M or D for `action` (view, edit) on `entity` (leads, contacts, …)."""
        if self.rights.get("is_admin"):
            return "A"
        return str((self.rights.get(entity) or {}).get(action) or "D")


@dataclass(frozen=True)
class Found:
    entity_type: str
    id: int
    name: str
    details: str = ""  # one line: the stage, the phone, the amount
    responsible_user_id: int | None = None


@dataclass
class DealQuery:
    text: str | None = None  # words of the deal's name (amoCRM's full-text `query`)
    id: int | None = None
    contact: str | None = None  # a name, phone or e-mail of a contact on the deal
    company: str | None = None
    pipeline: str | None = None  # a pipeline's name
    stage: str | None = None  # a stage's name
    created_from: datetime | None = None
    created_to: datetime | None = None
    labels: list[str] = field(default_factory=list)  # what the manager asked for, in words


class AmoWorkspace:
    def __init__(self, client: AmoClient, user_id: int) -> None:
        self.client = client
        self.user_id = user_id
        self.zone = ZoneInfo(client.settings.timezone)
        self._users: list[AmoUser] | None = None
        self._pipelines_seen: list[dict[str, Any]] | None = None  # asked once per request

    # --- who ------------------------------------------------------------------------------------
    async def users(self) -> list[AmoUser]:
        if self._users is None:
            answer = await self.client.call("GET", "/api/v4/users", params={"limit": 250})
            self._users = [
                AmoUser(
                    int(u["id"]),
                    str(u.get("name") or ""),
                    str(u.get("email") or ""),
                    dict(u.get("rights") or {}),
                    (u.get("rights") or {}).get("group_id"),
                )
                for u in (answer or {}).get("_embedded", {}).get("users", [])
                if (u.get("rights") or {}).get("is_active", True)
            ]
        return self._users

    async def me(self) -> AmoUser:
        found = next((u for u in await self.users() if u.id == self.user_id), None)
        if found is None:
            raise Forbidden(
                "Ваш пользователь amoCRM не найден или отключён: обратитесь к администратору.",
                code="amocrm_forbidden",
            )
        return found

    async def users_named(self, name: str) -> list[AmoUser]:
        """Users whose name has every word of `name` by its stem (case-insensitive: «Анна»,
        «Анне» and «Смирновой» all find «Анна Смирнова»; «Петя» finds «Пётр»)."""
        words = [first_name(w) for w in _stems(name)]
        return [u for u in await self.users() if words and user_matches(u, words)]

    async def responsible(self, name: str | None) -> AmoUser:
        """The colleague a task goes to: the one user `name` finds, or the asking manager
        when no name is given. None or several found: a refusal that lists the users."""
        if not name:
            return await self.me()
        people = await self.users_named(name)
        if len(people) != 1:
            names = ", ".join(u.name for u in people or await self.users())
            raise ValidationFailed(
                f"Уточните ответственного «{name}»: {names}.", code="responsible_unclear"
            )
        return people[0]

    # --- finding --------------------------------------------------------------------------------
    async def search_contacts(self, query: str) -> list[Found]:
        me = await self.me()
        self._require(me, "contacts", "view", "искать контакты")
        answer = await self.client.call(
            "GET", "/api/v4/contacts", params={"query": _query(query), "limit": 50}
        )
        contacts = (answer or {}).get("_embedded", {}).get("contacts", [])
        contacts = [c for c in contacts if _matches(str(c.get("name") or ""), query)]
        visible = [c for c in contacts if await self._sees(me, "contacts", c)]
        return [
            Found(
                "contacts",
                int(c["id"]),
                str(c.get("name") or ""),
                ", ".join(_field_values(c, ("PHONE", "EMAIL"))),
                c.get("responsible_user_id"),
            )
            for c in visible[:LIMIT]
        ]

    async def search_deals(self, wanted: DealQuery) -> list[Found]:
        me = await self.me()
        self._require(me, "leads", "view", "искать сделки")
        params: list[tuple[str, Any]] = [("limit", 250)]
        if wanted.id is not None:
            params.append(("filter[id][]", wanted.id))
        ids = await self._linked_leads(wanted)
        if ids is not None:
            if not ids:
                return []
            params += [("filter[id][]", i) for i in ids]
        if wanted.text and not wanted.stage:
            pairs, wanted.text = await self._stages_named_in(wanted.text)
            params += _status_params(pairs)
        params += await self._stage_filter(wanted)
        for edge, moment in (("from", wanted.created_from), ("to", wanted.created_to)):
            if moment is not None:
                params.append((f"filter[created_at][{edge}]", int(moment.timestamp())))
        leads = await self._leads(params, wanted.text)
        stages = await self._stage_names()
        visible = [lead for lead in leads if await self._sees(me, "leads", lead)]
        return [
            Found(
                "leads",
                int(lead["id"]),
                str(lead.get("name") or ""),
                _deal_line(lead, stages, self.zone),
                lead.get("responsible_user_id"),
            )
            for lead in visible[:LIMIT]
        ]

    async def read_card(self, entity_type: str, entity_id: int) -> str:
        """The card as a few lines a manager reads at a glance."""
        if entity_type not in ENTITY_TITLES:
            raise NotFound("Откройте карточку сделки, контакта или компании.", code="no_card")
        me = await self.me()
        self._require(me, entity_type, "view", "смотреть эту карточку")
        wanted = {"leads": "contacts", "contacts": "leads", "companies": "leads"}[entity_type]
        card = await self.client.call(
            "GET", f"/api/v4/{entity_type}/{entity_id}", params={"with": wanted}
        )
        if not card:
            raise NotFound("Карточка не найдена: возможно, её удалили.", code="card_not_found")
        if not await self._sees(me, entity_type, card):
            raise Forbidden("У вас нет прав смотреть эту карточку.", code="amocrm_forbidden")
        lines = [f"{ENTITY_TITLES[entity_type]} «{card.get('name') or entity_id}» (№ {entity_id})"]
        if entity_type == "leads":
            lines.append(_deal_line(card, await self._stage_names(), self.zone))
        values = _field_values(card, ("PHONE", "EMAIL"))
        if values:
            lines.append("Контакты: " + ", ".join(values))
        owner = await self._name_of(card.get("responsible_user_id"))
        if owner:
            lines.append(f"Ответственный: {owner}")
        linked = card.get("_embedded", {})
        for kind, title in (("contacts", "Контактов"), ("leads", "Сделок")):
            if linked.get(kind):
                lines.append(f"{title} в карточке: {len(linked[kind])}")
        return "\n".join(line for line in lines if line)

    # --- doing ----------------------------------------------------------------------------------
    async def create_task(
        self,
        text: str,
        due: datetime,
        *,
        responsible: AmoUser,
        entity_type: str | None,
        entity_id: int | None,
    ) -> int:
        me = await self.me()
        if me.may("tasks", "edit") == "D" and not me.rights.get("is_admin"):
            raise Forbidden("У вас нет прав ставить задачи в amoCRM.", code="amocrm_forbidden")
        body: dict[str, Any] = {
            "text": text,
            "complete_till": int(due.timestamp()),
            "responsible_user_id": responsible.id,
            "task_type_id": 1,
        }
        if entity_type and entity_id:
            self._require(me, entity_type, "edit", "менять эту карточку")
            body.update(entity_type=entity_type, entity_id=entity_id)
        answer = await self.client.call("POST", "/api/v4/tasks", json=[body])
        return int(answer["_embedded"]["tasks"][0]["id"])

    # --- amoCRM's side --------------------------------------------------------------------------
    def _require(self, me: AmoUser, entity: str, action: str, doing: str) -> None:
        if me.may(entity, action) == "D":
            raise Forbidden(f"У вас нет прав {doing} в amoCRM.", code="amocrm_forbidden")

    async def _sees(self, me: AmoUser, entity: str, item: dict[str, Any]) -> bool:
        scope = me.may(entity, "view")
        owner = item.get("responsible_user_id")
        if scope == "A":
            return True
        if scope == "M":
            return bool(owner == me.id)
        if scope == "G":
            group = {u.id for u in await self.users() if u.group_id == me.group_id}
            return owner in group
        return False

    async def _leads(self, params: list[tuple[str, Any]], text: str | None) -> list[Any]:
        """Deals by the filters; with `text`, those whose name has it and those of a client
        (a company or contact) so named: «сделки Ромашки» means either."""
        if not text:
            answer = await self.client.call("GET", "/api/v4/leads", params=params)
            return list((answer or {}).get("_embedded", {}).get("leads", []))
        named = await self.client.call(
            "GET", "/api/v4/leads", params=[*params, ("query", _query(text))]
        )
        found = [
            lead
            for lead in (named or {}).get("_embedded", {}).get("leads", [])
            if _matches(str(lead.get("name") or ""), text)
        ]
        clients = await self._linked_leads(DealQuery(company=text)) or []
        clients += await self._linked_leads(DealQuery(contact=text)) or []
        more = sorted(set(clients) - {int(lead["id"]) for lead in found})
        if more:
            linked = await self.client.call(
                "GET", "/api/v4/leads", params=[*params, *(("filter[id][]", i) for i in more)]
            )
            found += (linked or {}).get("_embedded", {}).get("leads", [])
        return found

    async def _linked_leads(self, wanted: DealQuery) -> list[int] | None:
        """Deals of the contacts or companies named; None when neither was."""
        ids: set[int] | None = None
        for entity, text in (("contacts", wanted.contact), ("companies", wanted.company)):
            if not text:
                continue
            answer = await self.client.call(
                "GET", f"/api/v4/{entity}", params={"query": _query(text), "with": "leads"}
            )
            found = {
                int(lead["id"])
                for item in (answer or {}).get("_embedded", {}).get(entity, [])
                if _matches(str(item.get("name") or ""), text)
                for lead in item.get("_embedded", {}).get("leads", [])
            }
            ids = found if ids is None else ids & found
        return sorted(ids) if ids is not None else None

    async def _pipelines(self) -> list[dict[str, Any]]:
        if self._pipelines_seen is None:
            answer = await self.client.call("GET", "/api/v4/leads/pipelines")
            self._pipelines_seen = list((answer or {}).get("_embedded", {}).get("pipelines", []))
        return self._pipelines_seen

    async def _stage_names(self) -> dict[int, str]:
        return {
            int(status["id"]): str(status["name"])
            for pipeline in await self._pipelines()
            for status in pipeline.get("_embedded", {}).get("statuses", [])
        }

    async def _stage_filter(self, wanted: DealQuery) -> list[tuple[str, Any]]:
        if not wanted.pipeline and not wanted.stage:
            return []
        pipelines = await self._pipelines()
        if wanted.pipeline:
            pipelines = [p for p in pipelines if _similar(p["name"], wanted.pipeline)]
            if not pipelines:
                names = ", ".join(p["name"] for p in await self._pipelines())
                raise NotFound(
                    f"Воронки «{wanted.pipeline}» нет. Есть: {names}.", code="pipeline_not_found"
                )
        if not wanted.stage:
            return [("filter[pipeline_id][]", p["id"]) for p in pipelines]
        pairs = [
            (p["id"], s["id"])
            for p in pipelines
            for s in p.get("_embedded", {}).get("statuses", [])
            if _similar(s["name"], wanted.stage)
        ]
        if not pairs:
            names = ", ".join(
                s["name"] for p in pipelines for s in p.get("_embedded", {}).get("statuses", [])
            )
            raise NotFound(f"Этапа «{wanted.stage}» нет. Есть: {names}.", code="stage_not_found")
        return _status_params(pairs)

    async def _stages_named_in(self, text: str) -> tuple[list[tuple[int, int]], str | None]:
        """Stages whose every word is in `text` («на переговорах», «в первичном контакте»),
        and the text without those words."""
        words = text.split()
        pairs, used = [], set()
        for pipeline in await self._pipelines():
            for status in pipeline.get("_embedded", {}).get("statuses", []):
                name = [w for w in _stems(str(status["name"])) if len(w) >= 4]
                hits = [
                    i for i, word in enumerate(words) if any(same_stem(stem(word), n) for n in name)
                ]
                if name and len(hits) >= len(name):
                    pairs.append((int(pipeline["id"]), int(status["id"])))
                    used.update(hits)
        rest = " ".join(w for i, w in enumerate(words) if i not in used)
        return pairs, rest or None

    async def _name_of(self, user_id: object) -> str | None:
        return next((u.name for u in await self.users() if u.id == user_id), None)


_ENDING = re.compile(
    r"(?:ами|ями|ого|его|ому|ему|ой|ей|ий|ый|ая|яя|ую|юю|ов|ев|ом|ем|ам|ям|ах|ях|[уюаяыиео])$"
)
_LEGAL = re.compile(r"\b(?:ооо|оао|зао|пао|ао|ип)\b|[«»\"]")


# Short forms of first names, by stem: «Пете» is «Пётр».
DIMINUTIVES = {
    "пет": "петр", "ан": "анн", "ань": "анн", "ван": "иван", "саш": "александр",
    "леш": "алексе", "маш": "мари", "кат": "екатерин", "дим": "дмитри", "сереж": "серге",
    "жен": "евгени", "ол": "ольг", "тан": "татьян", "наташ": "наталь", "лен": "елен",
    "кол": "никола", "миш": "михаил", "вов": "владимир", "юл": "юли", "свет": "светлан",
    "наст": "анастаси", "ир": "ирин",
}  # fmt: skip


def first_name(word_stem: str) -> str:
    return DIMINUTIVES.get(_ENDING.sub("", word_stem), word_stem)


def user_matches(user: AmoUser, words: list[str]) -> bool:
    parts = _stems(user.name)
    return all(any(same_stem(w, part) for part in parts) for w in words)


def _query(text: str) -> str:
    """What amoCRM's search is given: it matches text as written, so a phone goes as its
    last ten digits, and a name as the stem of its longest word («Петровой» → «петров»);
    the other words are checked on our side (`_matches`)."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 10 and not any(ch.isalpha() for ch in text):
        return digits[-10:]
    if "@" in text:
        return text.strip()
    stems = _stems(text)
    return max(stems, key=len) if stems else text.strip()


def _stems(text: str) -> list[str]:
    words = re.findall(r"[\w-]+", _LEGAL.sub(" ", text.casefold().replace("ё", "е")))
    return [stem(w) for w in words]


def stem(word: str) -> str:
    """A Russian word without its case ending: «петровой», «петрову» → «петров»."""
    word = word.casefold().replace("ё", "е")
    return _ENDING.sub("", word) if len(word) > 3 else word


def same_stem(a: str, b: str) -> bool:
    """Stems of one name: one begins the other (at least 3 letters), or they differ in one
    letter when long enough to be a typo rather than another name («петрв» ~ «петров»)."""
    if min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True
    return min(len(a), len(b)) >= 5 and _one_edit(a, b)


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _matches(name: str, text: str) -> bool:
    """Every word asked for is a word of the name (by stem, a typo allowed), or the query
    was a phone or an e-mail."""
    if "@" in text or sum(ch.isdigit() for ch in text) >= 10:
        return True
    parts = _stems(name)
    return all(any(same_stem(asked, part) for part in parts) for asked in _stems(text))


def _status_params(pairs: list[tuple[int, int]]) -> list[tuple[str, Any]]:
    params: list[tuple[str, Any]] = []
    for n, (pipeline_id, status_id) in enumerate(pairs):
        params += [
            (f"filter[statuses][{n}][pipeline_id]", pipeline_id),
            (f"filter[statuses][{n}][status_id]", status_id),
        ]
    return params


def _similar(name: str, wanted: str) -> bool:
    """A stage or pipeline named by every word of `wanted` («переговорах» is «Переговоры»)."""
    parts = _stems(name)
    return all(any(same_stem(w, part) for part in parts) for w in _stems(wanted))


def _field_values(entity: dict[str, Any], codes: tuple[str, ...]) -> list[str]:
    return [
        str(value.get("value"))
        for item in entity.get("custom_fields_values") or []
        if item.get("field_code") in codes
        for value in item.get("values") or []
        if value.get("value")
    ]


def _deal_line(lead: dict[str, Any], stages: dict[int, str], zone: ZoneInfo) -> str:
    parts = []
    if lead.get("status_id") in stages:
        parts.append(f"этап «{stages[lead['status_id']]}»")
    if lead.get("price"):
        parts.append(f"{int(lead['price']):,} ₽".replace(",", " "))
    if lead.get("created_at"):
        parts.append(
            "создана " + datetime.fromtimestamp(int(lead["created_at"])).strftime("%d.%m.%Y")
        )
    return ", ".join(parts)
