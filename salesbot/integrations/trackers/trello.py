"""Trello behind the `TaskTracker` port (../shared/api/trello.md): a card in the list of the
lead's status, labels for the priority and the lead's tags, a due date; the board's custom
fields set after the card is made (Trello takes none on create); a move to another list when
the status changes; comments.

Trello's errors are mostly plain text («invalid id»), 429s JSON; both are read as text."""

from __future__ import annotations

from typing import Any

import httpx

from salesbot.integrations.base import mask
from salesbot.integrations.errors import OutsideServiceError
from salesbot.integrations.trackers.adapter import TrackerAdapter
from salesbot.integrations.trackers.base import (
    PRIORITY_TITLES,
    LeadTicket,
    Priority,
    TrackerStage,
    is_ours,
)
from salesbot.integrations.trackers.fields import fact_for, fact_value, priority_option
from salesbot.integrations.trackers.http import TrackerHttp
from salesbot.settings import Settings, secret_value

SERVICE = "trello"
TEXT_LIMIT = 16384  # name, desc and a comment's text
PRIORITY_COLORS = {"urgent": "red", "high": "orange", "normal": "yellow", "low": "green"}


class Trello(TrackerAdapter):
    name = SERVICE
    title = "Trello"

    # --- the board ------------------------------------------------------------------------------
    def configured(self, settings: Settings) -> bool:
        return bool(settings.trello_api_key and settings.trello_token)

    def details(self, settings: Settings) -> dict[str, Any]:
        if not self.configured(settings):
            return {"note": "TRELLO_API_KEY и TRELLO_TOKEN не заданы: карточек в Trello нет."}
        return {"board": mask(settings.trello_board_id), "key": mask(settings.trello_api_key)}

    # --- the port -------------------------------------------------------------------------------
    async def find_lead(self, key: str) -> str | None:
        found = await self._call(
            "GET",
            "/search",
            params={
                "query": key,
                "modelTypes": "cards",
                "idBoards": self._board(),
                "cards_limit": "10",
            },
        )
        cards = (found or {}).get("cards", [])
        return next((card["id"] for card in cards if is_ours(card.get("name"), key)), None)

    async def create_lead(self, data: LeadTicket) -> str:
        list_id = self.mapping.first_place(data.status)
        if list_id is None:
            raise OutsideServiceError(
                SERVICE, "не задан список для новых лидов: сопоставьте статус «Новый» со списком."
            )
        labels = await self._label_ids(data, keep=[])
        card = await self._call(
            "POST",
            "/cards",
            json={
                "idList": list_id,
                "name": data.full_title[:TEXT_LIMIT],
                "desc": data.description[:TEXT_LIMIT],
                "due": _iso(data),
                "idLabels": ",".join(labels),
                "pos": "top",
            },
        )
        await self._set_fields(card["id"], data)
        return str(card["id"])

    async def update_lead(self, id: str, data: LeadTicket) -> bool:
        card = await self._call("GET", f"/cards/{id}", params={"fields": "idLabels"})
        ours = {label["id"] for label in await self._labels() if _is_priority(label["name"])}
        keep = [label for label in card.get("idLabels", []) if label not in ours]
        labels = await self._label_ids(data, keep=keep)
        await self._call(
            "PUT",
            f"/cards/{id}",
            json={
                "name": data.full_title[:TEXT_LIMIT],
                "desc": data.description[:TEXT_LIMIT],
                "due": _iso(data),
                "idLabels": ",".join(labels),
            },
        )
        await self._set_fields(id, data)
        return True

    async def update_lead_status(self, id: str, status: str) -> bool:
        list_id = self.mapping.place(status)
        if list_id is None:
            return False
        await self._call("PUT", f"/cards/{id}", json={"idList": list_id, "pos": "top"})
        return True

    async def add_comment(self, id: str, text: str) -> bool:
        await self._call("POST", f"/cards/{id}/actions/comments", json={"text": text[:TEXT_LIMIT]})
        return True

    def card_url(self, id: str) -> str | None:
        return f"https://trello.com/c/{id}"

    async def stages(self) -> list[TrackerStage]:
        board = await self._call("GET", f"/boards/{self._board()}/lists", params={"filter": "open"})
        return [TrackerStage(str(item["id"]), str(item["name"]), "Trello") for item in board]

    async def problems(self) -> list[str]:
        if not self.settings.trello_board_id:
            return ["не задана доска: TRELLO_BOARD_ID"]
        lists = {stage.id for stage in await self.stages()}
        problems = [] if self.mapping.place("new") else ["статусу «Новый» не сопоставлен список"]
        problems += [
            f"списка {list_id} (статус {status}) нет среди открытых списков доски"
            for status, list_id in self.mapping.statuses.items()
            if list_id not in lists
        ]
        return problems

    # --- Trello's side --------------------------------------------------------------------------
    def _board(self) -> str:
        if not self.settings.trello_board_id:
            raise OutsideServiceError(SERVICE, "не задана доска: TRELLO_BOARD_ID")
        return self.settings.trello_board_id

    def _connect(self, settings: Settings) -> TrackerHttp:
        token = secret_value(settings.trello_token) or ""
        return TrackerHttp(
            SERVICE,
            settings.trello_api_base,
            settings,
            explain=_explain,
            params={"key": settings.trello_api_key or "", "token": token},
        )

    async def _labels(self) -> list[dict[str, Any]]:
        labels = await self._call(
            "GET", f"/boards/{self._board()}/labels", params={"limit": "1000"}
        )
        return list(labels)

    async def _label_ids(self, data: LeadTicket, *, keep: list[str]) -> list[str]:
        """The board's labels for the priority and the tags (made when missing), after `keep`."""
        wanted = {PRIORITY_TITLES[data.priority]: PRIORITY_COLORS[data.priority.value]}
        wanted.update({tag: "sky" for tag in data.labels})
        by_name = {label["name"]: label["id"] for label in await self._labels()}
        ids = list(keep)
        for name, color in wanted.items():
            if name not in by_name:
                made = await self._call(
                    "POST", f"/boards/{self._board()}/labels", json={"name": name, "color": color}
                )
                by_name[name] = made["id"]
            if by_name[name] not in ids:
                ids.append(by_name[name])
        return ids

    async def _set_fields(self, card_id: str, data: LeadTicket) -> None:
        """The board's custom fields named after a fact of the card (fields.FIELD_NAMES)."""
        definitions = await self._call("GET", f"/boards/{self._board()}/customFields")
        items = []
        for definition in definitions or []:
            fact = fact_for(definition["name"])
            value = fact_value(data, fact) if fact else None
            item = _item(definition, fact, value) if fact and value else None
            if item is not None:
                items.append({"idCustomField": definition["id"], **item})
        if items:
            await self._call(
                "PUT", f"/cards/{card_id}/customFields", json={"customFieldItems": items}
            )


def _item(definition: dict[str, Any], fact: str, value: str) -> dict[str, Any] | None:
    kind = definition.get("type")
    if kind == "text":
        return {"value": {"text": value}}
    if kind == "number" and fact == "amount":
        return {"value": {"number": value}}
    if kind == "date" and fact == "due":
        return {"value": {"date": value}}
    if kind == "list" and fact == "priority":
        options = {o["id"]: o["value"]["text"] for o in definition.get("options", [])}
        option = priority_option(options, Priority(value))
        return {"idValue": option} if option else None
    return None


def _is_priority(name: str) -> bool:
    return name in PRIORITY_TITLES.values()


def _iso(data: LeadTicket) -> str | None:
    return data.due.isoformat() if data.due else None


def _explain(response: httpx.Response) -> str:
    return response.text.strip()[:300] or f"HTTP {response.status_code}"
