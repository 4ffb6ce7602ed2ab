"""Google Calendar through a service account (../shared/api/google_calendar.md): a JWT
signed with the account's key is exchanged for an access token (an hour, renewed early),
`freeBusy` gives the team calendar's busy time, and each booking is an event with a client
id made from our key, so a retried insert finds the event instead of making a second one.

Without domain-wide delegation a service account may not invite anyone (403
forbiddenForServiceAccounts): the event carries no attendees, and the customer's invitation
goes by e-mail as an .ics file."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import jwt

from salesbot.integrations.base import Kind, ProbeContext, ProbeFailed, mask
from salesbot.integrations.calendar.base import Booking, Busy, EventRef
from salesbot.integrations.errors import OutsideServiceError, PermanentError, error_for_status
from salesbot.integrations.http import send_with_retries
from salesbot.settings import Settings, get_settings

SERVICE = "google_calendar"
SCOPE = "https://www.googleapis.com/auth/calendar"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
RENEW_BEFORE = 300  # seconds before a token ends that a new one is asked for
REMINDERS = [{"method": "email", "minutes": 24 * 60}, {"method": "popup", "minutes": 60}]


class GoogleCalendar:
    name = SERVICE
    title = "Google Календарь"
    kind: Kind = "saas"

    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = settings
        self._http: httpx.AsyncClient | None = None
        self._token: tuple[str, float] | None = None  # (token, expires at)

    # --- the board ------------------------------------------------------------------------------
    def configured(self, settings: Settings) -> bool:
        return bool(settings.google_calendar_credentials and settings.google_calendar_id)

    def details(self, settings: Settings) -> dict[str, Any]:
        if not self.configured(settings):
            return {"note": "Встроенный календарь: записи хранятся в Salesbot."}
        return {"calendar_id": mask(settings.google_calendar_id)}

    async def probe(self, context: ProbeContext) -> None:
        """A token, and the next hour's busy time."""
        calendar = GoogleCalendar(context.settings)
        try:
            now = time.time()
            await calendar.busy(_at(now), _at(now + 3600))
        except OutsideServiceError as exc:
            raise ProbeFailed(str(exc).removeprefix(f"{SERVICE}: ")) from exc
        finally:
            await calendar.close()

    # --- the port -------------------------------------------------------------------------------
    async def busy(self, start: datetime, end: datetime) -> list[Busy]:
        calendar_id = self.settings.google_calendar_id or ""
        body = {
            "timeMin": start.isoformat(),
            "timeMax": end.isoformat(),
            "timeZone": self.settings.timezone,
            "items": [{"id": calendar_id}],
        }
        answer = await self._call("POST", "/calendar/v3/freeBusy", json=body)
        found = (answer.get("calendars") or {}).get(calendar_id) or {}
        if found.get("errors"):
            reasons = ", ".join(str(e.get("reason")) for e in found["errors"])
            raise PermanentError(SERVICE, f"календарь недоступен ({reasons}): проверьте доступ")
        return [
            Busy(datetime.fromisoformat(b["start"]), datetime.fromisoformat(b["end"]))
            for b in found.get("busy", [])
        ]

    async def create_event(self, booking: Booking) -> EventRef:
        event = {**self._event(booking), "id": booking.key, "reminders": _reminders()}
        try:
            made = await self._call("POST", self._events(), json=event, params=_quiet())
        except OutsideServiceError as error:
            if error.status != 409:  # 409: made before (a retry): that one is ours
                raise
            made = await self._call("GET", f"{self._events()}/{booking.key}")
        return EventRef(str(made["id"]), made.get("htmlLink"))

    async def move_event(self, ref: EventRef, booking: Booking) -> None:
        await self._call(
            "PATCH", f"{self._events()}/{ref.id}", json=self._event(booking), params=_quiet()
        )

    async def cancel_event(self, ref: EventRef) -> None:
        try:
            await self._call("DELETE", f"{self._events()}/{ref.id}", params=_quiet())
        except OutsideServiceError as error:
            if error.status not in (404, 410):  # gone already: what we wanted
                raise

    async def close(self) -> None:
        if self._http is not None:
            await self._http.aclose()

    # --- HTTP -----------------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self._settings or get_settings()

    def _events(self) -> str:
        return f"/calendar/v3/calendars/{self.settings.google_calendar_id}/events"

    def _event(self, booking: Booking) -> dict[str, Any]:
        zone = self.settings.timezone
        return {
            "summary": booking.title,
            "description": booking.description,
            "start": {"dateTime": booking.start.isoformat(), "timeZone": zone},
            "end": {"dateTime": booking.end.isoformat(), "timeZone": zone},
        }

    async def _call(self, method: str, path: str, **options: Any) -> dict[str, Any]:
        s = self.settings
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=s.google_calendar_timeout_seconds)
        for attempt in (1, 2):
            token = await self._access_token()
            response = await send_with_retries(
                SERVICE,
                partial(
                    self._http.request,
                    method,
                    f"{s.google_calendar_api_base.rstrip('/')}{path}",
                    headers={"Authorization": f"Bearer {token}"},
                    **options,
                ),
                max_retries=s.max_retries,
            )
            if response.status_code == 401 and attempt == 1:
                self._token = None  # refused: a new one, once
                continue
            if response.status_code == 403 and _rate_limited(response):
                raise error_for_status(SERVICE, 429, "Google: превышен лимит запросов")
            if response.status_code >= 400:
                raise error_for_status(SERVICE, response.status_code, _message(response))
            return response.json() if response.content else {}
        raise AssertionError("unreachable")  # pragma: no cover

    async def _access_token(self) -> str:
        if self._token is not None and self._token[1] - RENEW_BEFORE > time.time():
            return self._token[0]
        key = _key(self.settings)
        now = int(time.time())
        assertion = jwt.encode(
            {
                "iss": key["client_email"],
                "scope": SCOPE,
                "aud": key["token_uri"],
                "iat": now,
                "exp": now + 3600,
            },
            key["private_key"],
            algorithm="RS256",
            headers={"kid": key.get("private_key_id", "")},
        )
        assert self._http is not None
        response = await send_with_retries(
            SERVICE,
            partial(
                self._http.post,
                key["token_uri"],
                data={"grant_type": JWT_BEARER, "assertion": assertion},
            ),
            max_retries=self.settings.max_retries,
        )
        if response.status_code >= 400:
            said = response.json().get("error_description", "") if response.content else ""
            raise PermanentError(
                SERVICE,
                f"Google не выдал токен ({said or response.status_code}): проверьте ключ "
                "сервисного аккаунта (GOOGLE_CALENDAR_CREDENTIALS).",
                status=response.status_code,
            )
        body = response.json()
        self._token = (str(body["access_token"]), time.time() + float(body["expires_in"]))
        return self._token[0]


def _key(settings: Settings) -> dict[str, str]:
    """The service account's key: the JSON itself, or a path to it."""
    raw = settings.google_calendar_credentials or ""
    text = raw if raw.lstrip().startswith("{") else Path(raw).read_text("utf-8")
    key: dict[str, str] = json.loads(text)
    return key


def _quiet() -> dict[str, str]:
    return {"sendUpdates": "none"}  # no attendees: the customer's invitation goes by mail


def _reminders() -> dict[str, Any]:
    return {"useDefault": False, "overrides": REMINDERS}


def _rate_limited(response: httpx.Response) -> bool:
    try:
        errors = response.json()["error"]["errors"]
    except (ValueError, KeyError, TypeError):
        return False
    return any(e.get("domain") == "usageLimits" for e in errors)


def _message(response: httpx.Response) -> str:
    try:
        return str(response.json()["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return f"HTTP {response.status_code}"


def _at(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
