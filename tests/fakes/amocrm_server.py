"""A fake amoCRM API v4 (one account, one integration), after ../shared/api/amocrm.md.

What it serves:
- `POST /oauth2/access_token` (JSON body): the authorization_code and refresh_token grants.
  Codes are single-use and live 20 minutes; refresh tokens rotate (the used one is dead);
  access tokens are RS256 JWTs whose `exp` is real and which the fake also expires on demand.
  Refusals use the OAuthProblemJson body with a `hint`. A long-lived token a test registers
  works like an access token.
- Leads: list (page/limit, `query`, the basic `filter[...]` set, `order[...]`, `with=contacts`),
  get by id, create, complex create (plain-array answer), batch and single PATCH, pipelines;
  notes on a lead (`/leads/{id}/notes` and `/leads/notes`).
- Contacts: list/search (`query`, `with=leads`), get by id, create. Tasks, users, and the
  webhook subscriptions (register one object, list, unsubscribe by destination).
- The Salesbot's side of `widget_request`: `widget_request(...)` builds the body a bot's
  widget step posts (an HS512 bot token, the designer's `data`, a `return_url`), and
  `POST /api/v4/salesbot/{bot_id}/continue/{continue_id}` takes the answer once per request,
  for an administrator's token only, with the documented limits (10 handlers, `show` values
  of 80 characters, 25 buttons); `continued` keeps what was accepted.

Every API route wants `Authorization: Bearer …` (401 problem+json otherwise). Answers are
HAL (`application/hal+json`); an empty list or a missing id is a bare 204; a bad write is a
400 problem+json with `validation-errors` (per `request_id`), and nothing of that batch is
stored. A 429 has an HTML body, as does the "blocked" 403, the outage 503 and injected 5xx.

Tests seed and inspect the account (`leads`, `contacts`, `companies`, `notes`, `tasks`,
`pipelines`, `custom_fields`), steer failures (`down`, `blocked`, `fail_next`,
`rate_limit_next`, `enforce_rate`), build the form-encoded webhooks amoCRM would post, and
read what the client did in `calls`.

The fake's own choices where the notes are silent: validation codes other than
`NotSupportedChoice`, the hints of refusals the notes do not quote, the default order of lists
(by id), PATCH of an unknown lead (a validation error on `id`), 5xx bodies (nginx-style HTML);
for the continue call: its 200 `{}` answer, a 404 for an unknown or spent continue id, a 403
problem+json for a user who is not an administrator, the validation codes of its refusals, and
the body's shape `{"token", "data", "return_url"}` (the docs found show only the continue call).
"""

from __future__ import annotations

import fnmatch
import functools
import itertools
import json
import re
import secrets
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException as StarletteHTTPException

from tests.fakes.threaded import ThreadedFake

CLIENT_ID = "5c7e1b2a-0d3f-4a55-9b1e-6f2a8c9d0e17"  # integration ids are UUIDs
CLIENT_SECRET = "fake-amocrm-client-secret-" + "5b1e6c2a9d7f4e03" * 3  # 64 characters, as real ones
REDIRECT_URI = "https://salesbot.example.com/integrations/amocrm/callback"
SUBDOMAIN = "example"
ACCOUNT_ID = 115135
USER_ID = 321123
MAIN_PIPELINE = 1113
SECOND_PIPELINE = 2224
FIRST_STATUS = 2030  # "Первичный контакт": where new leads land
WON, LOST = 142, 143  # present in every pipeline
PHONE_FIELD, EMAIL_FIELD = 264911, 264913
SOURCE_FIELD, CHANNEL_FIELD = 700101, 700103  # a text and a select field on leads
TOKEN_TTL = 86400
REFRESH_TTL = 90 * 86400  # "3 months" (unverified in the notes)
CODE_TTL = 20 * 60
RATE_LIMIT = 7  # requests per second per integration
BOT_ID = 48231  # the Salesbot whose widget step posts to us
MAX_HANDLERS, SHOW_LIMIT, MAX_BUTTONS = 10, 80, 25  # the continue call's documented limits
PAGE_LIMIT = 250
COMPLEX_LIMIT = 50
FIELD_VALUES_LIMIT = 40
ENTITY_TYPES = ("leads", "contacts", "companies", "customers")
PROBLEM = "application/problem+json"
HAL = "application/hal+json"

T = TypeVar("T")


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]  # the last value of each key; `query_string` keeps them all
    query_string: str = ""
    body: Any = None  # the JSON body (None if absent or not JSON)
    token: str | None = None
    status: int = 0  # what the fake answered


@dataclass
class _Incoming:
    path: dict[str, Any]
    query: QueryParams
    body: Any
    token: str | None = None


class _Refused(Exception):
    """Raised while serving a request: this response is the answer."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


class _Invalid(Exception):
    """One validation error of one batch item (`path` is dotted, like amoCRM's)."""

    def __init__(self, code: str, path: str, detail: str) -> None:
        super().__init__(f"{path}: {detail}")
        self.code, self.path, self.detail = code, path, detail

    def within(self, prefix: str) -> _Invalid:
        return _Invalid(self.code, f"{prefix}.{self.path}" if self.path else prefix, self.detail)

    def json(self) -> dict[str, str]:
        return {"code": self.code, "path": self.path, "detail": self.detail}


Handler = Callable[[_Incoming], Response]


class FakeAmo(ThreadedFake):
    name = "fake amoCRM API"

    def __init__(
        self,
        client_id: str = CLIENT_ID,
        client_secret: str = CLIENT_SECRET,
        redirect_uri: str = REDIRECT_URI,
    ) -> None:
        super().__init__()
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.subdomain = SUBDOMAIN
        self._lock = threading.Lock()
        self._failures: list[tuple[int, bool]] = []  # (status, html body)
        self._accepted: deque[float] = deque()  # monotonic times of requests let through
        self.reset()
        self.app.router.redirect_slashes = False
        self.app.add_exception_handler(StarletteHTTPException, self._no_route)
        self.app.add_api_route("/oauth2/access_token", self._token, methods=["POST"])
        for method, path, handler in self._routes():
            self._serve_route(method, path, handler)

    def reset(self) -> None:
        """A fresh account: default pipelines and fields, no entities, tokens, codes, calls or
        pending failures; every switch off (the client credentials stay)."""
        self.token_ttl = TOKEN_TTL  # seconds; `expires_in` of new access tokens
        self.refresh_ttl = REFRESH_TTL
        self.oauth_error_status = 400  # the notes: 400, sometimes 401
        self.long_lived_token: str | None = None
        self.long_lived_expires_at: float | None = None  # unix time; None = no expiry
        self.access_tokens: dict[str, float] = {}  # token → expiry (unix time)
        self.refresh_tokens: dict[str, float] = {}
        self.codes: dict[str, float] = {}  # authorization code → expiry
        self._used_codes: set[str] = set()
        self.tokens_issued = 0
        self.down = False  # every request (token endpoint too) answers 503
        self.blocked = False  # the account/IP ban: every request answers 403 HTML
        self.enforce_rate = False  # more than `rate_limit` requests per second → 429
        self.rate_limit = RATE_LIMIT
        self.pipelines: dict[int, dict[str, Any]] = _default_pipelines()
        self.custom_fields: dict[str, dict[int, dict[str, Any]]] = _default_fields()
        self.users: list[dict[str, Any]] = [_user(USER_ID, "Алексей", "a@b.ru")]
        self.leads: dict[int, dict[str, Any]] = {}
        self.contacts: dict[int, dict[str, Any]] = {}
        self.companies: dict[int, dict[str, Any]] = {}
        self.notes: list[dict[str, Any]] = []
        self.tasks: list[dict[str, Any]] = []
        self.tags: dict[str, int] = {}  # name → id
        self.webhooks: list[dict[str, Any]] = []
        self.calls: list[Call] = []
        self.deliveries: list[tuple[str, str, int]] = []  # (url, body, status)
        self.bot_runs: dict[str, dict[str, Any]] = {}  # continue id → the widget_request's data
        self.continued: dict[str, dict[str, Any]] = {}  # continue id → the body accepted
        self.continue_failures: list[int] = []  # statuses the next continue calls answer
        self._ids = itertools.count(9_774_766)
        with self._lock:
            self._failures.clear()
            self._accepted.clear()

    # --- what tests steer -----------------------------------------------------------------------
    def issue_code(self, ttl: float = CODE_TTL) -> str:
        """An authorization code, as the consent redirect brings it (single use)."""
        code = "def50200" + secrets.token_hex(24)
        self.codes[code] = time.time() + ttl
        return code

    def install_redirect(self, state: str | None = None) -> dict[str, str]:
        """The query of the redirect back to `redirect_uri` after consent; without `state` it
        is an install started from amoMarket (`from_widget=1`)."""
        query = {"code": self.issue_code(), "referer": f"{self.subdomain}.amocrm.ru"}
        query.update(client_id=self.client_id, platform="1")
        if state is None:
            query["from_widget"] = "1"
        else:
            query["state"] = state
        return query

    def expire_tokens(self) -> None:
        """Every access token issued so far, and the long-lived one, is stale now."""
        with self._lock:
            self.access_tokens = dict.fromkeys(self.access_tokens, 0.0)
            if self.long_lived_token is not None:
                self.long_lived_expires_at = 0.0

    def revoke_refresh_tokens(self) -> None:
        """The user uninstalled the integration: only a new consent helps."""
        with self._lock:
            self.refresh_tokens.clear()

    def rate_limit_next(self, n: int = 1, html: bool = True) -> None:
        """The next `n` authorised API requests get a 429 with an HTML (or empty) body."""
        with self._lock:
            self._failures.extend([(429, html)] * n)

    def fail_next(self, status: int = 500, times: int = 1) -> None:
        """The next `times` authorised API requests fail with `status` (HTML body)."""
        with self._lock:
            self._failures.extend([(status, True)] * times)

    def calls_to(self, path: str, method: str | None = None) -> list[Call]:
        """Recorded calls whose path matches the glob `path` (`*` spans slashes)."""
        return [
            call
            for call in self.calls
            if fnmatch.fnmatchcase(call.path, path) and method in (None, call.method)
        ]

    def add_contact(
        self, name: str, phone: str | None = None, email: str | None = None
    ) -> dict[str, Any]:
        """Seed a contact as if a manager had typed it in."""
        values: list[dict[str, Any]] = []
        if phone:
            values.append(_code_value("PHONE", phone))
        if email:
            values.append(_code_value("EMAIL", email))
        fields = {"name": name, "custom_fields_values": values or None}
        return self._new_contact(self._contact_changes(fields))

    def add_company(self, name: str) -> dict[str, Any]:
        """Seed a company (link it to a lead with `_embedded.companies` in `add_lead`)."""
        return self._new_company({"name": name})

    def add_user(
        self, name: str, email: str, *, rights: dict[str, Any] | None = None, is_admin: bool = False
    ) -> dict[str, Any]:
        """Another user of the account; `rights` per entity as amoCRM's users list shows
        them, e.g. {"leads": {"view": "M", …}, "contacts": {…}, "tasks": {"edit": "D"}}."""
        user = _user(max(u["id"] for u in self.users) + 1, name, email)
        user["rights"] = {**user["rights"], **(rights or {}), "is_admin": is_admin}
        self.users.append(user)
        return user

    def disposable_token(
        self,
        user_id: int = USER_ID,
        *,
        audience: str = "https://salesbot.example.com",
        lifetime: int = 30 * 60,
        secret: str | None = None,
        **claims: Any,
    ) -> str:
        """The JWT amoCRM's `$authorizedAjax` puts in `X-Auth-Token` (notes §8.4): HS256
        with the client secret, 30 minutes."""
        now = int(time.time())
        user = next((u for u in self.users if u["id"] == user_id), None)
        body = {
            "iss": f"https://{self.subdomain}.amocrm.ru",
            "aud": audience,
            "jti": str(uuid.uuid4()),
            "iat": now,
            "nbf": now,
            "exp": now + lifetime,
            "account_id": ACCOUNT_ID,
            "subdomain": self.subdomain,
            "client_uuid": self.client_id,
            "user_id": user_id,
            "is_admin": bool(user and user["rights"].get("is_admin")),
            **claims,
        }
        return jwt.encode(body, secret or self.client_secret, algorithm="HS256")

    def bot_token(
        self, entity_id: int, entity_type: str = "contacts", *, secret: str | None = None
    ) -> str:
        """The disposable token of a Salesbot's widget_request (notes §8.4): HS512 with the
        client secret, no audience, with `entity_id`, `entity_type`, `bot_type`."""
        now = int(time.time())
        body = {
            "iss": f"https://{self.subdomain}.amocrm.ru",
            "jti": str(uuid.uuid4()),
            "iat": now,
            "nbf": now,
            "exp": now + 30 * 60,
            "account_id": ACCOUNT_ID,
            "subdomain": self.subdomain,
            "client_uuid": self.client_id,
            "entity_id": entity_id,
            "entity_type": entity_type,
            "bot_type": "salesbot",
        }
        return jwt.encode(body, secret or self.client_secret, algorithm="HS512")

    def widget_request(
        self,
        text: str,
        *,
        contact_id: int,
        lead_id: int | None = None,
        bot_id: int = BOT_ID,
        secret: str | None = None,
        **data: Any,
    ) -> dict[str, Any]:
        """The JSON a Salesbot's widget_request step posts for a customer's message: the
        designer passes `{{message_text}}`, the contact and the lead; each request gets its
        own continue address."""
        continue_id = uuid.uuid4().hex
        data = {"message_text": text, "contact_id": contact_id, **data}
        if lead_id is not None:
            data["lead_id"] = lead_id
        self.bot_runs[continue_id] = {"bot_id": bot_id, "data": data}
        return {
            "token": self.bot_token(contact_id, secret=secret),
            "data": data,
            "return_url": f"https://{self.subdomain}.amocrm.ru/api/v4/salesbot/{bot_id}"
            f"/continue/{continue_id}",
        }

    def shown(self, contact_id: int) -> list[str]:
        """The `show` text values the bot displayed to a contact, in order."""
        return [
            handler["params"]["value"]
            for continue_id, body in self.continued.items()
            if self.bot_runs[continue_id]["data"].get("contact_id") == contact_id
            for handler in body.get("execute_handlers") or []
            if handler["handler"] == "show" and handler["params"].get("type") == "text"
        ]

    def answers(self, contact_id: int) -> list[str]:
        """The `data.text` of each accepted continue call for a contact, in order."""
        return [
            str((body.get("data") or {}).get("text"))
            for continue_id, body in self.continued.items()
            if self.bot_runs[continue_id]["data"].get("contact_id") == contact_id
        ]

    def add_lead(self, **fields: Any) -> dict[str, Any]:
        """Seed a lead from the fields of a create request (validated the same way)."""
        return self._new_lead(self._lead_changes(fields, None))

    def lead_contacts(self, lead_id: int) -> list[dict[str, Any]]:
        return [self.contacts[c] for c in self.leads[lead_id]["_contacts"]]

    # --- webhooks -------------------------------------------------------------------------------
    def status_webhook(
        self,
        lead_id: int,
        status_id: int,
        pipeline_id: int | None = None,
        *,
        old_status_id: int | None = None,
        old_pipeline_id: int | None = None,
    ) -> str:
        """The form body amoCRM posts when a lead changes status. A known lead is moved first,
        as a manager would have moved it, so a re-fetch agrees with the hook."""
        lead = self.leads.get(lead_id)
        old_pipeline = old_pipeline_id or (lead["pipeline_id"] if lead else MAIN_PIPELINE)
        old_status = old_status_id or (lead["status_id"] if lead else FIRST_STATUS)
        pipeline = pipeline_id or old_pipeline
        if lead is not None:
            self._move(lead, pipeline, status_id)
        prefix = "leads[status][0]"
        return _php_form(
            [
                (f"{prefix}[id]", lead_id),
                (f"{prefix}[status_id]", status_id),
                (f"{prefix}[pipeline_id]", pipeline),
                (f"{prefix}[old_status_id]", old_status),
                (f"{prefix}[old_pipeline_id]", old_pipeline),
                ("account[subdomain]", self.subdomain),
                ("account[id]", ACCOUNT_ID),
            ]
        )

    def deliver(self, url: str, body: str, timeout: float = 5.0) -> httpx.Response:
        """POST a webhook body the way amoCRM does (form-encoded, no signature)."""
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        response = httpx.post(url, content=body, headers=headers, timeout=timeout)
        self.deliveries.append((url, body, response.status_code))
        return response

    # --- serving --------------------------------------------------------------------------------
    def _routes(self) -> list[tuple[str, str, Handler]]:
        return [
            ("GET", "/api/v4/leads", self._list_leads),
            ("POST", "/api/v4/leads", self._create_leads),
            ("PATCH", "/api/v4/leads", self._patch_leads),
            ("POST", "/api/v4/leads/complex", self._create_complex),
            ("GET", "/api/v4/leads/pipelines", self._list_pipelines),
            ("POST", "/api/v4/leads/notes", self._add_notes),
            ("GET", "/api/v4/leads/{lead_id:int}", self._get_lead),
            ("PATCH", "/api/v4/leads/{lead_id:int}", self._patch_lead),
            ("POST", "/api/v4/leads/{lead_id:int}/notes", self._add_lead_notes),
            ("GET", "/api/v4/contacts", self._list_contacts),
            ("POST", "/api/v4/contacts", self._create_contacts),
            ("GET", "/api/v4/contacts/{contact_id:int}", self._get_contact),
            ("GET", "/api/v4/companies", self._list_companies),
            ("GET", "/api/v4/companies/{company_id:int}", self._get_company),
            ("POST", "/api/v4/tasks", self._add_tasks),
            ("GET", "/api/v4/users", self._list_users),
            ("GET", "/api/v4/webhooks", self._list_webhooks),
            ("POST", "/api/v4/webhooks", self._add_webhook),
            ("DELETE", "/api/v4/webhooks", self._delete_webhook),
            (
                "POST",
                "/api/v4/salesbot/{bot_id:int}/continue/{continue_id}",
                self._continue_bot,
            ),
        ]

    def _serve_route(self, method: str, route: str, handler: Handler) -> None:
        async def endpoint(request: Request) -> Response:
            return await self._serve(request, handler)

        self.app.add_api_route(route, endpoint, methods=[method])

    async def _serve(self, request: Request, handler: Handler) -> Response:
        call = self._record(request)
        call.body, malformed = await _json_body(request)
        try:
            self._gate(call.token)
            if malformed:
                raise _Refused(_problem(400, "Request body is not valid JSON"))
            response = handler(
                _Incoming(dict(request.path_params), request.query_params, call.body, call.token)
            )
        except _Invalid as invalid:
            response = _validation([{"request_id": "0", "errors": [invalid.json()]}])
        except _Refused as refused:
            response = refused.response
        response.headers["X-Request-Id"] = uuid.uuid4().hex
        call.status = response.status_code
        return response

    def _record(self, request: Request) -> Call:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        call = Call(
            request.method,
            request.url.path,
            dict(request.query_params),
            request.url.query,
            token=token if scheme.lower() == "bearer" else None,
        )
        self.calls.append(call)
        return call

    def _gate(self, token: str | None) -> None:
        """What an API request meets before its handler: outage, ban, auth, injected
        failures, the rate limit."""
        if self.down:
            raise _Refused(_html(503))
        if self.blocked:
            raise _Refused(_html(403))
        if not self._authorised(token):
            raise _Refused(_problem(401, "Access token is missing, invalid or expired"))
        with self._lock:
            failure = self._failures.pop(0) if self._failures else None
        if failure is not None:
            status, html = failure
            raise _Refused(_html(status) if html else Response(status_code=status))
        self._count_request()

    def _authorised(self, token: str | None) -> bool:
        now = time.time()
        if not token:
            return False
        if token == self.long_lived_token:
            return self.long_lived_expires_at is None or self.long_lived_expires_at > now
        return self.access_tokens.get(token, 0.0) > now

    def _count_request(self) -> None:
        """A sliding one-second window over the requests let through."""
        with self._lock:
            now = time.monotonic()
            while self._accepted and now - self._accepted[0] >= 1.0:
                self._accepted.popleft()
            if self.enforce_rate and len(self._accepted) >= self.rate_limit:
                raise _Refused(_html(429))
            self._accepted.append(now)

    async def _no_route(self, request: Request, exc: Exception) -> Response:
        """Unknown paths and methods: 404 (unless the whole service is down)."""
        call = self._record(request)
        response = _html(503) if self.down else _problem(404, "Not Found")
        call.status = response.status_code
        return response

    # --- OAuth ----------------------------------------------------------------------------------
    async def _token(self, request: Request) -> Response:
        call = self._record(request)
        call.body, malformed = await _json_body(request)
        if self.down:
            response = _html(503)
        else:
            body = call.body if isinstance(call.body, dict) and not malformed else {}
            response = self._grant(body)
        call.status = response.status_code
        return response

    def _grant(self, body: dict[str, Any]) -> Response:
        required = ["client_id", "client_secret", "grant_type"]
        if body.get("grant_type") == "authorization_code":
            required += ["code", "redirect_uri"]
        elif body.get("grant_type") == "refresh_token":
            required.append("refresh_token")
        missing = [key for key in required if not isinstance(body.get(key), str) or not body[key]]
        if missing:
            return _oauth_problem(400, f"Check the `{missing[0]}` parameter")
        if (body["client_id"], body["client_secret"]) != (self.client_id, self.client_secret):
            return _oauth_problem(401, "Client authentication failed")
        if body.get("redirect_uri", self.redirect_uri) != self.redirect_uri:
            return _oauth_problem(400, "Redirect URI does not match the integration's")
        if body["grant_type"] == "authorization_code":
            refusal = self._take_code(body["code"])
        elif body["grant_type"] == "refresh_token":
            refusal = self._take_refresh_token(body["refresh_token"])
        else:
            return _oauth_problem(400, "The authorization grant type is not supported")
        if refusal:
            return _oauth_problem(self.oauth_error_status, refusal)
        return JSONResponse(self._issue_pair())

    def _take_code(self, code: str) -> str | None:
        """None when the code is good (it is spent then), else the refusal's hint."""
        with self._lock:
            if code in self._used_codes:
                return "Authorization code has been revoked"
            expiry = self.codes.pop(code, None)
            if expiry is None:
                return "Cannot decrypt the authorization code"
            self._used_codes.add(code)
        return "Authorization code has expired" if expiry <= time.time() else None

    def _take_refresh_token(self, token: str) -> str | None:
        with self._lock:
            expiry = self.refresh_tokens.pop(token, 0.0)  # rotation: never usable twice
        return None if expiry > time.time() else "Invalid refresh token"

    def _issue_pair(self) -> dict[str, Any]:
        issued = time.time()
        now = int(issued)
        claims = {
            "aud": self.client_id,
            "jti": str(uuid.uuid4()),
            "iat": now,
            "nbf": now,
            "exp": now + self.token_ttl,
            "sub": str(USER_ID),
            "account_id": ACCOUNT_ID,
            "base_domain": "amocrm.ru",
            "api_domain": "api-b.amocrm.ru",
            "scopes": ["crm", "notifications"],
        }
        access = jwt.encode(claims, _signing_key(), algorithm="RS256")
        refresh = "def50200" + secrets.token_hex(64)
        with self._lock:
            # the fake's own clock is exact: `exp` (whole seconds) may be up to 1 s sooner
            self.access_tokens[access] = issued + self.token_ttl
            self.refresh_tokens[refresh] = issued + self.refresh_ttl
            self.tokens_issued += 1
        return {
            "token_type": "Bearer",
            "expires_in": self.token_ttl,
            "access_token": access,
            "refresh_token": refresh,
            "server_time": now,
        }

    # --- leads ----------------------------------------------------------------------------------
    def _list_leads(self, incoming: _Incoming) -> Response:
        query = incoming.query
        wanted = _with(query)
        leads = [lead for lead in self.leads.values() if _lead_matches(lead, query)]
        if text := query.get("query", "").strip():
            leads = [lead for lead in leads if _contains(self._lead_texts(lead), text)]
        leads = _ordered(leads, query)
        return self._collection("leads", leads, query, lambda x: self._lead_json(x, wanted))

    def _get_lead(self, incoming: _Incoming) -> Response:
        lead = self.leads.get(incoming.path["lead_id"])
        if lead is None:
            return Response(status_code=204)
        return _hal(self._lead_json(lead, _with(incoming.query)))

    def _create_leads(self, incoming: _Incoming) -> Response:
        batch = _batch(incoming.body, None, lambda item: self._lead_changes(item, None))
        created = [(rid, self._new_lead(changes)) for rid, changes in batch]
        items = [
            {"id": lead["id"], "request_id": rid, "_links": self._self_link("leads", lead["id"])}
            for rid, lead in created
        ]
        return _hal({"_links": self._list_link("leads"), "_embedded": {"leads": items}})

    def _create_complex(self, incoming: _Incoming) -> Response:
        batch = _batch(incoming.body, COMPLEX_LIMIT, self._complex_changes)
        answer = []
        for rid, (lead_changes, contact, company) in batch:
            contact_id = self._linked(contact, self.contacts, self._new_contact)
            company_id = self._linked(company, self.companies, self._new_company)
            lead_changes["_contacts"] = [contact_id] if contact_id else []
            lead_changes["_companies"] = [company_id] if company_id else []
            lead = self._new_lead(lead_changes)
            if contact_id and company_id:
                self.contacts[contact_id]["_companies"].append(company_id)
            answer.append(
                {
                    "id": lead["id"],
                    "contact_id": contact_id,
                    "company_id": company_id,
                    "request_id": [rid],
                    "merged": False,
                }
            )
        return _hal(answer)  # a plain array, not HAL

    def _complex_changes(
        self, item: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any] | None, dict[str, Any] | None]:
        lead = self._lead_changes({k: v for k, v in item.items() if k != "_embedded"}, None)
        embedded = _object(item.get("_embedded") or {}, "_embedded")
        if "tags" in embedded:
            lead["_tags"] = self._tag_refs(embedded["tags"], "_embedded.tags")
        contact = self._one_embedded(embedded, "contacts", self.contacts, self._contact_changes)
        company = self._one_embedded(embedded, "companies", self.companies, self._company_changes)
        return lead, contact, company

    def _one_embedded(
        self,
        embedded: dict[str, Any],
        key: str,
        known: dict[int, dict[str, Any]],
        changes: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> dict[str, Any] | None:
        """The one contact/company a complex lead may carry: a full entity or `{"id"}`."""
        items = embedded.get(key) or []
        if not isinstance(items, list) or len(items) > 1:
            raise _Invalid("InvalidType", f"_embedded.{key}", "at most one entity")
        if not items:
            return None
        path = f"_embedded.{key}.0"
        item = _object(items[0], path)
        if "id" in item:
            entity_id = _int(item["id"], f"{path}.id")
            if entity_id not in known:
                raise _Invalid("NotSupportedChoice", f"{path}.id", "No such entity")
            return {"id": entity_id}
        try:
            return changes(item)
        except _Invalid as invalid:
            raise invalid.within(path) from None

    def _linked(
        self,
        spec: dict[str, Any] | None,
        known: dict[int, dict[str, Any]],
        create: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> int | None:
        if spec is None:
            return None
        if "id" in spec and len(spec) == 1:
            return int(spec["id"])
        return int(create(spec)["id"])

    def _patch_leads(self, incoming: _Incoming) -> Response:
        batch = _batch(incoming.body, None, self._patch_changes)
        items = []
        for rid, (lead, changes) in batch:
            self._apply(lead, changes)
            items.append(
                {
                    "id": lead["id"],
                    "updated_at": lead["updated_at"],
                    "request_id": rid,
                    "_links": self._self_link("leads", lead["id"]),
                }
            )
        return _hal({"_links": self._list_link("leads"), "_embedded": {"leads": items}})

    def _patch_lead(self, incoming: _Incoming) -> Response:
        body = _object(incoming.body, "")
        lead, changes = self._patch_changes({**body, "id": incoming.path["lead_id"]})
        self._apply(lead, changes)
        answer = {"id": lead["id"], "updated_at": lead["updated_at"]}
        return _hal({**answer, "_links": self._self_link("leads", lead["id"])})

    def _patch_changes(self, item: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        if "id" not in item:
            raise _Invalid("FieldMissing", "id", "The entity id is required")
        lead = self.leads.get(_int(item["id"], "id"))
        if lead is None:
            raise _Invalid("NotSupportedChoice", "id", "No lead with this id")
        return lead, self._lead_changes(item, lead)

    def _lead_changes(self, item: dict[str, Any], current: dict[str, Any] | None) -> dict[str, Any]:
        """The validated fields a create (current None) or update sets; nothing is stored."""
        changes: dict[str, Any] = {}
        if "name" in item:
            changes["name"] = _text(item["name"], "name")
        for key in ("price", "loss_reason_id", "created_at"):
            if key in item:
                changes[key] = None if item[key] is None else _int(item[key], key)
        if "responsible_user_id" in item:
            changes["responsible_user_id"] = self._user_id(item["responsible_user_id"])
        changes.update(self._placement(item, current))
        values = self._field_values("leads", item.get("custom_fields_values"))
        if values is not None:
            changes["custom_fields_values"] = values
        changes.update(self._lead_links(item, current))
        return changes

    def _placement(self, item: dict[str, Any], current: dict[str, Any] | None) -> dict[str, int]:
        """Pipeline and status: 142/143 need the pipeline named; a new pipeline alone puts
        the lead into its first stage."""
        if "pipeline_id" not in item and "status_id" not in item:
            return {} if current else self._first_stage(MAIN_PIPELINE)
        pipeline_id = current["pipeline_id"] if current else MAIN_PIPELINE
        if "pipeline_id" in item:
            pipeline_id = _int(item["pipeline_id"], "pipeline_id")
            if pipeline_id not in self.pipelines:
                raise _Invalid("NotSupportedChoice", "pipeline_id", "No such pipeline")
        if "status_id" not in item:
            same = current is not None and current["pipeline_id"] == pipeline_id
            return {} if same else self._first_stage(pipeline_id)
        status_id = _int(item["status_id"], "status_id")
        if status_id in (WON, LOST) and "pipeline_id" not in item:
            raise _Invalid("FieldMissing", "pipeline_id", "Statuses 142/143 need pipeline_id")
        if status_id not in self._status_ids(pipeline_id):
            raise _Invalid("NotSupportedChoice", "status_id", "No such status in the pipeline")
        return {"pipeline_id": pipeline_id, "status_id": status_id}

    def _lead_links(self, item: dict[str, Any], current: dict[str, Any] | None) -> dict[str, Any]:
        """Tags and the contacts/companies a plain create or update links by id."""
        changes: dict[str, Any] = {}
        embedded = _object(item.get("_embedded") or {}, "_embedded")
        if "tags" in embedded:
            changes["_tags"] = self._tag_refs(embedded["tags"], "_embedded.tags")
        for key in ("tags_to_add", "tags_to_delete"):
            if key in item:
                changes[key] = self._tag_refs(item[key], key)
        for key, known in (("contacts", self.contacts), ("companies", self.companies)):
            refs = embedded.get(key)
            if refs is None:
                continue
            if not isinstance(refs, list):
                raise _Invalid("InvalidType", f"_embedded.{key}", "An array is expected")
            ids = [
                _int(_object(r, f"_embedded.{key}.{i}").get("id"), f"_embedded.{key}.{i}.id")
                for i, r in enumerate(refs)
            ]
            for i, entity_id in enumerate(ids):
                if entity_id not in known:
                    raise _Invalid("NotSupportedChoice", f"_embedded.{key}.{i}.id", "No such id")
            changes[f"_{key}"] = ids
        return changes

    def _first_stage(self, pipeline_id: int) -> dict[str, int]:
        statuses = self.pipelines[pipeline_id]["_embedded"]["statuses"]
        first = min(
            (s for s in statuses if s["type"] == 0 and s["id"] not in (WON, LOST)),
            key=lambda s: s["sort"],
        )
        return {"pipeline_id": pipeline_id, "status_id": first["id"]}

    def _status_ids(self, pipeline_id: int) -> set[int]:
        return {s["id"] for s in self.pipelines[pipeline_id]["_embedded"]["statuses"]}

    def _new_lead(self, changes: dict[str, Any]) -> dict[str, Any]:
        lead_id = next(self._ids)
        now = int(time.time())
        lead: dict[str, Any] = {
            "id": lead_id,
            "name": f"Сделка #{lead_id}",
            "price": 0,
            "responsible_user_id": USER_ID,
            "group_id": 0,
            "status_id": FIRST_STATUS,
            "pipeline_id": MAIN_PIPELINE,
            "loss_reason_id": None,
            "created_by": USER_ID,
            "updated_by": USER_ID,
            "created_at": now,
            "updated_at": now,
            "closed_at": None,
            "closest_task_at": None,
            "is_deleted": False,
            "custom_fields_values": None,
            "score": None,
            "account_id": ACCOUNT_ID,
            "_tags": [],
            "_contacts": [],
            "_companies": [],
        }
        self.leads[lead_id] = lead
        self._apply(lead, changes)
        return lead

    def _apply(self, lead: dict[str, Any], changes: dict[str, Any]) -> None:
        changes = dict(changes)
        if "_tags" in changes:
            lead["_tags"] = self._tags_of(changes.pop("_tags"))
        for tag in self._tags_of(changes.pop("tags_to_add", [])):
            if tag not in lead["_tags"]:
                lead["_tags"].append(tag)
        dropped = self._tags_of(changes.pop("tags_to_delete", []))
        lead["_tags"] = [tag for tag in lead["_tags"] if tag not in dropped]
        if "custom_fields_values" in changes:
            merged = _merge_values(
                lead["custom_fields_values"], changes.pop("custom_fields_values")
            )
            lead["custom_fields_values"] = merged
        if "status_id" in changes:
            self._move(lead, changes.pop("pipeline_id"), changes.pop("status_id"))
        lead.update(changes)
        for contact_id in changes.get("_contacts", []):  # the contact lists its leads too
            if lead["id"] not in self.contacts[contact_id]["_leads"]:
                self.contacts[contact_id]["_leads"].append(lead["id"])
        lead["updated_at"] = max(int(time.time()), lead["created_at"])

    def _move(self, lead: dict[str, Any], pipeline_id: int, status_id: int) -> None:
        closed = status_id in (WON, LOST)
        if closed and lead["status_id"] not in (WON, LOST):
            lead["closed_at"] = int(time.time())
        elif not closed:
            lead["closed_at"] = None
        lead.update(pipeline_id=pipeline_id, status_id=status_id, updated_at=int(time.time()))

    def _lead_texts(self, lead: dict[str, Any]) -> list[str]:
        texts = [lead["name"], str(lead["id"]), str(lead["price"] or "")]
        return texts + _field_texts(lead["custom_fields_values"])

    def _list_pipelines(self, incoming: _Incoming) -> Response:
        pipelines = [
            {**p, "_links": self._self_link("leads/pipelines", p["id"])}
            for p in self.pipelines.values()
        ]
        return _hal(
            {
                "_total_items": len(pipelines),
                "_links": self._list_link("leads/pipelines"),
                "_embedded": {"pipelines": pipelines},
            }
        )

    # --- contacts and companies -----------------------------------------------------------------
    def _list_contacts(self, incoming: _Incoming) -> Response:
        query = incoming.query
        wanted = _with(query)
        contacts = list(self.contacts.values())
        ids = _int_values(query, "filter[id]")
        if ids:
            contacts = [c for c in contacts if c["id"] in ids]
        if text := query.get("query", "").strip():
            contacts = [c for c in contacts if _contains(_contact_texts(c), text)]
        contacts = _ordered(contacts, query)
        return self._collection(
            "contacts", contacts, query, lambda c: self._contact_json(c, wanted)
        )

    def _list_companies(self, incoming: _Incoming) -> Response:
        query = incoming.query
        companies = list(self.companies.values())
        if text := query.get("query", "").strip():
            companies = [c for c in companies if _contains([c["name"]], text)]
        return self._collection(
            "companies", _ordered(companies, query), query,
            lambda c: self._company_json(c, _with(query)),
        )  # fmt: skip

    def _get_company(self, incoming: _Incoming) -> Response:
        company = self.companies.get(incoming.path["company_id"])
        if company is None:
            return Response(status_code=204)
        return _hal(self._company_json(company, _with(incoming.query)))

    def _company_json(self, company: dict[str, Any], wanted: set[str]) -> dict[str, Any]:
        embedded: dict[str, Any] = {"tags": [dict(t) for t in company["_tags"]]}
        if "leads" in wanted:
            embedded["leads"] = [
                self._ref("leads", lead_id)
                for lead_id, lead in self.leads.items()
                if company["id"] in lead["_companies"]
            ]
        links = self._self_link("companies", company["id"])
        return {**_public(company), "_links": links, "_embedded": embedded}

    def _get_contact(self, incoming: _Incoming) -> Response:
        contact = self.contacts.get(incoming.path["contact_id"])
        if contact is None:
            return Response(status_code=204)
        return _hal(self._contact_json(contact, _with(incoming.query)))

    def _create_contacts(self, incoming: _Incoming) -> Response:
        batch = _batch(incoming.body, None, self._contact_changes)
        items = []
        for rid, changes in batch:
            contact = self._new_contact(changes)
            link = self._self_link("contacts", contact["id"])
            items.append({"id": contact["id"], "request_id": rid, "_links": link})
        return _hal({"_links": self._list_link("contacts"), "_embedded": {"contacts": items}})

    def _contact_changes(self, item: dict[str, Any]) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        for key in ("name", "first_name", "last_name"):
            if key in item:
                changes[key] = _text(item[key], key)
        if "responsible_user_id" in item:
            changes["responsible_user_id"] = self._user_id(item["responsible_user_id"])
        values = self._field_values("contacts", item.get("custom_fields_values"))
        changes["custom_fields_values"] = values
        embedded = _object(item.get("_embedded") or {}, "_embedded")
        changes["_tags"] = self._tag_refs(embedded.get("tags", []), "_embedded.tags")
        return changes

    def _company_changes(self, item: dict[str, Any]) -> dict[str, Any]:
        changes: dict[str, Any] = {"name": _text(item.get("name", ""), "name")}
        changes["custom_fields_values"] = self._field_values(
            "companies", item.get("custom_fields_values")
        )
        return changes

    def _new_contact(self, changes: dict[str, Any]) -> dict[str, Any]:
        first, last = changes.get("first_name", ""), changes.get("last_name", "")
        name = changes.get("name") or f"{first} {last}".strip()
        contact = self._entity(
            name=name,
            first_name=first,
            last_name=last,
            is_unsorted=False,
            custom_fields_values=changes.get("custom_fields_values"),
            responsible_user_id=changes.get("responsible_user_id", USER_ID),
        )
        contact.update(_tags=self._tags_of(changes.get("_tags", [])), _leads=[], _companies=[])
        self.contacts[contact["id"]] = contact
        return contact

    def _new_company(self, changes: dict[str, Any]) -> dict[str, Any]:
        company = self._entity(
            name=changes["name"],
            custom_fields_values=changes.get("custom_fields_values"),
            responsible_user_id=USER_ID,
        )
        company["_tags"] = []
        self.companies[company["id"]] = company
        return company

    def _entity(self, **fields: Any) -> dict[str, Any]:
        now = int(time.time())
        return {
            "id": next(self._ids),
            "group_id": 0,
            "created_by": USER_ID,
            "updated_by": USER_ID,
            "created_at": now,
            "updated_at": now,
            "closest_task_at": None,
            "is_deleted": False,
            "account_id": ACCOUNT_ID,
            **fields,
        }

    # --- custom fields and tags -----------------------------------------------------------------
    def _field_values(self, entity: str, raw: Any) -> list[dict[str, Any]] | None:
        """Write-shaped values → read-shaped ones; None leaves the fields untouched."""
        if raw is None:
            return None
        if not isinstance(raw, list):
            raise _Invalid("InvalidType", "custom_fields_values", "An array is expected")
        if len(raw) > FIELD_VALUES_LIMIT:
            detail = f"At most {FIELD_VALUES_LIMIT} field values per entity"
            raise _Invalid("TooManyValues", "custom_fields_values", detail)
        return [
            self._field_value(entity, item, f"custom_fields_values.{i}")
            for i, item in enumerate(raw)
        ]

    def _field_value(self, entity: str, raw: Any, path: str) -> dict[str, Any]:
        item = _object(raw, path)
        field_id, spec = self._field(entity, item, path)
        values = item.get("values")
        if values is not None and (not isinstance(values, list) or not values):
            raise _Invalid("InvalidType", f"{path}.values", "A non-empty array is expected")
        return {
            "field_id": field_id,
            "field_name": spec["name"],
            "field_code": spec.get("code"),
            "field_type": spec["type"],
            "values": None
            if values is None
            else [_read_value(spec, v, f"{path}.values.{j}") for j, v in enumerate(values)],
        }

    def _field(self, entity: str, item: dict[str, Any], path: str) -> tuple[int, dict[str, Any]]:
        fields = self.custom_fields.get(entity, {})
        if "field_id" in item:
            field_id = _int(item["field_id"], f"{path}.field_id")
            if field_id not in fields:
                detail = "The value you selected is not a valid choice."
                raise _Invalid("NotSupportedChoice", f"{path}.field_id", detail)
            return field_id, fields[field_id]
        code = item.get("field_code")
        for field_id, spec in fields.items():
            if code is not None and spec.get("code") == code:
                return field_id, spec
        detail = "The value you selected is not a valid choice."
        raise _Invalid("NotSupportedChoice", f"{path}.field_code", detail)

    def _tag_refs(self, raw: Any, path: str) -> list[dict[str, Any]]:
        """`{"id"}` (must exist) or `{"name"}` (created on write) items, validated."""
        if not isinstance(raw, list):
            raise _Invalid("InvalidType", path, "An array is expected")
        refs = []
        for i, item in enumerate(raw):
            tag = _object(item, f"{path}.{i}")
            if "id" in tag:
                if _int(tag["id"], f"{path}.{i}.id") not in self.tags.values():
                    raise _Invalid("NotSupportedChoice", f"{path}.{i}.id", "No such tag")
                refs.append({"id": tag["id"]})
            else:
                refs.append({"name": _text(tag.get("name"), f"{path}.{i}.name", required=True)})
        return refs

    def _tags_of(self, refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        tags = []
        for ref in refs:
            name = ref.get("name") or next(n for n, i in self.tags.items() if i == ref["id"])
            if name not in self.tags:
                self.tags[name] = next(self._ids)
            tags.append({"id": self.tags[name], "name": name})
        return tags

    def _user_id(self, raw: Any) -> int:
        user_id = _int(raw, "responsible_user_id")
        if user_id not in {u["id"] for u in self.users}:
            raise _Invalid("NotSupportedChoice", "responsible_user_id", "No such user")
        return user_id

    # --- the Salesbot ---------------------------------------------------------------------------
    def _continue_bot(self, incoming: _Incoming) -> Response:
        """The answer to one widget_request: an administrator's, once, within the limits."""
        if not self._token_user(incoming.token)["rights"].get("is_admin"):
            return _problem(403, "The method is available for administrators of the account")
        if self.continue_failures:
            status = self.continue_failures.pop(0)
            return _html(status) if status >= 429 else _problem(status, "Refused")
        continue_id = str(incoming.path["continue_id"])
        run = self.bot_runs.get(continue_id)
        if run is None or run["bot_id"] != incoming.path["bot_id"]:
            return _problem(404, "Salesbot is not waiting for this widget")
        if continue_id in self.continued:
            return _problem(404, "Salesbot has already continued")
        body = _object(incoming.body, "")
        if not isinstance(body.get("data", {}), dict):
            raise _Invalid("InvalidType", "data", "data must be an object")
        handlers = body.get("execute_handlers", [])
        if not isinstance(handlers, list) or len(handlers) > MAX_HANDLERS:
            raise _Invalid("TooMany", "execute_handlers", f"At most {MAX_HANDLERS} handlers")
        for number, handler in enumerate(handlers):
            self._check_handler(_object(handler, f"execute_handlers.{number}"), number)
        self.continued[continue_id] = body
        return JSONResponse({})

    def _check_handler(self, handler: dict[str, Any], number: int) -> None:
        path = f"execute_handlers.{number}"
        params = _object(handler.get("params"), f"{path}.params")
        if handler.get("handler") != "show":
            return
        value = params.get("value")
        if not isinstance(value, str) or not value or len(value) > SHOW_LIMIT:
            raise _Invalid("TooLong", f"{path}.params.value", f"1 to {SHOW_LIMIT} characters")
        buttons = params.get("buttons", [])
        if not isinstance(buttons, list) or len(buttons) > MAX_BUTTONS:
            raise _Invalid("TooMany", f"{path}.params.buttons", f"At most {MAX_BUTTONS}")

    def _token_user(self, token: str | None) -> dict[str, Any]:
        """Whose access token it is: the JWT's `sub`; the long-lived one is USER_ID's."""
        user_id = USER_ID
        if token and token != self.long_lived_token:
            user_id = int(jwt.decode(token, options={"verify_signature": False})["sub"])
        return next(u for u in self.users if u["id"] == user_id)

    # --- notes and tasks ------------------------------------------------------------------------
    def _add_lead_notes(self, incoming: _Incoming) -> Response:
        lead_id = incoming.path["lead_id"]
        return self._store_notes(incoming.body, lambda item: lead_id)

    def _add_notes(self, incoming: _Incoming) -> Response:
        return self._store_notes(
            incoming.body, lambda item: _int(item.get("entity_id"), "entity_id")
        )

    def _store_notes(self, body: Any, entity_of: Callable[[dict[str, Any]], int]) -> Response:
        batch = _batch(body, None, lambda item: self._note(item, entity_of(item)))
        items = []
        for rid, note in batch:
            note["id"] = next(self._ids)
            self.notes.append(note)
            link = self._self_link(f"leads/{note['entity_id']}/notes", note["id"])
            items.append(
                {
                    "id": note["id"],
                    "entity_id": note["entity_id"],
                    "request_id": rid,
                    "_links": link,
                }
            )
        return _hal({"_links": self._list_link("leads/notes"), "_embedded": {"notes": items}})

    def _note(self, item: dict[str, Any], lead_id: int) -> dict[str, Any]:
        if lead_id not in self.leads:
            raise _Invalid("NotSupportedChoice", "entity_id", "No lead with this id")
        if item.get("note_type") != "common":
            detail = "Only `common` notes are known to this fake"
            raise _Invalid("NotSupportedChoice", "note_type", detail)
        params = _object(item.get("params"), "params")
        text = _text(params.get("text"), "params.text", required=True)
        now = int(time.time())
        return {
            "entity_id": lead_id,
            "entity_type": "leads",
            "note_type": "common",
            "params": {"text": text},
            "created_by": USER_ID,
            "responsible_user_id": USER_ID,
            "created_at": now,
            "updated_at": now,
            "account_id": ACCOUNT_ID,
        }

    def _add_tasks(self, incoming: _Incoming) -> Response:
        batch = _batch(incoming.body, None, self._task)
        items = []
        for rid, task in batch:
            task["id"] = next(self._ids)
            self.tasks.append(task)
            link = self._self_link("tasks", task["id"])
            items.append({"id": task["id"], "request_id": rid, "_links": link})
        return _hal({"_links": self._list_link("tasks"), "_embedded": {"tasks": items}})

    def _task(self, item: dict[str, Any]) -> dict[str, Any]:
        task = {
            "text": _text(item.get("text"), "text", required=True),
            "complete_till": _int(item.get("complete_till"), "complete_till"),
            "task_type_id": _int(item.get("task_type_id", 1), "task_type_id"),
            "responsible_user_id": self._user_id(item.get("responsible_user_id", USER_ID)),
            "entity_id": None,
            "entity_type": None,
            "duration": _int(item.get("duration", 0), "duration"),
            "is_completed": bool(item.get("is_completed", False)),
            "result": item.get("result"),
        }
        if "entity_type" in item or "entity_id" in item:
            task.update(self._task_entity(item))
        return task

    def _task_entity(self, item: dict[str, Any]) -> dict[str, Any]:
        entity_type = item.get("entity_type")
        if entity_type not in ENTITY_TYPES:
            raise _Invalid("NotSupportedChoice", "entity_type", "Unknown entity type")
        entity_id = _int(item.get("entity_id"), "entity_id")
        known = {"leads": self.leads, "contacts": self.contacts, "companies": self.companies}
        if entity_type in known and entity_id not in known[entity_type]:
            raise _Invalid("NotSupportedChoice", "entity_id", "No such entity")
        return {"entity_type": entity_type, "entity_id": entity_id}

    def _list_users(self, incoming: _Incoming) -> Response:
        users = [{**u, "_links": self._self_link("users", u["id"])} for u in self.users]
        return self._collection("users", users, incoming.query, dict, total=True)

    # --- webhook subscriptions ------------------------------------------------------------------
    def _add_webhook(self, incoming: _Incoming) -> Response:
        """One object, not an array (the answer's shape is the fake's guess)."""
        body = _object(incoming.body, "")
        destination = _text(body.get("destination"), "destination", required=True)
        settings = body.get("settings")
        if not isinstance(settings, list) or not settings:
            raise _Invalid("InvalidType", "settings", "A non-empty array of events is expected")
        self.webhooks = [w for w in self.webhooks if w["destination"] != destination]
        hook = {
            "id": next(self._ids),
            "destination": destination,
            "settings": [str(s) for s in settings],
            "sort": _int(body.get("sort", 1), "sort"),
            "disabled": False,
            "created_at": int(time.time()),
            "account_id": ACCOUNT_ID,
        }
        self.webhooks.append(hook)
        return _hal(hook)

    def _list_webhooks(self, incoming: _Incoming) -> Response:
        destination = incoming.query.get("filter[destination]")
        hooks = [w for w in self.webhooks if destination in (None, w["destination"])]
        return self._collection("webhooks", hooks, incoming.query, dict, total=True)

    def _delete_webhook(self, incoming: _Incoming) -> Response:
        body = _object(incoming.body, "")
        destination = _text(body.get("destination"), "destination", required=True)
        self.webhooks = [w for w in self.webhooks if w["destination"] != destination]
        return Response(status_code=204)

    # --- state as the API shows it --------------------------------------------------------------
    def _href(self, path: str) -> str:
        return f"{self.origin}/api/v4/{path}"

    def _self_link(self, entities: str, entity_id: int) -> dict[str, Any]:
        return {"self": {"href": self._href(f"{entities}/{entity_id}")}}

    def _list_link(self, entities: str) -> dict[str, Any]:
        return {"self": {"href": self._href(entities)}}

    def _ref(self, entities: str, entity_id: int, **extra: Any) -> dict[str, Any]:
        return {"id": entity_id, **extra, "_links": self._self_link(entities, entity_id)}

    def _lead_json(self, lead: dict[str, Any], wanted: set[str]) -> dict[str, Any]:
        embedded: dict[str, Any] = {
            "tags": [dict(t) for t in lead["_tags"]],
            "companies": [self._ref("companies", c) for c in lead["_companies"]],
        }
        if "contacts" in wanted:
            embedded["contacts"] = [
                self._ref("contacts", c, is_main=i == 0) for i, c in enumerate(lead["_contacts"])
            ]
        return {
            **_public(lead),
            "_links": self._self_link("leads", lead["id"]),
            "_embedded": embedded,
        }

    def _contact_json(self, contact: dict[str, Any], wanted: set[str]) -> dict[str, Any]:
        embedded: dict[str, Any] = {
            "tags": [dict(t) for t in contact["_tags"]],
            "companies": [self._ref("companies", c) for c in contact["_companies"]],
        }
        if "leads" in wanted:
            embedded["leads"] = [self._ref("leads", lead) for lead in contact["_leads"]]
        links = self._self_link("contacts", contact["id"])
        return {**_public(contact), "_links": links, "_embedded": embedded}

    def _collection(
        self,
        entities: str,
        items: list[dict[str, Any]],
        query: QueryParams,
        render: Callable[[dict[str, Any]], dict[str, Any]],
        total: bool = False,
    ) -> Response:
        """One HAL page of `items`, or 204 when the page is empty."""
        page = _int(query.get("page", "1"), "page", low=1)
        limit = _int(query.get("limit", "50"), "limit", low=1, high=PAGE_LIMIT)
        chunk = items[(page - 1) * limit : page * limit]
        if not chunk:
            return Response(status_code=204)
        links = {"self": {"href": self._page_href(entities, query, page)}}
        if page > 1:
            links["first"] = {"href": self._page_href(entities, query, 1)}
            links["prev"] = {"href": self._page_href(entities, query, page - 1)}
        if len(items) > page * limit:
            links["next"] = {"href": self._page_href(entities, query, page + 1)}
        data: dict[str, Any] = {"_page": page, "_links": links}
        if total:
            data = {"_total_items": len(items), **data}
        data["_embedded"] = {entities: [render(item) for item in chunk]}
        return _hal(data)

    def _page_href(self, entities: str, query: QueryParams, page: int) -> str:
        pairs = [(k, v) for k, v in query.multi_items() if k != "page"] + [("page", str(page))]
        return f"{self._href(entities)}?{urlencode(pairs)}"


# --- responses ----------------------------------------------------------------------------------
def _hal(data: Any) -> Response:
    return JSONResponse(data, media_type=HAL)


def _problem(status: int, detail: str, **extra: Any) -> Response:
    title = HTTPStatus(status).phrase
    body = {**extra, "title": title, "type": f"https://httpstatus.es/{status}", "status": status}
    return JSONResponse({**body, "detail": detail}, status_code=status, media_type=PROBLEM)


def _validation(errors: list[dict[str, Any]]) -> Response:
    return _problem(400, "Request validation failed", **{"validation-errors": errors})


def _oauth_problem(status: int, hint: str) -> Response:
    body = {
        "hint": hint,
        "title": "Некорректный запрос",
        "type": "https://developers.amocrm.ru/v3/errors/OAuthProblemJson",
        "status": status,
        "detail": "В запросе отсутствует ряд параметров или параметры невалидны",
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _html(status: int) -> Response:
    """An nginx-style error page: the body a client must not try to parse as JSON."""
    phrase = f"{status} {HTTPStatus(status).phrase}"
    page = (
        f"<html>\r\n<head><title>{phrase}</title></head>\r\n<body>\r\n"
        f"<center><h1>{phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    )
    return Response(page, status_code=status, media_type="text/html")


# --- requests -----------------------------------------------------------------------------------
async def _json_body(request: Request) -> tuple[Any, bool]:
    """The parsed JSON body and whether a body was there but not JSON."""
    raw = await request.body()
    if not raw:
        return None, False
    try:
        return json.loads(raw), False
    except ValueError:
        return None, True


def _batch(
    body: Any, limit: int | None, prepare: Callable[[dict[str, Any]], T]
) -> list[tuple[str, T]]:
    """Validate every item of a write batch; any error refuses the whole batch (all errors
    reported, each under its item's `request_id`, by default its index)."""
    if not isinstance(body, list) or not body:
        raise _Refused(_problem(400, "The request body must be a non-empty JSON array"))
    if limit is not None and len(body) > limit:
        raise _Refused(_problem(400, f"At most {limit} entities per request"))
    prepared: list[tuple[str, T]] = []
    failures: list[dict[str, Any]] = []
    for index, item in enumerate(body):
        request_id = str(index)
        try:
            item = _object(item, "")
            request_id = str(item.get("request_id", index))
            prepared.append((request_id, prepare(item)))
        except _Invalid as invalid:
            failures.append({"request_id": request_id, "errors": [invalid.json()]})
    if failures:
        raise _Refused(_validation(failures))
    return prepared


def _object(raw: Any, path: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _Invalid("InvalidType", path, "An object is expected")
    return raw


def _int(raw: Any, path: str, low: int | None = None, high: int | None = None) -> int:
    if isinstance(raw, bool):
        raise _Invalid("InvalidType", path, "An integer is expected")
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise _Invalid("InvalidType", path, "An integer is expected") from None
    if isinstance(raw, float) and raw != value:
        raise _Invalid("InvalidType", path, "An integer is expected")
    if (low is not None and value < low) or (high is not None and value > high):
        raise _Invalid("OutOfRange", path, f"Must be within {low}..{high}")
    return value


def _text(raw: Any, path: str, required: bool = False) -> str:
    if raw is None and required:
        raise _Invalid("FieldMissing", path, "This value should not be blank")
    if not isinstance(raw, str):
        raise _Invalid("InvalidType", path, "A string is expected")
    if required and not raw.strip():
        raise _Invalid("FieldMissing", path, "This value should not be blank")
    return raw


def _with(query: QueryParams) -> set[str]:
    return {part.strip() for part in query.get("with", "").split(",") if part.strip()}


def _values(query: QueryParams, key: str) -> list[str]:
    """The values of `key`, `key[]` and `key[N]`: the bracket forms the lists accept."""
    pattern = re.compile(re.escape(key) + r"(\[\d*\])?")
    return [value for name, value in query.multi_items() if pattern.fullmatch(name)]


def _int_values(query: QueryParams, key: str) -> set[int]:
    return {_int(value, key) for value in _values(query, key)}


def _range(query: QueryParams, key: str) -> tuple[int | None, int | None]:
    low, high = query.get(f"{key}[from]"), query.get(f"{key}[to]")
    return (
        None if low is None else _int(low, f"{key}[from]"),
        None if high is None else _int(high, f"{key}[to]"),
    )


def _lead_matches(lead: dict[str, Any], query: QueryParams) -> bool:
    """The basic `filter[...]` set of the leads list."""
    for key in ("id", "pipeline_id", "responsible_user_id", "created_by", "updated_by"):
        wanted = _int_values(query, f"filter[{key}]")
        if wanted and lead[key] not in wanted:
            return False
    names = _values(query, "filter[name]")
    if names and lead["name"] not in names:
        return False
    pairs = _status_pairs(query)
    if pairs and (lead["pipeline_id"], lead["status_id"]) not in pairs:
        return False
    for key in ("price", "created_at", "updated_at", "closed_at", "closest_task_at"):
        low, high = _range(query, f"filter[{key}]")
        value = lead[key]
        if (low is not None or high is not None) and value is None:
            return False
        if (low is not None and value < low) or (high is not None and value > high):
            return False
    return True


def _status_pairs(query: QueryParams) -> set[tuple[int, int]]:
    """`filter[statuses][N][pipeline_id]` + `…[status_id]` pairs."""
    pattern = re.compile(r"filter\[statuses\]\[(\d+)\]\[(pipeline_id|status_id)\]")
    found: dict[str, dict[str, int]] = {}
    for name, value in query.multi_items():
        if match := pattern.fullmatch(name):
            found.setdefault(match[1], {})[match[2]] = _int(value, name)
    return {
        (pair["pipeline_id"], pair["status_id"])
        for pair in found.values()
        if {"pipeline_id", "status_id"} <= pair.keys()
    }


def _ordered(items: list[dict[str, Any]], query: QueryParams) -> list[dict[str, Any]]:
    """`order[created_at|updated_at|id]=asc|desc`; by id otherwise (the fake's choice)."""
    for key in ("created_at", "updated_at", "id"):
        direction = query.get(f"order[{key}]")
        if direction is not None:
            if direction not in ("asc", "desc"):
                raise _Invalid("NotSupportedChoice", f"order[{key}]", "asc or desc")
            return sorted(items, key=lambda x: (x[key], x["id"]), reverse=direction == "desc")
    return sorted(items, key=lambda x: x["id"])


def _contains(texts: Iterable[str], query: str) -> bool:
    """Case-insensitive substring search: as format-sensitive as the notes warn (a query
    `+7916…` does not find `8 916…`)."""
    needle = query.casefold()
    return any(needle in text.casefold() for text in texts)


def _contact_texts(contact: dict[str, Any]) -> list[str]:
    names = [contact["name"], contact.get("first_name", ""), contact.get("last_name", "")]
    return names + _field_texts(contact["custom_fields_values"], codes=("PHONE", "EMAIL"))


def _field_texts(
    values: list[dict[str, Any]] | None, codes: tuple[str, ...] | None = None
) -> list[str]:
    return [
        str(value["value"])
        for field in values or []
        if codes is None or field["field_code"] in codes
        for value in field["values"] or []
    ]


def _merge_values(
    current: list[dict[str, Any]] | None, changes: list[dict[str, Any]]
) -> list[dict[str, Any]] | None:
    """Fields named in the update replace their values; `values: null` clears the field
    (unverified); fields not named stay."""
    merged = {field["field_id"]: field for field in current or []}
    for field in changes:
        if field["values"] is None:
            merged.pop(field["field_id"], None)
        else:
            merged[field["field_id"]] = field
    return list(merged.values()) or None


def _read_value(spec: dict[str, Any], raw: Any, path: str) -> dict[str, Any]:
    """One value as a read shows it: select values carry their enum, multitext its code."""
    value = _object(raw, path)
    enums: dict[int, str] = spec.get("enums", {})
    kind = spec["type"]
    if kind in ("select", "multiselect"):
        if "enum_id" in value:
            enum_id = _int(value["enum_id"], f"{path}.enum_id")
        else:
            enum_id = next((i for i, v in enums.items() if v == value.get("value")), -1)
        if enum_id not in enums:
            detail = "The value you selected is not a valid choice."
            raise _Invalid("NotSupportedChoice", f"{path}.enum_id", detail)
        return {"value": enums[enum_id], "enum_id": enum_id}
    if kind == "multitext":
        code = value.get("enum_code", "WORK")
        code_id = next((i for i, v in enums.items() if v == code), None)
        if code_id is None:
            raise _Invalid("NotSupportedChoice", f"{path}.enum_code", "Unknown enum code")
        text = _text(value.get("value"), f"{path}.value", required=True)
        return {"value": text, "enum_id": code_id, "enum_code": code}
    if kind == "numeric":
        try:
            float(value["value"])
        except (KeyError, TypeError, ValueError):
            raise _Invalid("InvalidType", f"{path}.value", "A number is expected") from None
        return {"value": str(value["value"])}
    if not isinstance(value.get("value"), str | int | float):
        raise _Invalid("InvalidType", f"{path}.value", "A scalar value is expected")
    return {"value": value["value"]}


def _code_value(code: str, value: str) -> dict[str, Any]:
    return {"field_code": code, "values": [{"value": value, "enum_code": "WORK"}]}


def _public(entity: dict[str, Any]) -> dict[str, Any]:
    """The stored entity without the fake's own `_…` bookkeeping keys."""
    return {k: v for k, v in entity.items() if not k.startswith("_")}


def _php_form(pairs: list[tuple[str, Any]]) -> str:
    """`a[b][0][c]=v&…` with the brackets left literal, as the notes show the body."""
    return urlencode([(key, str(value)) for key, value in pairs], safe="[]")


def _user(user_id: int, name: str, email: str) -> dict[str, Any]:
    return {
        "id": user_id,
        "name": name,
        "email": email,
        "lang": "ru",
        "rights": {
            "leads": {"view": "A", "edit": "A", "add": "A", "delete": "A", "export": "A"},
            "contacts": {"view": "A", "edit": "A", "add": "A", "delete": "A", "export": "A"},
            "companies": {"view": "A", "edit": "A", "add": "A", "delete": "A", "export": "A"},
            "tasks": {"edit": "A", "delete": "A"},
            "is_admin": True,
            "is_active": True,
            "group_id": None,
            "role_id": None,
            "status_rights": [],
        },
    }


def _status(
    status_id: int, name: str, sort: int, pipeline_id: int, kind: int = 0
) -> dict[str, Any]:
    return {
        "id": status_id,
        "name": name,
        "sort": sort,
        "is_editable": status_id not in (WON, LOST),
        "pipeline_id": pipeline_id,
        "color": "#99ccff",
        "type": kind,
        "account_id": ACCOUNT_ID,
    }


def _pipeline(
    pipeline_id: int, name: str, sort: int, stages: list[tuple[int, str]], main: bool
) -> dict[str, Any]:
    unsorted = _status(pipeline_id * 10, "Неразобранное", 0, pipeline_id, kind=1)
    statuses = [unsorted] + [
        _status(status_id, stage, 10 * (i + 1), pipeline_id)
        for i, (status_id, stage) in enumerate(stages)
    ]
    statuses += [
        _status(WON, "Успешно реализовано", 10000, pipeline_id),
        _status(LOST, "Закрыто и не реализовано", 11000, pipeline_id),
    ]
    return {
        "id": pipeline_id,
        "name": name,
        "sort": sort,
        "is_main": main,
        "is_unsorted_on": True,
        "is_archive": False,
        "account_id": ACCOUNT_ID,
        "_embedded": {"statuses": statuses},
    }


def _default_pipelines() -> dict[int, dict[str, Any]]:
    sales = [(FIRST_STATUS, "Первичный контакт"), (2031, "Переговоры"), (2032, "Принимают решение")]
    wholesale = [(3030, "Запрос прайса"), (3031, "Счёт выставлен")]
    return {
        MAIN_PIPELINE: _pipeline(MAIN_PIPELINE, "Воронка", 1, sales, main=True),
        SECOND_PIPELINE: _pipeline(SECOND_PIPELINE, "Опт", 2, wholesale, main=False),
    }


def _default_fields() -> dict[str, dict[int, dict[str, Any]]]:
    """System phone/email on contacts; a text and a select field on leads."""
    contact_enums = {1001: "WORK", 1003: "MOB", 1005: "HOME", 1007: "OTHER", 1009: "PRIV"}
    return {
        "contacts": {
            PHONE_FIELD: {
                "name": "Телефон",
                "type": "multitext",
                "code": "PHONE",
                "enums": contact_enums,
            },
            EMAIL_FIELD: {
                "name": "Email",
                "type": "multitext",
                "code": "EMAIL",
                "enums": contact_enums,
            },
        },
        "leads": {
            SOURCE_FIELD: {"name": "Источник", "type": "text"},
            CHANNEL_FIELD: {
                "name": "Канал",
                "type": "select",
                "enums": {501: "Авито", 502: "Сайт", 503: "Telegram"},
            },
        },
        "companies": {},
    }


@functools.cache
def _signing_key() -> rsa.RSAPrivateKey:
    """One RSA key per test run: tokens are real RS256 JWTs (clients read `exp` unverified)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)
