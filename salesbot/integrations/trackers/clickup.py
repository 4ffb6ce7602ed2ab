"""ClickUp behind the `TaskTracker` port (../shared/api/clickup.md): a task in one list whose
statuses are the stages, ClickUp's own priority (1 urgent … 4 low), tags for the lead's tags,
a due date; the list's custom fields set one by one after the task is made (each has its own
endpoint), tags added one by one on update (PUT ignores them); a status change; comments.

ClickUp's errors are JSON `{"err", "ECODE"}`; timestamps are Unix milliseconds, integers in
requests and strings in answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx

from salesbot.integrations.base import mask
from salesbot.integrations.errors import OutsideServiceError
from salesbot.integrations.trackers.adapter import TrackerAdapter
from salesbot.integrations.trackers.base import LeadTicket, Priority, TrackerStage, is_ours
from salesbot.integrations.trackers.fields import fact_for, fact_value, priority_option
from salesbot.integrations.trackers.http import TrackerHttp, json_message
from salesbot.settings import Settings, secret_value

SERVICE = "clickup"
PRIORITIES = {Priority.urgent: 1, Priority.high: 2, Priority.normal: 3, Priority.low: 4}
TEXT_FIELDS = ("text", "short_text", "email", "phone", "url")


class ClickUp(TrackerAdapter):
    name = SERVICE
    title = "ClickUp"

    # --- the board ------------------------------------------------------------------------------
    def configured(self, settings: Settings) -> bool:
        return bool(settings.clickup_token and settings.clickup_list_id)

    def details(self, settings: Settings) -> dict[str, Any]:
        if not self.configured(settings):
            return {"note": "CLICKUP_TOKEN и CLICKUP_LIST_ID не заданы: задач в ClickUp нет."}
        return {"list": mask(settings.clickup_list_id)}

    # --- the port -------------------------------------------------------------------------------
    async def find_lead(self, key: str) -> str | None:
        page = 0
        while True:
            found = await self._call(
                "GET",
                f"/list/{self._list()}/task",
                params={"include_closed": "true", "page": str(page)},
            )
            tasks = (found or {}).get("tasks", [])
            ours = next((task["id"] for task in tasks if is_ours(task.get("name"), key)), None)
            if ours is not None:
                return str(ours)
            if not tasks or (found or {}).get("last_page", True):
                return None
            page += 1

    async def create_lead(self, data: LeadTicket) -> str:
        body: dict[str, Any] = {**_text(data), "tags": list(data.labels), "notify_all": False}
        status = self.mapping.first_place(data.status)
        if status is not None:  # else ClickUp puts the task in the list's first status
            body["status"] = status
        if data.due is not None:
            body.update(due_date=_ms(data.due), due_date_time=True)
        task = await self._call("POST", f"/list/{self._list()}/task", json=body)
        await self._set_fields(str(task["id"]), data)
        return str(task["id"])

    async def update_lead(self, id: str, data: LeadTicket) -> bool:
        task = await self._call("GET", f"/task/{id}")
        await self._call(
            "PUT",
            f"/task/{id}",
            json={**_text(data), "due_date": _ms(data.due), "due_date_time": bool(data.due)},
        )
        has = {str(tag.get("name", "")).lower() for tag in task.get("tags", [])}
        for tag in data.labels:
            if tag.lower() not in has:  # ClickUp keeps tag names lower-case
                await self._call("POST", f"/task/{id}/tag/{quote(tag, safe='')}")
        await self._set_fields(id, data)
        return True

    async def update_lead_status(self, id: str, status: str) -> bool:
        name = self.mapping.place(status)
        if name is None:
            return False
        await self._call("PUT", f"/task/{id}", json={"status": name})
        return True

    async def add_comment(self, id: str, text: str) -> bool:
        await self._call(
            "POST", f"/task/{id}/comment", json={"comment_text": text, "notify_all": False}
        )
        return True

    def card_url(self, id: str) -> str | None:
        return f"https://app.clickup.com/t/{id}"

    async def stages(self) -> list[TrackerStage]:
        found = await self._call("GET", f"/list/{self._list()}")
        group = str(found.get("name") or "ClickUp")
        names = [str(status["status"]) for status in found.get("statuses", [])]
        return [TrackerStage(name, name, group) for name in names]

    async def problems(self) -> list[str]:
        if not self.settings.clickup_list_id:
            return ["не задан список: CLICKUP_LIST_ID"]
        # An unmapped «new» is fine here: a task without a status gets the list's first one.
        names = {stage.name.casefold() for stage in await self.stages()}
        return [
            f"в списке нет статуса «{name}» (статус {status})"
            for status, name in self.mapping.statuses.items()
            if name.casefold() not in names
        ]

    # --- ClickUp's side -------------------------------------------------------------------------
    def _list(self) -> str:
        if not self.settings.clickup_list_id:
            raise OutsideServiceError(SERVICE, "не задан список: CLICKUP_LIST_ID")
        return self.settings.clickup_list_id

    def _connect(self, settings: Settings) -> TrackerHttp:
        token = secret_value(settings.clickup_token) or ""
        # A personal token goes as it is; an OAuth app's token is a Bearer one.
        auth = token if token.startswith("pk_") else f"Bearer {token}"
        return TrackerHttp(
            SERVICE,
            settings.clickup_api_base,
            settings,
            explain=_explain,
            headers={"Authorization": auth},
        )

    async def _set_fields(self, task_id: str, data: LeadTicket) -> None:
        """The list's custom fields named after a fact of the task (fields.FIELD_NAMES)."""
        found = await self._call("GET", f"/list/{self._list()}/field")
        for definition in (found or {}).get("fields", []):
            fact = fact_for(str(definition.get("name", "")))
            value = _value(definition, fact, data) if fact else None
            if value is not None:
                await self._call(
                    "POST", f"/task/{task_id}/field/{definition['id']}", json={"value": value}
                )


def _text(data: LeadTicket) -> dict[str, Any]:
    # The notes' sources disagree on the Markdown field's name: both are sent.
    return {
        "name": data.full_title,
        "markdown_content": data.description,
        "markdown_description": data.description,
        "priority": PRIORITIES[data.priority],
    }


def _value(definition: dict[str, Any], fact: str, data: LeadTicket) -> Any:
    """The field's value in the format of its type, or None (no value, or a type that does
    not fit the fact)."""
    text = fact_value(data, fact)
    kind = definition.get("type")
    if not text:
        return None
    if kind in TEXT_FIELDS:
        return text
    if kind in ("number", "currency") and fact == "amount":
        try:
            return float(text)
        except ValueError:
            return None
    if kind == "date" and fact == "due":
        return _ms(data.due)
    if kind == "drop_down" and fact == "priority":
        options = definition.get("type_config", {}).get("options", [])
        return priority_option({o["id"]: o["name"] for o in options}, Priority(text))
    return None


def _ms(moment: datetime | None) -> int | None:
    return round(moment.timestamp() * 1000) if moment else None


_err = json_message("err")


def _explain(response: httpx.Response) -> str:
    """ClickUp's `err`, with its ECODE (what ClickUp's docs and support go by)."""
    said = _err(response)
    try:
        body = response.json()
    except ValueError:
        body = None
    code = body.get("ECODE") if isinstance(body, dict) else None
    return f"{said} ({code})" if code else said
