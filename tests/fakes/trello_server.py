"""A fake Trello REST API (one user's small workspace), after ../shared/api/trello.md.

What it serves, under `/1` (a client's base URL is `base_url`, i.e. `<origin>/1`):
- Discovery: `GET /1/members/{me|id|username}/boards` (`fields`, `filter`),
  `GET /1/boards/{id}/lists` (`filter=open|closed|all`, `fields`), `GET /1/boards/{id}/labels`
  (`limit`), `POST /1/labels` (`idBoard`, `name`, `color`) and `POST /1/boards/{id}/labels`,
  `GET /1/boards/{id}/customFields`, `GET /1/lists/{id}/cards` (`filter`, `fields`).
- Cards: `POST /1/cards` (`idList` required; `name`, `desc`, `pos`, `due`, `start`,
  `dueComplete`, `idLabels`, `idMembers`), `GET /1/cards/{id or shortLink}` (`fields`,
  `customFieldItems=true`, `actions=…`, `members=true`, `checklists=all`), `PUT /1/cards/{id}`
  (the same fields plus `closed`, `subscribed`, `idList` moves and `idBoard` + `idList`
  cross-board moves; `idLabels` replaces the set), `POST /1/cards/{id}/idLabels?value=…` and
  `DELETE /1/cards/{id}/idLabels/{idLabel}`.
- Comments: `POST /1/cards/{id}/actions/comments` (`text`, 1–16384), `GET /1/cards/{id}/actions`
  (`filter`, `limit`), `PUT /1/actions/{id}?text=…` and `DELETE /1/actions/{id}`.
- Custom field values: `GET /1/cards/{id}/customFieldItems`,
  `PUT /1/cards/{id}/customField/{idCustomField}/item` (JSON body only, validated per type:
  text, number-as-string, date, checkbox "true"/"false", list `idValue`; `{"value": ""}` or
  `{"idValue": ""}` clears) and `PUT /1/cards/{id}/customFields` (`customFieldItems`, many).
- `GET /1/search` (`query`, `modelTypes`, `idBoards`, `cards_limit`, `card_fields`).

Every route wants the API key and a user token: `key` and `token` in the query or the body
(form or JSON), or `Authorization: OAuth oauth_consumer_key="…", oauth_token="…"`; else a 401
`invalid key` / `invalid token`. Parameters are read from the query, a form body and a JSON
body, merged into one dict. Success is always 200. Errors are Trello's: plain text
(`text/plain; charset=utf-8`) `invalid id`, `invalid value for <param>`, `The requested
resource was not found.`, `unauthorized permission requested`, `unauthorized card permission
requested`; the JSON `{"message": "Invalid objectId", "error": "ERROR"}` for bad label or
member ids; JSON only for 429s.

Rate limits (§9, on by default, `enforce_rate`): 300 requests / 10 s per key, 100 / 10 s per
token, 100 / 900 s per token on `/1/members/` routes; a 429 carries the matching JSON body
(`API_KEY_LIMIT_EXCEEDED`, `API_TOKEN_LIMIT_EXCEEDED`, or the members route's
`RATE_LIMIT_EXCEEDED`); more than 200 429s of one key lock the key out for the rest of the
window. Every authenticated answer carries the `x-rate-limit-api-key-*` and
`x-rate-limit-api-token-*` headers (`interval-ms`, `max`, `remaining`); no Retry-After.

Tests seed and read the workspace (`boards`, `lists`, `labels`, `custom_fields`, `members`,
`cards`, `actions`; `add_card`, `add_list`, `move_card`, `add_comment`, `set_field`,
`comments_on`, `items_of`), steer access (`tokens`, `add_token`, `revoke_token`), time
(`now`, `advance`), failures (`fail_next`, `rate_limit_next`, `down`, the limits
`key_limit`, `token_limit`, `members_limit`, `rate_window`, `members_window`, `key_429_limit`)
and read what the client sent in `calls` / `calls_to`.

The fake's own choices where the notes are silent:
- Credentials: the key is 32 hex characters, tokens look like `ATTA…`. Query/body `key` and
  `token` win over the OAuth header; the key is checked before the token. Every token
  belongs to a member (`MEMBER_ID`, the bot, unless `add_token` says otherwise).
- Merged parameters: a body value wins over the query's. JSON values may be typed (booleans,
  numbers, arrays of ids) or strings; form and query values are strings. Multipart bodies
  are not read; a malformed JSON body is a 400 `invalid json`. Unknown parameters are
  ignored, except names in `fields` (and `card_fields`), which must be known (else `invalid
  value for fields`).
- Validation stops at the first error and changes nothing. A bad value of a named parameter
  answers `invalid value for <name>` (after the notes' `invalid value for idList`): `name`,
  `desc` and `text` longer than 16384 (comment `text` also empty), `pos` other than
  `top`/`bottom`/a positive number, unparsable `due`/`start` (ISO 8601; `null` or empty
  clears), booleans other than true/false, `filter`, `limit`, `color`, `idBoard`, `query`,
  `cards_limit`, `modelTypes`. Label and member ids that are malformed, unknown, or not of
  the card's board get the JSON `Invalid objectId`.
- Ids: a malformed id in the path is `invalid id`; well-formed but unknown is the 404. Card
  routes take the id or the 8-character shortLink (the notes say so of `GET`; the fake
  accepts it on every card route). Upper-case hex ids are accepted.
- Access: boards have members; a board the token's member is not on (`FOREIGN_BOARD_ID`)
  answers 401 `unauthorized permission requested` (board, list and label routes, creating
  a card in its list) or `unauthorized card permission requested` (card routes).
- Cards: `pos` `bottom` (default) is the list's last open card + 65536 (65535 in an empty
  list), `top` half the first one's. `url` follows the name (`…/c/<shortLink>/<idShort>-<slug>`,
  the slug keeps letters of any script). `idShort` counts per board. `PUT` with `idList`
  alone must name a list of the card's board; `idBoard` without `idList` puts the card in
  the target board's first open list; a cross-board move drops the old board's labels and
  custom field values and gives a new `idShort`. The copy/attachment/location parameters
  of create, and `cover`, are accepted and ignored.
- Actions kept: `createCard`, `updateCard` (list moves only, with `data.old.idList`,
  `listBefore`, `listAfter`) and `commentCard`, newest first; the card actions' default
  `filter` is `commentCard,updateCard:idList`, `limit` 50 (0..1000). Only a comment's
  creator may edit or delete it (else 401 `unauthorized permission requested`); a non-comment
  action there is the 404. An edited comment gets `data.dateLastEdited`. Deletes answer
  `{"_value": null}`; `POST …/idLabels` answers the card's `idLabels`; adding a label the
  card has, or removing one it lacks, is a 400 `that label is already on the card` / `that
  label is not on the card`.
- Custom fields: a field of another board (or unknown) is the 404. A value of the wrong kind
  or shape, a number that is not a plain decimal string (`-12.5`), a date that is not ISO
  8601, a checkbox other than "true"/"false", an unknown option id, or a non-JSON body:
  400 `Invalid custom field item value.` (plain text). `{"value": {"text": ""}}` clears like
  `{"value": ""}`. Dates are stored as `…T…:…:….mmmZ`; numbers as sent. The clear answers the
  item with `"value": null`; `PUT …/customFields` validates every item first, then answers
  the card's items. Label colors: the ten of the notes, their `_dark`/`_light` variants, or
  null. Board label `limit` defaults to 50.
- Lists default to `filter=open` (a closed list is seeded: «Архив лидов»); list cards to
  open cards by `pos`; boards to all.
- Search: every whitespace-separated term must occur (case-insensitive) in an open card's
  name or description; cards by latest activity first; `idBoards` defaults to `mine`
  (boards the member is on; others are skipped); `modelTypes` default `all`, where only
  `cards` and `boards` ever match anything. No indexing delay.
- Rate limits count only requests let through (401s and 429s do not count), on the fake's
  clock (`now`, real time plus `advance`). `rate_limit_next(kind=…)` answers the kind's 429
  body with that kind's `remaining` header at 0. Injected failures (`fail_next`) come after
  auth and the limiter; a `processed` one carries the request out first (the card exists,
  the answer is lost — Trello has no idempotency keys). Their bodies: 400 `invalid id`, 401
  `invalid token`, 403 `unauthorized permission requested`, 404 the notes' text, 429 the
  token body, 502/503/504 and `down` an HTML edge page, others the status phrase as plain
  text.
- Unknown paths and known paths with another method: 404 `The requested resource was not
  found.` (no auth needed). Dates are ISO 8601 UTC with milliseconds and `Z`; ids are 24
  hex (8 of the fake's clock in seconds + a counter that `reset` does not restart).
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
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from tests.fakes.threaded import ThreadedFake

API_KEY = "c0ffee0123456789abcdef0123456789"  # identifies the app (not secret)
TOKEN = "ATTA" + "5a1e5b07" * 8  # the bot's user token (secret)
MEMBER_ID = "5e00000000000000000000aa"  # the bot (the token's member)
MEMBER_USERNAME = "salesbot"
MANAGER_ID = "5e00000000000000000000bb"  # a human on the sales board
WORKSPACE_ID = "65f0c0ffee000000000000ff"

BOARD_ID = "65f0c0ffee00000000000000"  # «Продажи»: where lead cards live
LIST_NEW = "65f0c0ffee00000000000001"  # «Новые лиды»
LIST_IN_PROGRESS = "65f0c0ffee00000000000002"  # «В работе»
LIST_WON = "65f0c0ffee00000000000003"  # «Выиграны»
LIST_LOST = "65f0c0ffee00000000000004"  # «Проиграны»
LIST_ARCHIVED = "65f0c0ffee00000000000005"  # «Архив лидов» (closed)
LABEL_HOT = "65f0c0ffee00000000000010"  # «Горячий», red
LABEL_COLD = "65f0c0ffee00000000000011"  # «Холодный», blue
LABEL_SITE = "65f0c0ffee00000000000012"  # «С сайта», green
FIELD_LEAD_ID = "65f0c0ffee00000000000020"  # text «ID лида»: our external id
FIELD_BUDGET = "65f0c0ffee00000000000021"  # number «Бюджет, ₽»
FIELD_NEXT_CONTACT = "65f0c0ffee00000000000022"  # date «Следующий контакт»
FIELD_PAID = "65f0c0ffee00000000000023"  # checkbox «Оплачен»
FIELD_PRIORITY = "65f0c0ffee00000000000024"  # list «Приоритет»
OPTION_HIGH = "65f0c0ffee00000000000025"  # «Высокий»
OPTION_MEDIUM = "65f0c0ffee00000000000026"  # «Средний»
OPTION_LOW = "65f0c0ffee00000000000027"  # «Низкий»
OTHER_BOARD_ID = "65f0c0ffee00000000000100"  # «Маркетинг»: the member's second board
OTHER_LIST_ID = "65f0c0ffee00000000000101"  # «Идеи»
OTHER_LABEL_ID = "65f0c0ffee00000000000110"  # «Кампания», purple (on the other board)
FOREIGN_BOARD_ID = "65f0c0ffee00000000000200"  # someone else's board: no access
FOREIGN_LIST_ID = "65f0c0ffee00000000000201"

TEXT_LIMIT = 16384  # name, desc, comment text
KEY_LIMIT = 300
TOKEN_LIMIT = 100
MEMBERS_LIMIT = 100
RATE_WINDOW = 10.0
MEMBERS_WINDOW = 900.0
KEY_429_LIMIT = 200  # more 429s than this in a window lock the key out
POS_STEP = 65536
LABEL_LIMIT_DEFAULT = 50
ACTION_LIMIT_DEFAULT = 50
CARDS_LIMIT_DEFAULT = 10
MAX_LIMIT = 1000
NOT_FOUND = "The requested resource was not found."
BAD_ITEM = "Invalid custom field item value."
NO_PERMISSION = "unauthorized permission requested"
NO_CARD_PERMISSION = "unauthorized card permission requested"
BASE_COLORS = ("green", "yellow", "orange", "red", "purple", "blue", "sky", "lime", "pink", "black")
LABEL_COLORS: tuple[str, ...] = (
    BASE_COLORS + tuple(f"{c}_dark" for c in BASE_COLORS) + tuple(f"{c}_light" for c in BASE_COLORS)
)
FIELD_TYPES = ("text", "number", "date", "checkbox", "list")
CARD_FIELDS = (
    "id",
    "idShort",
    "shortLink",
    "shortUrl",
    "url",
    "name",
    "desc",
    "closed",
    "idBoard",
    "idList",
    "idLabels",
    "labels",
    "idMembers",
    "pos",
    "due",
    "dueComplete",
    "start",
    "dateLastActivity",
    "badges",
    "checkItemStates",
    "idChecklists",
    "subscribed",
)
LIST_FIELDS = ("id", "name", "closed", "pos", "idBoard", "subscribed")
BOARD_FIELDS = (
    "id",
    "name",
    "desc",
    "closed",
    "idOrganization",
    "url",
    "shortUrl",
    "shortLink",
    "dateLastActivity",
)
MODEL_TYPES = ("actions", "boards", "cards", "members", "organizations")
DEFAULT_ACTION_FILTER = "commentCard,updateCard:idList"
RATE_HEADERS = ("interval-ms", "max", "remaining")
RATE_BODIES: dict[str, dict[str, str]] = {
    "token": {"error": "API_TOKEN_LIMIT_EXCEEDED", "message": "Rate limit exceeded"},
    "key": {"error": "API_KEY_LIMIT_EXCEEDED", "message": "Rate limit exceeded"},
    "members": {"message": "Exceeded rate limit to /1/member", "error": "RATE_LIMIT_EXCEEDED"},
}
_FAILURE_TEXT = {
    400: "invalid id",
    401: "invalid token",
    403: NO_PERMISSION,
    404: NOT_FOUND,
}
_EDGE_STATUSES = (502, 503, 504)
_ID = re.compile(r"[0-9a-fA-F]{24}")
_SHORT_LINK = re.compile(r"[A-Za-z0-9]{8}")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_OAUTH_PARAM = re.compile(r'(oauth_consumer_key|oauth_token)\s*=\s*"([^"]*)"')
_SHORT_LINK_CHARS = string.ascii_letters + string.digits


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # names lower-cased
    body: Any = None  # parsed JSON, a form's dict, or the raw text; None if empty
    params: dict[str, Any] = field(default_factory=dict)  # query + body, as the fake read them
    status: int = 0  # what the fake answered

    @property
    def key(self) -> str | None:
        return _credentials(self.params, self.headers)[0]

    @property
    def token(self) -> str | None:
        return _credentials(self.params, self.headers)[1]


@dataclass
class _Failure:
    status: int
    processed: bool = False
    body: str | None = None
    kind: str = "token"  # for 429s: which limit's body


@dataclass
class _Incoming:
    path: dict[str, str]
    params: dict[str, Any]
    member: str  # the token's member
    body: Any = None  # the parsed JSON body, if it was JSON
    is_json: bool = False


class _Refused(Exception):
    """Raised while serving a request: this response is the answer."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


Handler = Callable[[_Incoming], Any]


class FakeTrello(ThreadedFake):
    name = "fake Trello API"

    def __init__(self, api_key: str = API_KEY, token: str = TOKEN) -> None:
        super().__init__()
        self.api_key = api_key
        self.token = token
        self._lock = threading.RLock()
        self._failures: list[_Failure] = []
        self._ids = itertools.count(1)  # never restarted: ids stay unique across resets
        self.reset()
        self.app.router.redirect_slashes = False
        self.app.add_exception_handler(StarletteHTTPException, self._no_route)
        for method, path, handler in self._routes():
            self._serve_route(method, path, handler)

    def reset(self) -> None:
        """A fresh workspace (the seeded boards, lists, labels, fields and members; no cards or
        actions), only the default token, no calls or pending failures, the clock back to real
        time, every switch and limit at its default."""
        with self._lock:
            self._skew = 0.0
            self.tokens: dict[str, str] = {self.token: MEMBER_ID}  # token → member id
            self.down = False  # every request answers 503 (an HTML edge page)
            self.enforce_rate = True
            self.key_limit = KEY_LIMIT
            self.token_limit = TOKEN_LIMIT
            self.members_limit = MEMBERS_LIMIT
            self.rate_window = RATE_WINDOW
            self.members_window = MEMBERS_WINDOW
            self.key_429_limit = KEY_429_LIMIT
            self._key_hits: deque[float] = deque()
            self._token_hits: dict[str, deque[float]] = {}
            self._member_hits: dict[str, deque[float]] = {}
            self._key_429s: deque[float] = deque()
            self._locked_until = 0.0
            self._failures.clear()
            self.calls: list[Call] = []
            self.cards: dict[str, dict[str, Any]] = {}  # `_…` keys are the fake's own
            self.actions: dict[str, dict[str, Any]] = {}  # oldest first
            self._seed()

    # --- credentials and clock ------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """What `https://api.trello.com/1` is for a client of the fake."""
        return f"{self.origin}/1"

    @property
    def auth_params(self) -> dict[str, str]:
        """`key` and `token` for a request's query, e.g. `httpx.Client(params=…)`."""
        return {"key": self.api_key, "token": self.token}

    def now(self) -> float:
        """The fake's clock (unix time): real time plus every `advance`."""
        return time.time() + self._skew

    def advance(self, seconds: float) -> None:
        """Move the clock on (rate-limit windows, dates of new objects)."""
        with self._lock:
            self._skew += seconds

    # --- what tests steer -----------------------------------------------------------------------
    def add_token(self, member_id: str = MEMBER_ID) -> str:
        """Another user token of `member_id` (the same key): its own per-token limits."""
        token = "ATTA" + secrets.token_hex(32)
        with self._lock:
            self.tokens[token] = member_id
        return token

    def revoke_token(self, token: str | None = None) -> None:
        """The user revoked the token (default: the bot's): it answers 401 `invalid token`."""
        with self._lock:
            self.tokens.pop(token or self.token, None)

    def add_list(self, name: str, board_id: str = BOARD_ID, closed: bool = False) -> dict[str, Any]:
        """An admin adds a list (column) at the end of a board."""
        with self._lock:
            positions = [x["pos"] for x in self.lists.values() if x["idBoard"] == board_id]
            lst = _list(self._new_id(), name, board_id, max(positions, default=0) + 16384)
            lst["closed"] = closed
            self.lists[lst["id"]] = lst
            return dict(lst)

    def add_card(self, list_id: str = LIST_NEW, **params: Any) -> dict[str, Any]:
        """Create a card as `POST /1/cards` would (validated the same way, by the bot); a
        refused one raises ValueError with Trello's answer."""
        with self._lock:
            try:
                return self._create_card(_Incoming({}, {**params, "idList": list_id}, MEMBER_ID))
            except _Refused as refused:
                body = bytes(refused.response.body).decode()
                raise ValueError(f"{refused.response.status_code} {body}") from None

    def move_card(self, card_id: str, list_id: str, member_id: str = MANAGER_ID) -> dict[str, Any]:
        """Someone drags a card to another list of its board in the Trello UI."""
        with self._lock:
            card = self.cards[card_id]
            if self.lists[list_id]["idBoard"] != card["idBoard"]:
                raise ValueError(f"list {list_id} is not on the card's board")
            changes = {"idList": list_id, "pos": self._position(None, list_id, card_id)}
            self._apply(card, changes, member_id)
            self._touch(card)
            return self._render(card)

    def add_comment(self, card_id: str, text: str, member_id: str = MANAGER_ID) -> dict[str, Any]:
        """Someone (default: the manager) comments on a card in the Trello UI."""
        with self._lock:
            return self._comment(self.cards[card_id], text, member_id)

    def set_field(self, card_id: str, field_id: str, body: dict[str, Any]) -> dict[str, Any] | None:
        """Set a custom field value as the `PUT …/customField/{id}/item` JSON body would;
        the stored item (None once cleared)."""
        with self._lock:
            card = self.cards[card_id]
            definition = self.custom_fields[field_id]
            item = self._store_item(card, definition, body)
            return None if item.get("value", "") is None else item

    def comments_on(self, card_id: str) -> list[str]:
        """The texts of a card's comments, oldest first."""
        return [
            a["data"]["text"]
            for a in self.actions.values()
            if a["type"] == "commentCard" and a["data"]["card"]["id"] == card_id
        ]

    def items_of(self, card_id: str) -> dict[str, dict[str, Any]]:
        """A card's custom field items, by custom field id."""
        return copy.deepcopy(self.cards[card_id]["_items"])

    def fail_next(
        self, status: int = 500, times: int = 1, processed: bool = False, body: str | None = None
    ) -> None:
        """The next `times` authenticated requests answer `status` (see the module notes for
        the bodies). A `processed` failure first carries the request out — a card is created
        or changed — and only the answer is lost."""
        with self._lock:
            self._failures.extend(_Failure(status, processed, body) for _ in range(times))

    def rate_limit_next(self, n: int = 1, kind: str = "token") -> None:
        """The next `n` authenticated requests answer 429 with the body of `kind`
        (`token`, `key` or `members`); nothing is done."""
        if kind not in RATE_BODIES:
            raise ValueError(f"unknown rate limit kind {kind!r}")
        with self._lock:
            self._failures.extend(_Failure(429, kind=kind) for _ in range(n))

    def calls_to(self, path: str, method: str | None = None) -> list[Call]:
        """Recorded calls whose path matches the glob `path` (`*` spans slashes)."""
        return [
            call
            for call in self.calls
            if fnmatch.fnmatchcase(call.path, path) and method in (None, call.method)
        ]

    # --- the seeded workspace -------------------------------------------------------------------
    def _seed(self) -> None:
        now = _iso(self.now())
        self.members: dict[str, dict[str, Any]] = {
            MEMBER_ID: _member(MEMBER_ID, MEMBER_USERNAME, "Sales Bot", "SB"),
            MANAGER_ID: _member(MANAGER_ID, "anna_smirnova", "Анна Смирнова", "АС"),
        }
        self.boards: dict[str, dict[str, Any]] = {}
        for board_id, name, short_link, members in (
            (BOARD_ID, "Продажи", "XyZ98765", [MEMBER_ID, MANAGER_ID]),
            (OTHER_BOARD_ID, "Маркетинг", "Mk7Tg2Qa", [MEMBER_ID]),
            (FOREIGN_BOARD_ID, "Чужая доска", "Fr0nT1er", [MANAGER_ID]),
        ):
            self.boards[board_id] = {
                "id": board_id,
                "name": name,
                "desc": "",
                "closed": False,
                "idOrganization": WORKSPACE_ID,
                "url": f"https://trello.com/b/{short_link}/{_slug(name)}",
                "shortUrl": f"https://trello.com/b/{short_link}",
                "shortLink": short_link,
                "dateLastActivity": now,
                "_members": members,
                "_cards_made": 0,
            }
        self.lists: dict[str, dict[str, Any]] = {
            x["id"]: x
            for x in (
                _list(LIST_NEW, "Новые лиды", BOARD_ID, 16384),
                _list(LIST_IN_PROGRESS, "В работе", BOARD_ID, 32768),
                _list(LIST_WON, "Выиграны", BOARD_ID, 49152),
                _list(LIST_LOST, "Проиграны", BOARD_ID, 65536),
                {**_list(LIST_ARCHIVED, "Архив лидов", BOARD_ID, 81920), "closed": True},
                _list(OTHER_LIST_ID, "Идеи", OTHER_BOARD_ID, 16384),
                _list(FOREIGN_LIST_ID, "Входящие", FOREIGN_BOARD_ID, 16384),
            )
        }
        self.labels: dict[str, dict[str, Any]] = {
            x["id"]: x
            for x in (
                _label(LABEL_HOT, BOARD_ID, "Горячий", "red"),
                _label(LABEL_COLD, BOARD_ID, "Холодный", "blue"),
                _label(LABEL_SITE, BOARD_ID, "С сайта", "green"),
                _label(OTHER_LABEL_ID, OTHER_BOARD_ID, "Кампания", "purple"),
            )
        }
        group = "f6177ba9b1ab5e5d6f4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d"
        self.custom_fields: dict[str, dict[str, Any]] = {}
        for pos, (field_id, name, kind) in enumerate(
            (
                (FIELD_LEAD_ID, "ID лида", "text"),
                (FIELD_BUDGET, "Бюджет, ₽", "number"),
                (FIELD_NEXT_CONTACT, "Следующий контакт", "date"),
                (FIELD_PAID, "Оплачен", "checkbox"),
                (FIELD_PRIORITY, "Приоритет", "list"),
            ),
            start=1,
        ):
            definition: dict[str, Any] = {
                "id": field_id,
                "idModel": BOARD_ID,
                "modelType": "board",
                "fieldGroup": group[pos:] + group[:pos],
                "display": {"cardFront": True},
                "name": name,
                "pos": pos * 16384,
                "type": kind,
            }
            if kind == "list":
                definition["options"] = [
                    {
                        "id": option_id,
                        "idCustomField": field_id,
                        "value": {"text": text},
                        "color": color,
                        "pos": i * 16384,
                    }
                    for i, (option_id, text, color) in enumerate(
                        (
                            (OPTION_HIGH, "Высокий", "red"),
                            (OPTION_MEDIUM, "Средний", "yellow"),
                            (OPTION_LOW, "Низкий", "green"),
                        ),
                        start=1,
                    )
                ]
            self.custom_fields[field_id] = definition

    # --- serving --------------------------------------------------------------------------------
    def _routes(self) -> list[tuple[str, str, Handler]]:
        return [
            ("GET", "/1/members/{member}/boards", self._member_boards),
            ("GET", "/1/boards/{board_id}/lists", self._board_lists),
            ("GET", "/1/boards/{board_id}/labels", self._board_labels),
            ("POST", "/1/boards/{board_id}/labels", self._create_board_label),
            ("GET", "/1/boards/{board_id}/customFields", self._board_fields),
            ("POST", "/1/labels", self._create_label),
            ("GET", "/1/lists/{list_id}/cards", self._list_cards),
            ("POST", "/1/cards", self._create_card),
            ("GET", "/1/cards/{card_id}", self._get_card),
            ("PUT", "/1/cards/{card_id}", self._update_card),
            ("POST", "/1/cards/{card_id}/idLabels", self._add_label),
            ("DELETE", "/1/cards/{card_id}/idLabels/{label_id}", self._remove_label),
            ("POST", "/1/cards/{card_id}/actions/comments", self._add_comment),
            ("GET", "/1/cards/{card_id}/actions", self._card_actions),
            ("PUT", "/1/actions/{action_id}", self._edit_comment),
            ("DELETE", "/1/actions/{action_id}", self._delete_comment),
            ("GET", "/1/cards/{card_id}/customFieldItems", self._card_items),
            ("PUT", "/1/cards/{card_id}/customField/{field_id}/item", self._set_item),
            ("PUT", "/1/cards/{card_id}/customFields", self._set_items),
            ("GET", "/1/search", self._search),
        ]

    def _serve_route(self, method: str, route: str, handler: Handler) -> None:
        async def endpoint(request: Request) -> Response:
            raw = await request.body()
            call, body, well_formed = self._record(request, raw)
            with self._lock:
                response = self._answer(request, call, body, well_formed, handler)
            call.status = response.status_code
            return response

        self.app.add_api_route(route, endpoint, methods=[method])

    def _answer(
        self, request: Request, call: Call, body: Any, well_formed: bool, handler: Handler
    ) -> Response:
        if self.down:
            return _edge_page(503)
        key, token = _credentials(call.params, call.headers)
        if key is None or not secrets.compare_digest(key.encode(), self.api_key.encode()):
            return _text(401, "invalid key")
        member = self.tokens.get(token or "")
        if token is None or member is None:
            return _text(401, "invalid token")
        members_route = request.url.path.startswith("/1/members/")
        exhausted = self._admit(token, members_route)
        failure = None if exhausted else self._failures.pop(0) if self._failures else None
        if failure is not None and failure.status == 429:
            exhausted = failure.kind
        if exhausted is not None:
            response = self._too_many(exhausted)
        elif failure is not None and not failure.processed:
            response = _failure_response(failure)
        else:
            is_json = _is_json(request)
            incoming = _Incoming(
                dict(request.path_params), call.params, member, body if is_json else None, is_json
            )
            response = self._run(handler, incoming, well_formed)
            if failure is not None:  # carried out; the answer is lost
                response = _failure_response(failure)
        self._rate_headers(response, token, exhausted)
        return response

    def _run(self, handler: Handler, incoming: _Incoming, well_formed: bool) -> Response:
        if not well_formed:
            return _text(400, "invalid json")
        try:
            content = handler(incoming)
        except _Refused as refused:
            return refused.response
        return content if isinstance(content, Response) else JSONResponse(content)

    def _record(self, request: Request, raw: bytes) -> tuple[Call, Any, bool]:
        body, body_params, well_formed = _read_body(request.headers.get("content-type", ""), raw)
        query = dict(request.query_params)
        call = Call(
            request.method,
            request.url.path,
            query,
            dict(request.headers),
            body,
            {**query, **body_params},
        )
        with self._lock:
            self.calls.append(call)
        return call, body, well_formed

    async def _no_route(self, request: Request, exc: Exception) -> Response:
        """Unknown paths, and known paths with another method: the 404 (no auth needed)."""
        call, _, _ = self._record(request, await request.body())
        response = _edge_page(503) if self.down else _text(404, NOT_FOUND)
        call.status = response.status_code
        return response

    # --- rate limits ----------------------------------------------------------------------------
    def _admit(self, token: str, members_route: bool) -> str | None:
        """The sliding windows: None lets the request through (and counts it), else the
        kind of limit it hit (`key`, `token`, `members`)."""
        now = self.now()
        _trim(self._key_hits, now - self.rate_window)
        token_hits = self._token_hits.setdefault(token, deque())
        _trim(token_hits, now - self.rate_window)
        member_hits = self._member_hits.setdefault(token, deque())
        _trim(member_hits, now - self.members_window)
        if self.enforce_rate:
            if now < self._locked_until or len(self._key_hits) >= self.key_limit:
                return "key"
            if len(token_hits) >= self.token_limit:
                return "token"
            if members_route and len(member_hits) >= self.members_limit:
                return "members"
        self._key_hits.append(now)
        token_hits.append(now)
        if members_route:
            member_hits.append(now)
        return None

    def _too_many(self, kind: str) -> Response:
        now = self.now()
        self._key_429s.append(now)
        _trim(self._key_429s, now - self.rate_window)
        if len(self._key_429s) > self.key_429_limit:
            self._locked_until = max(self._locked_until, self._key_429s[0] + self.rate_window)
        return JSONResponse(RATE_BODIES[kind], status_code=429)

    def _rate_headers(self, response: Response, token: str, exhausted: str | None) -> None:
        """The `x-rate-limit-api-{key,token}-*` headers; the exhausted scope shows 0 left."""
        used_key = len(self._key_hits)
        used_token = len(self._token_hits.get(token, ()))
        for scope, limit, used in (
            ("key", self.key_limit, used_key),
            ("token", self.token_limit, used_token),
        ):
            remaining = 0 if exhausted == scope else max(0, limit - used)
            values = (str(int(self.rate_window * 1000)), str(limit), str(remaining))
            for name, value in zip(RATE_HEADERS, values, strict=True):
                response.headers[f"x-rate-limit-api-{scope}-{name}"] = value

    # --- lookups --------------------------------------------------------------------------------
    def _board(self, ref: str, member: str) -> dict[str, Any]:
        board = self.boards.get(_path_id(ref))
        if board is None:
            raise _Refused(_text(404, NOT_FOUND))
        if member not in board["_members"]:
            raise _Refused(_text(401, NO_PERMISSION))
        return board

    def _list_of(self, ref: str, member: str) -> dict[str, Any]:
        lst = self.lists.get(_path_id(ref))
        if lst is None:
            raise _Refused(_text(404, NOT_FOUND))
        if member not in self.boards[lst["idBoard"]]["_members"]:
            raise _Refused(_text(401, NO_PERMISSION))
        return lst

    def _card(self, ref: str, member: str) -> dict[str, Any]:
        card: dict[str, Any] | None
        if _ID.fullmatch(ref):
            card = self.cards.get(ref.lower())
        elif _SHORT_LINK.fullmatch(ref):
            card = next((c for c in self.cards.values() if c["shortLink"] == ref), None)
        else:
            raise _Refused(_text(400, "invalid id"))
        if card is None:
            raise _Refused(_text(404, NOT_FOUND))
        if member not in self.boards[card["idBoard"]]["_members"]:
            raise _Refused(_text(401, NO_CARD_PERMISSION))
        return card

    def _new_id(self) -> str:
        return f"{int(self.now()):08x}{next(self._ids):016x}"

    # --- discovery ------------------------------------------------------------------------------
    def _member_boards(self, incoming: _Incoming) -> Any:
        ref = incoming.path["member"]
        if ref == "me":
            ref = incoming.member
        member = self.members.get(ref.lower()) or next(
            (m for m in self.members.values() if m["username"] == ref), None
        )
        if member is None:
            raise _Refused(_text(404, NOT_FOUND))
        fields = _fields(incoming.params, BOARD_FIELDS)
        which = _choice(incoming.params, "filter", ("all", "open", "closed"), "all")
        return [
            _pick(board, fields)
            for board in self.boards.values()
            if member["id"] in board["_members"]
            and incoming.member in board["_members"]
            and which in ("all", "closed" if board["closed"] else "open")
        ]

    def _board_lists(self, incoming: _Incoming) -> Any:
        board = self._board(incoming.path["board_id"], incoming.member)
        which = _choice(incoming.params, "filter", ("open", "closed", "all"), "open")
        fields = _fields(incoming.params, LIST_FIELDS)
        lists = sorted(
            (x for x in self.lists.values() if x["idBoard"] == board["id"]),
            key=lambda x: x["pos"],
        )
        return [
            _pick(x, fields) for x in lists if which in ("all", "closed" if x["closed"] else "open")
        ]

    def _board_labels(self, incoming: _Incoming) -> Any:
        board = self._board(incoming.path["board_id"], incoming.member)
        limit = _int_param(incoming.params, "limit", LABEL_LIMIT_DEFAULT, 0, MAX_LIMIT)
        labels = [self._label_view(x) for x in self.labels.values() if x["idBoard"] == board["id"]]
        return labels[:limit]

    def _create_board_label(self, incoming: _Incoming) -> Any:
        board = self._board(incoming.path["board_id"], incoming.member)
        return self._new_label(board, incoming.params)

    def _create_label(self, incoming: _Incoming) -> Any:
        ref = incoming.params.get("idBoard")
        if not isinstance(ref, str) or not _ID.fullmatch(ref) or ref.lower() not in self.boards:
            raise _invalid("idBoard")
        board = self.boards[ref.lower()]
        if incoming.member not in board["_members"]:
            raise _Refused(_text(401, NO_PERMISSION))
        return self._new_label(board, incoming.params)

    def _new_label(self, board: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
        name = _string(params.get("name", ""), "name")
        color = params.get("color")
        if color in (None, "", "null"):
            color = None
        elif color not in LABEL_COLORS:
            raise _invalid("color")
        label = _label(self._new_id(), board["id"], name, color)
        self.labels[label["id"]] = label
        return self._label_view(label)

    def _label_view(self, label: dict[str, Any]) -> dict[str, Any]:
        uses = sum(label["id"] in c["idLabels"] for c in self.cards.values())
        return {**label, "uses": uses}

    def _board_fields(self, incoming: _Incoming) -> Any:
        board = self._board(incoming.path["board_id"], incoming.member)
        definitions = [x for x in self.custom_fields.values() if x["idModel"] == board["id"]]
        return copy.deepcopy(sorted(definitions, key=lambda x: x["pos"]))

    def _list_cards(self, incoming: _Incoming) -> Any:
        lst = self._list_of(incoming.path["list_id"], incoming.member)
        which = _choice(incoming.params, "filter", ("open", "closed", "all"), "open")
        fields = _fields(incoming.params, CARD_FIELDS)
        cards = sorted(
            (c for c in self.cards.values() if c["idList"] == lst["id"]),
            key=lambda c: c["pos"],
        )
        return [
            _pick(self._render(c), fields)
            for c in cards
            if which in ("all", "closed" if c["closed"] else "open")
        ]

    # --- cards ----------------------------------------------------------------------------------
    def _create_card(self, incoming: _Incoming) -> dict[str, Any]:
        params = incoming.params
        ref = params.get("idList")
        if not isinstance(ref, str) or not _ID.fullmatch(ref) or ref.lower() not in self.lists:
            raise _invalid("idList")
        lst = self.lists[ref.lower()]
        board = self.boards[lst["idBoard"]]
        if incoming.member not in board["_members"]:
            raise _Refused(_text(401, NO_PERMISSION))
        name = _string(params.get("name", ""), "name")
        desc = _string(params.get("desc", ""), "desc")
        pos = self._position(params.get("pos"), lst["id"], None)
        due = _date(params.get("due"), "due")
        start = _date(params.get("start"), "start")
        due_complete = _flag(params.get("dueComplete", False), "dueComplete")
        id_labels = self._label_ids(params.get("idLabels"), board["id"])
        id_members = self._member_ids(params.get("idMembers"), board)
        board["_cards_made"] += 1
        card_id = self._new_id()
        short_link = self._new_short_link()
        card: dict[str, Any] = {
            "id": card_id,
            "idShort": board["_cards_made"],
            "shortLink": short_link,
            "shortUrl": f"https://trello.com/c/{short_link}",
            "name": name,
            "desc": desc,
            "closed": False,
            "idBoard": board["id"],
            "idList": lst["id"],
            "idLabels": id_labels,
            "idMembers": id_members,
            "pos": pos,
            "due": due,
            "dueComplete": due_complete,
            "start": start,
            "dateLastActivity": _iso(self.now()),
            "checkItemStates": [],
            "idChecklists": [],
            "subscribed": False,
            "_items": {},
        }
        self.cards[card_id] = card
        self._action("createCard", card, incoming.member, {})
        return self._render(card)

    def _get_card(self, incoming: _Incoming) -> Any:
        card = self._card(incoming.path["card_id"], incoming.member)
        params = incoming.params
        out = _pick(self._render(card), _fields(params, CARD_FIELDS))
        if _flag(params.get("customFieldItems", False), "customFieldItems"):
            out["customFieldItems"] = self._items_view(card)
        if params.get("actions") not in (None, "", "none"):
            out["actions"] = self._actions_of(card, str(params["actions"]), ACTION_LIMIT_DEFAULT)
        if _flag(params.get("members", False), "members"):
            out["members"] = [copy.deepcopy(self.members[m]) for m in card["idMembers"]]
        if "checklists" in params:
            _choice(params, "checklists", ("all", "none"), "none")
            if params["checklists"] == "all":
                out["checklists"] = []  # the fake keeps no checklists
        return out

    def _update_card(self, incoming: _Incoming) -> Any:
        card = self._card(incoming.path["card_id"], incoming.member)
        params = incoming.params
        changes: dict[str, Any] = {}
        for name in ("name", "desc"):
            if name in params:
                changes[name] = _string(params[name], name)
        for name in ("due", "start"):
            if name in params:
                changes[name] = _date(params[name], name)
        for name in ("dueComplete", "closed", "subscribed"):
            if name in params:
                changes[name] = _flag(params[name], name)
        board = self.boards[card["idBoard"]]
        if "idBoard" in params:
            ref = params["idBoard"]
            if not isinstance(ref, str) or not _ID.fullmatch(ref) or ref.lower() not in self.boards:
                raise _invalid("idBoard")
            board = self.boards[ref.lower()]
            if incoming.member not in board["_members"]:
                raise _Refused(_text(401, NO_PERMISSION))
        list_id = card["idList"]
        if "idList" in params:
            ref = params["idList"]
            if not isinstance(ref, str) or not _ID.fullmatch(ref):
                raise _invalid("idList")
            lst = self.lists.get(ref.lower())
            if lst is None or lst["idBoard"] != board["id"]:
                raise _invalid("idList")
            list_id = lst["id"]
        elif board["id"] != card["idBoard"]:
            open_lists = [
                x for x in self.lists.values() if x["idBoard"] == board["id"] and not x["closed"]
            ]
            if not open_lists:
                raise _invalid("idList")
            list_id = min(open_lists, key=lambda x: x["pos"])["id"]
        if "idLabels" in params:
            changes["idLabels"] = self._label_ids(params["idLabels"], board["id"])
        elif board["id"] != card["idBoard"]:
            changes["idLabels"] = []
        if "idMembers" in params:
            changes["idMembers"] = self._member_ids(params["idMembers"], board)
        if "pos" in params or list_id != card["idList"]:
            changes["pos"] = self._position(params.get("pos"), list_id, card["id"])
        if board["id"] != card["idBoard"]:
            board["_cards_made"] += 1
            changes.update(idBoard=board["id"], idShort=board["_cards_made"], _items={})
        changes["idList"] = list_id
        self._apply(card, changes, incoming.member)
        self._touch(card)
        return self._render(card)

    def _apply(self, card: dict[str, Any], changes: dict[str, Any], member: str) -> None:
        old_list = card["idList"]
        card.update(changes)
        if card["idList"] != old_list:
            moved = {
                "old": {"idList": old_list},
                "listBefore": _ref(self.lists[old_list]),
                "listAfter": _ref(self.lists[card["idList"]]),
            }
            self._action("updateCard", card, member, moved)

    def _add_label(self, incoming: _Incoming) -> Any:
        card = self._card(incoming.path["card_id"], incoming.member)
        ids = self._label_ids(incoming.params.get("value"), card["idBoard"])
        if len(ids) != 1:
            raise _Refused(_object_id_error())
        [label_id] = ids
        if label_id in card["idLabels"]:
            raise _Refused(_text(400, "that label is already on the card"))
        card["idLabels"] = [*card["idLabels"], label_id]
        self._touch(card)
        return list(card["idLabels"])

    def _remove_label(self, incoming: _Incoming) -> Any:
        card = self._card(incoming.path["card_id"], incoming.member)
        label_id = _path_id(incoming.path["label_id"])
        if label_id not in card["idLabels"]:
            raise _Refused(_text(400, "that label is not on the card"))
        card["idLabels"] = [x for x in card["idLabels"] if x != label_id]
        self._touch(card)
        return {"_value": None}

    def _render(self, card: dict[str, Any]) -> dict[str, Any]:
        """The public Card object (the notes' shape)."""
        comments = sum(
            a["type"] == "commentCard" and a["data"]["card"]["id"] == card["id"]
            for a in self.actions.values()
        )
        url = f"https://trello.com/c/{card['shortLink']}/{card['idShort']}"
        slug = _slug(card["name"])
        derived = {
            "url": f"{url}-{slug}" if slug else url,
            "labels": [
                {k: self.labels[x][k] for k in ("id", "idBoard", "name", "color")}
                for x in card["idLabels"]
                if x in self.labels
            ],
            "badges": {
                "comments": comments,
                "attachments": 0,
                "due": card["due"],
                "dueComplete": card["dueComplete"],
            },
        }
        return {name: copy.deepcopy(derived.get(name, card.get(name))) for name in CARD_FIELDS}

    def _position(self, raw: Any, list_id: str, exclude: str | None) -> float | int:
        others = [
            c["pos"]
            for c in self.cards.values()
            if c["idList"] == list_id and c["id"] != exclude and not c["closed"]
        ]
        if raw is None or raw == "bottom":
            return max(others) + POS_STEP if others else POS_STEP - 1
        if raw == "top":
            return _number(min(others) / 2) if others else POS_STEP - 1
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            raise _invalid("pos")
        try:
            value = float(raw)
        except ValueError:
            raise _invalid("pos") from None
        if not math.isfinite(value) or value <= 0:
            raise _invalid("pos")
        return _number(value)

    def _label_ids(self, raw: Any, board_id: str) -> list[str]:
        ids = _id_list(raw)
        for label_id in ids:
            label = self.labels.get(label_id)
            if label is None or label["idBoard"] != board_id:
                raise _Refused(_object_id_error())
        return ids

    def _member_ids(self, raw: Any, board: dict[str, Any]) -> list[str]:
        ids = _id_list(raw)
        if any(x not in board["_members"] for x in ids):
            raise _Refused(_object_id_error())
        return ids

    def _new_short_link(self) -> str:
        taken = {c["shortLink"] for c in self.cards.values()}
        while True:
            link = "".join(secrets.choice(_SHORT_LINK_CHARS) for _ in range(8))
            if link not in taken:
                return link

    def _touch(self, card: dict[str, Any]) -> None:
        card["dateLastActivity"] = _iso(self.now())

    # --- actions and comments -------------------------------------------------------------------
    def _action(
        self, kind: str, card: dict[str, Any], member: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        board = self.boards[card["idBoard"]]
        action: dict[str, Any] = {
            "id": self._new_id(),
            "idMemberCreator": member,
            "type": kind,
            "date": _iso(self.now()),
            "data": {
                **data,
                "card": {
                    "id": card["id"],
                    "name": card["name"],
                    "idShort": card["idShort"],
                    "shortLink": card["shortLink"],
                },
                "board": {
                    "id": board["id"],
                    "name": board["name"],
                    "shortLink": board["shortLink"],
                },
                "list": _ref(self.lists[card["idList"]]),
            },
            "memberCreator": copy.deepcopy(self.members[member]),
            "limits": {},
        }
        self.actions[action["id"]] = action
        return copy.deepcopy(action)

    def _comment(self, card: dict[str, Any], text: str, member: str) -> dict[str, Any]:
        action = self._action("commentCard", card, member, {"text": text})
        self._touch(card)
        return action

    def _add_comment(self, incoming: _Incoming) -> Any:
        card = self._card(incoming.path["card_id"], incoming.member)
        text = incoming.params.get("text")
        if not isinstance(text, str) or not 1 <= len(text) <= TEXT_LIMIT:
            raise _invalid("text")
        return self._comment(card, text, incoming.member)

    def _card_actions(self, incoming: _Incoming) -> Any:
        card = self._card(incoming.path["card_id"], incoming.member)
        which = incoming.params.get("filter", DEFAULT_ACTION_FILTER)
        if not isinstance(which, str):
            raise _invalid("filter")
        limit = _int_param(incoming.params, "limit", ACTION_LIMIT_DEFAULT, 0, MAX_LIMIT)
        return self._actions_of(card, which, limit)

    def _actions_of(self, card: dict[str, Any], which: str, limit: int) -> list[dict[str, Any]]:
        wanted = {x.strip() for x in which.split(",") if x.strip()}

        def matches(action: dict[str, Any]) -> bool:
            if "all" in wanted or action["type"] in wanted:
                return True
            changed = action["data"].get("old", {})
            return any(f"{action['type']}:{name}" in wanted for name in changed)

        mine = [
            a
            for a in reversed(self.actions.values())
            if a["data"]["card"]["id"] == card["id"] and matches(a)
        ]
        return copy.deepcopy(mine[:limit])

    def _own_comment(self, incoming: _Incoming) -> dict[str, Any]:
        action = self.actions.get(_path_id(incoming.path["action_id"]))
        if action is None or action["type"] != "commentCard":
            raise _Refused(_text(404, NOT_FOUND))
        if action["idMemberCreator"] != incoming.member:
            raise _Refused(_text(401, NO_PERMISSION))
        return action

    def _edit_comment(self, incoming: _Incoming) -> Any:
        action = self._own_comment(incoming)
        text = incoming.params.get("text")
        if not isinstance(text, str) or not 1 <= len(text) <= TEXT_LIMIT:
            raise _invalid("text")
        action["data"]["text"] = text
        action["data"]["dateLastEdited"] = _iso(self.now())
        return copy.deepcopy(action)

    def _delete_comment(self, incoming: _Incoming) -> Any:
        action = self._own_comment(incoming)
        del self.actions[action["id"]]
        return {"_value": None}

    # --- custom field values --------------------------------------------------------------------
    def _card_items(self, incoming: _Incoming) -> Any:
        return self._items_view(self._card(incoming.path["card_id"], incoming.member))

    def _items_view(self, card: dict[str, Any]) -> list[dict[str, Any]]:
        return copy.deepcopy(list(card["_items"].values()))

    def _field_of(self, ref: str, card: dict[str, Any]) -> dict[str, Any]:
        definition = self.custom_fields.get(_path_id(ref))
        if definition is None or definition["idModel"] != card["idBoard"]:
            raise _Refused(_text(404, NOT_FOUND))
        return definition

    def _set_item(self, incoming: _Incoming) -> Any:
        card = self._card(incoming.path["card_id"], incoming.member)
        definition = self._field_of(incoming.path["field_id"], card)
        if not incoming.is_json:
            raise _Refused(_text(400, BAD_ITEM))
        item = self._store_item(card, definition, incoming.body)
        self._touch(card)
        return item

    def _set_items(self, incoming: _Incoming) -> Any:
        card = self._card(incoming.path["card_id"], incoming.member)
        body = incoming.body
        entries = body.get("customFieldItems") if isinstance(body, dict) else None
        if not incoming.is_json or not isinstance(entries, list) or not entries:
            raise _Refused(_text(400, BAD_ITEM))
        checked: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("idCustomField"), str):
                raise _Refused(_text(400, BAD_ITEM))
            definition = self._field_of(entry["idCustomField"], card)
            rest = {k: v for k, v in entry.items() if k != "idCustomField"}
            checked.append((definition, _item_value(definition, rest)))
        for definition, value in checked:
            self._put_item(card, definition, value)
        self._touch(card)
        return self._items_view(card)

    def _store_item(
        self, card: dict[str, Any], definition: dict[str, Any], body: Any
    ) -> dict[str, Any]:
        return self._put_item(card, definition, _item_value(definition, body))

    def _put_item(
        self, card: dict[str, Any], definition: dict[str, Any], value: dict[str, Any] | None
    ) -> dict[str, Any]:
        previous = card["_items"].get(definition["id"])
        item: dict[str, Any] = {
            "id": previous["id"] if previous else self._new_id(),
            "idCustomField": definition["id"],
            "idModel": card["id"],
            "modelType": "card",
        }
        if value is None:
            card["_items"].pop(definition["id"], None)
            return {**item, "value": None}
        item.update(value)
        card["_items"][definition["id"]] = item
        return copy.deepcopy(item)

    # --- search ---------------------------------------------------------------------------------
    def _search(self, incoming: _Incoming) -> Any:
        params = incoming.params
        query = params.get("query")
        if not isinstance(query, str) or not query.strip():
            raise _invalid("query")
        raw_types = params.get("modelTypes", "all")
        if not isinstance(raw_types, str):
            raise _invalid("modelTypes")
        types = [x.strip() for x in raw_types.split(",") if x.strip()]
        if types == ["all"]:
            types = list(MODEL_TYPES)
        if not types or any(x not in MODEL_TYPES for x in types):
            raise _invalid("modelTypes")
        limit = _int_param(params, "cards_limit", CARDS_LIMIT_DEFAULT, 1, MAX_LIMIT)
        fields = _fields(params, CARD_FIELDS, "card_fields")
        boards = self._search_boards(params.get("idBoards", "mine"), incoming.member)
        terms = query.lower().split()
        result: dict[str, Any] = {
            "options": {
                "terms": [{"text": t} for t in terms],
                "modelTypes": types,
                "partial": False,
            }
        }
        for kind in types:
            result[kind] = []
        if "cards" in types:
            found = [
                c
                for c in self.cards.values()
                if c["idBoard"] in boards
                and not c["closed"]
                and all(t in f"{c['name']}\n{c['desc']}".lower() for t in terms)
            ]
            found.sort(key=lambda c: c["dateLastActivity"], reverse=True)
            result["cards"] = [_pick(self._render(c), fields) for c in found[:limit]]
        if "boards" in types:
            result["boards"] = [
                _pick(self.boards[b], None)
                for b in boards
                if all(t in self.boards[b]["name"].lower() for t in terms)
            ]
        return result

    def _search_boards(self, raw: Any, member: str) -> list[str]:
        mine = [b for b, board in self.boards.items() if member in board["_members"]]
        if raw == "mine":
            return mine
        if not isinstance(raw, str):
            raise _invalid("idBoards")
        refs = [x.strip() for x in raw.split(",") if x.strip()]
        if any(not _ID.fullmatch(x) for x in refs):
            raise _Refused(_text(400, "invalid id"))
        return [x.lower() for x in refs if x.lower() in mine]


# --- helpers ------------------------------------------------------------------------------------
def _text(status: int, message: str) -> Response:
    """Trello's plain-text error body."""
    return PlainTextResponse(message, status_code=status)


def _invalid(name: str) -> _Refused:
    return _Refused(_text(400, f"invalid value for {name}"))


def _object_id_error() -> Response:
    return JSONResponse({"message": "Invalid objectId", "error": "ERROR"}, status_code=400)


def _edge_page(status: int) -> Response:
    """What a proxy in front of the API answers: HTML, not Trello's text."""
    phrase = f"{status} {HTTPStatus(status).phrase}"
    page = f"<html><head><title>{phrase}</title></head><body><h1>{phrase}</h1></body></html>"
    return Response(page, status_code=status, media_type="text/html")


def _failure_response(failure: _Failure) -> Response:
    if failure.body is not None:
        return _text(failure.status, failure.body)
    if failure.status in _EDGE_STATUSES:
        return _edge_page(failure.status)
    default = _FAILURE_TEXT.get(failure.status, HTTPStatus(failure.status).phrase)
    return _text(failure.status, default)


def _credentials(params: dict[str, Any], headers: dict[str, str]) -> tuple[str | None, str | None]:
    """(key, token): the query/body parameters, else the `Authorization: OAuth …` header."""
    key, token = params.get("key"), params.get("token")
    scheme, _, rest = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "oauth":
        found = dict(_OAUTH_PARAM.findall(rest))
        key = key if key is not None else found.get("oauth_consumer_key")
        token = token if token is not None else found.get("oauth_token")
    return (
        key if isinstance(key, str) and key else None,
        token if isinstance(token, str) and token else None,
    )


def _is_json(request: Request) -> bool:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


def _read_body(content_type: str, raw: bytes) -> tuple[Any, dict[str, Any], bool]:
    """(the body as recorded, its parameters, whether it was well-formed)."""
    if not raw.strip():
        return None, {}, True
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json" or kind.endswith("+json"):
        try:
            body = json.loads(raw)
        except ValueError:
            return raw.decode(errors="replace"), {}, False
        return body, (dict(body) if isinstance(body, dict) else {}), True
    text = raw.decode(errors="replace")
    if kind == "application/x-www-form-urlencoded":
        form = dict(parse_qsl(text, keep_blank_values=True))
        return form, dict(form), True
    return text, {}, True


def _trim(hits: deque[float], since: float) -> None:
    while hits and hits[0] <= since:
        hits.popleft()


def _path_id(ref: str) -> str:
    if not _ID.fullmatch(ref):
        raise _Refused(_text(400, "invalid id"))
    return ref.lower()


def _id_list(raw: Any) -> list[str]:
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        parts: Iterable[Any] = (x.strip() for x in raw.split(","))
    elif isinstance(raw, list):
        parts = raw
    else:
        raise _Refused(_object_id_error())
    ids: list[str] = []
    for part in parts:
        if not isinstance(part, str) or not _ID.fullmatch(part):
            raise _Refused(_object_id_error())
        if part.lower() not in ids:
            ids.append(part.lower())
    return ids


def _string(raw: Any, name: str, limit: int = TEXT_LIMIT) -> str:
    if not isinstance(raw, str) or len(raw) > limit:
        raise _invalid(name)
    return raw


def _flag(raw: Any, name: str) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise _invalid(name)


def _date(raw: Any, name: str) -> str | None:
    if raw is None or raw in ("", "null"):
        return None
    parsed = _parse_date(raw)
    if parsed is None:
        raise _invalid(name)
    return parsed


def _parse_date(raw: Any) -> str | None:
    """An ISO 8601 date or date-time (naive = UTC) as `…T…:…:….mmmZ`; None if it is not one."""
    if not isinstance(raw, str):
        return None
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return _iso(parsed.timestamp())


def _iso(timestamp: float) -> str:
    moment = datetime.fromtimestamp(timestamp, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _int_param(params: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name, default)
    if isinstance(raw, bool):
        raise _invalid(name)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise _invalid(name) from None
    if not low <= value <= high:
        raise _invalid(name)
    return value


def _choice(params: dict[str, Any], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = params.get(name, default)
    if value not in allowed:
        raise _invalid(name)
    return str(value)


def _fields(
    params: dict[str, Any], known: tuple[str, ...], name: str = "fields"
) -> list[str] | None:
    """The asked `fields` (None: all); an unknown name is refused."""
    raw = params.get(name)
    if raw is None or raw == "all":
        return None
    if not isinstance(raw, str):
        raise _invalid(name)
    wanted = [x.strip() for x in raw.split(",") if x.strip()]
    if any(x not in known for x in wanted):
        raise _invalid(name)
    return wanted


def _pick(obj: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
    """The public object (no `_…` keys), `id` plus `fields` if given."""
    public = {k: copy.deepcopy(v) for k, v in obj.items() if not k.startswith("_")}
    if fields is None:
        return public
    return {"id": public["id"], **{f: public[f] for f in fields if f in public}}


def _number(value: float) -> float | int:
    return int(value) if value.is_integer() else value


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+|_+", "-", name.lower()).strip("-")[:128]


def _ref(lst: dict[str, Any]) -> dict[str, str]:
    return {"id": lst["id"], "name": lst["name"]}


def _member(member_id: str, username: str, full_name: str, initials: str) -> dict[str, Any]:
    return {"id": member_id, "username": username, "fullName": full_name, "initials": initials}


def _list(list_id: str, name: str, board_id: str, pos: int) -> dict[str, Any]:
    return {
        "id": list_id,
        "name": name,
        "closed": False,
        "pos": pos,
        "idBoard": board_id,
        "subscribed": False,
    }


def _label(label_id: str, board_id: str, name: str, color: str | None) -> dict[str, Any]:
    return {"id": label_id, "idBoard": board_id, "name": name, "color": color}


def _item_value(definition: dict[str, Any], body: Any) -> dict[str, Any] | None:
    """A custom field item's value part (`value` or `idValue`) from a request body, checked
    against the field's type; None clears the item."""
    bad = _Refused(_text(400, BAD_ITEM))
    if not isinstance(body, dict):
        raise bad
    kind = definition["type"]
    if body.get("value") == "" or (kind == "list" and body.get("idValue") == ""):
        return None
    if kind == "list":
        option_id = body.get("idValue")
        options = {o["id"] for o in definition.get("options", [])}
        if not isinstance(option_id, str) or option_id.lower() not in options:
            raise bad
        return {"idValue": option_id.lower()}
    key = "checked" if kind == "checkbox" else kind
    value = body.get("value")
    if not isinstance(value, dict) or set(value) != {key} or not isinstance(value[key], str):
        raise bad
    raw: str = value[key]
    if kind == "text" and raw == "":
        return None
    if kind == "text" and len(raw) > TEXT_LIMIT:
        raise bad
    if kind == "number" and not _NUMBER.fullmatch(raw.strip()):
        raise bad
    if kind == "checkbox" and raw not in ("true", "false"):
        raise bad
    if kind == "date":
        normalized = _parse_date(raw)
        if normalized is None:
            raise bad
        raw = normalized
    return {"value": {key: raw.strip() if kind == "number" else raw}}
