"""Shortcut behind the `TaskTracker` port (../shared/api/shortcut.md): a story in the workflow
state of the lead's status (or in SHORTCUT_PROJECT_ID when no state is mapped: Shortcut takes
exactly one of the two), labels for the priority and the lead's tags, a deadline, the built-in
Priority enum field, the dashboard link; a move to another state when the status changes;
comments.

Shortcut's errors are JSON `{"message", "errors"?: {field: problem}}`; its 429s have no body."""

from __future__ import annotations

from typing import Any

import httpx

from salesbot.integrations.base import mask
from salesbot.integrations.errors import OutsideServiceError
from salesbot.integrations.trackers.adapter import TrackerAdapter
from salesbot.integrations.trackers.base import (
    PRIORITY_TITLES,
    LeadTicket,
    TrackerStage,
    is_ours,
)
from salesbot.integrations.trackers.fields import fact_for, priority_option
from salesbot.integrations.trackers.http import TrackerHttp
from salesbot.integrations.trackers.mapping import TrackerMapping
from salesbot.settings import Settings, secret_value

SERVICE = "shortcut"
NAME_LIMIT = 512
TEXT_LIMIT = 100_000  # description and a comment's text
LABEL_LIMIT = 128
NO_PLACE = (
    "не задано, куда класть новые истории: сопоставьте статус «Новый» с состоянием "
    "workflow Shortcut или задайте SHORTCUT_PROJECT_ID."
)


class Shortcut(TrackerAdapter):
    name = SERVICE
    title = "Shortcut"

    def __init__(self, settings: Settings | None = None, mapping: TrackerMapping | None = None):
        super().__init__(settings, mapping)
        # A story's id says nothing of the workspace's slug in its URL: the answers do.
        self._urls: dict[str, str] = {}

    # --- the workspace --------------------------------------------------------------------------
    def configured(self, settings: Settings) -> bool:
        return bool(secret_value(settings.shortcut_token))

    def details(self, settings: Settings) -> dict[str, Any]:
        if not self.configured(settings):
            return {"note": "SHORTCUT_TOKEN не задан: историй в Shortcut нет."}
        project = settings.shortcut_project_id
        return {
            "group": mask(settings.shortcut_group_id),
            "project": mask(str(project) if project else None),
        }

    # --- the port -------------------------------------------------------------------------------
    async def find_lead(self, key: str) -> str | None:
        # Search matches bare words in the name (our title ends with "[key]") or description;
        # a manager's story that merely mentions the key is told apart by `is_ours`.
        found = await self._call(
            "GET",
            "/search/stories",
            params={"query": key, "page_size": "25", "detail": "slim"},
        )
        for story in (found or {}).get("data", []):
            if is_ours(story.get("name"), key):
                return self._remember(story)
        return None

    async def create_lead(self, data: LeadTicket) -> str:
        state = self.mapping.first_place(data.status)
        if state is not None:
            placement: dict[str, Any] = {"workflow_state_id": _state_id(state)}
        elif self.settings.shortcut_project_id is not None:
            placement = {"project_id": self.settings.shortcut_project_id}
        else:
            raise OutsideServiceError(SERVICE, NO_PLACE)
        group_id = self.settings.shortcut_group_id
        priority = await self._priority(data)
        story = await self._call(
            "POST",
            "/stories",
            json={
                **_content(data),
                **placement,
                **({"group_id": group_id} if group_id else {}),
                "story_type": "feature",
                "labels": _labels(data, keep=[]),
                "external_id": data.key,
                **({"custom_fields": [priority]} if priority else {}),
            },
        )
        return self._remember(story)

    async def update_lead(self, id: str, data: LeadTicket) -> bool:
        story = await self._call("GET", f"/stories/{id}")
        # `labels` and `custom_fields` replace the story's lists: a manager's own labels and
        # other fields' values are sent back, ours (priority) in their new form.
        keep = [x["name"] for x in story.get("labels", []) if not _is_priority(x["name"])]
        body = {**_content(data), "labels": _labels(data, keep=keep)}
        field = await self._priority_field()
        if field is not None:
            others = [
                {"field_id": x["field_id"], "value_id": x["value_id"]}
                for x in story.get("custom_fields", [])
                if x["field_id"] != field["id"]
            ]
            ours = _priority_value(field, data)
            body["custom_fields"] = [*others, *([ours] if ours else [])]
        self._remember(await self._call("PUT", f"/stories/{id}", json=body))
        return True

    async def update_lead_status(self, id: str, status: str) -> bool:
        state = self.mapping.place(status)
        if state is None:
            return False
        await self._call("PUT", f"/stories/{id}", json={"workflow_state_id": _state_id(state)})
        return True

    async def add_comment(self, id: str, text: str) -> bool:
        await self._call("POST", f"/stories/{id}/comments", json={"text": text[:TEXT_LIMIT]})
        return True

    def card_url(self, id: str) -> str | None:
        return self._urls.get(id)

    async def stages(self) -> list[TrackerStage]:
        workflows = await self._call("GET", "/workflows")
        return [
            TrackerStage(str(state["id"]), str(state["name"]), str(workflow["name"]))
            for workflow in workflows
            for state in workflow["states"]
        ]

    async def problems(self) -> list[str]:
        workflows = await self._call("GET", "/workflows")
        workflow_of = {str(s["id"]): w["id"] for w in workflows for s in w["states"]}
        problems = []
        if not self.mapping.place("new") and self.settings.shortcut_project_id is None:
            problems.append(
                "статусу «Новый» не сопоставлено состояние и не задан SHORTCUT_PROJECT_ID"
            )
        problems += [
            f"состояния {state} (статус {status}) нет ни в одном workflow Shortcut"
            for status, state in self.mapping.statuses.items()
            if state not in workflow_of
        ]
        group_id = self.settings.shortcut_group_id
        if group_id:
            groups = {g["id"]: g for g in await self._call("GET", "/groups")}
            if group_id not in groups:
                return [*problems, f"команды {group_id} (SHORTCUT_GROUP_ID) нет в Shortcut"]
            # Shortcut refuses a story whose team does not use the story's workflow.
            used = groups[group_id].get("workflow_ids", [])
            problems += [
                f"состояние {state} (статус {status}) не из workflow команды "
                f"«{groups[group_id]['name']}»"
                for status, state in self.mapping.statuses.items()
                if state in workflow_of and workflow_of[state] not in used
            ]
        return problems

    # --- Shortcut's side ------------------------------------------------------------------------
    def _connect(self, settings: Settings) -> TrackerHttp:
        return TrackerHttp(
            SERVICE,
            settings.shortcut_api_base,
            settings,
            explain=_explain,
            headers={"Shortcut-Token": secret_value(settings.shortcut_token) or ""},
        )

    def _remember(self, story: dict[str, Any]) -> str:
        id_ = str(story["id"])
        if story.get("app_url"):
            self._urls[id_] = str(story["app_url"])
        return id_

    async def _priority_field(self) -> dict[str, Any] | None:
        """Shortcut's Priority (an enum custom field: priority is not a story attribute)."""
        fields = await self._call("GET", "/custom-fields")
        return next(
            (
                f
                for f in fields or []
                if f.get("enabled")
                and (f.get("canonical_name") == "priority" or fact_for(f["name"]) == "priority")
            ),
            None,
        )

    async def _priority(self, data: LeadTicket) -> dict[str, str] | None:
        field = await self._priority_field()
        return _priority_value(field, data) if field else None


def _priority_value(field: dict[str, Any], data: LeadTicket) -> dict[str, str] | None:
    options = {v["id"]: v["value"] for v in field.get("values", []) if v.get("enabled", True)}
    option = priority_option(options, data.priority)
    return {"field_id": field["id"], "value_id": option} if option else None


def _content(data: LeadTicket) -> dict[str, Any]:
    """What both create and update say: the text, the deadline, the dashboard link."""
    return {
        "name": _name(data),
        "description": data.description[:TEXT_LIMIT],
        "deadline": data.due.isoformat() if data.due else None,
        "external_links": [data.link] if data.link else [],
    }


def _name(data: LeadTicket) -> str:
    """The title cut to Shortcut's 512, keeping the "[key]" at its end that find_lead needs."""
    if len(data.full_title) <= NAME_LIMIT:
        return data.full_title
    suffix = f" [{data.key}]"
    return data.title[: NAME_LIMIT - len(suffix)] + suffix


def _labels(data: LeadTicket, *, keep: list[str]) -> list[dict[str, str]]:
    """Labels by name (Shortcut makes the missing ones): `keep`, the priority, the tags."""
    names = [*keep, PRIORITY_TITLES[data.priority], *(tag[:LABEL_LIMIT] for tag in data.labels)]
    unique: dict[str, str] = {}
    for name in names:  # Shortcut matches labels by name regardless of case
        unique.setdefault(name.casefold(), name)
    return [{"name": name} for name in unique.values()]


def _state_id(place: str) -> int:
    if not place.isdigit():
        raise OutsideServiceError(SERVICE, f"состояние {place!r} — не id состояния Shortcut")
    return int(place)


def _is_priority(name: str) -> bool:
    return name in PRIORITY_TITLES.values()


def _explain(response: httpx.Response) -> str:
    """The message and each field's problem, e.g. "…parameters.: workflow_state_id: …"."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or not body.get("message"):
        return response.text.strip()[:300] or f"HTTP {response.status_code}"
    errors = body.get("errors") or {}
    fields = "; ".join(f"{k}: {v}" for k, v in errors.items()) if isinstance(errors, dict) else ""
    return f"{body['message']}: {fields}"[:500] if fields else str(body["message"])[:300]
