"""A fake Google Calendar API v3 with Google's OAuth token endpoint for service accounts,
after ../shared/api/google_calendar.md.

What it serves:
- `POST /token` (form-encoded): the JWT-bearer grant of a service account. The assertion's
  RS256 signature is checked against the public half of the key `service_account_info()`
  hands out (`kid`, when sent, must be its `private_key_id`); then `iss` (the client email),
  `aud` (exactly the fake's `token_uri`), `scope`, and `iat`/`exp` (integers, `exp` after
  `iat` and at most 3600 s later, `exp` not past, `iat` at most `clock_skew` s ahead).
  `sub` (another user) is granted only while `delegation` is on. Answers
  `{access_token: "ya29.…", expires_in: 3599, token_type: "Bearer"}`; refusals are Google's
  OAuth `{error, error_description}` (`invalid_grant` 400 and the notes' messages,
  `unauthorized_client` with `unauthorized_client_status`, 401 by default).
- `POST /calendar/v3/freeBusy`: `calendars` keyed by each requested id, busy intervals of the
  calendar's events; unknown calendars get per-calendar `errors` (`notFound`), ids past
  `calendarExpansionMax` (≤ 50) get `tooManyCalendarsRequested`; an empty range is a 400
  `timeRangeEmpty`.
- Events: insert (`POST …/calendars/{calendarId}/events`, with `sendUpdates`,
  `sendNotifications`, `conferenceDataVersion`, `maxAttendees`), get, patch, delete (204,
  then 410 `deleted`; cancelled events stay readable), list (`timeMin`/`timeMax`, `q`,
  `privateExtendedProperty`/`sharedExtendedProperty`, `showDeleted`, `singleEvents`,
  `orderBy`, `maxResults` ≤ 2500, `pageToken`).

Every Calendar route wants `Authorization: Bearer <issued token>` (else 401 `authError` with
`WWW-Authenticate`) and a scope that covers it (else 403 `insufficientPermissions`). Errors
are `{"error": {"code", "message", "errors": [{"domain", "reason", "message", …}],
"status"}}`. Inviting attendees without delegation is the notes' 403
`forbiddenForServiceAccounts`.

Tests seed and inspect calendars (`calendars`, `add_calendar`, `busy`, `events`, `event`),
switch `delegation`, steer failures (`fail_next`, `rate_limit_next`, `user_rate_limit`,
`fail_token_next`, `expire_tokens`, `account_exists`), mint tokens directly (`issue_token`)
and read what the client did (`calls`, `calls_to`, `notifications`).

The fake's own choices where the notes are silent:
- The token endpoint takes only form bodies; `aud` must be the fake's `token_uri` exactly
  (the real host's URI is refused). A malformed assertion, a padded segment, a header that
  is not RS256 or a foreign `kid` is `invalid_grant`; `iat` may be up to `clock_skew`
  (300 s) ahead; `exp` must be in the future. A missing scope is `invalid_scope`; another
  grant type `unsupported_grant_type`; `sub` equal to `iss` is no impersonation. Scopes
  outside the notes' list are granted but open nothing.
- Scopes: freeBusy wants `calendar` or `calendar.readonly`; reading events any of the four
  calendar/events scopes; writing `calendar` or `calendar.events`.
- `status` of an error is the canonical code's name (400 INVALID_ARGUMENT, 401
  UNAUTHENTICATED, 403 PERMISSION_DENIED, 404 NOT_FOUND, 409 ALREADY_EXISTS, 412
  FAILED_PRECONDITION, 429 RESOURCE_EXHAUSTED, 500 INTERNAL, 503 UNAVAILABLE …), 410 GONE.
- Calendars: the service account's own (its email, "primary"), `CALENDAR_ID` (shared with
  it, writable) and any a test adds; a delegated token also owns its user's calendar
  ("primary" is then the user's). Unknown calendars are 404 `notFound`; writing a read-only
  one is 403 `forbidden`. `busy()` on an unknown calendar adds it (writable).
- Attendees need a token issued with `sub` while `delegation` is on (as with Google, turning
  delegation on is not enough: the client must impersonate). The organizer is the calendar
  (`self: true`), the creator the token's identity. Attendees of an event are not copied to
  their own calendars.
- Meet links (`conferenceDataVersion=1` + `createRequest` of type `hangoutsMeet`) need
  delegation unless `meet_without_delegation`; otherwise (and for other types) 400 "Invalid
  conference type value.". The conference is made at once (`conference_status`, default
  "success"; "pending" leaves out the link). With version 0 `conferenceData` is ignored.
- Validation: `id` is `[a-v0-9]{5,1024}` (400 `invalid` "Invalid resource id value."), unique
  per calendar, cancelled events included (409 `duplicate`); missing end/start → 400
  `required` ("Missing end time." is checked first); a `dateTime` without offset needs
  `timeZone`; end before start → 400 `timeRangeEmpty` (equal is allowed); start and end must
  both be `date` or both `dateTime`; reminders: `useDefault` with overrides, more than 5
  overrides, a method other than email/popup or minutes outside 0–40320 → 400 `invalid`;
  bad query values → 400 `invalidParameter` with `locationType: parameter`. A body that is
  not JSON → 400 `parseError`.
- Patch replaces each top-level field sent (objects too, arrays whole); `null` removes one;
  read-only fields (`id`, `etag`, `created`, `creator`, …) are ignored. `sequence` grows when
  start or end change. `If-Match` with another etag → 412 `conditionNotMet` (patch, delete).
- freeBusy: offsets are required in timeMin/timeMax; intervals are clipped to the window,
  sorted and merged when they overlap or touch; cancelled and `transparent` events are free;
  all-day events span their dates in their `timeZone` or the fake's `time_zone` (UTC).
  `timeMin`/`timeMax` echo in UTC (`.000Z`); busy times are written in the request's
  `timeZone` (`Z` for UTC, else the zone's offset). `groupExpansionMax` ≤ 100; groups are
  not expanded.
- events.list orders by start (then id) unless `orderBy=updated`; `orderBy=startTime`
  without `singleEvents=true` is 400; recurrences are stored, not expanded; no sync tokens
  are issued and a `syncToken` is 410 `fullSyncRequired`. `fields`, `prettyPrint`,
  `quotaUser` are accepted and ignored; `events.update` (PUT) is not served.
- Notifications: each write records a `Notification`; its recipients are the attendees for
  `sendUpdates=all`, those outside the calendar's e-mail domain for `externalOnly`, none for
  `none` (the default; `sendNotifications=true` means `all`).
- `rate_limit_next` answers 403 `usageLimits/rateLimitExceeded` by default (or another
  usage reason, or 429), without `Retry-After` unless asked; `user_rate_limit` (requests a
  minute, sliding window) answers 403 `userRateLimitExceeded`. Injected failures come after
  authentication. Unknown routes (and methods) answer 404 `notFound` JSON.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import functools
import json
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from http import HTTPStatus
from typing import Any, NoReturn, TypeGuard
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import Headers, QueryParams
from starlette.exceptions import HTTPException as StarletteHTTPException

from tests.fakes.threaded import ThreadedFake

PROJECT_ID = "salesbot-test"
CLIENT_EMAIL = f"salesbot-calendar@{PROJECT_ID}.iam.gserviceaccount.com"
CLIENT_ID = "104729384756102938475"  # a service account's numeric OAuth client id
PRIVATE_KEY_ID = "6f1d2c3b4a5e69788796a5b4c3d2e1f00a1b2c3d"
CALENDAR_ID = "sales-team@example.com"  # shared with the service account, writable
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
SCOPE = "https://www.googleapis.com/auth/calendar"
SCOPE_EVENTS = f"{SCOPE}.events"
SCOPE_READONLY = f"{SCOPE}.readonly"
SCOPE_EVENTS_READONLY = f"{SCOPE}.events.readonly"
SCOPE_SETTINGS_READONLY = f"{SCOPE}.settings.readonly"
ASSERTION_MAX_LIFETIME = 3600  # exp - iat, seconds
CLOCK_SKEW = 300  # how far ahead an assertion's iat may be, seconds
TOKEN_TTL = 3599  # expires_in of access tokens
MAX_OVERRIDES = 5
MAX_REMINDER_MINUTES = 40320
CALENDAR_EXPANSION_MAX = 50
GROUP_EXPANSION_MAX = 100
LIST_DEFAULT, LIST_MAX = 250, 2500
SEND_UPDATES = ("all", "externalOnly", "none")
CONFERENCE_TYPES = ("eventHangout", "eventNamedHangout", "hangoutsMeet", "addOn")
RESPONSE_STATUSES = ("needsAction", "declined", "tentative", "accepted")
FORBIDDEN_FOR_SERVICE_ACCOUNTS = (
    "Service accounts cannot invite attendees without Domain-Wide Delegation of Authority."
)
SHORT_LIVED = (
    "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable "
    "timeframe. Check your iat and exp values in the JWT claim."
)
USAGE_LIMITS = {
    "rateLimitExceeded": "Rate Limit Exceeded",
    "userRateLimitExceeded": "User Rate Limit Exceeded",
    "quotaExceeded": "Calendar usage limits exceeded.",
}
EVENT_ID = re.compile(r"[a-v0-9]{5,1024}")

_FREEBUSY_SCOPES = frozenset({SCOPE, SCOPE_READONLY})
_READ_SCOPES = frozenset({SCOPE, SCOPE_EVENTS, SCOPE_READONLY, SCOPE_EVENTS_READONLY})
_WRITE_SCOPES = frozenset({SCOPE, SCOPE_EVENTS})
_READ_ONLY_FIELDS = frozenset(
    {
        "kind",
        "etag",
        "id",
        "htmlLink",
        "created",
        "updated",
        "creator",
        "organizer",
        "iCalUID",
        "sequence",
        "hangoutLink",
        "eventType",
    }
)
_CANONICAL = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ALREADY_EXISTS",
    412: "FAILED_PRECONDITION",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}
_DEFAULT_ERRORS = {  # status → (domain, reason, message), after the notes' table
    400: ("global", "badRequest", "Bad Request"),
    401: ("global", "authError", "Invalid Credentials"),
    403: ("global", "forbidden", "Forbidden"),
    404: ("global", "notFound", "Not Found"),
    409: ("global", "duplicate", "The requested identifier already exists."),
    410: ("global", "deleted", "Resource has been deleted"),
    412: ("global", "conditionNotMet", "Precondition Failed"),
    429: ("usageLimits", "rateLimitExceeded", "Rate Limit Exceeded"),
}
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BASE32HEX = "0123456789abcdefghijklmnopqrstuv"


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]  # the last value of each key; `query_string` keeps them all
    query_string: str = ""
    body: Any = None  # the JSON body (None if absent or not JSON), or the form sent to /token
    token: str | None = None
    status: int = 0  # what the fake answered


@dataclass(frozen=True)
class Token:
    scopes: frozenset[str]
    subject: str | None  # the user a delegated token acts as; None = the service account
    expires_at: float  # unix time


@dataclass(frozen=True)
class Notification:
    """What Google would have mailed after a write."""

    action: str  # "created" | "updated" | "cancelled"
    calendar_id: str
    event_id: str
    send_updates: str  # all | externalOnly | none
    recipients: tuple[str, ...]


@dataclass
class _Incoming:
    path: dict[str, str]
    query: QueryParams
    headers: Headers
    body: Any
    token: Token


class _Refused(Exception):
    """Raised while serving a request: this response is the answer."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


Handler = Callable[[_Incoming], Response]


def google_error(
    code: int,
    reason: str,
    message: str,
    domain: str = "global",
    *,
    location: str | None = None,
    location_type: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """An error in Google's API shape: `{"error": {code, message, errors[], status}}`."""
    item: dict[str, str] = {"domain": domain, "reason": reason, "message": message}
    if location_type is not None:
        item["locationType"] = location_type
    if location is not None:
        item["location"] = location
    status = _CANONICAL.get(code) or HTTPStatus(code).name
    body = {"error": {"code": code, "message": message, "errors": [item], "status": status}}
    return JSONResponse(body, status_code=code, headers=dict(headers or {}))


def _refuse(
    code: int,
    reason: str,
    message: str,
    domain: str = "global",
    *,
    location: str | None = None,
    location_type: str | None = None,
) -> _Refused:
    return _Refused(
        google_error(code, reason, message, domain, location=location, location_type=location_type)
    )


def _oauth_error(status: int, error: str, description: str) -> JSONResponse:
    return JSONResponse(
        {"error": error, "error_description": description},
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


class FakeGoogleCalendar(ThreadedFake):
    name = "fake Google Calendar API"

    def __init__(self, client_email: str = CLIENT_EMAIL) -> None:
        super().__init__()
        self.client_email = client_email
        self._lock = threading.RLock()
        self._failures: list[Callable[[], Response]] = []
        self._token_failures: list[int] = []
        self._accepted: deque[float] = deque()  # monotonic times, for user_rate_limit
        self.reset()
        self.app.router.redirect_slashes = False
        self.app.add_exception_handler(StarletteHTTPException, self._no_route)
        self.app.add_api_route("/token", self._token, methods=["POST"])
        for method, path, handler, scopes in self._routes():
            self._serve_route(method, path, handler, scopes)

    @property
    def token_uri(self) -> str:
        """The `token_uri` of the key, and the `aud` an assertion must carry."""
        return f"{self.origin}/token"

    @property
    def api_base(self) -> str:
        """What `https://www.googleapis.com/calendar/v3` is in production."""
        return f"{self.origin}/calendar/v3"

    @property
    def root_url(self) -> str:
        """The discovery `rootUrl` (`https://www.googleapis.com/`)."""
        return f"{self.origin}/"

    def reset(self) -> None:
        """A fresh account: only the service account's and `CALENDAR_ID`'s calendars, no
        events, tokens, calls, notifications or pending failures; every switch off."""
        with self._lock:
            self.delegation = False  # domain-wide delegation granted to the service account
            self.account_exists = True  # False: the service account was deleted
            self.token_ttl = TOKEN_TTL
            self.expires_in_as_string = False  # "some servers send it as a string"
            self.clock_skew = CLOCK_SKEW
            self.unauthorized_client_status = 401  # the notes: status unverified
            self.meet_without_delegation = False
            self.conference_status = "success"  # or "pending" / "failure"
            self.time_zone = "UTC"  # the calendars' zone (all-day events, list's timeZone)
            self.user_rate_limit: int | None = None  # requests a minute; None = unlimited
            self.calendars: dict[str, bool] = {CALENDAR_ID: True}  # id → writable
            self.events: dict[str, dict[str, dict[str, Any]]] = {}  # calendar → id → event
            self.tokens: dict[str, Token] = {}
            self.tokens_issued = 0
            self.calls: list[Call] = []
            self.notifications: list[Notification] = []
            self._failures.clear()
            self._token_failures.clear()
            self._accepted.clear()
            self._last_stamp = 0

    # --- what tests steer -----------------------------------------------------------------------
    def service_account_info(self) -> dict[str, str]:
        """The JSON key file of the fake's service account (the RSA key is made once per
        run); its `token_uri` points at this fake."""
        pem = _signing_key().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        quoted_email = self.client_email.replace("@", "%40")
        return {
            "type": "service_account",
            "project_id": PROJECT_ID,
            "private_key_id": PRIVATE_KEY_ID,
            "private_key": pem.decode("ascii"),
            "client_email": self.client_email,
            "client_id": CLIENT_ID,
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": self.token_uri,
            "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
            "client_x509_cert_url": (
                f"https://www.googleapis.com/robot/v1/metadata/x509/{quoted_email}"
            ),
            "universe_domain": "googleapis.com",
        }

    def issue_token(
        self,
        scopes: Iterable[str] = (SCOPE,),
        subject: str | None = None,
        ttl: float | None = None,
    ) -> str:
        """An access token as if a grant had succeeded (for tests that skip the JWT)."""
        token = "ya29." + secrets.token_urlsafe(48)
        expires_at = time.time() + (self.token_ttl if ttl is None else ttl)
        with self._lock:
            self.tokens[token] = Token(frozenset(scopes), subject, expires_at)
            self.tokens_issued += 1
        return token

    def expire_tokens(self) -> None:
        """Every access token issued so far is stale now."""
        with self._lock:
            for value, token in self.tokens.items():
                self.tokens[value] = Token(token.scopes, token.subject, 0.0)

    def add_calendar(self, calendar_id: str, writable: bool = True) -> None:
        """A calendar shared with the service account (read-only: free/busy and reads)."""
        with self._lock:
            self.calendars[calendar_id] = writable

    def busy(
        self,
        calendar_id: str,
        start: datetime | str,
        end: datetime | str,
        summary: str = "Busy",
    ) -> dict[str, Any]:
        """Seed an event someone else put on the calendar (it makes the time busy). Times
        are aware datetimes or RFC 3339 strings with an offset."""
        moments = [_moment(value) for value in (start, end)]
        with self._lock:
            self.calendars.setdefault(calendar_id, True)
            stamp = self._stamp()
            event_id = _new_event_id()
            event = self._new_event(calendar_id, event_id, f"organizer@{_domain(calendar_id)}")
            event.update(
                summary=summary,
                start={"dateTime": _render(moments[0])},
                end={"dateTime": _render(moments[1])},
                created=stamp[0],
                updated=stamp[0],
                etag=stamp[1],
            )
            self.events.setdefault(calendar_id, {})[event_id] = event
        return event

    def event(self, event_id: str, calendar_id: str = CALENDAR_ID) -> dict[str, Any]:
        """A stored event (KeyError if there is none)."""
        return self.events[calendar_id][event_id]

    def fail_next(self, status: int = 500, times: int = 1, reason: str | None = None) -> None:
        """The next `times` authorised Calendar requests fail with `status` (Google's error
        body; the reason is the notes' for that status unless given)."""
        domain, default_reason, message = _DEFAULT_ERRORS.get(
            status,
            ("global", "backendError", "Backend Error")
            if status >= 500
            else ("global", "badRequest", HTTPStatus(status).phrase),
        )
        if reason in USAGE_LIMITS:
            domain, message = "usageLimits", USAGE_LIMITS[reason]
        chosen = reason or default_reason

        def failure() -> Response:
            return google_error(status, chosen, message, domain)

        with self._lock:
            self._failures.extend([failure] * times)

    def rate_limit_next(
        self,
        n: int = 1,
        status: int = 403,
        reason: str = "rateLimitExceeded",
        retry_after: int | None = None,
    ) -> None:
        """The next `n` authorised Calendar requests are throttled: 403 (or 429) with a
        `usageLimits` reason (`rateLimitExceeded`, `userRateLimitExceeded`,
        `quotaExceeded`); a `Retry-After` header only if `retry_after` is given."""
        if reason not in USAGE_LIMITS:
            raise ValueError(f"not a usageLimits reason: {reason}")
        headers = {} if retry_after is None else {"Retry-After": str(retry_after)}

        def failure() -> Response:
            return google_error(
                status, reason, USAGE_LIMITS[reason], "usageLimits", headers=headers
            )

        with self._lock:
            self._failures.extend([failure] * n)

    def fail_token_next(self, status: int = 500, times: int = 1) -> None:
        """The next `times` token requests fail with `internal_failure` (which the auth
        library retries)."""
        with self._lock:
            self._token_failures.extend([status] * times)

    def calls_to(self, path: str, method: str | None = None) -> list[Call]:
        """Recorded calls whose path matches the glob `path` (`*` spans slashes)."""
        return [
            call
            for call in self.calls
            if fnmatch.fnmatchcase(call.path, path) and method in (None, call.method)
        ]

    # --- serving --------------------------------------------------------------------------------
    def _routes(self) -> list[tuple[str, str, Handler, frozenset[str]]]:
        events = "/calendar/v3/calendars/{calendarId}/events"
        return [
            ("POST", "/calendar/v3/freeBusy", self._free_busy, _FREEBUSY_SCOPES),
            ("GET", events, self._list_events, _READ_SCOPES),
            ("POST", events, self._insert_event, _WRITE_SCOPES),
            ("GET", events + "/{eventId}", self._get_event, _READ_SCOPES),
            ("PATCH", events + "/{eventId}", self._patch_event, _WRITE_SCOPES),
            ("DELETE", events + "/{eventId}", self._delete_event, _WRITE_SCOPES),
        ]

    def _serve_route(
        self, method: str, route: str, handler: Handler, scopes: frozenset[str]
    ) -> None:
        async def endpoint(request: Request) -> Response:
            return await self._serve(request, handler, scopes)

        self.app.add_api_route(route, endpoint, methods=[method])

    async def _serve(self, request: Request, handler: Handler, scopes: frozenset[str]) -> Response:
        call = self._record(request)
        raw = await request.body()
        call.body, problem = _json_body(raw, request.headers.get("content-type", ""))
        try:
            with self._lock:
                token = self._gate(call.token, scopes)
                if problem:
                    raise _refuse(400, "parseError", problem)
                incoming = _Incoming(
                    dict(request.path_params),
                    request.query_params,
                    request.headers,
                    call.body,
                    token,
                )
                response = handler(incoming)
        except _Refused as refused:
            response = refused.response
        call.status = response.status_code
        return response

    def _record(self, request: Request) -> Call:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        call = Call(
            request.method,
            request.url.path,
            dict(request.query_params),
            request.url.query,
            token=token.strip() if scheme.lower() == "bearer" else None,
        )
        with self._lock:
            self.calls.append(call)
        return call

    def _gate(self, value: str | None, scopes: frozenset[str]) -> Token:
        """What a Calendar request meets before its handler: authentication, the scope,
        injected failures, the per-user rate limit."""
        token = self.tokens.get(value) if value else None
        if token is None or token.expires_at <= time.time():
            raise _Refused(
                google_error(
                    401,
                    "authError",
                    "Invalid Credentials",
                    location="Authorization",
                    location_type="header",
                    headers={
                        "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", '
                        'error="invalid_token"'
                    },
                )
            )
        if not token.scopes & scopes:
            raise _refuse(
                403, "insufficientPermissions", "Request had insufficient authentication scopes."
            )
        if self._failures:
            raise _Refused(self._failures.pop(0)())
        if self.user_rate_limit is not None:
            now = time.monotonic()
            while self._accepted and now - self._accepted[0] >= 60.0:
                self._accepted.popleft()
            if len(self._accepted) >= self.user_rate_limit:
                raise _refuse(
                    403,
                    "userRateLimitExceeded",
                    USAGE_LIMITS["userRateLimitExceeded"],
                    "usageLimits",
                )
            self._accepted.append(now)
        return token

    async def _no_route(self, request: Request, exc: Exception) -> Response:
        """Unknown paths, and known paths with another method: 404 `notFound`."""
        call = self._record(request)
        response = google_error(404, "notFound", "Not Found")
        call.status = response.status_code
        return response

    # --- OAuth ----------------------------------------------------------------------------------
    async def _token(self, request: Request) -> Response:
        call = self._record(request)
        raw = await request.body()
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        form: dict[str, str] | None = None
        if content_type == "application/x-www-form-urlencoded":
            form = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
            call.body = form
        else:
            call.body, _ = _json_body(raw, "application/json")
        with self._lock:
            response = self._grant(form)
        call.status = response.status_code
        return response

    def _grant(self, form: dict[str, str] | None) -> Response:
        if self._token_failures:
            return _oauth_error(self._token_failures.pop(0), "internal_failure", "Backend Error")
        if form is None:
            return _oauth_error(
                400, "invalid_request", "The body must be application/x-www-form-urlencoded."
            )
        grant_type = form.get("grant_type", "")
        if not grant_type:
            return _oauth_error(400, "invalid_request", "Missing required parameter: grant_type")
        if grant_type != JWT_BEARER:
            return _oauth_error(400, "unsupported_grant_type", f"Invalid grant_type: {grant_type}")
        assertion = form.get("assertion", "")
        if not assertion:
            return _oauth_error(400, "invalid_request", "Missing required parameter: assertion")
        try:
            scopes, subject = self._verify(assertion)
        except _Refused as refused:
            return refused.response
        token = self.issue_token(scopes, subject)
        expires_in: int | str = self.token_ttl
        if self.expires_in_as_string:
            expires_in = str(expires_in)
        return JSONResponse(
            {"access_token": token, "expires_in": expires_in, "token_type": "Bearer"},
            headers={"Cache-Control": "no-store"},
        )

    def _verify(self, assertion: str) -> tuple[list[str], str | None]:
        """The scopes and the impersonated user of a good assertion; else _Refused."""

        def refuse(description: str, error: str = "invalid_grant", status: int = 400) -> NoReturn:
            raise _Refused(_oauth_error(status, error, description))

        parts = assertion.split(".")
        try:
            if len(parts) != 3 or any("=" in part for part in parts):
                raise ValueError("not three unpadded segments")
            header = json.loads(_b64decode(parts[0]))
            claims = json.loads(_b64decode(parts[1]))
            signature = _b64decode(parts[2])
            if not isinstance(header, dict) or not isinstance(claims, dict):
                raise ValueError("not JSON objects")
        except ValueError:
            refuse("Invalid JWT: the assertion is not a well-formed JWT.")
        if claims.get("iss") != self.client_email or not self.account_exists:
            refuse("Invalid grant: account not found")
        if header.get("alg") != "RS256" or header.get("kid", PRIVATE_KEY_ID) != PRIVATE_KEY_ID:
            refuse("Invalid JWT Signature.")
        try:
            _signing_key().public_key().verify(
                signature,
                f"{parts[0]}.{parts[1]}".encode("ascii"),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except InvalidSignature:
            refuse("Invalid JWT Signature.")
        if claims.get("aud") != self.token_uri:
            refuse(
                "Invalid JWT: Failed audience check. The expected value was "
                f"{self.token_uri} but the actual value was {claims.get('aud')}"
            )
        iat, exp, now = claims.get("iat"), claims.get("exp"), time.time()
        if (
            not _is_int(iat)
            or not _is_int(exp)
            or not 0 < exp - iat <= ASSERTION_MAX_LIFETIME
            or exp <= now
            or iat > now + self.clock_skew
        ):
            refuse(SHORT_LIVED)
        scope = claims.get("scope")
        if not isinstance(scope, str) or not scope.split():
            refuse("Invalid OAuth scope or ID token audience provided.", "invalid_scope")
        subject = claims.get("sub")
        if subject in (None, "", self.client_email):
            subject = None
        elif not self.delegation:
            refuse(
                "Client is unauthorized to retrieve access tokens using this method, or client "
                "not authorized for any of the scopes requested.",
                "unauthorized_client",
                self.unauthorized_client_status,
            )
        elif not isinstance(subject, str) or "@" not in subject:
            refuse("Invalid email or User ID")
        assert isinstance(scope, str)
        return scope.split(), subject

    # --- calendars ------------------------------------------------------------------------------
    def _identity(self, token: Token) -> str:
        return token.subject or self.client_email

    def _resolve(self, calendar_id: str, token: Token) -> str | None:
        """The calendar a request names, if the token may see it."""
        if calendar_id == "primary":
            return self._identity(token)
        if calendar_id == self._identity(token) or calendar_id in self.calendars:
            return calendar_id
        return None

    def _writable(self, calendar_id: str, token: Token) -> bool:
        return calendar_id == self._identity(token) or self.calendars.get(calendar_id, False)

    def _readable_calendar(self, incoming: _Incoming) -> str:
        calendar = self._resolve(incoming.path["calendarId"], incoming.token)
        if calendar is None:
            raise _refuse(404, "notFound", "Not Found")
        return calendar

    def _writable_calendar(self, incoming: _Incoming) -> str:
        calendar = self._readable_calendar(incoming)
        if not self._writable(calendar, incoming.token):
            raise _refuse(403, "forbidden", "You need to have writer access to this calendar.")
        return calendar

    def _access_role(self, calendar: str, token: Token) -> str:
        if calendar == self._identity(token):
            return "owner"
        return "writer" if self._writable(calendar, token) else "reader"

    # --- free/busy ------------------------------------------------------------------------------
    def _free_busy(self, incoming: _Incoming) -> Response:
        body = _object_body(incoming.body)
        time_min = _instant(body.get("timeMin"), "timeMin")
        time_max = _instant(body.get("timeMax"), "timeMax")
        zone_name = body.get("timeZone") or "UTC"
        zone = _zone(zone_name)
        if zone is None:
            raise _refuse(400, "invalid", f"Invalid time zone definition: {zone_name}")
        if time_max <= time_min:
            raise _refuse(400, "timeRangeEmpty", "The specified time range is empty.", "calendar")
        most = _bounded(
            body.get("calendarExpansionMax"), "calendarExpansionMax", CALENDAR_EXPANSION_MAX
        )
        _bounded(body.get("groupExpansionMax"), "groupExpansionMax", GROUP_EXPANSION_MAX)
        items = body.get("items", [])
        if not isinstance(items, list):
            raise _refuse(400, "invalid", "items must be a list.")
        calendars: dict[str, dict[str, Any]] = {}
        for index, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise _refuse(400, "required", f"Missing items[{index}].id.")
            requested: str = item["id"]
            calendar = self._resolve(requested, incoming.token)
            if index >= most:
                calendars[requested] = _calendar_error("tooManyCalendarsRequested")
            elif calendar is None:
                calendars[requested] = _calendar_error("notFound")
            else:
                spans = self._busy_spans(calendar, time_min, time_max)
                busy = [
                    {"start": _render(s.astimezone(zone)), "end": _render(e.astimezone(zone))}
                    for s, e in spans
                ]
                calendars[requested] = {"busy": busy}
        return JSONResponse(
            {
                "kind": "calendar#freeBusy",
                "timeMin": _stamp_of(time_min),
                "timeMax": _stamp_of(time_max),
                "calendars": calendars,
            }
        )

    def _busy_spans(
        self, calendar: str, start: datetime, end: datetime
    ) -> list[tuple[datetime, datetime]]:
        spans: list[tuple[datetime, datetime]] = []
        for event in self.events.get(calendar, {}).values():
            if event.get("status") == "cancelled" or event.get("transparency") == "transparent":
                continue
            first, last = self._span(event)
            first, last = max(first, start), min(last, end)
            if first < last:
                spans.append((first, last))
        merged: list[tuple[datetime, datetime]] = []
        for first, last in sorted(spans):
            if merged and first <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], last))
            else:
                merged.append((first, last))
        return merged

    def _span(self, event: dict[str, Any]) -> tuple[datetime, datetime]:
        return self._at(event["start"]), self._at(event["end"])

    def _at(self, when: dict[str, Any]) -> datetime:
        """The instant of a stored EventDateTime (an all-day date: its midnight)."""
        if "dateTime" in when:
            moment = _parse_rfc3339(when["dateTime"])
            assert moment is not None and moment.tzinfo is not None
            return moment
        zone = _zone(when.get("timeZone") or self.time_zone) or UTC
        day = date.fromisoformat(when["date"])
        return datetime(day.year, day.month, day.day, tzinfo=zone)

    # --- events ---------------------------------------------------------------------------------
    def _find(self, calendar: str, event_id: str) -> dict[str, Any]:
        event = self.events.get(calendar, {}).get(event_id)
        if event is None:
            raise _refuse(404, "notFound", "Not Found")
        return event

    def _get_event(self, incoming: _Incoming) -> Response:
        calendar = self._readable_calendar(incoming)
        return JSONResponse(self._find(calendar, incoming.path["eventId"]))

    def _insert_event(self, incoming: _Incoming) -> Response:
        calendar = self._writable_calendar(incoming)
        send_updates, version = _write_params(incoming.query)
        body = _object_body(incoming.body)
        event_id = body.get("id")
        if event_id is None:
            event_id = _new_event_id()
        elif not isinstance(event_id, str) or not EVENT_ID.fullmatch(event_id):
            raise _refuse(400, "invalid", "Invalid resource id value.")
        elif event_id in self.events.get(calendar, {}):
            raise _refuse(409, "duplicate", "The requested identifier already exists.")
        changes = self._changes(body, None, incoming.token, version)
        event = self._new_event(calendar, event_id, self._identity(incoming.token))
        _apply(event, changes)
        self._check_times(event)
        self._check_attendees(event, incoming.token)
        event["created"], event["etag"] = self._stamp()
        event["updated"] = event["created"]
        self.events.setdefault(calendar, {})[event_id] = event
        self._notify("created", calendar, event, send_updates)
        return JSONResponse(event)

    def _patch_event(self, incoming: _Incoming) -> Response:
        calendar = self._writable_calendar(incoming)
        current = self._find(calendar, incoming.path["eventId"])
        _check_etag(incoming, current)
        send_updates, version = _write_params(incoming.query)
        changes = self._changes(_object_body(incoming.body), current, incoming.token, version)
        event = json.loads(json.dumps(current))  # nothing changes unless all is valid
        _apply(event, changes)
        self._check_times(event)
        if "attendees" in changes:
            self._check_attendees(event, incoming.token)
        if (event["start"], event["end"]) != (current["start"], current["end"]):
            event["sequence"] += 1
        event["updated"], event["etag"] = self._stamp()
        self.events[calendar][event["id"]] = event
        cancelled = event.get("status") == "cancelled" and current.get("status") != "cancelled"
        self._notify("cancelled" if cancelled else "updated", calendar, event, send_updates)
        return JSONResponse(event)

    def _delete_event(self, incoming: _Incoming) -> Response:
        calendar = self._writable_calendar(incoming)
        event = self._find(calendar, incoming.path["eventId"])
        send_updates, _ = _write_params(incoming.query)
        if event.get("status") == "cancelled":
            raise _refuse(410, "deleted", "Resource has been deleted")
        _check_etag(incoming, event)
        event["status"] = "cancelled"
        event["updated"], event["etag"] = self._stamp()
        self._notify("cancelled", calendar, event, send_updates)
        return Response(status_code=204)

    def _list_events(self, incoming: _Incoming) -> Response:
        calendar = self._readable_calendar(incoming)
        query = incoming.query
        if "syncToken" in query:
            raise _refuse(
                410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required."
            )
        limit = _int_param(query, "maxResults", LIST_DEFAULT, 1, LIST_MAX)
        time_min = _instant_param(query, "timeMin")
        time_max = _instant_param(query, "timeMax")
        if time_min and time_max and time_max <= time_min:
            raise _refuse(400, "timeRangeEmpty", "The specified time range is empty.", "calendar")
        single = _bool_param(query, "singleEvents")
        order = query.get("orderBy")
        if order not in (None, "startTime", "updated"):
            raise _bad_param("orderBy", f"Invalid value for orderBy: {order}")
        if order == "startTime" and not single:
            raise _refuse(
                400, "invalid", "The requested ordering is not available for the particular query."
            )
        wanted = {
            kind: [_property_filter(v, name) for v in query.getlist(name)]
            for kind, name in (
                ("private", "privateExtendedProperty"),
                ("shared", "sharedExtendedProperty"),
            )
        }
        text = query.get("q", "").strip().lower()
        show_deleted = _bool_param(query, "showDeleted")
        items = []
        for event in self.events.get(calendar, {}).values():
            if event.get("status") == "cancelled" and not show_deleted:
                continue
            first, last = self._span(event)
            if (time_min and last <= time_min) or (time_max and first >= time_max):
                continue
            if not _has_properties(event, wanted) or (text and text not in _texts(event)):
                continue
            items.append(event)
        if order == "updated":
            items.sort(key=lambda e: (e["updated"], e["id"]))
        else:
            items.sort(key=lambda e: (self._at(e["start"]), e["id"]))
        offset = _page_offset(query.get("pageToken"))
        page = items[offset : offset + limit]
        answer: dict[str, Any] = {
            "kind": "calendar#events",
            "etag": self._stamp()[1],
            "summary": calendar,
            "updated": max((e["updated"] for e in items), default=_stamp_of(_utcnow())),
            "timeZone": query.get("timeZone") or self.time_zone,
            "accessRole": self._access_role(calendar, incoming.token),
            "defaultReminders": [],
            "items": page,
        }
        if offset + limit < len(items):
            token = base64.urlsafe_b64encode(str(offset + limit).encode()).decode()
            answer["nextPageToken"] = token.rstrip("=")
        return JSONResponse(answer)

    def _new_event(self, calendar: str, event_id: str, creator: str) -> dict[str, Any]:
        eid = base64.urlsafe_b64encode(f"{event_id} {calendar}".encode()).decode().rstrip("=")
        return {
            "kind": "calendar#event",
            "etag": "",
            "id": event_id,
            "status": "confirmed",
            "htmlLink": f"https://www.google.com/calendar/event?eid={eid}",
            "created": "",
            "updated": "",
            "creator": {"email": creator},
            "organizer": {"email": calendar, "self": True},
            "iCalUID": f"{event_id}@google.com",
            "sequence": 0,
            "reminders": {"useDefault": True},
            "eventType": "default",
        }

    def _changes(
        self,
        body: dict[str, Any],
        current: dict[str, Any] | None,
        token: Token,
        version: int,
    ) -> dict[str, Any]:
        """The validated fields an insert (current None) or patch sets; None removes one."""
        changes: dict[str, Any] = {}
        for key, value in body.items():
            if key in _READ_ONLY_FIELDS:
                continue
            if value is None:
                changes[key] = None
            elif key in ("summary", "description", "location", "colorId"):
                changes[key] = _string(value, key)
            elif key in ("start", "end"):
                changes[key] = _event_time(value, key)
            elif key == "status":
                changes[key] = _choice(value, key, ("confirmed", "tentative", "cancelled"))
            elif key == "transparency":
                changes[key] = _choice(value, key, ("opaque", "transparent"))
            elif key == "visibility":
                changes[key] = _choice(value, key, ("default", "public", "private", "confidential"))
            elif key == "attendees":
                changes[key] = _attendees(value)
            elif key == "reminders":
                changes[key] = _reminders(value)
            elif key == "extendedProperties":
                changes[key] = _extended_properties(value)
            elif key == "conferenceData":
                if version == 0:
                    continue  # ignored unless conferenceDataVersion=1
                changes.update(self._conference(value, current, token))
            else:
                changes[key] = value  # stored as sent
        return changes

    def _conference(
        self, value: Any, current: dict[str, Any] | None, token: Token
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _refuse(400, "invalid", "Invalid conference data.")
        request = value.get("createRequest")
        if request is None:
            return {"conferenceData": value}
        if not isinstance(request, dict) or not isinstance(request.get("requestId"), str):
            raise _refuse(400, "required", "Missing conference request id.")
        existing = (current or {}).get("conferenceData") or {}
        if existing.get("createRequest", {}).get("requestId") == request["requestId"]:
            return {}  # reusing a request id is ignored
        key = request.get("conferenceSolutionKey")
        kind = key.get("type") if isinstance(key, dict) else None
        delegated = self.delegation and token.subject is not None
        if kind != "hangoutsMeet" or not (delegated or self.meet_without_delegation):
            raise _refuse(400, "invalid", "Invalid conference type value.")
        status = {"statusCode": self.conference_status}
        data: dict[str, Any] = {"createRequest": {**request, "status": status}}
        if self.conference_status != "success":
            return {"conferenceData": data}
        code = "-".join(
            "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))
            for n in (3, 4, 3)
        )
        uri = f"https://meet.google.com/{code}"
        data.update(
            entryPoints=[
                {"entryPointType": "video", "uri": uri, "label": f"meet.google.com/{code}"}
            ],
            conferenceSolution={
                "key": {"type": "hangoutsMeet"},
                "name": "Google Meet",
                "iconUri": "https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/"
                "web-512dp/logo_meet_2020q4_color_2x_web_512dp.png",
            },
            conferenceId=code,
        )
        return {"conferenceData": data, "hangoutLink": uri}

    def _check_times(self, event: dict[str, Any]) -> None:
        for which in ("end", "start"):
            if which not in event:
                raise _refuse(400, "required", f"Missing {which} time.")
        if ("date" in event["start"]) != ("date" in event["end"]):
            raise _refuse(
                400, "invalid", "Start and end times must either both be date or both be dateTime."
            )
        first, last = self._span(event)
        if last < first:
            raise _refuse(400, "timeRangeEmpty", "The specified time range is empty.", "calendar")

    def _check_attendees(self, event: dict[str, Any], token: Token) -> None:
        if event.get("attendees") and not (self.delegation and token.subject is not None):
            raise _refuse(
                403, "forbiddenForServiceAccounts", FORBIDDEN_FOR_SERVICE_ACCOUNTS, "calendar"
            )

    def _notify(self, action: str, calendar: str, event: dict[str, Any], send_updates: str) -> None:
        guests = [
            a["email"]
            for a in event.get("attendees", [])
            if a["email"] != calendar and not a.get("resource")
        ]
        if send_updates == "externalOnly":
            guests = [g for g in guests if _domain(g) != _domain(calendar)]
        elif send_updates != "all":
            guests = []
        self.notifications.append(
            Notification(action, calendar, event["id"], send_updates, tuple(guests))
        )

    def _stamp(self) -> tuple[str, str]:
        """A new (RFC 3339 time, etag): etags never repeat, even within a millisecond."""
        micros = max(int(time.time() * 1_000_000), self._last_stamp + 1)
        self._last_stamp = micros
        moment = datetime.fromtimestamp(micros / 1_000_000, UTC)
        return _stamp_of(moment), f'"{micros}"'


# --- validation -------------------------------------------------------------------------------
def _json_body(raw: bytes, content_type: str) -> tuple[Any, str | None]:
    """The parsed JSON body and, if it cannot be used, why."""
    if not raw:
        return None, None
    media = content_type.split(";")[0].strip().lower()
    if media == "application/x-www-form-urlencoded":
        return None, "This API does not support parsing form-encoded input."
    try:
        return json.loads(raw), None
    except ValueError:
        return None, "Parse Error"


def _object_body(body: Any) -> dict[str, Any]:
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise _refuse(400, "parseError", "The request body must be a JSON object.")
    return body


def _bad_param(name: str, message: str) -> _Refused:
    return _refuse(400, "invalidParameter", message, location=name, location_type="parameter")


def _write_params(query: QueryParams) -> tuple[str, int]:
    """`sendUpdates` (or the deprecated `sendNotifications`) and `conferenceDataVersion`."""
    send_updates = query.get("sendUpdates")
    if send_updates is None:
        send_updates = "all" if _bool_param(query, "sendNotifications") else "none"
    elif send_updates not in SEND_UPDATES:
        raise _bad_param("sendUpdates", f"Invalid value for sendUpdates: {send_updates}")
    version = _int_param(query, "conferenceDataVersion", 0, 0, 1)
    _int_param(query, "maxAttendees", 1, 1, None)
    _bool_param(query, "supportsAttachments")
    return send_updates, version


def _int_param(query: QueryParams, name: str, default: int, low: int, high: int | None) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _bad_param(name, f"Invalid value '{raw}'. Values must be integers.") from None
    if value < low or (high is not None and value > high):
        bounds = f"[{low}, {high}]" if high is not None else f"[{low}, ...)"
        raise _bad_param(name, f"Invalid value '{raw}'. Values must be within the range: {bounds}")
    return value


def _bool_param(query: QueryParams, name: str) -> bool:
    raw = query.get(name)
    if raw is None:
        return False
    if raw.lower() not in ("true", "false"):
        raise _bad_param(name, f"Invalid boolean value: '{raw}'.")
    return raw.lower() == "true"


def _instant_param(query: QueryParams, name: str) -> datetime | None:
    raw = query.get(name)
    if raw is None:
        return None
    moment = _parse_rfc3339(raw)
    if moment is None or moment.tzinfo is None:
        raise _bad_param(name, f"Bad Request: {name} must be an RFC 3339 time with an offset.")
    return moment


def _instant(value: Any, name: str) -> datetime:
    if value is None:
        raise _refuse(400, "required", f"Missing {name}.")
    moment = _parse_rfc3339(value) if isinstance(value, str) else None
    if moment is None or moment.tzinfo is None:
        raise _refuse(400, "invalid", f"Invalid value for {name}: {value}")
    return moment


def _bounded(value: Any, name: str, high: int) -> int:
    if value is None:
        return high
    if not _is_int(value) or not 1 <= value <= high:
        raise _refuse(400, "invalid", f"Invalid value for {name}: must be 1 to {high}.")
    return int(value)


def _string(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise _refuse(400, "invalid", f"Invalid value for {name}.")
    return value


def _choice(value: Any, name: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise _refuse(400, "invalid", f"Invalid value for {name}: {value}")
    return str(value)


def _event_time(value: Any, which: str) -> dict[str, Any]:
    """A validated EventDateTime: `dateTime` is rewritten with its offset (in `timeZone`
    when one is given)."""
    if not isinstance(value, dict) or ("date" in value) == ("dateTime" in value):
        raise _refuse(400, "invalid", f"Invalid {which} time.")
    result: dict[str, Any] = {}
    zone: tzinfo | None = None
    if value.get("timeZone") is not None:
        zone = _zone(value["timeZone"]) if isinstance(value["timeZone"], str) else None
        if zone is None:
            raise _refuse(400, "invalid", f"Invalid time zone definition for {which} time.")
    if "date" in value:
        raw = value["date"]
        if not isinstance(raw, str) or not _DATE.fullmatch(raw) or not _is_date(raw):
            raise _refuse(400, "invalid", f"Invalid {which} time.")
        result["date"] = raw
    else:
        moment = _parse_rfc3339(value["dateTime"]) if isinstance(value["dateTime"], str) else None
        if moment is None:
            raise _refuse(400, "invalid", f"Invalid {which} time.")
        if moment.tzinfo is None:
            if zone is None:
                raise _refuse(400, "required", f"Missing time zone definition for {which} time.")
            moment = moment.replace(tzinfo=zone)
        elif zone is not None:
            moment = moment.astimezone(zone)
        result["dateTime"] = _render(moment)
    if zone is not None:
        result["timeZone"] = value["timeZone"]
    return result


def _attendees(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise _refuse(400, "invalid", "Invalid value for attendees.")
    attendees = []
    for item in value:
        if not isinstance(item, dict) or "email" not in item:
            raise _refuse(400, "required", "Missing attendee email.")
        email = item["email"]
        if not isinstance(email, str) or "@" not in email.strip("@"):
            raise _refuse(400, "invalid", "Invalid attendee email.")
        attendee = {**item, "responseStatus": item.get("responseStatus", "needsAction")}
        if attendee["responseStatus"] not in RESPONSE_STATUSES:
            raise _refuse(400, "invalid", "Invalid attendee response status.")
        attendees.append(attendee)
    return attendees


def _reminders(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _refuse(400, "invalid", "Invalid value for reminders.")
    use_default = value.get("useDefault", False)
    overrides = value.get("overrides")
    if not isinstance(use_default, bool):
        raise _refuse(400, "invalid", "Invalid value for reminders.useDefault.")
    result: dict[str, Any] = {"useDefault": use_default}
    if overrides is None:
        return result
    if use_default and overrides:
        raise _refuse(
            400, "invalid", "Cannot specify both default reminders and overrides at the same time."
        )
    if not isinstance(overrides, list):
        raise _refuse(400, "invalid", "Invalid value for reminders.overrides.")
    if len(overrides) > MAX_OVERRIDES:
        raise _refuse(
            400, "invalid", f"The maximum number of override reminders is {MAX_OVERRIDES}."
        )
    for override in overrides:
        if not isinstance(override, dict) or override.get("method") not in ("email", "popup"):
            raise _refuse(400, "invalid", "Invalid reminder method value.")
        minutes = override.get("minutes")
        if not _is_int(minutes) or not 0 <= minutes <= MAX_REMINDER_MINUTES:
            raise _refuse(400, "invalid", "Invalid reminder minutes value.")
    result["overrides"] = [{"method": o["method"], "minutes": o["minutes"]} for o in overrides]
    return result


def _extended_properties(value: Any) -> dict[str, dict[str, str]]:
    if not isinstance(value, dict) or set(value) - {"private", "shared"}:
        raise _refuse(400, "invalid", "Invalid value for extendedProperties.")
    for kind, props in value.items():
        if not isinstance(props, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in props.items()
        ):
            raise _refuse(400, "invalid", f"Invalid value for extendedProperties.{kind}.")
    return {kind: dict(props) for kind, props in value.items()}


def _check_etag(incoming: _Incoming, event: dict[str, Any]) -> None:
    wanted = incoming.headers.get("if-match")
    if wanted is not None and wanted not in ("*", event["etag"]):
        raise _refuse(
            412,
            "conditionNotMet",
            "Precondition Failed",
            location="If-Match",
            location_type="header",
        )


def _apply(event: dict[str, Any], changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if value is None:
            event.pop(key, None)
        else:
            event[key] = value


def _property_filter(raw: str, name: str) -> tuple[str, str]:
    key, sep, value = raw.partition("=")
    if not sep or not key:
        raise _bad_param(name, f"Invalid value for {name}: {raw}")
    return key, value


def _has_properties(event: dict[str, Any], wanted: dict[str, list[tuple[str, str]]]) -> bool:
    props = event.get("extendedProperties", {})
    return all(
        props.get(kind, {}).get(key) == value
        for kind, pairs in wanted.items()
        for key, value in pairs
    )


def _texts(event: dict[str, Any]) -> str:
    parts = [str(event.get(k, "")) for k in ("summary", "description", "location")]
    parts.append(event.get("organizer", {}).get("email", ""))
    for attendee in event.get("attendees", []):
        parts += [attendee.get("email", ""), attendee.get("displayName", "")]
    return "\n".join(parts).lower()


def _page_offset(token: str | None) -> int:
    if token is None:
        return 0
    try:
        return int(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode())
    except (ValueError, binascii.Error):
        raise _bad_param("pageToken", "Invalid page token value.") from None


def _calendar_error(reason: str) -> dict[str, Any]:
    return {"errors": [{"domain": "global", "reason": reason}], "busy": []}


# --- time and small helpers ---------------------------------------------------------------------
def _parse_rfc3339(text: str) -> datetime | None:
    """An RFC 3339 date-time (naive if it has no offset), or None."""
    match = _RFC3339.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match[i]) for i in range(1, 7))
    micros = int((match[7] or ".0")[1:7].ljust(6, "0"))
    zone: tzinfo | None = None
    if match[8] in ("Z", "z"):
        zone = UTC
    elif match[8]:
        sign = -1 if match[8][0] == "-" else 1
        hours, minutes = int(match[8][1:3]), int(match[8][4:6])
        zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        return datetime(year, month, day, hour, minute, second, micros, tzinfo=zone)
    except ValueError:
        return None


def _moment(value: datetime | str) -> datetime:
    moment = _parse_rfc3339(value) if isinstance(value, str) else value
    if moment is None or moment.tzinfo is None:
        raise ValueError(f"an aware datetime or RFC 3339 time with offset is needed: {value!r}")
    return moment


def _render(moment: datetime) -> str:
    """`2026-09-01T10:00:00+02:00`, or `…Z` at UTC (whole seconds)."""
    text = moment.replace(microsecond=0).isoformat()
    return text[:-6] + "Z" if moment.utcoffset() == timedelta(0) else text


def _stamp_of(moment: datetime) -> str:
    """`2026-08-20T12:00:00.500Z`."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _domain(email: str) -> str:
    return email.rpartition("@")[2].lower()


def _new_event_id() -> str:
    return "".join(secrets.choice(_BASE32HEX) for _ in range(26))


def _b64decode(segment: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except binascii.Error as error:
        raise ValueError(str(error)) from None


@functools.cache
def _signing_key() -> rsa.RSAPrivateKey:
    """The service account's RSA key, made once per test run."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)
