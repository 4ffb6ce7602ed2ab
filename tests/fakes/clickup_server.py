"""A fake ClickUp API v2 (one workspace, one space, one folder), after ../shared/api/clickup.md.

What it serves (every route is under `/api/v2` and wants the `Authorization` header: a
personal token `pk_…` as it is, no "Bearer"; or `Bearer <OAuth access token>`):
- Discovery: `GET /team` (the workspace and its members), `GET /list/{id}` (the list with its
  own `statuses`), `GET /list/{id}/field` (its custom fields, with `type_config`),
  `GET /space/{id}/tag` (the space's tags).
- Tasks: `POST /list/{id}/task` (create: `name` required; `description`, `markdown_content`
  or `markdown_description` (markdown wins), `status` from the list's statuses (default: the
  first `open` one), `priority` 1–4 or null, `tags`, `due_date`/`start_date` (+ `…_time`),
  `assignees`, `group_assignees`, `time_estimate`, `points`, `parent`, `links_to`, `archived`,
  `custom_item_id`, `notify_all`, `check_required_custom_fields`, `custom_fields`), answered
  200 with the Task; `GET /task/{id}` (`include_markdown_description`, `include_subtasks`,
  `custom_task_ids` + `team_id`); `PUT /task/{id}` (text, status, priority, dates,
  `assignees`/`group_assignees`/`watchers` as `{add, rem}`; `custom_fields` and `tags` in the
  body are ignored, as the notes say).
- Custom field values: `POST /task/{id}/field/{field_id}` `{"value": …, "value_options"?}` and
  `DELETE` of the same path (both answer `{}`); values are checked per field type (§3 formats).
- Tags on a task: `POST` / `DELETE /task/{id}/tag/{tag_name}` (answer `{}`).
- Comments: `POST /task/{id}/comment` → `{id, hist_id, date}`; `GET /task/{id}/comment` →
  `{"comments": […]}`, newest first, 25 a page, older pages by `start` + `start_id`.
- Finding tasks: `GET /list/{id}/task` (`page`, `statuses[]`, `tags[]`, `assignees[]`,
  `include_closed`, `archived`, `subtasks`) and `GET /team/{team_id}/task` (the same plus
  `list_ids[]`, `space_ids[]` and the `custom_fields` JSON filter), both `{tasks, last_page}`,
  100 a page.

ClickUp's quirks kept: timestamps are strings of Unix milliseconds in answers (integers in
requests; a new comment's `date` is an int, as the spec types it); `priority` is an object
(`{"id": "2", "priority": "high", "color", "orderindex": "2"}`) or null; every field of the
list is in a Task's `custom_fields`, an unset one without a `value` key; `markdown_description`
comes back from create and update, and from reads only with `include_markdown_description=true`.
Errors are `{"err", "ECODE"}`: 401 OAUTH_017 (no header), OAUTH_025 (unknown personal token),
OAUTH_019 (unknown OAuth token), OAUTH_027 (another workspace); 400 ITEM_114 (status not in
the list), INPUT_005 (task name); 404 ITEM_013 (task). Rate limit: `rate_limit` requests a
minute per token (100: Free Forever, Unlimited, Business), a fixed window; over it → 429 with
`X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (Unix seconds), no
Retry-After.

Tests seed and inspect the workspace (`lists`, `fields`, `tags`, `users`, `tasks`,
`comments`; `add_task`, `add_list`, `add_field`, `set_status`, `add_comment`, `task`), steer
failures (`fail_next`, `rate_limit_next`, `down`, `revoke`, `advance` for the rate window) and
read what the client did in `calls` / `calls_to`.

The fake's own choices where the notes are silent (switches in `reset()` where unverified):
- The seeded pipeline is one list «Лиды» whose statuses are the stages: «новые лиды» (open),
  «в работе» (custom), «выиграны» (done), «проиграны» (closed); a second list «Партнёры»
  keeps ClickUp's defaults «to do» / «complete». Status names are stored lower-case and
  matched case-insensitively (`status_case_sensitive`). Moving into a `closed` status sets
  `date_closed` and `date_done`, into `done` only `date_done`; moving out clears them.
- Tag names are lower-cased (as ClickUp shows them); an unknown tag is created in the space
  (`create_missing_tags`; off → 400 `TAGS_001` "Tag not found").
- A drop_down value is written as the option's UUID (its `orderindex` only with
  `accept_dropdown_orderindex`) and read back as the option's `orderindex`, as the real API
  does (`dropdown_value_as_orderindex`). Labels take an array of option ids (or `{add, rem}`);
  their options are `{id, label, color}`. Date values read back as strings; numbers,
  checkboxes and ratings as sent; users/tasks as objects; manual progress as
  `{current, percent_complete}`; automatic progress is read-only. Email must look like one,
  phone must start with `+` and the country code, url must have no spaces.
- `custom_field_uses_left` (None = unlimited) models the Free plan's cap: each value written
  uses one; then 400 FIELD_033 "Custom field usages exceeded for your plan".
- ECODEs seen in third-party tests: INPUT_003 (a non-numeric list id), ITEM_137 (parent not
  in the list), ACCESS_083 (401 for an unknown `links_to`), FIELD_007 (field not on the
  list), FIELD_057 (field id not a UUID), APP_001 (unknown route, 404), APP_002 (429 "Rate
  limit reached"). The fake's own: INPUT_001 (body not JSON), INPUT_002 (a field of the
  wrong type or range, or an unknown user/filter), FIELD_012 (a bad custom field value),
  FIELD_019 (required custom field missing), TAGS_001. An unknown list or space id is a
  401 OAUTH_027 (what a token sees of another workspace); an unknown task is the notes' 404
  ITEM_013 (`unknown_task_unauthorized` → 401 OAUTH_027, which real workspaces also answer).
- `Bearer pk_…` is refused (`accept_bearer_personal`). Unknown body fields are ignored.
- Lists of tasks are newest first; closed and done tasks are left out unless
  `include_closed=true` or `statuses[]` names them; subtasks only with `subtasks=true`;
  archived ones only with `archived=true`. The `custom_fields` filter knows the operators
  `=`, `!=`, `<`, `<=`, `>`, `>=`, `IS NULL`, `IS NOT NULL`.
- Rate-limit headers are on every answer to a known token (`rate_limit_headers_always`; off:
  on 429s only); a 401, a 429 or an unprocessed injected failure is not counted. `rate_limit_next` 429s
  carry `X-RateLimit-Reset` = now + `reset_in` seconds (default 1, so clients retry soon).
- Injected failures (`fail_next`) are not carried out unless `processed=True` (then the task
  is made and the answer lost — the retry makes a duplicate, as with the real API).
  400/401/404/500 bodies are ClickUp JSON; other statuses and `down` answer an HTML page.
- Task ids look like `86b1abcde`; comment ids are numeric strings; ids of things a test adds
  (lists, fields, options) are numeric strings / UUIDs like the seeded ones.
"""

from __future__ import annotations

import copy
import fnmatch
import itertools
import json
import math
import re
import secrets
import string
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException as StarletteHTTPException

from tests.fakes.threaded import ThreadedFake

# --- credentials and the seeded workspace -------------------------------------------------------
TOKEN = "pk_183_FAKE0CLICKUP0PERSONAL0TOKEN0A1"  # personal: `Authorization: pk_…`, no Bearer
OAUTH_TOKEN = "183_fakeclickupoauthaccesstoken0001"  # an OAuth app's: `Bearer …`
USER_ID = 183  # the token's user: the creator of everything the client makes
USER_NAME = "Sales Bot"
MANAGER_ID = 182  # a second member, to assign and to comment
MANAGER_NAME = "Мария Петрова"
TEAM_ID = "90151234"  # the workspace ("team" in API v2)
SPACE_ID = "90154321"
FOLDER_ID = "90156789"
LIST_ID = "901512345"  # «Лиды»: the sales pipeline, stages as statuses
OTHER_LIST_ID = "901512346"  # «Партнёры»: ClickUp's default statuses
STATUS_NEW = "новые лиды"  # open: where a task lands without `status`
STATUS_WORK = "в работе"  # custom
STATUS_WON = "выиграны"  # done
STATUS_LOST = "проиграны"  # closed
LEAD_STATUSES = (STATUS_NEW, STATUS_WORK, STATUS_WON, STATUS_LOST)
TAG_HOT = "горячий"
TAG_SITE = "сайт"


def _uuid(n: int) -> str:
    return f"7b1d0000-0000-4000-8000-{n:012x}"


# One custom field of each type the notes list (all on LIST_ID; OTHER_LIST_ID has the first
# two). LEAD_ID_FIELD is where the client keeps our lead's id to find the task again.
LEAD_ID_FIELD = _uuid(1)  # short_text «ID лида»
EMAIL_FIELD = _uuid(2)  # email
PHONE_FIELD = _uuid(3)  # phone
WEBSITE_FIELD = _uuid(4)  # url
SOURCE_FIELD = _uuid(5)  # drop_down «Источник»
INTERESTS_FIELD = _uuid(6)  # labels «Интересы»
CALL_DATE_FIELD = _uuid(7)  # date
NOTES_FIELD = _uuid(8)  # text
QUALIFIED_FIELD = _uuid(9)  # checkbox
HEADCOUNT_FIELD = _uuid(10)  # number
BUDGET_FIELD = _uuid(11)  # currency (RUB)
RELATED_FIELD = _uuid(12)  # tasks
OWNERS_FIELD = _uuid(13)  # users
RATING_FIELD = _uuid(14)  # emoji (rating, 0..5)
SUBTASKS_PROGRESS_FIELD = _uuid(15)  # automatic_progress (read-only)
PROPOSAL_PROGRESS_FIELD = _uuid(16)  # manual_progress (0..100)
ADDRESS_FIELD = _uuid(17)  # location
SOURCE_OPTIONS = {"Сайт": _uuid(0xA1), "Telegram": _uuid(0xA2), "Avito": _uuid(0xA3)}
INTEREST_OPTIONS = {"Сайт под ключ": _uuid(0xB1), "Поддержка": _uuid(0xB2), "SEO": _uuid(0xB3)}
FIELD_TYPES = (
    "url",
    "drop_down",
    "labels",
    "email",
    "phone",
    "date",
    "short_text",
    "text",
    "checkbox",
    "number",
    "currency",
    "tasks",
    "users",
    "emoji",
    "automatic_progress",
    "manual_progress",
    "location",
)
STATUS_TYPES = ("open", "custom", "done", "closed")

RATE_LIMIT = 100  # requests a minute per token (Free Forever, Unlimited, Business)
RATE_WINDOW = 60.0
TASKS_PAGE = 100
COMMENTS_PAGE = 25
FILTER_OPERATORS = ("=", "!=", "<", "<=", ">", ">=", "IS NULL", "IS NOT NULL")
PRIORITIES: dict[int, tuple[str, str]] = {
    1: ("urgent", "#f50000"),
    2: ("high", "#ffcc00"),
    3: ("normal", "#6fddff"),
    4: ("low", "#d8d8d8"),
}
TASK_URL = "https://app.clickup.com/t/{}"
_TAG_COLORS = ("#e50000", "#4194f6", "#6bc950", "#ff7800", "#7b68ee")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+\d[\d \-()]{5,}\d")
_NUMERIC_ID = re.compile(r"\d+")
_ID_CHARS = string.digits + string.ascii_lowercase


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]  # the last value of each parameter
    query_string: str  # as sent: repeated `statuses[]=…` live here
    headers: dict[str, str]  # names lower-cased
    body: Any = None  # the parsed JSON body (the raw text if it is not JSON; None if empty)
    status: int = 0  # what the fake answered

    @property
    def token(self) -> str | None:
        """The token of the Authorization header (without `Bearer `)."""
        header = self.headers.get("authorization")
        if header is None:
            return None
        return header[7:] if header.lower().startswith("bearer ") else header


@dataclass
class Status:
    status: str  # lower-case
    type: str  # open | custom | done | closed
    color: str
    orderindex: int

    def json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "orderindex": self.orderindex,
            "color": self.color,
            "type": self.type,
        }


@dataclass
class Field:
    id: str
    name: str
    type: str
    type_config: dict[str, Any] = field(default_factory=dict)
    date_created: int = 1622176979540
    hide_from_guests: bool = False
    required: bool = False

    def json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "type_config": copy.deepcopy(self.type_config),
            "date_created": str(self.date_created),
            "hide_from_guests": self.hide_from_guests,
            "required": self.required,
        }

    def options(self) -> list[dict[str, Any]]:
        options: list[dict[str, Any]] = self.type_config.get("options", [])
        return options


@dataclass
class Tag:
    name: str  # lower-case
    tag_fg: str = "#ffffff"
    tag_bg: str = "#4194f6"

    def json(self) -> dict[str, Any]:
        return {"name": self.name, "tag_fg": self.tag_fg, "tag_bg": self.tag_bg}


@dataclass
class TaskList:
    id: str
    name: str
    statuses: list[Status]
    fields: list[str]  # ids of the custom fields tasks of this list have, in order
    override_statuses: bool = True
    orderindex: int = 0
    content: str = ""

    def status(self, name: str, case_sensitive: bool) -> Status | None:
        for status in self.statuses:
            if status.status == name or (
                not case_sensitive and status.status.casefold() == name.casefold()
            ):
                return status
        return None

    def default_status(self) -> Status:
        ordered = sorted(self.statuses, key=lambda s: s.orderindex)
        return next((s for s in ordered if s.type == "open"), ordered[0])


@dataclass
class Task:
    """A task as the fake keeps it (`FakeClickUp.task()` renders the API's Task)."""

    id: str
    list_id: str
    name: str
    status: str
    markdown: str = ""
    creator: int = USER_ID
    custom_id: str | None = None
    custom_item_id: int | None = None
    priority: int | None = None
    due_date: int | None = None
    due_date_time: bool = False
    start_date: int | None = None
    start_date_time: bool = False
    time_estimate: int | None = None
    points: float | None = None
    parent: str | None = None
    links_to: str | None = None
    archived: bool = False
    assignees: list[int] = field(default_factory=list)
    group_assignees: list[str] = field(default_factory=list)
    watchers: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)  # field id → value as stored
    value_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    date_created: int = 0
    date_updated: int = 0
    date_closed: int | None = None
    date_done: int | None = None
    orderindex: float = 0.0
    seq: int = 0


@dataclass
class Comment:
    id: str
    hist_id: str
    task_id: str
    text: str
    user_id: int
    date: int
    assignee: int | None = None
    group_assignee: str | None = None
    notify_all: bool = False
    seq: int = 0


@dataclass
class _Incoming:
    path: dict[str, str]
    query: QueryParams
    body: Any = None
    user_id: int = USER_ID  # the token's user


class _Error(Exception):
    """A ClickUp error answer: `{"err", "ECODE"}`."""

    def __init__(self, status: int, err: str, ecode: str) -> None:
        super().__init__(f"{status} {ecode}: {err}")
        self.status, self.err, self.ecode = status, err, ecode
        self.headers: dict[str, str] = {}

    def json(self) -> dict[str, Any]:
        return {"err": self.err, "ECODE": self.ecode}

    def response(self) -> Response:
        return JSONResponse(self.json(), status_code=self.status, headers=self.headers)


@dataclass
class _Failure:
    status: int
    processed: bool = False
    reset_in: int | None = None  # a 429's X-RateLimit-Reset, seconds from now


_FAILURE_BODIES = {
    400: ("Bad request", "INPUT_002"),
    401: ("Token invalid", "OAUTH_025"),
    403: ("Forbidden", "ACCESS_001"),
    404: ("Route not found", "APP_001"),
    429: ("Rate limit reached", "APP_002"),
    500: ("Internal server error", "APP_500"),
}

Handler = Callable[[_Incoming], tuple[int, Any]]


def _bad(err: str) -> _Error:
    return _Error(400, err, "INPUT_002")


def _bad_value(err: str) -> _Error:
    return _Error(400, err, "FIELD_012")


class FakeClickUp(ThreadedFake):
    name = "fake ClickUp API"

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.RLock()
        self._failures: list[_Failure] = []
        self.reset()
        self.app.router.redirect_slashes = False
        self.app.add_exception_handler(StarletteHTTPException, self._no_route)
        for method, path, handler in self._routes():
            self._serve_route(method, "/api/v2" + path, handler)

    def reset(self) -> None:
        """A fresh workspace: the seeded lists, fields, tags and users; no tasks, comments,
        calls, pending failures or spent rate limit; every switch at its default; both tokens
        valid; the clock back to real time."""
        with self._lock:
            self.tokens: dict[str, int] = {TOKEN: USER_ID, OAUTH_TOKEN: USER_ID}  # → user id
            self.users: dict[int, dict[str, Any]] = {
                USER_ID: _user(USER_ID, USER_NAME, "bot@salesbot.example", "#827718"),
                MANAGER_ID: _user(MANAGER_ID, MANAGER_NAME, "maria@salesbot.example", "#0388d1"),
            }
            self.fields: dict[str, Field] = {f.id: f for f in _default_fields()}
            self.lists: dict[str, TaskList] = {lst.id: lst for lst in _default_lists()}
            self.tags: dict[str, Tag] = {  # the space's tags by name
                TAG_HOT: Tag(TAG_HOT, "#ffffff", "#e50000"),
                TAG_SITE: Tag(TAG_SITE, "#ffffff", "#4194f6"),
            }
            self.tasks: dict[str, Task] = {}
            self.comments: dict[str, list[Comment]] = {}  # task id → its comments, oldest first
            self.calls: list[Call] = []
            # switches and limits
            self.down = False  # every request answers 503 (HTML)
            self.rate_limit: int | None = RATE_LIMIT  # per token a minute; None: no limit
            self.rate_limit_headers_always = True  # False: X-RateLimit-* on 429s only
            self.status_case_sensitive = False
            self.create_missing_tags = True
            self.accept_dropdown_orderindex = False
            self.dropdown_value_as_orderindex = True
            self.accept_bearer_personal = False
            self.unknown_task_unauthorized = False
            self.custom_field_uses_left: int | None = None  # None: no plan cap
            self.tasks_page_size = TASKS_PAGE
            self.comments_page_size = COMMENTS_PAGE
            self._windows: dict[str, tuple[float, int]] = {}  # token → (window start, count)
            self._skew = 0.0
            self._seq = itertools.count(1)
            self._comment_ids = itertools.count(90150000001)
            self._hist_ids = itertools.count(26508)
            self._list_ids = itertools.count(int(OTHER_LIST_ID) + 1)
            self._field_ids = itertools.count(0x100)
            self._failures.clear()

    # --- what tests steer -----------------------------------------------------------------------
    def now(self) -> float:
        """The fake's clock (Unix seconds): real time plus every `advance`."""
        return time.time() + self._skew

    def now_ms(self) -> int:
        return int(self.now() * 1000)

    def advance(self, seconds: float) -> None:
        """Move the clock on (timestamps of new things, the rate-limit window)."""
        with self._lock:
            self._skew += seconds

    def revoke(self, token: str) -> None:
        """The token no longer works (401)."""
        with self._lock:
            self.tokens.pop(token, None)

    def fail_next(self, status: int = 500, times: int = 1, processed: bool = False) -> None:
        """The next `times` API requests (with a valid token) answer `status`. `processed`:
        the request is carried out first and only its answer is lost."""
        with self._lock:
            self._failures.extend(_Failure(status, processed) for _ in range(times))

    def rate_limit_next(self, n: int = 1, reset_in: int = 1) -> None:
        """The next `n` API requests answer 429 "Rate limit reached" (nothing is done), with
        `X-RateLimit-Remaining: 0` and `X-RateLimit-Reset` = now + `reset_in` seconds."""
        with self._lock:
            self._failures.extend(_Failure(429, False, reset_in) for _ in range(n))

    def calls_to(self, path: str, method: str | None = None) -> list[Call]:
        """Recorded calls whose path matches the glob `path` (`*` spans slashes)."""
        return [
            call
            for call in self.calls
            if fnmatch.fnmatchcase(call.path, path) and method in (None, call.method)
        ]

    def add_task(self, name: str = "Тестовая задача", list_id: str = LIST_ID, **body: Any) -> str:
        """Create a task as `POST /list/{list_id}/task` would (validated the same way; no call
        recorded) from `name` and the other body fields; `custom_id=` gives it a custom task
        id. Its id."""
        custom_id = body.pop("custom_id", None)
        with self._lock:
            task = self._new_task(list_id, {"name": name, **body})
            task.custom_id = custom_id
            return task.id

    def task(self, task_id: str) -> dict[str, Any]:
        """The Task as `GET /task/{id}?include_markdown_description=true` answers it."""
        with self._lock:
            return self._render(self.tasks[task_id], markdown=True, attachments=True)

    def set_status(self, task_id: str, status: str) -> dict[str, Any]:
        """A person moved the task in ClickUp (the status must be one of its list's)."""
        with self._lock:
            task = self.tasks[task_id]
            self._move(task, self._status(task.list_id, status))
            task.date_updated = self.now_ms()
            return self._render(task, markdown=True)

    def add_comment(self, task_id: str, text: str, user_id: int = MANAGER_ID) -> str:
        """A person commented on the task; the comment's id."""
        with self._lock:
            return self._comment(self.tasks[task_id], text, user_id, None, None, False).id

    def add_list(
        self, name: str, statuses: Iterable[tuple[str, str]] = (), fields: Iterable[str] = ()
    ) -> str:
        """A new list in the folder with `(name, type)` statuses (default: ClickUp's «to do»,
        «complete») and the given custom fields; its id."""
        with self._lock:
            list_id = str(next(self._list_ids))
            given = [Status(n.lower(), kind, "#87909e", i) for i, (n, kind) in enumerate(statuses)]
            for status in given:
                if status.type not in STATUS_TYPES:
                    raise ValueError(f"unknown status type {status.type!r}")
            self.lists[list_id] = TaskList(
                list_id,
                name,
                given or _default_statuses(),
                list(fields),
                override_statuses=bool(given),
                orderindex=len(self.lists),
            )
            return list_id

    def add_field(
        self,
        name: str,
        type: str,
        lists: Iterable[str] = (LIST_ID,),
        type_config: dict[str, Any] | None = None,
        required: bool = False,
    ) -> str:
        """A custom field of `type` on `lists`; its id."""
        if type not in FIELD_TYPES:
            raise ValueError(f"unknown field type {type!r}")
        with self._lock:
            field_id = _uuid(next(self._field_ids))
            self.fields[field_id] = Field(
                field_id, name, type, type_config or {}, self.now_ms(), required=required
            )
            for list_id in lists:
                self.lists[list_id].fields.append(field_id)
            return field_id

    # --- serving --------------------------------------------------------------------------------
    def _routes(self) -> list[tuple[str, str, Handler]]:
        return [
            ("GET", "/team", self._teams),
            ("GET", "/team/{team_id}/task", self._team_tasks),
            ("GET", "/space/{space_id}/tag", self._space_tags),
            ("GET", "/list/{list_id}", self._get_list),
            ("GET", "/list/{list_id}/field", self._list_fields),
            ("POST", "/list/{list_id}/task", self._create_task),
            ("GET", "/list/{list_id}/task", self._list_tasks),
            ("GET", "/task/{task_id}", self._get_task),
            ("PUT", "/task/{task_id}", self._update_task),
            ("POST", "/task/{task_id}/field/{field_id}", self._set_field),
            ("DELETE", "/task/{task_id}/field/{field_id}", self._clear_field),
            ("POST", "/task/{task_id}/tag/{tag_name}", self._add_tag),
            ("DELETE", "/task/{task_id}/tag/{tag_name}", self._remove_tag),
            ("POST", "/task/{task_id}/comment", self._create_comment),
            ("GET", "/task/{task_id}/comment", self._list_comments),
        ]

    def _serve_route(self, method: str, route: str, handler: Handler) -> None:
        async def endpoint(request: Request) -> Response:
            raw = await request.body()
            call = self._record(request, raw)
            response = self._answer(request, raw, handler)
            call.status = response.status_code
            return response

        self.app.add_api_route(route, endpoint, methods=[method])

    def _answer(self, request: Request, raw: bytes, handler: Handler) -> Response:
        with self._lock:
            if self.down:
                return _html(503)
            try:
                token = self._authenticate(request.headers.get("authorization"))
            except _Error as error:
                return error.response()
            failure = self._failures.pop(0) if self._failures else None
            if failure is not None and not failure.processed:
                return self._failure_response(failure)
            try:
                headers = self._count(token)
            except _Error as error:
                return error.response()
            try:
                body = _json_body(raw) if request.method in ("POST", "PUT") else None
                incoming = _Incoming(
                    dict(request.path_params), request.query_params, body, self.tokens[token]
                )
                status, content = handler(incoming)
                response: Response = JSONResponse(content, status_code=status)
            except _Error as error:
                response = error.response()
            if failure is not None:  # processed: carried out, the answer is lost
                return self._failure_response(failure)
            if self.rate_limit_headers_always:
                response.headers.update(headers)
            return response

    def _authenticate(self, header: str | None) -> str:
        if not header:
            raise _Error(401, "Authorization header required", "OAUTH_017")
        bearer = header[:7].lower() == "bearer "
        token = header[7:].strip() if bearer else header.strip()
        personal = token.startswith("pk_")
        if bearer and personal and not self.accept_bearer_personal:
            raise _Error(401, "Oauth token not found", "OAUTH_019")
        if token not in self.tokens:
            if personal or not bearer:
                raise _Error(401, "Token invalid", "OAUTH_025")
            raise _Error(401, "Oauth token not found", "OAUTH_019")
        return token

    def _count(self, token: str) -> dict[str, str]:
        """Count the request in the token's fixed one-minute window; its X-RateLimit-* headers
        (a 429 `_Error` when the window is spent)."""
        now = self.now()
        start, count = self._windows.get(token, (now, 0))
        if now - start >= RATE_WINDOW:
            start, count = now, 0
        limit = self.rate_limit
        reset = str(math.ceil(start + RATE_WINDOW))
        if limit is not None and count >= limit:
            error = _Error(429, "Rate limit reached", "APP_002")
            error.headers = _rate_headers(limit, 0, reset)
            raise error
        self._windows[token] = (start, count + 1)
        if limit is None:
            return {}
        return _rate_headers(limit, limit - count - 1, reset)

    def _failure_response(self, failure: _Failure) -> Response:
        if failure.status not in _FAILURE_BODIES:
            return _html(failure.status)
        error = _Error(failure.status, *_FAILURE_BODIES[failure.status])
        if failure.status == 429:
            reset = str(math.ceil(self.now()) + (failure.reset_in or 0))
            error.headers = _rate_headers(self.rate_limit or RATE_LIMIT, 0, reset)
        return error.response()

    def _record(self, request: Request, raw: bytes) -> Call:
        body: Any = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode(errors="replace")
        call = Call(
            request.method,
            request.url.path,
            dict(request.query_params),
            request.url.query,
            dict(request.headers),
            body,
        )
        with self._lock:
            self.calls.append(call)
        return call

    async def _no_route(self, request: Request, exc: Exception) -> Response:
        """Unknown paths and methods: 404 APP_001 (ClickUp's "Route not found")."""
        call = self._record(request, await request.body())
        response = _html(503) if self.down else _Error(404, "Route not found", "APP_001").response()
        call.status = response.status_code
        return response

    # --- discovery ------------------------------------------------------------------------------
    def _teams(self, incoming: _Incoming) -> tuple[int, Any]:
        members = [
            {"user": {**user, "role": 1 if uid == USER_ID else 3}}
            for uid, user in self.users.items()
        ]
        team = {
            "id": TEAM_ID,
            "name": "Продажи",
            "color": "#7b68ee",
            "avatar": None,
            "members": members,
        }
        return 200, {"teams": [team]}

    def _get_list(self, incoming: _Incoming) -> tuple[int, Any]:
        task_list = self._list(incoming.path["list_id"])
        count = sum(1 for t in self.tasks.values() if t.list_id == task_list.id and not t.archived)
        return 200, {
            "id": task_list.id,
            "name": task_list.name,
            "orderindex": task_list.orderindex,
            "content": task_list.content,
            "status": None,
            "priority": None,
            "assignee": None,
            "task_count": count,
            "due_date": None,
            "start_date": None,
            "folder": {"id": FOLDER_ID, "name": "Воронка", "hidden": False, "access": True},
            "space": {"id": SPACE_ID, "name": "Продажи", "access": True},
            "archived": False,
            "override_statuses": task_list.override_statuses,
            "statuses": [s.json() for s in sorted(task_list.statuses, key=lambda s: s.orderindex)],
            "permission_level": "create",
        }

    def _list_fields(self, incoming: _Incoming) -> tuple[int, Any]:
        task_list = self._list(incoming.path["list_id"])
        return 200, {"fields": [self.fields[f].json() for f in task_list.fields]}

    def _space_tags(self, incoming: _Incoming) -> tuple[int, Any]:
        space_id = incoming.path["space_id"]
        if not _NUMERIC_ID.fullmatch(space_id):
            raise _Error(400, "Space ID invalid", "INPUT_003")
        if space_id != SPACE_ID:
            raise _Error(401, "Team not authorized", "OAUTH_027")
        return 200, {"tags": [tag.json() for tag in self.tags.values()]}

    # --- tasks ----------------------------------------------------------------------------------
    def _create_task(self, incoming: _Incoming) -> tuple[int, Any]:
        task = self._new_task(incoming.path["list_id"], _object(incoming.body))
        return 200, self._render(task, markdown=True)

    def _new_task(self, list_id: str, body: dict[str, Any]) -> Task:
        """Validate a create body fully, then store the task (nothing is stored on an error)."""
        task_list = self._list(list_id)
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _Error(400, "Task name invalid", "INPUT_005")
        markdown = _markdown(body) or ""
        if "status" in body and body["status"] is not None:
            status = self._status(list_id, _text(body, "status"))
        else:
            status = task_list.default_status()
        priority = _priority(body.get("priority"))
        dates = {k: _ms(body, k) for k in ("due_date", "start_date") if k in body}
        flags = {
            k: _flag(body, k)
            for k in ("due_date_time", "start_date_time", "archived", "notify_all")
            if k in body
        }
        _flag(body, "check_required_custom_fields")
        assignees = self._user_ids(body.get("assignees", []), "assignees")
        groups = _strings(body.get("group_assignees", []), "group_assignees")
        estimate = _int_or_none(body, "time_estimate")
        points = _number_or_none(body, "points")
        item_type = _int_or_none(body, "custom_item_id")
        parent = self._parent(body.get("parent"), list_id, None)
        links_to = body.get("links_to")
        if links_to is not None and links_to not in self.tasks:
            raise _Error(401, "You do not have access to this task", "ACCESS_083")
        tags = self._tag_names(body.get("tags", []))
        values, options = self._create_values(task_list, body)

        now = self.now_ms()
        seq = next(self._seq)
        task = Task(
            id=self._task_id(),
            list_id=list_id,
            name=name,
            status=status.status,
            markdown=markdown,
            custom_item_id=item_type,
            priority=priority,
            due_date=dates.get("due_date"),
            due_date_time=flags.get("due_date_time", False),
            start_date=dates.get("start_date"),
            start_date_time=flags.get("start_date_time", False),
            time_estimate=estimate,
            points=points,
            parent=parent,
            links_to=links_to,
            archived=flags.get("archived", False),
            assignees=assignees,
            group_assignees=groups,
            values=values,
            value_options=options,
            date_created=now,
            date_updated=now,
            orderindex=float(seq),
            seq=seq,
        )
        for tag in tags:
            self._ensure_tag(tag)
        task.tags = tags
        self._move(task, status)
        self.tasks[task.id] = task
        return task

    def _create_values(
        self, task_list: TaskList, body: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        raw = body.get("custom_fields", [])
        if not isinstance(raw, list):
            raise _bad("custom_fields must be an array of {id, value}")
        values: dict[str, Any] = {}
        options: dict[str, dict[str, Any]] = {}
        for item in raw:
            if not isinstance(item, dict):
                raise _bad("custom_fields must be an array of {id, value}")
            fld = self._list_field(task_list, item.get("id"))
            value = self._field_value(fld, item.get("value"), values.get(fld.id))
            if value is not None:
                values[fld.id] = value
            if isinstance(item.get("value_options"), dict):
                options[fld.id] = dict(item["value_options"])
        if body.get("check_required_custom_fields") is True:
            for field_id in task_list.fields:
                if self.fields[field_id].required and field_id not in values:
                    name = self.fields[field_id].name
                    raise _Error(400, f"Required custom field missing: {name}", "FIELD_019")
        self._use_fields(len(raw))
        return values, options

    def _get_task(self, incoming: _Incoming) -> tuple[int, Any]:
        task = self._task(incoming)
        query = incoming.query
        rendered = self._render(
            task,
            markdown=_query_flag(query, "include_markdown_description"),
            attachments=True,
        )
        if _query_flag(query, "include_subtasks"):
            children = sorted(
                (t for t in self.tasks.values() if t.parent == task.id), key=lambda t: t.seq
            )
            rendered["subtasks"] = [self._render(t, markdown=False) for t in children]
        return 200, rendered

    def _update_task(self, incoming: _Incoming) -> tuple[int, Any]:
        task = self._task(incoming)
        body = _object(incoming.body)
        changes: dict[str, Any] = {}
        if "name" in body:
            name = body["name"]
            if not isinstance(name, str) or not name.strip():
                raise _Error(400, "Task name invalid", "INPUT_005")
            changes["name"] = name
        markdown = _markdown(body)
        if markdown is not None:
            changes["markdown"] = "" if markdown == " " else markdown
        status = None
        if body.get("status") is not None:
            status = self._status(task.list_id, _text(body, "status"))
        if "priority" in body:
            changes["priority"] = _priority(body["priority"])
        for key in ("due_date", "start_date"):
            if key in body:
                changes[key] = _ms(body, key)
        for key in ("due_date_time", "start_date_time", "archived"):
            if key in body:
                changes[key] = _flag(body, key)
        for key in ("time_estimate", "custom_item_id"):
            if key in body:
                changes[key] = _int_or_none(body, key)
        if "points" in body:
            changes["points"] = _number_or_none(body, "points")
        if "parent" in body:
            changes["parent"] = self._parent(body["parent"], task.list_id, task.id)
        for key in ("assignees", "watchers"):
            if key in body:
                add, rem = _add_rem(body[key], key)
                changes[key] = _apply(
                    getattr(task, key), self._user_ids(add, key), self._user_ids(rem, key)
                )
        if "group_assignees" in body:
            add, rem = _add_rem(body["group_assignees"], "group_assignees")
            groups = _strings(add, "group_assignees"), _strings(rem, "group_assignees")
            changes["group_assignees"] = _apply(task.group_assignees, *groups)
        for key, value in changes.items():
            setattr(task, key, value)
        if status is not None:
            self._move(task, status)
        task.date_updated = self.now_ms()
        return 200, self._render(task, markdown=True)

    def _list_tasks(self, incoming: _Incoming) -> tuple[int, Any]:
        task_list = self._list(incoming.path["list_id"])
        tasks = [t for t in self.tasks.values() if t.list_id == task_list.id]
        return 200, self._page(self._filtered(tasks, incoming.query), incoming.query)

    def _team_tasks(self, incoming: _Incoming) -> tuple[int, Any]:
        team_id = incoming.path["team_id"]
        if not _NUMERIC_ID.fullmatch(team_id):
            raise _Error(400, "Team ID invalid", "INPUT_003")
        if team_id != TEAM_ID:
            raise _Error(401, "Team not authorized", "OAUTH_027")
        query = incoming.query
        tasks = list(self.tasks.values())
        list_ids = _multi(query, "list_ids")
        if list_ids:
            tasks = [t for t in tasks if t.list_id in list_ids]
        space_ids = _multi(query, "space_ids")
        if space_ids and SPACE_ID not in space_ids:
            tasks = []
        if "custom_fields" in query:
            for rule in self._field_filters(query["custom_fields"]):
                tasks = [t for t in tasks if self._matches(t, rule)]
        return 200, self._page(self._filtered(tasks, query), query)

    def _filtered(self, tasks: list[Task], query: QueryParams) -> list[Task]:
        statuses = [s.casefold() for s in _multi(query, "statuses")]
        if statuses:
            tasks = [t for t in tasks if t.status.casefold() in statuses]
        elif not _query_flag(query, "include_closed"):
            tasks = [t for t in tasks if self._status_type(t) not in ("closed", "done")]
        if not _query_flag(query, "subtasks"):
            tasks = [t for t in tasks if t.parent is None]
        archived = _query_flag(query, "archived")
        tasks = [t for t in tasks if t.archived == archived]
        tags = {t.casefold() for t in _multi(query, "tags")}
        if tags:
            tasks = [t for t in tasks if tags & set(t.tags)]
        assignees = _multi(query, "assignees")
        if assignees:
            tasks = [t for t in tasks if {str(a) for a in t.assignees} & set(assignees)]
        return sorted(tasks, key=lambda t: (t.date_created, t.seq), reverse=True)

    def _page(self, tasks: list[Task], query: QueryParams) -> dict[str, Any]:
        raw = query.get("page", "0")
        if not raw.isdigit():
            raise _bad("page must be a non-negative integer")
        page, size = int(raw), self.tasks_page_size
        chunk = tasks[page * size : (page + 1) * size]
        markdown = _query_flag(query, "include_markdown_description")
        return {
            "tasks": [self._render(t, markdown=markdown) for t in chunk],
            "last_page": (page + 1) * size >= len(tasks),
        }

    def _field_filters(self, raw: str) -> list[dict[str, Any]]:
        try:
            rules = json.loads(raw)
        except ValueError:
            rules = None
        if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
            raise _bad("custom_fields must be a JSON array of {field_id, operator, value}")
        for rule in rules:
            field_id = rule.get("field_id")
            if not isinstance(field_id, str) or field_id not in self.fields:
                raise _Error(400, "Field not found", "FIELD_007")
            if rule.get("operator", "=") not in FILTER_OPERATORS:
                raise _bad(f"Invalid custom field filter operator {rule.get('operator')!r}")
        return rules

    def _matches(self, task: Task, rule: dict[str, Any]) -> bool:
        operator = rule.get("operator", "=")
        stored = task.values.get(rule["field_id"])
        if operator in ("IS NULL", "IS NOT NULL"):
            return (stored is None) == (operator == "IS NULL")
        if stored is None:
            return False
        wanted = rule.get("value")
        fld = self.fields[rule["field_id"]]
        candidates: list[Any] = stored if isinstance(stored, list) else [stored]
        if fld.type == "drop_down":
            candidates = [stored, self._orderindex(fld, stored)]
        if operator in ("=", "!="):
            same = any(_same(c, wanted) for c in candidates)
            return same == (operator == "=")
        try:
            left, right = float(str(stored)), float(str(wanted))
        except (TypeError, ValueError):
            return False
        return {
            "<": left < right,
            "<=": left <= right,
            ">": left > right,
            ">=": left >= right,
        }[operator]

    # --- custom field values --------------------------------------------------------------------
    def _set_field(self, incoming: _Incoming) -> tuple[int, Any]:
        task = self._task(incoming)
        body = _object(incoming.body)
        fld = self._list_field(self.lists[task.list_id], incoming.path["field_id"])
        if "value" not in body:
            raise _bad_value("Value is required")
        value = self._field_value(fld, body["value"], task.values.get(fld.id))
        self._use_fields(1)
        if value is None:
            task.values.pop(fld.id, None)
        else:
            task.values[fld.id] = value
        if isinstance(body.get("value_options"), dict):
            task.value_options[fld.id] = dict(body["value_options"])
        task.date_updated = self.now_ms()
        return 200, {}

    def _clear_field(self, incoming: _Incoming) -> tuple[int, Any]:
        task = self._task(incoming)
        fld = self._list_field(self.lists[task.list_id], incoming.path["field_id"])
        task.values.pop(fld.id, None)
        task.value_options.pop(fld.id, None)
        task.date_updated = self.now_ms()
        return 200, {}

    def _use_fields(self, n: int) -> None:
        if self.custom_field_uses_left is None or n == 0:
            return
        if self.custom_field_uses_left < n:
            raise _Error(400, "Custom field usages exceeded for your plan", "FIELD_033")
        self.custom_field_uses_left -= n

    def _list_field(self, task_list: TaskList, field_id: Any) -> Field:
        if not isinstance(field_id, str) or not _is_uuid(field_id):
            raise _Error(400, "Custom field id must be a valid UUID", "FIELD_057")
        if field_id not in task_list.fields:
            raise _Error(400, "Field not found", "FIELD_007")
        return self.fields[field_id]

    def _field_value(self, fld: Field, raw: Any, current: Any) -> Any:
        """The value to store for `raw` (None: no value), per the field type's format."""
        kind = fld.type
        if kind in ("short_text", "text", "email", "phone", "url"):
            if not isinstance(raw, str):
                raise _bad_value(f"Value must be a string for a {kind} field")
            if kind == "email" and not _EMAIL.fullmatch(raw):
                raise _bad_value("Value is not a valid email")
            if kind == "phone" and not _PHONE.fullmatch(raw):
                raise _bad_value("Value is not a valid phone number (+ and the country code)")
            if kind == "url" and (not raw or any(c.isspace() for c in raw)):
                raise _bad_value("Value is not a valid url")
            return raw
        if kind in ("number", "currency"):
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                raise _bad_value(f"Value must be a number for a {kind} field")
            return raw
        if kind == "emoji":
            count = int(fld.type_config.get("count", 5))
            if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= count:
                raise _bad_value(f"Value must be an integer from 0 to {count}")
            return raw
        if kind == "checkbox":
            if not isinstance(raw, bool):
                raise _bad_value("Value must be true or false")
            return raw
        if kind == "date":
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
                raise _bad_value("Value must be a Unix time in milliseconds")
            return raw
        if kind == "drop_down":
            return self._option(fld, raw)
        if kind == "labels":
            ids = {o["id"] for o in fld.options()}
            if isinstance(raw, dict):
                add, rem = _add_rem(raw, "value")
                chosen = _apply(list(current or []), add, rem)
            elif isinstance(raw, list):
                chosen = list(dict.fromkeys(raw))
            else:
                raise _bad_value("Value must be an array of option ids")
            if not all(isinstance(x, str) and x in ids for x in chosen):
                raise _bad_value("Value must be an array of option ids of the field")
            return chosen or None
        if kind == "users":
            add, rem = _add_rem(raw, "value")
            return _apply(list(current or []), self._user_ids(add, "value"), rem) or None
        if kind == "tasks":
            add, rem = _add_rem(raw, "value")
            if not all(isinstance(x, str) and x in self.tasks for x in add):
                raise _bad_value("Tasks to link not found")
            return _apply(list(current or []), add, rem) or None
        if kind == "manual_progress":
            start = int(fld.type_config.get("start", 0))
            end = int(fld.type_config.get("end", 100))
            current_value = raw.get("current") if isinstance(raw, dict) else None
            if (
                isinstance(current_value, bool)
                or not isinstance(current_value, int)
                or not start <= current_value <= end
            ):
                raise _bad_value(f'Value must be {{"current": {start}..{end}}}')
            return current_value
        if kind == "location":
            return _location(raw)
        raise _bad_value(f"The value of a {kind} field cannot be set")  # automatic_progress

    def _option(self, fld: Field, raw: Any) -> str:
        for option in fld.options():
            if isinstance(raw, str) and raw == option["id"]:
                return str(option["id"])
            if (
                self.accept_dropdown_orderindex
                and isinstance(raw, int)
                and not isinstance(raw, bool)
                and raw == option["orderindex"]
            ):
                return str(option["id"])
        raise _bad_value("Value must be an option id of the field")

    def _orderindex(self, fld: Field, option_id: Any) -> int | None:
        for option in fld.options():
            if option["id"] == option_id:
                return int(option["orderindex"])
        return None

    def _render_value(self, fld: Field, task: Task) -> tuple[bool, Any]:
        """(has a value, the value as a Task shows it)."""
        if fld.type == "automatic_progress":
            children = [t for t in self.tasks.values() if t.parent == task.id]
            if not children:
                return False, None
            done = sum(1 for t in children if self._status_type(t) in ("closed", "done"))
            return True, {"percent_completed": round(100 * done / len(children))}
        if fld.id not in task.values:
            return False, None
        stored = task.values[fld.id]
        if fld.type == "date":
            return True, str(stored)
        if fld.type == "drop_down" and self.dropdown_value_as_orderindex:
            return True, self._orderindex(fld, stored)
        if fld.type == "users":
            return True, [copy.deepcopy(self.users[u]) for u in stored if u in self.users]
        if fld.type == "tasks":
            linked = [self.tasks[t] for t in stored if t in self.tasks]
            return True, [
                {"id": t.id, "name": t.name, "status": t.status, "url": TASK_URL.format(t.id)}
                for t in linked
            ]
        if fld.type == "manual_progress":
            start = int(fld.type_config.get("start", 0))
            end = int(fld.type_config.get("end", 100))
            percent = round(100 * (stored - start) / (end - start)) if end > start else 0
            return True, {"current": stored, "percent_complete": percent}
        return True, copy.deepcopy(stored)

    # --- tags -----------------------------------------------------------------------------------
    def _add_tag(self, incoming: _Incoming) -> tuple[int, Any]:
        task = self._task(incoming)
        [name] = self._tag_names([incoming.path["tag_name"]])
        self._ensure_tag(name)
        if name not in task.tags:
            task.tags.append(name)
            task.date_updated = self.now_ms()
        return 200, {}

    def _remove_tag(self, incoming: _Incoming) -> tuple[int, Any]:
        task = self._task(incoming)
        name = incoming.path["tag_name"].strip().lower()
        if name in task.tags:
            task.tags.remove(name)
            task.date_updated = self.now_ms()
        return 200, {}

    def _tag_names(self, raw: Any) -> list[str]:
        names = [n.strip().lower() for n in _strings(raw, "tags")]
        if any(not n for n in names):
            raise _bad("Tag name invalid")
        if not self.create_missing_tags and any(n not in self.tags for n in names):
            raise _Error(400, "Tag not found", "TAGS_001")
        return list(dict.fromkeys(names))

    def _ensure_tag(self, name: str) -> None:
        if name not in self.tags:
            color = _TAG_COLORS[len(self.tags) % len(_TAG_COLORS)]
            self.tags[name] = Tag(name, "#ffffff", color)

    # --- comments -------------------------------------------------------------------------------
    def _create_comment(self, incoming: _Incoming) -> tuple[int, Any]:
        task = self._task(incoming)
        body = _object(incoming.body)
        text = body.get("comment_text")
        if not isinstance(text, str) or not text.strip():
            raise _bad("Comment text required")
        notify = _flag(body, "notify_all") if "notify_all" in body else False
        assignee = body.get("assignee")
        if assignee is not None:
            [assignee] = self._user_ids([assignee], "assignee")
        group = body.get("group_assignee")
        if group is not None and not isinstance(group, str):
            raise _bad("group_assignee must be a string")
        comment = self._comment(task, text, incoming.user_id, assignee, group, notify)
        return 200, {"id": comment.id, "hist_id": comment.hist_id, "date": comment.date}

    def _comment(
        self,
        task: Task,
        text: str,
        user_id: int,
        assignee: int | None,
        group: str | None,
        notify: bool,
    ) -> Comment:
        comment = Comment(
            id=str(next(self._comment_ids)),
            hist_id=str(next(self._hist_ids)),
            task_id=task.id,
            text=text,
            user_id=user_id,
            date=self.now_ms(),
            assignee=assignee,
            group_assignee=group,
            notify_all=notify,
            seq=next(self._seq),
        )
        self.comments.setdefault(task.id, []).append(comment)
        return comment

    def _list_comments(self, incoming: _Incoming) -> tuple[int, Any]:
        task = self._task(incoming)
        newest = sorted(self.comments.get(task.id, []), key=lambda c: (c.date, c.seq), reverse=True)
        query = incoming.query
        start_id = query.get("start_id")
        if start_id is not None:
            ids = [c.id for c in newest]
            if start_id not in ids:
                raise _bad("start_id is not a comment of this task")
            newest = newest[ids.index(start_id) + 1 :]
        elif "start" in query:
            if not query["start"].isdigit():
                raise _bad("start must be a Unix time in milliseconds")
            newest = [c for c in newest if c.date < int(query["start"])]
        page = newest[: self.comments_page_size]
        return 200, {"comments": [self._render_comment(c) for c in page]}

    def _render_comment(self, comment: Comment) -> dict[str, Any]:
        assignee = self.users.get(comment.assignee) if comment.assignee is not None else None
        return {
            "id": comment.id,
            "comment": [{"text": comment.text}],
            "comment_text": comment.text,
            "user": _brief_user(self.users[comment.user_id]),
            "resolved": False,
            "assignee": _brief_user(assignee) if assignee else None,
            "group_assignee": comment.group_assignee,
            "reactions": [],
            "date": str(comment.date),
            "reply_count": 0,
        }

    # --- helpers over the state -----------------------------------------------------------------
    def _list(self, list_id: str) -> TaskList:
        if not _NUMERIC_ID.fullmatch(list_id):
            raise _Error(400, "validateListIDEx List ID invalid", "INPUT_003")
        task_list = self.lists.get(list_id)
        if task_list is None:
            raise _Error(401, "Team not authorized", "OAUTH_027")
        return task_list

    def _task(self, incoming: _Incoming) -> Task:
        """The task of the path's `task_id` (a custom task id with `custom_task_ids=true`)."""
        task_id = incoming.path["task_id"]
        query = incoming.query
        if _query_flag(query, "custom_task_ids"):
            team_id = query.get("team_id")
            if not team_id:
                raise _bad("team_id is required with custom_task_ids")
            if team_id != TEAM_ID:
                raise _Error(401, "Team not authorized", "OAUTH_027")
            found = next((t for t in self.tasks.values() if t.custom_id == task_id), None)
        else:
            found = self.tasks.get(task_id)
        if found is None:
            if self.unknown_task_unauthorized:
                raise _Error(401, "Team not authorized", "OAUTH_027")
            raise _Error(404, "Task not found", "ITEM_013")
        return found

    def _status(self, list_id: str, name: str) -> Status:
        status = self.lists[list_id].status(name, self.status_case_sensitive)
        if status is None:
            raise _Error(400, "Status does not exist", "ITEM_114")
        return status

    def _status_type(self, task: Task) -> str:
        status = self.lists[task.list_id].status(task.status, True)
        return status.type if status else "open"

    def _move(self, task: Task, status: Status) -> None:
        now = self.now_ms()
        task.status = status.status
        if status.type in ("closed", "done"):
            task.date_done = task.date_done or now
        else:
            task.date_done = None
        if status.type == "closed":
            task.date_closed = task.date_closed or now
        else:
            task.date_closed = None

    def _parent(self, raw: Any, list_id: str, own_id: str | None) -> str | None:
        if raw is None:
            return None
        parent = self.tasks.get(raw) if isinstance(raw, str) else None
        if parent is None or parent.list_id != list_id or parent.id == own_id:
            raise _Error(400, "Parent not child of list", "ITEM_137")
        return parent.id

    def _user_ids(self, raw: Any, name: str) -> list[int]:
        if not isinstance(raw, list) or not all(
            isinstance(u, int) and not isinstance(u, bool) for u in raw
        ):
            raise _bad(f"{name} must be an array of user ids")
        if any(u not in self.users for u in raw):
            raise _bad(f"{name}: user is not a member of the workspace")
        return list(dict.fromkeys(raw))

    def _task_id(self) -> str:
        while True:
            task_id = "86" + "".join(secrets.choice(_ID_CHARS) for _ in range(7))
            if task_id not in self.tasks:
                return task_id

    def _render(self, task: Task, *, markdown: bool, attachments: bool = False) -> dict[str, Any]:
        status = self.lists[task.list_id].status(task.status, True) or Status(
            task.status, "open", "#d3d3d3", 0
        )
        plain = _plain(task.markdown)
        rendered: dict[str, Any] = {
            "id": task.id,
            "custom_id": task.custom_id,
            "custom_item_id": task.custom_item_id,
            "name": task.name,
            "text_content": plain,
            "description": plain,
        }
        if markdown:
            rendered["markdown_description"] = task.markdown
        custom_fields = []
        for field_id in self.lists[task.list_id].fields:
            fld = self.fields[field_id]
            item = fld.json()
            has_value, value = self._render_value(fld, task)
            if has_value:
                item["value"] = value
            custom_fields.append(item)
        rendered.update(
            {
                "status": status.json(),
                "orderindex": f"{task.orderindex:.32f}",
                "date_created": str(task.date_created),
                "date_updated": str(task.date_updated),
                "date_closed": _ms_text(task.date_closed),
                "date_done": _ms_text(task.date_done),
                "archived": task.archived,
                "creator": _brief_user(self.users[task.creator]),
                "assignees": [copy.deepcopy(self.users[u]) for u in task.assignees],
                "group_assignees": [{"id": g} for g in task.group_assignees],
                "watchers": [copy.deepcopy(self.users[u]) for u in task.watchers],
                "checklists": [],
                "tags": [self.tags.get(t, Tag(t)).json() for t in task.tags],
                "parent": task.parent,
                "priority": _priority_json(task.priority),
                "due_date": _ms_text(task.due_date),
                "start_date": _ms_text(task.start_date),
                "points": task.points,
                "time_estimate": task.time_estimate,
                "time_spent": None,
                "custom_fields": custom_fields,
                "list": {"id": task.list_id},
                "folder": {"id": FOLDER_ID},
                "space": {"id": SPACE_ID},
                "url": TASK_URL.format(task.id),
            }
        )
        if attachments:
            rendered["attachments"] = []
        return rendered


# --- request parts ------------------------------------------------------------------------------
def _json_body(raw: bytes) -> Any:
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        raise _Error(400, "Body is not valid JSON", "INPUT_001") from None


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise _bad("The body must be a JSON object")
    return body


def _markdown(body: dict[str, Any]) -> str | None:
    """The new description as markdown: `markdown_content` over `markdown_description` over
    the plain `description`; None if none was sent."""
    for key in ("markdown_content", "markdown_description", "description"):
        value = body.get(key)
        if value is not None:
            if not isinstance(value, str):
                raise _bad(f"{key} must be a string")
            return value
    return None


def _text(body: dict[str, Any], name: str) -> str:
    value = body[name]
    if not isinstance(value, str):
        raise _bad(f"{name} must be a string")
    return value


def _flag(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise _bad(f"{name} must be true or false")
    return value


def _priority(raw: Any) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw not in PRIORITIES:
        raise _bad("Priority invalid: 1 (urgent), 2 (high), 3 (normal), 4 (low) or null")
    return raw


def _ms(body: dict[str, Any], name: str) -> int | None:
    raw = body[name]
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise _bad(f"{name} must be a Unix time in milliseconds (integer)")
    return raw


def _int_or_none(body: dict[str, Any], name: str) -> int | None:
    raw = body.get(name)
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise _bad(f"{name} must be a non-negative integer")
    return raw


def _number_or_none(body: dict[str, Any], name: str) -> float | None:
    raw = body.get(name)
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise _bad(f"{name} must be a number")
    return raw


def _strings(raw: Any, name: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise _bad(f"{name} must be an array of strings")
    return list(raw)


def _add_rem(raw: Any, name: str) -> tuple[list[Any], list[Any]]:
    if not isinstance(raw, dict) or set(raw) - {"add", "rem"}:
        raise _bad(f'{name} must be an object {{"add": [...], "rem": [...]}}')
    add, rem = raw.get("add", []), raw.get("rem", [])
    if not isinstance(add, list) or not isinstance(rem, list):
        raise _bad(f"{name}.add and {name}.rem must be arrays")
    return add, rem


def _apply(current: list[Any], add: list[Any], rem: list[Any]) -> list[Any]:
    kept = [x for x in current if x not in rem]
    return kept + [x for x in dict.fromkeys(add) if x not in kept]


def _location(raw: Any) -> dict[str, Any]:
    where = raw.get("location") if isinstance(raw, dict) else None
    if (
        not isinstance(where, dict)
        or not all(
            isinstance(where.get(k), int | float) and not isinstance(where.get(k), bool)
            for k in ("lat", "lng")
        )
        or not isinstance(raw.get("formatted_address"), str)
    ):
        raise _bad_value('Value must be {"location": {"lat", "lng"}, "formatted_address"}')
    return {
        "location": {"lat": where["lat"], "lng": where["lng"]},
        "formatted_address": raw["formatted_address"],
    }


def _query_flag(query: QueryParams, name: str) -> bool:
    return query.get(name, "false").strip().lower() == "true"


def _multi(query: QueryParams, name: str) -> list[str]:
    """An array parameter: `name[]=a&name[]=b` (or `name=a`)."""
    return query.getlist(f"{name}[]") + query.getlist(name)


def _same(stored: Any, wanted: Any) -> bool:
    numbers = (int, float)
    if isinstance(stored, numbers) and isinstance(wanted, numbers):
        return float(stored) == float(wanted)
    return str(stored) == str(wanted)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) == 36


# --- values -------------------------------------------------------------------------------------
def _ms_text(value: int | None) -> str | None:
    return None if value is None else str(value)


def _priority_json(priority: int | None) -> dict[str, str] | None:
    if priority is None:
        return None
    label, color = PRIORITIES[priority]
    return {"id": str(priority), "priority": label, "color": color, "orderindex": str(priority)}


def _plain(markdown: str) -> str:
    """The markdown as ClickUp's plain `description` / `text_content`: no markup."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^[ \t]{0,3}(#{1,6}[ \t]+|>[ \t]?)", "", text, flags=re.MULTILINE)
    text = re.sub(r"\*\*|__|~~|`", "", text)
    return re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1", text)


def _rate_headers(limit: int, remaining: int, reset: str) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(max(remaining, 0)),
        "X-RateLimit-Reset": reset,
    }


def _user(user_id: int, name: str, email: str, color: str) -> dict[str, Any]:
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    return {
        "id": user_id,
        "username": name,
        "email": email,
        "color": color,
        "initials": initials,
        "profilePicture": None,
    }


def _brief_user(user: dict[str, Any]) -> dict[str, Any]:
    return {k: user[k] for k in ("id", "username", "color", "profilePicture")}


def _html(status: int) -> Response:
    """A proxy's error page: the body a client must not try to parse as JSON."""
    phrase = f"{status} {HTTPStatus(status).phrase}"
    page = (
        f"<html>\r\n<head><title>{phrase}</title></head>\r\n<body>\r\n"
        f"<center><h1>{phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    )
    return Response(page, status_code=status, media_type="text/html")


# --- the seeded workspace -----------------------------------------------------------------------
def _default_statuses() -> list[Status]:
    return [Status("to do", "open", "#d3d3d3", 0), Status("complete", "closed", "#6bc950", 1)]


def _default_lists() -> list[TaskList]:
    pipeline = [
        Status(STATUS_NEW, "open", "#d3d3d3", 0),
        Status(STATUS_WORK, "custom", "#4194f6", 1),
        Status(STATUS_WON, "done", "#6bc950", 2),
        Status(STATUS_LOST, "closed", "#e50000", 3),
    ]
    every_field = [f.id for f in _default_fields()]
    return [
        TaskList(LIST_ID, "Лиды", pipeline, every_field, override_statuses=True, orderindex=0),
        TaskList(
            OTHER_LIST_ID,
            "Партнёры",
            _default_statuses(),
            [LEAD_ID_FIELD, EMAIL_FIELD],
            override_statuses=False,
            orderindex=1,
        ),
    ]


def _default_fields() -> list[Field]:
    source = [
        {"id": option_id, "name": name, "color": color, "orderindex": i}
        for i, ((name, option_id), color) in enumerate(
            zip(SOURCE_OPTIONS.items(), ("#04A9F4", "#2ecd6f", None), strict=True)
        )
    ]
    interests = [
        {"id": option_id, "label": name, "color": color}
        for (name, option_id), color in zip(
            INTEREST_OPTIONS.items(), ("#ff7800", "#7b68ee", "#1bbc9c"), strict=True
        )
    ]
    return [
        Field(LEAD_ID_FIELD, "ID лида", "short_text"),
        Field(EMAIL_FIELD, "Email", "email"),
        Field(PHONE_FIELD, "Телефон", "phone"),
        Field(WEBSITE_FIELD, "Сайт", "url"),
        Field(
            SOURCE_FIELD,
            "Источник",
            "drop_down",
            {"default": 0, "placeholder": None, "new_drop_down": True, "options": source},
        ),
        Field(INTERESTS_FIELD, "Интересы", "labels", {"options": interests}),
        Field(CALL_DATE_FIELD, "Дата звонка", "date"),
        Field(NOTES_FIELD, "Заметки", "text"),
        Field(QUALIFIED_FIELD, "Квалифицирован", "checkbox"),
        Field(HEADCOUNT_FIELD, "Сотрудников", "number"),
        Field(
            BUDGET_FIELD,
            "Бюджет",
            "currency",
            {"precision": 2, "currency_type": "RUB", "default": None},
        ),
        Field(RELATED_FIELD, "Связанные задачи", "tasks"),
        Field(
            OWNERS_FIELD,
            "Ответственные",
            "users",
            {"single_user": False, "include_groups": False, "include_guests": True},
        ),
        Field(RATING_FIELD, "Оценка", "emoji", {"code_point": "2b50", "count": 5}),
        Field(
            SUBTASKS_PROGRESS_FIELD,
            "Прогресс подзадач",
            "automatic_progress",
            {"method": 1, "tracking": {"subtasks": True, "checklists": False}},
        ),
        Field(
            PROPOSAL_PROGRESS_FIELD,
            "Готовность КП",
            "manual_progress",
            {"method": 2, "start": 0, "end": 100},
        ),
        Field(ADDRESS_FIELD, "Адрес", "location"),
    ]
