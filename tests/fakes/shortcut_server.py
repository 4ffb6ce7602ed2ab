"""A fake Shortcut REST API v3 (one workspace), after ../shared/api/shortcut.md.

What it serves (every `/api/v3` route wants the `Shortcut-Token` header, else a 401; the
legacy `?token=` query parameter is not accepted):
- Discovery: `GET /api/v3/member` (the token's owner), `GET /api/v3/groups` (teams),
  `GET /api/v3/workflows` and `GET /api/v3/workflows/{id}` (with their `states`),
  `GET /api/v3/labels`, `GET /api/v3/custom-fields` (enum fields only, as in Shortcut).
- `POST /api/v3/stories` (201 Story): `name` required (1–512); exactly one of
  `workflow_state_id` or `project_id` (both or neither is a 400); `labels` by name (matched,
  else created); `deadline`; `custom_fields` as `{field_id, value_id}`; `external_id`;
  `external_links`; owners, followers, requester; `comments` created with the story.
- `GET /api/v3/stories/{id}`, `PUT /api/v3/stories/{id}` (partial update, a move to another
  workflow state sets `started`/`completed` and their timestamps), `DELETE` (204).
- `POST /api/v3/stories/{id}/comments` (201 StoryComment) and `GET` (the list).
- `GET /api/v3/external-link/stories?external_link=<url>` (array of StorySlim) and
  `GET /api/v3/search/stories?query=…&page_size=…&detail=full|slim&next=…`
  (`{data, next, total}`, at most 1000 results: 400 `maximum-results-exceeded`).

Errors are Shortcut's JSON: 400 `{"message": "The request included invalid or missing
parameters.", "errors": {field: problem}}`, 404 `{"message": "Resource not found."}`,
403 `{"message": …, "tag": "user_denied_access"}`, 422 `{"message": …}`. Rate limit: 200
requests per minute per token; the 200th within 60 s gets a 429.

The seeded workspace (`reset()`): the team «Отдел продаж» with the workflow «Продажи»
(«Новые лиды» unstarted, «В работе» started, «Выиграны» and «Проиграны» done) and the project
«Лиды» in it; the team «Разработка» with its own workflow; the token owner and a manager; the
labels `lead` and `vip`; the enum custom fields Priority (`canonical_name: priority`), «Источник»
and a disabled Severity.

Tests steer the workspace (`add_story`, `add_comment`, `move`, `add_label`, `advance`, `tokens`,
`rate_limit`, `send_retry_after`, `max_search_results`), inject failures (`fail_next`,
`rate_limit_next`, `down`) and read `stories`, `labels`, `story()` and `calls`.

The fake's own choices where the notes are silent:
- 401 bodies are `{"message": "Unauthorized"}`; unknown paths 404 `{"message": "Page not
  Found"}` (no auth needed); a wrong method 405 `{"message": "Method Not Allowed"}`; a body that
  is not `application/json` 415; malformed JSON, or a body that is not an object, a 400 with
  `errors: {"body": …}`. An empty POST/PUT body is `{}`.
- Validation collects every schema problem of a request at once: a missing required key is
  `missing-required-key`, an unknown key `disallowed-key` (so `label_ids` and `comments` on
  update, and `label_ids` on create, are refused), other problems are the fake's own words;
  `errors` keys are always top-level request fields. Semantic checks run after the schema.
- References that do not exist (workflow state, project, team, member, label, custom field or
  enum value, parent comment, `before_id`/`after_id`) are 400s naming the field; there are no
  epics or iterations, so a non-null `epic_id`/`iteration_id` is refused. A disabled custom
  field or value is refused; a field may appear once per story.
- A story whose `group_id` team does not use the story's workflow is a 422 (`{"message"}`).
- Labels are matched by name case-insensitively; a matched label keeps its color and
  description. `labels` and `custom_fields` on update replace the lists.
- `deadline`, `created_at`, `updated_at` must be RFC 3339 date-times with a zone (a bare date
  is refused) and come back in UTC as `YYYY-MM-DDTHH:MM:SSZ`. `external_links` must be
  absolute http(s) URLs. A comment's `text` must be non-empty.
- `tasks`, `story_links`, `file_ids`, `linked_file_ids`, `sub_tasks`, `parent_story_id`,
  `story_template_id`, `source_task_id`, the `*_override` times and the VCS id lists are
  accepted and ignored; the Story's `tasks`, `files` etc. are always empty.
- The Story carries the keys of the notes' example (not the swagger's full list);
  `stats` is `{"num_related_documents": 0}`. StorySlim is the Story without `description`,
  `comments`, `tasks`, `files`, `linked_files`, `branches`, `commits`, `pull_requests`, with
  `comment_ids` and `task_ids`. `detail=full` search results are full Stories.
- New stories and moved ones go last in their state unless `move_to`/`before_id`/`after_id`
  say otherwise (those must name a story in the same state); positions are renumbered in
  steps of `POSITION_STEP`. The requester (default: the token's owner) and the owners are
  followers. Leaving `done` for `started` clears `completed_at`; back to `unstarted` clears
  both times. `moved_at` is set on every change of state (null at creation).
- The author of a comment defaults to the token's owner; `parent_id` must be a comment of the
  same story; `position` counts the story's comments from 1.
- External links match exactly (archived stories included). Search: whitespace-separated terms
  (double quotes group words), all must match: bare words (case-insensitive, in the name or
  the description), `id:N`, `label:NAME`, `state:NAME`, `type:feature|bug|chore`,
  `team:MENTION`, `is:archived|unstarted|started|done`; any other `key:value` is a 400.
  Archived stories are left out unless `is:archived`. Results go by id; `page_size` defaults
  to 25; `next` is an opaque token valid for the same query only; a page reaching past the
  1000th result is the 400 `maximum-results-exceeded`.
- The rate limit is a sliding 60 s window on the fake's clock per token, counting the
  requests let through (refused ones do not count). A 429 has an empty body and no headers;
  `Retry-After` (whole seconds) only if a test asks for it.
- Injected failures hit the next authorised API requests: 400/401/403/404/422/500 answer
  Shortcut-style JSON, 429 an empty body, other statuses (and `down`, a 503) an HTML page.
  A `processed` failure first carries the request out (a story is created, say) and then
  loses the answer.
- Ids: stories, comments and labels share one counter (from 1000); timestamps are the fake's
  clock (real time plus `advance()`).
"""

from __future__ import annotations

import base64
import binascii
import copy
import fnmatch
import json
import math
import re
import secrets
import shlex
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException as StarletteHTTPException

from tests.fakes.threaded import ThreadedFake

API = "/api/v3"
APP_ORIGIN = "https://app.shortcut.com"
TOKEN_HEADER = "Shortcut-Token"
TOKEN = "fake-shortcut-token-5b1e6c2a9d7f4e03"
WORKSPACE_SLUG = "acme"

OWNER_ID = "5f3c0000-0000-4000-8000-00000000a001"  # the token's owner
MANAGER_ID = "5f3c0000-0000-4000-8000-00000000a002"
SALES_GROUP_ID = "5f3c0000-0000-4000-8000-000000000001"
DEV_GROUP_ID = "5f3c0000-0000-4000-8000-000000000002"

SALES_WORKFLOW_ID = 500000010
STATE_NEW = 500000011  # «Новые лиды», unstarted (the default state)
STATE_IN_PROGRESS = 500000012  # «В работе», started
STATE_WON = 500000013  # «Выиграны», done
STATE_LOST = 500000014  # «Проиграны», done
DEV_WORKFLOW_ID = 500000020
STATE_BACKLOG = 500000021
STATE_IN_DEVELOPMENT = 500000022
STATE_DONE = 500000023
PROJECT_ID = 600000001  # «Лиды», in the sales workflow

LABEL_LEAD_ID = 77
LABEL_VIP_ID = 78

PRIORITY_FIELD_ID = "6310e9b5-0000-4000-8000-0000000000f1"
PRIORITY_HIGH_ID = "6310e9b5-0000-4000-8000-0000000001f1"
PRIORITY_MEDIUM_ID = "6310e9b5-0000-4000-8000-0000000002f1"
PRIORITY_LOW_ID = "6310e9b5-0000-4000-8000-0000000003f1"
SOURCE_FIELD_ID = "6310e9b5-0000-4000-8000-0000000000f2"
SOURCE_SITE_ID = "6310e9b5-0000-4000-8000-0000000001f2"
SOURCE_TELEGRAM_ID = "6310e9b5-0000-4000-8000-0000000002f2"
SOURCE_AVITO_ID = "6310e9b5-0000-4000-8000-0000000003f2"
SEVERITY_FIELD_ID = "6310e9b5-0000-4000-8000-0000000000f3"  # disabled
SEVERITY_CRITICAL_ID = "6310e9b5-0000-4000-8000-0000000001f3"

NAME_LIMIT = 512
TEXT_LIMIT = 100_000
LABEL_NAME_LIMIT = 128
EXTERNAL_ID_LIMIT = 1024
RATE_LIMIT = 200  # requests per minute per token
RATE_WINDOW = 60.0
SEARCH_PAGE_SIZE_DEFAULT = 25
SEARCH_PAGE_SIZE_MAX = 250
SEARCH_MAX_RESULTS = 1000
POSITION_STEP = 100_000_000
FIRST_ID = 1000

STORY_TYPES = ("feature", "bug", "chore")
STATE_TYPES = ("unstarted", "started", "done")
INVALID_PARAMETERS = "The request included invalid or missing parameters."
NOT_FOUND = "Resource not found."
MISSING = "missing-required-key"
DISALLOWED = "disallowed-key"
PLACEMENT = "exactly one of workflow_state_id and project_id is required"

_SLIM_DROPPED = (
    "description",
    "comments",
    "tasks",
    "files",
    "linked_files",
    "branches",
    "commits",
    "pull_requests",
)
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_DATE_TIME = re.compile(
    r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d{1,9})?([Zz]|[+-]\d\d:\d\d)",
)
_OPERATOR = re.compile(r"([a-z_]+):(.+)", re.DOTALL)
_ACCEPTED_IGNORED = (
    "tasks",
    "story_links",
    "file_ids",
    "linked_file_ids",
    "sub_tasks",
    "parent_story_id",
    "story_template_id",
    "source_task_id",
    "started_at_override",
    "completed_at_override",
)


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # names lower-cased
    body: Any = None  # the parsed JSON body (the raw text if it is not JSON; None if empty)
    status: int = 0  # what the fake answered

    @property
    def token(self) -> str | None:
        return self.headers.get("shortcut-token")


@dataclass
class _Failure:
    status: int
    processed: bool = False
    retry_after: int | None = None

    def response(self) -> Response:
        if self.status == 429:
            return _too_many(self.retry_after)
        body = _FAILURE_BODIES.get(self.status)
        if body is None:
            return _html(self.status)
        return JSONResponse(copy.deepcopy(body), status_code=self.status)


_FAILURE_BODIES: dict[int, dict[str, Any]] = {
    400: {"message": INVALID_PARAMETERS, "errors": {}},
    401: {"message": "Unauthorized"},
    403: {
        "message": "Sorry, you do not have access to this resource.",
        "tag": "user_denied_access",
    },
    404: {"message": NOT_FOUND},
    422: {"message": "Unprocessable"},
    500: {"message": "An internal server error occurred."},
}


@dataclass
class _Incoming:
    path: dict[str, str]
    query: QueryParams
    body: Any = None
    token: str = ""
    headers: dict[str, str] = field(default_factory=dict)


class _Error(Exception):
    """A Shortcut error answer."""

    def __init__(self, status: int, body: dict[str, Any] | None) -> None:
        super().__init__(f"{status}: {body}")
        self.status, self.body = status, body

    def response(self) -> Response:
        if self.body is None:
            return Response(status_code=self.status)
        return JSONResponse(self.body, status_code=self.status)


class _Refused(Exception):
    """Raised while serving a request: this response is the answer."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


Handler = Callable[[_Incoming], tuple[int, Any]]
Validator = Callable[[Any], str | None]


class FakeShortcut(ThreadedFake):
    name = "fake Shortcut API"

    def __init__(self, token: str = TOKEN) -> None:
        super().__init__()
        self.token = token
        self._lock = threading.RLock()
        self._failures: list[_Failure] = []
        self.reset()
        self.app.router.redirect_slashes = False
        self.app.add_exception_handler(StarletteHTTPException, self._no_route)
        for method, path, handler in self._routes():
            self._serve_route(method, path, handler)

    def reset(self) -> None:
        """A fresh seeded workspace: no stories, comments, calls or pending failures; only the
        seeded labels; the clock back to real time; every switch and limit at its default."""
        with self._lock:
            self.tokens: set[str] = {self.token}
            self.calls: list[Call] = []
            self.down = False  # every request answers 503 (HTML)
            self.rate_limit = RATE_LIMIT  # the rate_limit-th request within 60 s is a 429
            self.send_retry_after = False  # True: the rate limit's 429 carries Retry-After
            self.max_search_results = SEARCH_MAX_RESULTS
            self._skew = 0.0
            self._failures.clear()
            self._windows: dict[str, list[float]] = {}
            self._next_id = FIRST_ID
            seeded = _iso(self.now() - 30 * 86400)
            self.members: dict[str, dict[str, Any]] = {
                OWNER_ID: {"id": OWNER_ID, "name": "Анна Смирнова", "mention_name": "anna"},
                MANAGER_ID: {"id": MANAGER_ID, "name": "Иван Петров", "mention_name": "ivan"},
            }
            self.groups: dict[str, dict[str, Any]] = {
                SALES_GROUP_ID: _group(SALES_GROUP_ID, "Отдел продаж", "sales", SALES_WORKFLOW_ID),
                DEV_GROUP_ID: _group(DEV_GROUP_ID, "Разработка", "dev", DEV_WORKFLOW_ID),
            }
            self.workflows: dict[int, dict[str, Any]] = {
                SALES_WORKFLOW_ID: _workflow(
                    SALES_WORKFLOW_ID,
                    "Продажи",
                    [PROJECT_ID],
                    [
                        (STATE_NEW, "Новые лиды", "unstarted", "#adc2d6", None),
                        (STATE_IN_PROGRESS, "В работе", "started", "#f2c94c", "start"),
                        (STATE_WON, "Выиграны", "done", "#27ae60", "finish"),
                        (STATE_LOST, "Проиграны", "done", "#eb5757", None),
                    ],
                    seeded,
                ),
                DEV_WORKFLOW_ID: _workflow(
                    DEV_WORKFLOW_ID,
                    "Разработка",
                    [],
                    [
                        (STATE_BACKLOG, "Backlog", "unstarted", "#adc2d6", None),
                        (STATE_IN_DEVELOPMENT, "In Development", "started", "#f2c94c", "start"),
                        (STATE_DONE, "Done", "done", "#27ae60", "finish"),
                    ],
                    seeded,
                ),
            }
            self.projects: dict[int, dict[str, Any]] = {
                PROJECT_ID: {"id": PROJECT_ID, "name": "Лиды", "workflow_id": SALES_WORKFLOW_ID}
            }
            self.labels: dict[int, dict[str, Any]] = {
                LABEL_LEAD_ID: self._label(LABEL_LEAD_ID, "lead", "#49a3f1", seeded),
                LABEL_VIP_ID: self._label(LABEL_VIP_ID, "vip", "#e5484d", seeded),
            }
            self.custom_fields: dict[str, dict[str, Any]] = {
                PRIORITY_FIELD_ID: _custom_field(
                    PRIORITY_FIELD_ID,
                    "Priority",
                    "priority",
                    1,
                    [
                        (PRIORITY_HIGH_ID, "High", "red"),
                        (PRIORITY_MEDIUM_ID, "Medium", "yellow"),
                        (PRIORITY_LOW_ID, "Low", "green"),
                    ],
                ),
                SOURCE_FIELD_ID: _custom_field(
                    SOURCE_FIELD_ID,
                    "Источник",
                    None,
                    2,
                    [
                        (SOURCE_SITE_ID, "Сайт", None),
                        (SOURCE_TELEGRAM_ID, "Telegram", None),
                        (SOURCE_AVITO_ID, "Avito", None),
                    ],
                ),
                SEVERITY_FIELD_ID: _custom_field(
                    SEVERITY_FIELD_ID,
                    "Severity",
                    "severity",
                    3,
                    [(SEVERITY_CRITICAL_ID, "Critical", "red")],
                    enabled=False,
                ),
            }
            self.stories: dict[int, dict[str, Any]] = {}  # as stored; see `story()`

    @property
    def headers(self) -> dict[str, str]:
        """The auth header, e.g. for `httpx.Client(headers=fake.headers)`."""
        return {TOKEN_HEADER: self.token}

    @property
    def api_url(self) -> str:
        """The base URL a client would use (`https://api.app.shortcut.com/api/v3`)."""
        return f"{self.origin}{API}"

    # --- what tests steer -----------------------------------------------------------------------
    def now(self) -> float:
        """The fake's clock (unix time): real time plus every `advance`."""
        return time.time() + self._skew

    def advance(self, seconds: float) -> None:
        """Move the clock on (e.g. past a rate-limit window)."""
        with self._lock:
            self._skew += seconds

    def story(self, story_id: int) -> dict[str, Any]:
        """The story as `GET /api/v3/stories/{id}` would show it."""
        with self._lock:
            return self._story_json(self.stories[story_id])

    def add_story(self, **fields: Any) -> dict[str, Any]:
        """Create a story as `POST /api/v3/stories` would (validated the same way; no auth,
        rate limit or recorded call) from `fields` (default name «Тестовый лид», in «Новые
        лиды» unless a state or project is given); the Story."""
        body = {"name": "Тестовый лид", **fields}
        if "workflow_state_id" not in body and "project_id" not in body:
            body["workflow_state_id"] = STATE_NEW
        with self._lock:
            _, story = self._create_story(_Incoming({}, QueryParams(), body))
            return dict(story)

    def add_comment(
        self, story_id: int, text: str, author_id: str = MANAGER_ID, **fields: Any
    ) -> dict[str, Any]:
        """Someone (by default the manager) comments on a story in Shortcut; the comment."""
        body = {"text": text, "author_id": author_id, **fields}
        with self._lock:
            incoming = _Incoming({"story_id": str(story_id)}, QueryParams(), body)
            _, comment = self._create_comment(incoming)
            return dict(comment)

    def move(self, story_id: int, workflow_state_id: int) -> dict[str, Any]:
        """Someone drags the story into another workflow state; the Story."""
        with self._lock:
            incoming = _Incoming(
                {"story_id": str(story_id)},
                QueryParams(),
                {"workflow_state_id": workflow_state_id},
            )
            _, story = self._update_story(incoming)
            return dict(story)

    def add_label(self, name: str, color: str | None = None) -> dict[str, Any]:
        """A label created in Shortcut's UI; the Label."""
        with self._lock:
            label = self._label(self._new_id(), name, color, _iso(self.now()))
            self.labels[label["id"]] = label
            return copy.deepcopy(label)

    def fail_next(self, status: int = 500, times: int = 1, processed: bool = False) -> None:
        """The next `times` authorised API requests answer `status`. A `processed` failure
        first carries the request out (a story is created, a comment added) and then loses
        the answer; otherwise nothing is done."""
        with self._lock:
            self._failures.extend(_Failure(status, processed) for _ in range(times))

    def rate_limit_next(self, n: int = 1, retry_after: int | None = None) -> None:
        """The next `n` authorised API requests answer 429 (empty body; nothing is done),
        with a `Retry-After` header (seconds) only if given."""
        with self._lock:
            self._failures.extend(_Failure(429, False, retry_after) for _ in range(n))

    def calls_to(self, path: str, method: str | None = None) -> list[Call]:
        """Recorded calls whose path matches the glob `path` (`*` spans slashes)."""
        return [
            call
            for call in self.calls
            if fnmatch.fnmatchcase(call.path, path) and method in (None, call.method)
        ]

    # --- serving --------------------------------------------------------------------------------
    def _routes(self) -> list[tuple[str, str, Handler]]:
        return [
            ("GET", f"{API}/member", self._member),
            ("GET", f"{API}/groups", self._list_groups),
            ("GET", f"{API}/workflows", self._list_workflows),
            ("GET", f"{API}/workflows/{{workflow_id}}", self._get_workflow),
            ("GET", f"{API}/labels", self._list_labels),
            ("GET", f"{API}/custom-fields", self._list_custom_fields),
            ("POST", f"{API}/stories", self._create_story),
            ("GET", f"{API}/stories/{{story_id}}", self._get_story),
            ("PUT", f"{API}/stories/{{story_id}}", self._update_story),
            ("DELETE", f"{API}/stories/{{story_id}}", self._delete_story),
            ("GET", f"{API}/stories/{{story_id}}/comments", self._list_comments),
            ("POST", f"{API}/stories/{{story_id}}/comments", self._create_comment),
            ("GET", f"{API}/external-link/stories", self._by_external_link),
            ("GET", f"{API}/search/stories", self._search),
        ]

    def _serve_route(self, method: str, route: str, handler: Handler) -> None:
        async def endpoint(request: Request) -> Response:
            raw = await request.body()
            call = self._record(request, raw)
            try:
                response = self._answer(request, raw, handler)
            except _Error as error:
                response = error.response()
            except _Refused as refused:
                response = refused.response
            call.status = response.status_code
            return response

        self.app.add_api_route(route, endpoint, methods=[method])

    def _answer(self, request: Request, raw: bytes, handler: Handler) -> Response:
        with self._lock:
            if self.down:
                raise _Refused(_html(503))
            token = request.headers.get(TOKEN_HEADER, "")
            if not any(secrets.compare_digest(token.encode(), t.encode()) for t in self.tokens):
                raise _Error(401, {"message": "Unauthorized"})
            failure = self._failures.pop(0) if self._failures else None
            if failure is not None and not failure.processed:
                raise _Refused(failure.response())
            self._count(token)
            incoming = _Incoming(dict(request.path_params), request.query_params, token=token)
            incoming.headers = dict(request.headers)
            response: Response
            try:
                if request.method in ("POST", "PUT"):
                    incoming.body = _json_request_body(request, raw)
                status, content = handler(incoming)
                if content is None:
                    response = Response(status_code=status)
                else:
                    response = JSONResponse(content, status_code=status)
            except _Error as error:
                response = error.response()
            # a processed failure: the request was carried out, the answer is lost
            return failure.response() if failure is not None else response

    def _count(self, token: str) -> None:
        """Let the request through the token's 60 s window, or refuse it with a 429."""
        now = self.now()
        window = [t for t in self._windows.get(token, []) if now - t < RATE_WINDOW]
        self._windows[token] = window
        if len(window) + 1 >= self.rate_limit:
            retry_after = None
            if self.send_retry_after:
                retry_after = max(1, math.ceil(window[0] + RATE_WINDOW - now)) if window else 1
            raise _Refused(_too_many(retry_after))
        window.append(now)

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
            dict(request.headers),
            body,
        )
        with self._lock:
            self.calls.append(call)
        return call

    async def _no_route(self, request: Request, exc: Exception) -> Response:
        """Unknown paths: 404 "Page not Found"; a known path with another method: 405."""
        call = self._record(request, await request.body())
        status = exc.status_code if isinstance(exc, StarletteHTTPException) else 404
        if self.down:
            response = _html(503)
        elif status == 405:
            response = JSONResponse({"message": "Method Not Allowed"}, status_code=405)
        else:
            response = JSONResponse({"message": "Page not Found"}, status_code=404)
        call.status = response.status_code
        return response

    # --- discovery ------------------------------------------------------------------------------
    def _member(self, incoming: _Incoming) -> tuple[int, Any]:
        member = self.members[OWNER_ID]
        return 200, {**member, "workspace2": {"url_slug": WORKSPACE_SLUG}}

    def _list_groups(self, incoming: _Incoming) -> tuple[int, Any]:
        return 200, copy.deepcopy(list(self.groups.values()))

    def _list_workflows(self, incoming: _Incoming) -> tuple[int, Any]:
        return 200, [self._workflow_json(w) for w in self.workflows.values()]

    def _get_workflow(self, incoming: _Incoming) -> tuple[int, Any]:
        workflow_id = _path_int(incoming, "workflow_id", "workflow-public-id")
        workflow = self.workflows.get(workflow_id)
        if workflow is None:
            raise _not_found()
        return 200, self._workflow_json(workflow)

    def _list_labels(self, incoming: _Incoming) -> tuple[int, Any]:
        return 200, [self._label_json(label) for label in self.labels.values()]

    def _list_custom_fields(self, incoming: _Incoming) -> tuple[int, Any]:
        return 200, copy.deepcopy(list(self.custom_fields.values()))

    def _workflow_json(self, workflow: dict[str, Any]) -> dict[str, Any]:
        answer = copy.deepcopy(workflow)
        for state in answer["states"]:
            state["num_stories"] = sum(
                1 for s in self.stories.values() if s["workflow_state_id"] == state["id"]
            )
        return answer

    def _label_json(self, label: dict[str, Any]) -> dict[str, Any]:
        tagged = [s for s in self.stories.values() if label["id"] in s["label_ids"]]
        types = [self._state(s["workflow_state_id"])["type"] for s in tagged]
        stats = {
            "num_stories_total": len(tagged),
            "num_stories_unstarted": types.count("unstarted"),
            "num_stories_started": types.count("started"),
            "num_stories_completed": types.count("done"),
            "num_epics": 0,
        }
        return {**copy.deepcopy(label), "stats": stats}

    # --- stories --------------------------------------------------------------------------------
    def _create_story(self, incoming: _Incoming) -> tuple[int, Any]:
        body = _check(incoming.body, self._create_schema(), required=("name",))
        has_state = body.get("workflow_state_id") is not None
        has_project = body.get("project_id") is not None
        if has_state == has_project:
            raise _invalid({"workflow_state_id": PLACEMENT, "project_id": PLACEMENT})
        errors: dict[str, str] = {}
        if has_state:
            state_id = body["workflow_state_id"]
            if self._state_or_none(state_id) is None:
                errors["workflow_state_id"] = f"no workflow state {state_id}"
            project_id = None
        else:
            project_id = body["project_id"]
            project = self.projects.get(project_id)
            if project is None:
                errors["project_id"] = f"no project {project_id}"
                state_id = 0
            else:
                state_id = self.workflows[project["workflow_id"]]["default_state_id"]
        self._check_references(body, errors)
        comments = body.get("comments") or []
        for comment in comments:
            self._check_comment_refs(comment, None, errors, "comments")
        if errors:
            raise _invalid(errors)
        requester = body.get("requested_by_id") or OWNER_ID
        owners = _unique(body.get("owner_ids") or [])
        group_id = body.get("group_id")
        self._check_team(group_id, state_id)

        now = _iso(self.now())
        story_id = self._new_id()
        story: dict[str, Any] = {
            "id": story_id,
            "name": body["name"],
            "story_type": body.get("story_type") or "feature",
            "description": body.get("description") or "",
            "workflow_state_id": state_id,
            "project_id": project_id,
            "group_id": group_id,
            "epic_id": None,
            "iteration_id": None,
            "label_ids": self._label_ids(body.get("labels") or [], now),
            "custom_fields": self._custom_field_values(body.get("custom_fields") or []),
            "deadline": _normalized_time(body.get("deadline")),
            "external_id": body.get("external_id"),
            "external_links": list(body.get("external_links") or []),
            "owner_ids": owners,
            "follower_ids": _unique([requester, *owners, *(body.get("follower_ids") or [])]),
            "requested_by_id": requester,
            "comments": [],
            "started": False,
            "completed": False,
            "blocked": False,
            "blocker": False,
            "archived": bool(body.get("archived", False)),
            "position": 0,
            "estimate": body.get("estimate"),
            "moved_at": None,
            "created_at": _normalized_time(body.get("created_at")) or now,
            "updated_at": _normalized_time(body.get("updated_at")) or now,
            "started_at": None,
            "completed_at": None,
            "global_id": f"v2:s:{WORKSPACE_SLUG}:{story_id}",
        }
        self._enter_state(story, now)
        self.stories[story_id] = story
        self._place(story, body.get("move_to") == "first", None, None)
        for comment in comments:
            self._add_comment(story, comment)
        return 201, self._story_json(story)

    def _get_story(self, incoming: _Incoming) -> tuple[int, Any]:
        return 200, self._story_json(self._story(incoming))

    def _update_story(self, incoming: _Incoming) -> tuple[int, Any]:
        story = self._story(incoming)
        body = _check(incoming.body, self._update_schema(), required=())
        errors: dict[str, str] = {}
        state_id = story["workflow_state_id"]
        if body.get("workflow_state_id") is not None:
            state_id = body["workflow_state_id"]
            if self._state_or_none(state_id) is None:
                errors["workflow_state_id"] = f"no workflow state {state_id}"
        if body.get("project_id") is not None and body["project_id"] not in self.projects:
            errors["project_id"] = f"no project {body['project_id']}"
        self._check_references(body, errors)
        neighbours: dict[str, dict[str, Any]] = {}
        for key in ("before_id", "after_id"):
            other_id = body.get(key)
            if other_id is None:
                continue
            other = self.stories.get(other_id)
            if other is None or other_id == story["id"]:
                errors[key] = f"no other story {other_id}"
            elif other["workflow_state_id"] != state_id:
                errors[key] = f"story {other_id} is not in workflow state {state_id}"
            else:
                neighbours[key] = other
        if errors:
            raise _invalid(errors)
        group_id = body["group_id"] if "group_id" in body else story["group_id"]
        self._check_team(group_id, state_id)

        now = _iso(self.now())
        for key in ("name", "story_type", "external_id", "estimate", "archived"):
            if key in body:
                story[key] = body[key]
        if "description" in body:
            story["description"] = body["description"] or ""
        if "project_id" in body:
            story["project_id"] = body["project_id"]
        story["group_id"] = group_id
        if "deadline" in body:
            story["deadline"] = _normalized_time(body["deadline"])
        if "labels" in body:
            story["label_ids"] = self._label_ids(body["labels"] or [], now)
        if "custom_fields" in body:
            story["custom_fields"] = self._custom_field_values(body["custom_fields"] or [])
        if "external_links" in body:
            story["external_links"] = list(body["external_links"] or [])
        if "owner_ids" in body:
            story["owner_ids"] = _unique(body["owner_ids"] or [])
        if "follower_ids" in body:
            story["follower_ids"] = _unique(body["follower_ids"] or [])
        if body.get("requested_by_id") is not None:
            story["requested_by_id"] = body["requested_by_id"]
        moved = state_id != story["workflow_state_id"]
        if moved:
            story["workflow_state_id"] = state_id
            self._enter_state(story, now)
            story["moved_at"] = now
        if moved or {"move_to", "before_id", "after_id"} & set(body):
            self._place(
                story,
                body.get("move_to") == "first",
                neighbours.get("before_id"),
                neighbours.get("after_id"),
            )
        story["updated_at"] = now
        return 200, self._story_json(story)

    def _delete_story(self, incoming: _Incoming) -> tuple[int, Any]:
        story = self._story(incoming)
        del self.stories[story["id"]]
        return 204, None

    def _story(self, incoming: _Incoming) -> dict[str, Any]:
        story = self.stories.get(_path_int(incoming, "story_id", "story-public-id"))
        if story is None:
            raise _not_found()
        return story

    def _create_schema(self) -> dict[str, Validator]:
        schema = self._common_schema()
        schema.update(
            {
                "workflow_state_id": _integer(nullable=True),
                "project_id": _integer(nullable=True),
                "external_id": _text(0, EXTERNAL_ID_LIMIT, nullable=True),
                "comments": _list_of(self._comment_schema(), ("text",)),
                "created_at": _date_time(nullable=True),
                "updated_at": _date_time(nullable=True),
            }
        )
        schema.update(dict.fromkeys(_ACCEPTED_IGNORED, _anything))
        return schema

    def _update_schema(self) -> dict[str, Validator]:
        schema = self._common_schema()
        schema.update(
            {
                "workflow_state_id": _integer(nullable=False),
                "project_id": _integer(nullable=True),
                "external_id": _text(0, EXTERNAL_ID_LIMIT, nullable=True),
                "before_id": _integer(nullable=False),
                "after_id": _integer(nullable=False),
                "branch_ids": _anything,
                "commit_ids": _anything,
                "pull_request_ids": _anything,
            }
        )
        schema.update(dict.fromkeys(_ACCEPTED_IGNORED, _anything))
        return schema

    def _common_schema(self) -> dict[str, Validator]:
        return {
            "name": _text(1, NAME_LIMIT, nullable=False),
            "description": _text(0, TEXT_LIMIT, nullable=True),
            "story_type": _one_of(STORY_TYPES),
            "group_id": _uuid(nullable=True),
            "epic_id": _integer(nullable=True),
            "iteration_id": _integer(nullable=True),
            "labels": _list_of(
                {
                    "name": _text(1, LABEL_NAME_LIMIT, nullable=False),
                    "color": _color,
                    "description": _text(0, TEXT_LIMIT, nullable=True),
                    "external_id": _text(0, EXTERNAL_ID_LIMIT, nullable=True),
                },
                ("name",),
            ),
            "deadline": _date_time(nullable=True),
            "custom_fields": _list_of(
                {"field_id": _uuid(nullable=False), "value_id": _uuid(nullable=False)}
                | {"value": _text(0, TEXT_LIMIT, nullable=True)},
                ("field_id", "value_id"),
            ),
            "external_links": _urls,
            "owner_ids": _uuids,
            "follower_ids": _uuids,
            "requested_by_id": _uuid(nullable=True),
            "estimate": _integer(nullable=True, minimum=0),
            "move_to": _one_of(("first", "last")),
            "archived": _boolean,
        }

    def _check_references(self, body: dict[str, Any], errors: dict[str, str]) -> None:
        group_id = body.get("group_id")
        if group_id is not None and group_id not in self.groups:
            errors["group_id"] = f"no team {group_id}"
        for key in ("epic_id", "iteration_id"):
            if body.get(key) is not None:
                errors[key] = f"no {key.removesuffix('_id')} {body[key]}"
        for key in ("owner_ids", "follower_ids"):
            unknown = [m for m in body.get(key) or [] if m not in self.members]
            if unknown:
                errors[key] = f"no members {', '.join(unknown)}"
        requester = body.get("requested_by_id")
        if requester is not None and requester not in self.members:
            errors["requested_by_id"] = f"no member {requester}"
        problem = self._custom_fields_problem(body.get("custom_fields") or [])
        if problem is not None:
            errors["custom_fields"] = problem

    def _custom_fields_problem(self, values: list[dict[str, Any]]) -> str | None:
        seen: set[str] = set()
        for value in values:
            field_id, value_id = value["field_id"], value["value_id"]
            custom_field = self.custom_fields.get(field_id)
            if custom_field is None:
                return f"no custom field {field_id}"
            if not custom_field["enabled"]:
                return f"custom field {custom_field['name']} is disabled"
            if field_id in seen:
                return f"custom field {custom_field['name']} is given twice"
            seen.add(field_id)
            enum_value = _enum_value(custom_field, value_id)
            if enum_value is None:
                return f"no value {value_id} of custom field {custom_field['name']}"
            if not enum_value["enabled"]:
                return f"value {enum_value['value']} of {custom_field['name']} is disabled"
        return None

    def _check_team(self, group_id: str | None, state_id: int) -> None:
        if group_id is None:
            return
        workflow_id = self._state_workflow_id(state_id)
        if workflow_id not in self.groups[group_id]["workflow_ids"]:
            name = self.groups[group_id]["name"]
            raise _Error(
                422,
                {"message": f"The team {name} does not use the workflow {workflow_id}."},
            )

    def _label_ids(self, labels: list[dict[str, Any]], now: str) -> list[int]:
        """Labels by name: the existing ones, the others created."""
        ids: list[int] = []
        for wanted in labels:
            name = wanted["name"]
            match = next(
                (x for x in self.labels.values() if x["name"].casefold() == name.casefold()),
                None,
            )
            if match is None:
                match = self._label(self._new_id(), name, wanted.get("color"), now)
                match["description"] = wanted.get("description")
                match["external_id"] = wanted.get("external_id")
                self.labels[match["id"]] = match
            if match["id"] not in ids:
                ids.append(match["id"])
        return ids

    def _custom_field_values(self, values: list[dict[str, Any]]) -> list[dict[str, str]]:
        return [{"field_id": v["field_id"], "value_id": v["value_id"]} for v in values]

    def _enter_state(self, story: dict[str, Any], now: str) -> None:
        kind = self._state(story["workflow_state_id"])["type"]
        if kind == "unstarted":
            story.update(started=False, started_at=None, completed=False, completed_at=None)
            return
        story["started"] = True
        story["started_at"] = story["started_at"] or now
        if kind == "done":
            story.update(completed=True, completed_at=now)
        else:
            story.update(completed=False, completed_at=None)

    def _place(
        self,
        story: dict[str, Any],
        first: bool,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        """Put the story first, last, before or after another in its state; renumber."""
        others = sorted(
            (
                s
                for s in self.stories.values()
                if s["workflow_state_id"] == story["workflow_state_id"] and s is not story
            ),
            key=lambda s: (s["position"], s["id"]),
        )
        if before is not None:
            index = others.index(before)
        elif after is not None:
            index = others.index(after) + 1
        else:
            index = 0 if first else len(others)
        others.insert(index, story)
        for i, placed in enumerate(others, start=1):
            placed["position"] = i * POSITION_STEP

    def _story_json(self, story: dict[str, Any]) -> dict[str, Any]:
        fields = {k: v for k, v in story.items() if k not in ("label_ids", "custom_fields")}
        answer: dict[str, Any] = {
            "id": story["id"],
            "entity_type": "story",
            "app_url": f"{APP_ORIGIN}/{WORKSPACE_SLUG}/story/{story['id']}",
            "workflow_id": self._state_workflow_id(story["workflow_state_id"]),
            **copy.deepcopy(fields),
            "labels": [self._label_slim(self.labels[i]) for i in story["label_ids"]],
            "label_ids": list(story["label_ids"]),
            "custom_fields": [self._custom_field_json(v) for v in story["custom_fields"]],
            "tasks": [],
            "story_links": [],
            "files": [],
            "linked_files": [],
            "branches": [],
            "commits": [],
            "pull_requests": [],
            "stats": {"num_related_documents": 0},
        }
        return answer

    def _story_slim(self, story: dict[str, Any]) -> dict[str, Any]:
        full = self._story_json(story)
        slim = {k: v for k, v in full.items() if k not in _SLIM_DROPPED}
        slim["comment_ids"] = [c["id"] for c in story["comments"]]
        slim["task_ids"] = []
        return slim

    def _label_slim(self, label: dict[str, Any]) -> dict[str, Any]:
        return copy.deepcopy(label)

    def _custom_field_json(self, value: dict[str, str]) -> dict[str, str]:
        enum_value = _enum_value(self.custom_fields[value["field_id"]], value["value_id"])
        assert enum_value is not None
        return {**value, "value": enum_value["value"]}

    # --- comments -------------------------------------------------------------------------------
    def _create_comment(self, incoming: _Incoming) -> tuple[int, Any]:
        story = self._story(incoming)
        body = _check(incoming.body, self._comment_schema(), required=("text",))
        errors: dict[str, str] = {}
        self._check_comment_refs(body, story, errors, None)
        if errors:
            raise _invalid(errors)
        return 201, copy.deepcopy(self._add_comment(story, body))

    def _list_comments(self, incoming: _Incoming) -> tuple[int, Any]:
        return 200, copy.deepcopy(self._story(incoming)["comments"])

    def _comment_schema(self) -> dict[str, Validator]:
        return {
            "text": _text(1, TEXT_LIMIT, nullable=False),
            "author_id": _uuid(nullable=True),
            "created_at": _date_time(nullable=True),
            "updated_at": _date_time(nullable=True),
            "external_id": _text(0, EXTERNAL_ID_LIMIT, nullable=True),
            "parent_id": _integer(nullable=True),
        }

    def _check_comment_refs(
        self,
        comment: dict[str, Any],
        story: dict[str, Any] | None,
        errors: dict[str, str],
        field_name: str | None,
    ) -> None:
        author = comment.get("author_id")
        if author is not None and author not in self.members:
            errors[field_name or "author_id"] = f"no member {author}"
        parent_id = comment.get("parent_id")
        if parent_id is not None:
            ids = [c["id"] for c in story["comments"]] if story is not None else []
            if parent_id not in ids:
                errors[field_name or "parent_id"] = f"no comment {parent_id} on this story"

    def _add_comment(self, story: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        now = _iso(self.now())
        comment_id = self._new_id()
        comment: dict[str, Any] = {
            "id": comment_id,
            "entity_type": "story-comment",
            "story_id": story["id"],
            "text": body["text"],
            "author_id": body.get("author_id") or OWNER_ID,
            "app_url": f"{APP_ORIGIN}/{WORKSPACE_SLUG}/story/{story['id']}#activity-{comment_id}",
            "created_at": _normalized_time(body.get("created_at")) or now,
            "updated_at": _normalized_time(body.get("updated_at")) or now,
            "deleted": False,
            "position": len(story["comments"]) + 1,
            "mention_ids": [],
            "member_mention_ids": [],
            "group_mention_ids": [],
            "reactions": [],
            "linked_to_slack": False,
            "external_id": body.get("external_id"),
            "parent_id": body.get("parent_id"),
        }
        story["comments"].append(comment)
        return comment

    # --- finding stories ------------------------------------------------------------------------
    def _by_external_link(self, incoming: _Incoming) -> tuple[int, Any]:
        link = incoming.query.get("external_link")
        if not link:
            raise _invalid({"external_link": MISSING})
        found = [s for s in self.stories.values() if link in s["external_links"]]
        return 200, [self._story_slim(s) for s in sorted(found, key=lambda s: s["id"])]

    def _search(self, incoming: _Incoming) -> tuple[int, Any]:
        query = incoming.query
        text = query.get("query")
        errors: dict[str, str] = {}
        if not text:
            errors["query"] = MISSING
        page_size = SEARCH_PAGE_SIZE_DEFAULT
        if "page_size" in query:
            try:
                page_size = int(query["page_size"])
            except ValueError:
                page_size = 0
            if not 1 <= page_size <= SEARCH_PAGE_SIZE_MAX:
                errors["page_size"] = f"must be an integer 1..{SEARCH_PAGE_SIZE_MAX}"
        detail = query.get("detail", "full")
        if detail not in ("full", "slim"):
            errors["detail"] = "must be full or slim"
        offset = 0
        if text and "next" in query:
            decoded = _decode_next(query["next"], text)
            if decoded is None:
                errors["next"] = "not a next token of this query"
            else:
                offset = decoded
        matches: list[dict[str, Any]] = []
        if text:
            try:
                matches = self._matching(text)
            except ValueError as problem:
                errors["query"] = str(problem)
        if errors:
            raise _invalid(errors)
        if offset + page_size > self.max_search_results:
            raise _Error(
                400,
                {
                    "error": "maximum-results-exceeded",
                    "message": f"A search may return at most {self.max_search_results} "
                    "results; narrow the query.",
                    "maximum-results": self.max_search_results,
                },
            )
        page = matches[offset : offset + page_size]
        render = self._story_json if detail == "full" else self._story_slim
        more = offset + page_size < len(matches)
        return 200, {
            "data": [render(s) for s in page],
            "next": _encode_next(text or "", offset + page_size) if more else None,
            "total": len(matches),
        }

    def _matching(self, text: str) -> list[dict[str, Any]]:
        try:
            terms = shlex.split(text)
        except ValueError:
            raise ValueError("unbalanced quotes") from None
        tests: list[Callable[[dict[str, Any]], bool]] = []
        archived = False
        for term in terms:
            operator = _OPERATOR.fullmatch(term)
            if operator is None:
                tests.append(_has_word(term.casefold()))
                continue
            key, value = operator.group(1), operator.group(2)
            if key == "is" and value == "archived":
                archived = True
            else:
                tests.append(self._operator_test(key, value))
        found = [
            s
            for s in sorted(self.stories.values(), key=lambda s: s["id"])
            if s["archived"] == archived and all(test(s) for test in tests)
        ]
        return found

    def _operator_test(self, key: str, value: str) -> Callable[[dict[str, Any]], bool]:
        wanted = value.casefold()
        if key == "id":
            return lambda s: str(s["id"]) == value
        if key == "label":
            return lambda s: any(
                self.labels[i]["name"].casefold() == wanted for i in s["label_ids"]
            )
        if key == "state":
            return lambda s: self._state(s["workflow_state_id"])["name"].casefold() == wanted
        if key == "type" and value in STORY_TYPES:
            return lambda s: s["story_type"] == value
        if key == "team":
            return lambda s: (
                s["group_id"] is not None
                and self.groups[s["group_id"]]["mention_name"].casefold() == wanted
            )
        if key == "is" and value in STATE_TYPES:
            return lambda s: self._state(s["workflow_state_id"])["type"] == value
        raise ValueError(f"unknown search operator {key}:{value}")

    # --- lookups --------------------------------------------------------------------------------
    def _state_or_none(self, state_id: int) -> dict[str, Any] | None:
        for workflow in self.workflows.values():
            for state in workflow["states"]:
                if state["id"] == state_id:
                    return dict(state)
        return None

    def _state(self, state_id: int) -> dict[str, Any]:
        state = self._state_or_none(state_id)
        assert state is not None, state_id
        return state

    def _state_workflow_id(self, state_id: int) -> int:
        for workflow in self.workflows.values():
            if any(state["id"] == state_id for state in workflow["states"]):
                return int(workflow["id"])
        raise KeyError(state_id)

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id - 1

    def _label(self, label_id: int, name: str, color: str | None, now: str) -> dict[str, Any]:
        return {
            "id": label_id,
            "name": name,
            "color": color,
            "entity_type": "label",
            "archived": False,
            "app_url": f"{APP_ORIGIN}/{WORKSPACE_SLUG}/label/{label_id}",
            "description": None,
            "external_id": None,
            "global_id": f"v2:l:{WORKSPACE_SLUG}:{label_id}",
            "created_at": now,
            "updated_at": now,
        }


# --- the seeded workspace -----------------------------------------------------------------------
def _group(group_id: str, name: str, mention: str, workflow_id: int) -> dict[str, Any]:
    return {
        "id": group_id,
        "name": name,
        "mention_name": mention,
        "workflow_ids": [workflow_id],
        "default_workflow_id": workflow_id,
        "entity_type": "group",
        "archived": False,
    }


def _workflow(
    workflow_id: int,
    name: str,
    project_ids: list[int],
    states: list[tuple[int, str, str, str, str | None]],
    now: str,
) -> dict[str, Any]:
    return {
        "id": workflow_id,
        "name": name,
        "description": "",
        "team_id": 1,
        "project_ids": project_ids,
        "default_state_id": states[0][0],
        "auto_assign_owner": False,
        "created_at": now,
        "updated_at": now,
        "entity_type": "workflow",
        "states": [
            {
                "id": state_id,
                "name": state_name,
                "type": kind,
                "position": position,
                "color": color,
                "verb": verb,
                "description": "",
                "num_stories": 0,
                "num_story_templates": 0,
                "global_id": f"v2:ws:{WORKSPACE_SLUG}:{state_id}",
                "entity_type": "workflow-state",
                "created_at": now,
                "updated_at": now,
            }
            for position, (state_id, state_name, kind, color, verb) in enumerate(states)
        ],
    }


def _custom_field(
    field_id: str,
    name: str,
    canonical_name: str | None,
    position: int,
    values: list[tuple[str, str, str | None]],
    enabled: bool = True,
) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "id": field_id,
        "name": name,
        "field_type": "enum",
        "enabled": enabled,
        "position": position,
        "story_types": list(STORY_TYPES),
        "values": [
            {
                "id": value_id,
                "value": value,
                "position": i,
                "color_key": color_key,
                "enabled": True,
                "entity_type": "custom-field-enum-value",
            }
            for i, (value_id, value, color_key) in enumerate(values)
        ],
        "entity_type": "custom-field",
    }
    if canonical_name is not None:
        answer["canonical_name"] = canonical_name
    return answer


def _has_word(word: str) -> Callable[[dict[str, Any]], bool]:
    return lambda s: word in s["name"].casefold() or word in s["description"].casefold()


def _enum_value(custom_field: dict[str, Any], value_id: str) -> dict[str, Any] | None:
    return next((v for v in custom_field["values"] if v["id"] == value_id), None)


# --- request parts ------------------------------------------------------------------------------
def _invalid(errors: dict[str, str]) -> _Error:
    return _Error(400, {"message": INVALID_PARAMETERS, "errors": errors})


def _not_found() -> _Error:
    return _Error(404, {"message": NOT_FOUND})


def _json_request_body(request: Request, raw: bytes) -> Any:
    if not raw.strip():
        return {}
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise _Error(415, {"message": "Content-Type must be application/json"})
    try:
        return json.loads(raw)
    except ValueError:
        raise _invalid({"body": "malformed JSON"}) from None


def _path_int(incoming: _Incoming, name: str, public_name: str) -> int:
    raw = incoming.path[name]
    if not re.fullmatch(r"\d{1,18}", raw):
        raise _invalid({public_name: "must be an integer"})
    return int(raw)


def _check(raw: Any, schema: dict[str, Validator], required: tuple[str, ...]) -> dict[str, Any]:
    """The body if it keeps to `schema`, else a 400 listing every problem."""
    if not isinstance(raw, dict):
        raise _invalid({"body": "must be a JSON object"})
    errors = _problems(raw, schema, required)
    if errors:
        raise _invalid(errors)
    return raw


def _problems(
    raw: dict[str, Any], schema: dict[str, Validator], required: tuple[str, ...]
) -> dict[str, str]:
    errors = {name: MISSING for name in required if name not in raw}
    for name, value in raw.items():
        validator = schema.get(name)
        if validator is None:
            errors[name] = DISALLOWED
            continue
        problem = validator(value)
        if problem is not None:
            errors[name] = problem
    return errors


def _anything(value: Any) -> str | None:
    return None


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _text(low: int, high: int, nullable: bool) -> Validator:
    def check(value: Any) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not low <= len(value) <= high:
            return f"must be a string of {low} to {high} characters"
        return None

    return check


def _integer(nullable: bool, minimum: int | None = None) -> Validator:
    def check(value: Any) -> str | None:
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be an integer"
        if minimum is not None and value < minimum:
            return f"must be at least {minimum}"
        return None

    return check


def _one_of(allowed: tuple[str, ...]) -> Validator:
    def check(value: Any) -> str | None:
        return None if value in allowed else f"must be one of {', '.join(allowed)}"

    return check


def _is_uuid(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _uuid(nullable: bool) -> Validator:
    def check(value: Any) -> str | None:
        if value is None and nullable:
            return None
        return None if _is_uuid(value) else "must be a UUID"

    return check


def _uuids(value: Any) -> str | None:
    if not isinstance(value, list) or not all(_is_uuid(x) for x in value):
        return "must be an array of UUIDs"
    return None


def _urls(value: Any) -> str | None:
    if not isinstance(value, list):
        return "must be an array of URLs"
    for i, url in enumerate(value):
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            return f"[{i}] must be an absolute http(s) URL"
    return None


def _color(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and _COLOR.fullmatch(value)):
        return None
    return 'must be a color "#rrggbb"'


def _date_time(nullable: bool) -> Validator:
    def check(value: Any) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not _DATE_TIME.fullmatch(value):
            return "must be an RFC 3339 date-time with a time zone"
        try:
            datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        except ValueError:
            return "must be an RFC 3339 date-time with a time zone"
        return None

    return check


def _list_of(schema: dict[str, Validator], required: tuple[str, ...]) -> Validator:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return "must be an array"
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                return f"[{i}] must be an object"
            problems = _problems(item, schema, required)
            if problems:
                return f"[{i}] " + "; ".join(f"{k}: {v}" for k, v in problems.items())
        return None

    return check


# --- values -------------------------------------------------------------------------------------
def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _normalized_time(value: str | None) -> str | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    return _iso(moment.timestamp())


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _encode_next(query: str, offset: int) -> str:
    raw = json.dumps([query, offset], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_next(token: str, query: str) -> int | None:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        decoded_query, offset = json.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        return None
    if decoded_query != query or not isinstance(offset, int) or offset < 0:
        return None
    return offset


def _too_many(retry_after: int | None) -> Response:
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    return Response(status_code=429, headers=headers)


def _html(status: int) -> Response:
    """A gateway's error page: the body a client must not try to parse as JSON."""
    phrase = f"{status} {HTTPStatus(status).phrase}"
    page = (
        f"<html>\r\n<head><title>{phrase}</title></head>\r\n<body>\r\n"
        f"<center><h1>{phrase}</h1></center>\r\n</body>\r\n</html>\r\n"
    )
    return Response(page, status_code=status, media_type="text/html")
