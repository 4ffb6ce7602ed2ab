"""GitHub Projects (v2) behind the `TaskTracker` port, over GitHub's GraphQL API
(../shared/api/github_projects.md): a draft issue per lead on the project, its Status field
set to the option of the lead's status, the project's own fields filled one mutation each.

Drafts take no labels, due date or comments (notes §3, §5), so the draft's body carries them:
the description, a line with the priority and the tags, then a notes section under an HTML
comment marker that `add_comment` appends to and `update_lead` keeps. A manager may convert a
draft into a repository issue: the item id stays, its fields are still kept up to date, and
notes become real issue comments (which takes the `repo` scope as well as `project`).

GitHub answers HTTP 200 even when the operation failed (notes §7): `_graphql` reads the
`errors` array and raises our two kinds of error from it. Rate limits (notes §8): the primary
one is a 200 `RATE_LIMITED`, the secondary one a 200 `RATE_LIMITED` or a 403 saying "secondary
rate limit" — all of them are worth another try later, none is the token's fault."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loguru import logger

from salesbot.integrations.base import mask
from salesbot.integrations.errors import OutsideServiceError, PermanentError, RetryableError
from salesbot.integrations.trackers.adapter import TrackerAdapter
from salesbot.integrations.trackers.base import (
    PRIORITY_TITLES,
    LeadTicket,
    TrackerStage,
    is_ours,
)
from salesbot.integrations.trackers.fields import fact_for, fact_value, priority_option
from salesbot.integrations.trackers.http import TrackerHttp, json_message
from salesbot.integrations.trackers.mapping import TrackerMapping
from salesbot.settings import Settings, secret_value

SERVICE = "github"
TITLE_LIMIT = 256  # a draft's title
BODY_LIMIT = 65536  # a draft's body (GitHub's issue limit, assumed for drafts)
HEAD_LIMIT = 16384  # of the body, what the description may take: the rest is for the notes
TEXT_VALUE_LIMIT = 1024  # a text field's value
PAGE_SIZE = 100  # GitHub's maximum for a connection
# The notes section of a draft's body starts at this line (invisible once rendered); the
# heading under it is what managers see.
NOTES_MARKER = "<!-- salesbot:notes -->"
NOTES_HEADING = "\n**Заметки**"
# A draft has no labels: a text field of one of these names gets them, comma-separated.
TAG_FIELDS = frozenset({"tags", "метки", "теги"})
# Seconds to wait after a secondary rate limit when GitHub names no time (notes §8: "wait at
# least 60 s"); TrackerHttp does not hand us the `retry-after` header.
SECONDARY_WAIT = 60.0

FIELDS_QUERY = """
query($project: ID!) {
  node(id: $project) {
    ... on ProjectV2 {
      fields(first: 50) {
        nodes {
          ... on ProjectV2FieldCommon { id name dataType }
          ... on ProjectV2SingleSelectField { options { id name } }
        }
      }
    }
  }
}
"""
# Only the DraftIssue side of an item's content: reading an Issue's fields takes the `repo`
# scope, and the token we ask admins for has `project` only (GITHUB_TOKEN's description).
ITEMS_QUERY = """
query($project: ID!, $cursor: String) {
  node(id: $project) {
    ... on ProjectV2 {
      url
      items(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { id databaseId content { ... on DraftIssue { title } } }
      }
    }
  }
}
"""
ITEM_QUERY = """
query($item: ID!) {
  node(id: $item) {
    ... on ProjectV2Item {
      id
      type
      content { ... on DraftIssue { id body } }
    }
  }
}
"""
ISSUE_QUERY = """
query($item: ID!) {
  node(id: $item) { ... on ProjectV2Item { content { ... on Issue { id } } } }
}
"""
ADD_DRAFT = """
mutation($project: ID!, $title: String!, $body: String) {
  addProjectV2DraftIssue(input: {projectId: $project, title: $title, body: $body}) {
    projectItem { id databaseId project { url } }
  }
}
"""
UPDATE_DRAFT = """
mutation($draft: ID!, $title: String, $body: String) {
  updateProjectV2DraftIssue(input: {draftIssueId: $draft, title: $title, body: $body}) {
    draftIssue { id }
  }
}
"""
SET_VALUE = """
mutation($project: ID!, $item: ID!, $field: ID!, $value: ProjectV2FieldValue!) {
  updateProjectV2ItemFieldValue(
    input: {projectId: $project, itemId: $item, fieldId: $field, value: $value}
  ) {
    projectV2Item { id }
  }
}
"""
CLEAR_VALUE = """
mutation($project: ID!, $item: ID!, $field: ID!) {
  clearProjectV2ItemFieldValue(input: {projectId: $project, itemId: $item, fieldId: $field}) {
    projectV2Item { id }
  }
}
"""
ADD_COMMENT = """
mutation($subject: ID!, $body: String!) {
  addComment(input: {subjectId: $subject, body: $body}) { commentEdge { node { id } } }
}
"""


class RateLimited(RetryableError):
    """GitHub's rate limit: the job tries again after `retry_after` seconds (None: its own
    back-off)."""

    def __init__(self, message: str, *, retry_after: float | None, status: int | None) -> None:
        super().__init__(SERVICE, message, status=status)
        self.retry_after = retry_after


@dataclass(frozen=True)
class ProjectField:
    id: str
    name: str
    kind: str  # GitHub's dataType: TEXT, NUMBER, DATE, SINGLE_SELECT, TITLE, …
    options: dict[str, str] = field(default_factory=dict)  # single select: option id → name


@dataclass(frozen=True)
class ItemContent:
    kind: str  # the item's type: DRAFT_ISSUE, ISSUE, PULL_REQUEST, REDACTED
    draft_id: str | None  # DI_…, for a draft
    body: str = ""


class GitHubProjects(TrackerAdapter):
    name = SERVICE
    title = "GitHub Projects"

    def __init__(self, settings: Settings | None = None, mapping: TrackerMapping | None = None):
        super().__init__(settings, mapping)
        self._urls: dict[str, str] = {}  # item id → its page, learnt from the answers
        self._fields: list[ProjectField] | None = None  # the project's, asked once

    # --- the board ------------------------------------------------------------------------------
    def configured(self, settings: Settings) -> bool:
        return bool(secret_value(settings.github_token) and settings.github_project_id)

    def details(self, settings: Settings) -> dict[str, Any]:
        if not self.configured(settings):
            note = "GITHUB_TOKEN и GITHUB_PROJECT_ID не заданы: карточек в GitHub Projects нет."
            return {"note": note}
        return {
            "project": mask(settings.github_project_id),
            "status_field": settings.github_status_field,
        }

    # --- the port -------------------------------------------------------------------------------
    async def find_lead(self, key: str) -> str | None:
        cursor: str | None = None
        while True:
            data = await self._graphql(ITEMS_QUERY, {"project": self._project(), "cursor": cursor})
            project = _project_node(data)
            items = project["items"]
            for item in items["nodes"] or []:
                content = (item or {}).get("content") or {}  # null for a redacted item
                if is_ours(content.get("title"), key):
                    return self._remember(item, project["url"])
            page = items["pageInfo"]
            if not page["hasNextPage"] or not page["endCursor"]:
                return None
            cursor = page["endCursor"]

    async def create_lead(self, data: LeadTicket) -> str:
        option = self.mapping.first_place(data.status)
        if option is None:
            raise PermanentError(
                SERVICE,
                "не задан вариант поля для новых лидов: сопоставьте статус «Новый» "
                f"с вариантом поля «{self.settings.github_status_field}».",
            )
        # Checked before the draft exists, so a stale mapping leaves no half-made card behind.
        status_field = await self._status_field()
        _check_option(status_field, option, data.status)
        made = await self._graphql(
            ADD_DRAFT,
            {
                "project": self._project(),
                "title": _title(data),
                "body": _compose(_head(data), NOTES_HEADING),
            },
        )
        item = made["addProjectV2DraftIssue"]["projectItem"]
        item_id = self._remember(item, item["project"]["url"])
        # A draft takes no field values on create (notes §3): one mutation per field after.
        await self._set_value(item_id, status_field.id, {"singleSelectOptionId": option})
        await self._set_fields(item_id, data, creating=True)
        return item_id

    async def update_lead(self, id: str, data: LeadTicket) -> bool:
        content = await self._content(id)
        if content.kind == "DRAFT_ISSUE":
            _, notes = _split(content.body)  # the notes appended so far stay
            await self._graphql(
                UPDATE_DRAFT,
                {
                    "draft": content.draft_id,
                    "title": _title(data),
                    "body": _compose(_head(data), notes),
                },
            )
        else:
            # A manager made it a repository issue: its text is theirs now (and editing it
            # would need the repository's scope); the project's fields are still ours.
            logger.bind(service=SERVICE).info(
                "item {} is a {}: only its fields are brought up to date", id, content.kind
            )
        await self._set_fields(id, data, creating=False)
        return True

    async def update_lead_status(self, id: str, status: str) -> bool:
        option = self.mapping.place(status)
        if option is None:
            return False
        status_field = await self._status_field()
        _check_option(status_field, option, status)
        await self._set_value(id, status_field.id, {"singleSelectOptionId": option})
        return True

    async def add_comment(self, id: str, text: str) -> bool:
        content = await self._content(id)
        if content.kind == "ISSUE":
            # A real issue takes real comments (with the `repo` scope, which reading it needs).
            found = await self._graphql(ISSUE_QUERY, {"item": id})
            issue_id = found["node"]["content"]["id"]
            await self._graphql(ADD_COMMENT, {"subject": issue_id, "body": text[:BODY_LIMIT]})
            return True
        head, notes = _split(content.body)
        body = _compose(head, f"{notes}\n\n{text.strip()}")
        await self._graphql(UPDATE_DRAFT, {"draft": content.draft_id, "body": body})
        return True

    def card_url(self, id: str) -> str | None:
        # The item's page is the project's URL plus the item's database id, neither of which
        # can be told from the item's node id: the answers that made or found it tell them.
        return self._urls.get(id)

    def _remember(self, item: dict[str, Any], project_url: str) -> str:
        item_id = str(item["id"])
        if item.get("databaseId") and project_url:
            self._urls[item_id] = f"{project_url}?pane=issue&itemId={item['databaseId']}"
        return item_id

    async def stages(self) -> list[TrackerStage]:
        status_field = await self._status_field()
        return [
            TrackerStage(option_id, name, status_field.name)
            for option_id, name in status_field.options.items()
        ]

    async def problems(self) -> list[str]:
        if not self.settings.github_project_id:
            return ["не задан проект: GITHUB_PROJECT_ID"]
        name = self.settings.github_status_field
        status_field = _find_status(await self._project_fields(), name)
        if status_field is None:
            return [f"в проекте нет поля «{name}» с выбором из списка (GITHUB_STATUS_FIELD)"]
        problems = []
        if not self.mapping.place("new"):
            problems.append(f"статусу «Новый» не сопоставлен вариант поля «{name}»")
        problems += [
            f"варианта {option} (статус {status}) нет в поле «{name}»"
            for status, option in self.mapping.statuses.items()
            if option not in status_field.options
        ]
        return problems

    # --- GitHub's side --------------------------------------------------------------------------
    def _project(self) -> str:
        if not self.settings.github_project_id:
            raise PermanentError(SERVICE, "не задан проект: GITHUB_PROJECT_ID")
        return self.settings.github_project_id

    def _connect(self, settings: Settings) -> TrackerHttp:
        return TrackerHttp(
            SERVICE,
            settings.github_api_url,  # the one endpoint: every call posts to it, path ""
            settings,
            explain=json_message("message"),
            headers={
                "Authorization": f"Bearer {secret_value(settings.github_token) or ''}",
                "User-Agent": "salesbot",  # GitHub refuses requests without one
                "Accept": "application/json",
            },
        )

    async def _graphql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """One GraphQL operation; its `data`. Raises on the `errors` array too, which GitHub
        sends with HTTP 200."""
        try:
            answer = await self._call("POST", "", json={"query": query, "variables": variables})
        except PermanentError as error:
            # TrackerHttp takes every 403 for a refused token; GitHub's secondary rate limit
            # is a 403 too, and it passes.
            if error.status == 403 and "secondary rate limit" in str(error).lower():
                raise RateLimited(
                    "GitHub просит подождать (вторичный лимит запросов).",
                    retry_after=SECONDARY_WAIT,
                    status=403,
                ) from error
            raise
        if not isinstance(answer, dict):
            raise PermanentError(SERVICE, "GitHub ответил не объектом JSON.")
        if answer.get("errors"):
            raise _error(answer["errors"])
        data = answer.get("data")
        if not isinstance(data, dict):
            raise PermanentError(SERVICE, "в ответе GitHub нет данных.")
        return data

    async def _project_fields(self) -> list[ProjectField]:
        if self._fields is None:
            data = await self._graphql(FIELDS_QUERY, {"project": self._project()})
            nodes = _project_node(data)["fields"]["nodes"] or []
            self._fields = [
                ProjectField(
                    str(node["id"]),
                    str(node["name"]),
                    str(node["dataType"]),
                    {str(o["id"]): str(o["name"]) for o in node.get("options") or []},
                )
                for node in nodes
                if node
            ]
        return self._fields

    async def _status_field(self) -> ProjectField:
        name = self.settings.github_status_field
        found = _find_status(await self._project_fields(), name)
        if found is None:
            raise PermanentError(
                SERVICE, f"в проекте нет поля «{name}» с выбором из списка (GITHUB_STATUS_FIELD)."
            )
        return found

    async def _content(self, item_id: str) -> ItemContent:
        data = await self._graphql(ITEM_QUERY, {"item": item_id})
        item = data.get("node") or {}
        if "type" not in item:  # a node of another type: the fragment selected nothing
            raise PermanentError(SERVICE, f"{item_id} — не карточка проекта.")
        kind = str(item["type"])
        draft = item.get("content") or {}  # {} for an issue: its fields were not asked for
        if kind == "ISSUE":
            return ItemContent(kind, None)
        if kind != "DRAFT_ISSUE" or not draft.get("id"):
            raise PermanentError(SERVICE, f"карточка {item_id} недоступна ({kind}).")
        return ItemContent(kind, str(draft["id"]), str(draft.get("body") or ""))

    async def _set_value(self, item_id: str, field_id: str, value: dict[str, Any]) -> None:
        await self._graphql(
            SET_VALUE,
            {"project": self._project(), "item": item_id, "field": field_id, "value": value},
        )

    async def _set_fields(self, item_id: str, data: LeadTicket, *, creating: bool) -> None:
        """The project's fields named after a fact of the card (fields.FIELD_NAMES) and a
        "Tags" text field, each with its own mutation."""
        status_name = self.settings.github_status_field
        for project_field in await self._project_fields():
            if project_field.name == status_name:
                continue
            fact = fact_for(project_field.name)
            if fact is None and project_field.name.strip().lower() in TAG_FIELDS:
                fact = "tags"
            if fact is None:
                continue
            value = _value(project_field, fact, data)
            if value is not None:
                await self._set_value(item_id, project_field.id, value)
            elif fact == "due" and data.due is None and not creating:
                # The next contact was called off: an old date would mislead the manager.
                await self._graphql(
                    CLEAR_VALUE,
                    {"project": self._project(), "item": item_id, "field": project_field.id},
                )


def _find_status(fields: list[ProjectField], name: str) -> ProjectField | None:
    return next((f for f in fields if f.name == name and f.kind == "SINGLE_SELECT"), None)


def _check_option(status_field: ProjectField, option: str, status: str) -> None:
    if option not in status_field.options:
        raise PermanentError(
            SERVICE,
            f"варианта {option} (статус {status}) нет в поле «{status_field.name}»: "
            "обновите сопоставление статусов.",
        )


def _project_node(data: dict[str, Any]) -> dict[str, Any]:
    node = data.get("node") or {}
    if "fields" not in node and "items" not in node:  # an id of something else
        raise PermanentError(SERVICE, "GITHUB_PROJECT_ID указывает не на проект (PVT_…).")
    return dict(node)


def _value(project_field: ProjectField, fact: str, data: LeadTicket) -> dict[str, Any] | None:
    """What `updateProjectV2ItemFieldValue` takes for this field, or None to leave it be."""
    kind = project_field.kind
    if fact == "priority":
        if kind == "SINGLE_SELECT":
            option = priority_option(project_field.options, data.priority)
            return {"singleSelectOptionId": option} if option else None
        return {"text": PRIORITY_TITLES[data.priority]} if kind == "TEXT" else None
    if fact == "due":
        if data.due is None:
            return None
        if kind == "DATE":
            return {"date": data.due.date().isoformat()}  # a Date, not a DateTime
        return {"text": data.due.isoformat()} if kind == "TEXT" else None
    value = ", ".join(data.labels) if fact == "tags" else fact_value(data, fact)
    if not value:
        return None
    if kind == "TEXT":
        return {"text": value[:TEXT_VALUE_LIMIT]}
    if kind == "NUMBER" and fact == "amount":
        try:
            return {"number": float(value)}
        except ValueError:
            return None
    return None


def _title(data: LeadTicket) -> str:
    """The full title, cut to GitHub's limit at the lead's title: the key must stay at the end
    for `find_lead`."""
    suffix = f" [{data.key}]"
    return data.title[: TITLE_LIMIT - len(suffix)] + suffix


def _head(data: LeadTicket) -> str:
    """The part of the body before the notes: the description and what labels would say."""
    tags = ", ".join([PRIORITY_TITLES[data.priority], *data.labels])
    return f"{data.description.rstrip()}\n\nМетки: {tags}"


def _split(body: str) -> tuple[str, str]:
    """A draft's body as (head, notes); a body whose marker a manager removed is all head."""
    head, marker, notes = body.partition(NOTES_MARKER)
    return (head.rstrip(), notes) if marker else (body.rstrip(), NOTES_HEADING)


def _compose(head: str, notes: str) -> str:
    head = head.rstrip()[:HEAD_LIMIT]
    room = BODY_LIMIT - len(head) - len(NOTES_MARKER) - 2
    return f"{head}\n\n{NOTES_MARKER}{notes[-room:]}"  # the oldest notes give way


def _error(errors: list[Any]) -> OutsideServiceError:
    """Our error for GitHub's `errors` array (notes §7, §8)."""
    entries = [e if isinstance(e, dict) else {"message": str(e)} for e in errors]
    kinds = {str(e.get("type")) for e in entries if e.get("type")}
    said = "; ".join(str(e.get("message") or e.get("type") or "?") for e in entries)[:500]
    if "RATE_LIMITED" in kinds:
        # The primary limit waits for x-ratelimit-reset, which TrackerHttp does not hand us:
        # the job's back-off; a secondary one asks for a minute at least.
        secondary = "secondary rate limit" in said.lower()
        return RateLimited(
            f"лимит запросов GitHub исчерпан: {said}",
            retry_after=SECONDARY_WAIT if secondary else None,
            status=None,
        )
    if not kinds and said.startswith("Something went wrong"):
        # GitHub's own failure while executing (no type, no extensions): a later try may pass.
        return RetryableError(SERVICE, f"GitHub не смог выполнить запрос: {said}")
    if "INSUFFICIENT_SCOPES" in kinds:
        return PermanentError(SERVICE, f"у токена не хватает прав: {said}")
    return PermanentError(SERVICE, f"GitHub отклонил запрос: {said}")
