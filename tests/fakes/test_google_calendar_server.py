"""The fake Google Calendar API keeps to the contract notes: the service account's JWT-bearer
grant (signature, iss, aud, scope, a short-lived iat/exp, sub only with delegation), bearer
auth and scopes, free/busy keyed by calendar, events with client ids (409 on reuse), the
403 for attendees without delegation, patch, delete then 410, Google's error shape and the
injected rate limits."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.fakes.google_calendar_server import (
    CALENDAR_ID,
    CLIENT_EMAIL,
    FORBIDDEN_FOR_SERVICE_ACCOUNTS,
    JWT_BEARER,
    PRIVATE_KEY_ID,
    SCOPE,
    SCOPE_EVENTS,
    SHORT_LIVED,
    FakeGoogleCalendar,
)

EVENTS = f"/calendar/v3/calendars/{CALENDAR_ID}/events"
DAY = {"timeMin": "2026-09-01T08:00:00+02:00", "timeMax": "2026-09-01T18:00:00+02:00"}
CALL = {
    "summary": "Demo call – ACME Corp",
    "start": {"dateTime": "2026-09-01T10:00:00", "timeZone": "Europe/Berlin"},
    "end": {"dateTime": "2026-09-01T10:30:00", "timeZone": "Europe/Berlin"},
    "extendedProperties": {"private": {"leadId": "4711"}},
}


@pytest.fixture(scope="module")
def server() -> Iterator[FakeGoogleCalendar]:
    fake = FakeGoogleCalendar().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(server: FakeGoogleCalendar) -> FakeGoogleCalendar:
    server.reset()
    return server


@pytest.fixture
def client(fake: FakeGoogleCalendar) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake.origin) as client:
        yield client


@pytest.fixture
def api(fake: FakeGoogleCalendar, client: httpx.Client) -> httpx.Client:
    """The client holding an access token from a JWT-bearer grant."""
    granted = _grant(client, _assertion(fake))
    assert granted.status_code == 200, granted.text
    client.headers["Authorization"] = f"Bearer {granted.json()['access_token']}"
    return client


def _assertion(
    fake: FakeGoogleCalendar,
    key: str | None = None,
    headers: dict[str, Any] | None = None,
    **overrides: Any,
) -> str:
    """A JWT as google-auth builds it, signed with the key file's key unless `key` is given."""
    info = fake.service_account_info()
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": info["client_email"],
        "scope": SCOPE,
        "aud": info["token_uri"],
        "iat": now,
        "exp": now + 3600,
    }
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(
        claims,
        key or info["private_key"],
        algorithm="RS256",
        headers=headers or {"kid": info["private_key_id"]},
    )


def _grant(client: httpx.Client, assertion: str) -> httpx.Response:
    return client.post("/token", data={"grant_type": JWT_BEARER, "assertion": assertion})


def _oauth_error(response: httpx.Response) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["error"], body["error_description"]


def _google_error(response: httpx.Response) -> tuple[int, str, str]:
    """(code, domain, reason), after checking the whole shape."""
    error = response.json()["error"]
    assert set(error) == {"code", "message", "errors", "status"}
    assert error["code"] == response.status_code
    [item] = error["errors"]
    assert item["message"] == error["message"]
    return error["code"], item["domain"], item["reason"]


def _delegated(fake: FakeGoogleCalendar, client: httpx.Client, user: str) -> httpx.Client:
    fake.delegation = True
    granted = _grant(client, _assertion(fake, sub=user))
    assert granted.status_code == 200, granted.text
    client.headers["Authorization"] = f"Bearer {granted.json()['access_token']}"
    return client


def _insert(api: httpx.Client, **fields: Any) -> dict[str, Any]:
    response = api.post(EVENTS, json={**CALL, **fields})
    assert response.status_code == 200, response.text
    event: dict[str, Any] = response.json()
    return event


def _free_busy(api: httpx.Client, *ids: str, **extra: Any) -> dict[str, Any]:
    body = {**DAY, "timeZone": "UTC", "items": [{"id": i} for i in ids], **extra}
    response = api.post("/calendar/v3/freeBusy", json=body)
    assert response.status_code == 200, response.text
    calendars: dict[str, Any] = response.json()["calendars"]
    return calendars


class TestTokenGrant:
    def test_a_good_assertion_gets_a_bearer_token(
        self, fake: FakeGoogleCalendar, client: httpx.Client
    ) -> None:
        info = fake.service_account_info()
        assert info["type"] == "service_account"
        assert (info["client_email"], info["private_key_id"]) == (CLIENT_EMAIL, PRIVATE_KEY_ID)
        assert info["token_uri"] == f"{fake.origin}/token"
        assert info["private_key"].startswith("-----BEGIN PRIVATE KEY-----")
        assert fake.service_account_info()["private_key"] == info["private_key"]  # once a run

        response = _grant(client, _assertion(fake))
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"access_token", "expires_in", "token_type"}
        assert body["access_token"].startswith("ya29.")
        assert (body["expires_in"], body["token_type"]) == (3599, "Bearer")
        assert fake.calls[-1].body["grant_type"] == JWT_BEARER
        headers = {"Authorization": f"Bearer {body['access_token']}"}
        assert client.get(EVENTS, headers=headers).status_code == 200

    def test_a_foreign_key_is_an_invalid_signature(
        self, fake: FakeGoogleCalendar, client: httpx.Client
    ) -> None:
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = other.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        response = _grant(client, _assertion(fake, key=pem))
        assert _oauth_error(response) == (400, "invalid_grant", "Invalid JWT Signature.")
        signed, other_claims = _assertion(fake).split("."), _assertion(fake, scope=SCOPE_EVENTS)
        tampered = ".".join([signed[0], other_claims.split(".")[1], signed[2]])
        assert _oauth_error(_grant(client, tampered))[2] == "Invalid JWT Signature."
        wrong_kid = _assertion(fake, headers={"kid": "0" * 40})
        assert _oauth_error(_grant(client, wrong_kid))[2] == "Invalid JWT Signature."

    def test_the_audience_must_be_the_token_uri(
        self, fake: FakeGoogleCalendar, client: httpx.Client
    ) -> None:
        for aud in ("https://oauth2.googleapis.com/token", None):
            status, error, description = _oauth_error(_grant(client, _assertion(fake, aud=aud)))
            assert (status, error) == (400, "invalid_grant")
            assert description.startswith("Invalid JWT: Failed audience check.")

    def test_iat_and_exp_must_make_a_short_lived_current_token(
        self, fake: FakeGoogleCalendar, client: httpx.Client
    ) -> None:
        now = int(time.time())
        for times in (
            {"iat": now - 7200, "exp": now - 3600},  # expired
            {"iat": now, "exp": now + 3601},  # longer than an hour
            {"iat": now + 3600, "exp": now + 4000},  # from the future
            {"iat": now, "exp": now},
            {"exp": None},
        ):
            response = _grant(client, _assertion(fake, **times))
            assert _oauth_error(response) == (400, "invalid_grant", SHORT_LIVED), times
        skewed = _assertion(fake, iat=now + 60, exp=now + 3660)
        assert _grant(client, skewed).status_code == 200

    def test_other_refusals(self, fake: FakeGoogleCalendar, client: httpx.Client) -> None:
        stranger = _assertion(fake, iss="someone@else.iam.gserviceaccount.com")
        assert _oauth_error(_grant(client, stranger))[2] == "Invalid grant: account not found"
        assert _oauth_error(_grant(client, _assertion(fake, scope=None)))[1] == "invalid_scope"
        assert _oauth_error(_grant(client, "not.a.jwt"))[1] == "invalid_grant"
        wrong_type = client.post("/token", data={"grant_type": "client_credentials"})
        assert _oauth_error(wrong_type)[:2] == (400, "unsupported_grant_type")
        as_json = client.post("/token", json={"grant_type": JWT_BEARER, "assertion": "x"})
        assert _oauth_error(as_json)[:2] == (400, "invalid_request")
        fake.account_exists = False
        assert _oauth_error(_grant(client, _assertion(fake)))[2] == (
            "Invalid grant: account not found"
        )

    def test_sub_needs_domain_wide_delegation(
        self, fake: FakeGoogleCalendar, client: httpx.Client
    ) -> None:
        impersonating = _assertion(fake, sub="rep@example.com")
        assert _oauth_error(_grant(client, impersonating))[:2] == (401, "unauthorized_client")
        fake.delegation = True
        granted = _grant(client, impersonating)
        assert granted.status_code == 200
        assert fake.tokens[granted.json()["access_token"]].subject == "rep@example.com"

    def test_injected_token_failures_are_internal_failure(
        self, fake: FakeGoogleCalendar, client: httpx.Client
    ) -> None:
        fake.fail_token_next(503)
        assert _oauth_error(_grant(client, _assertion(fake)))[:2] == (503, "internal_failure")
        assert _grant(client, _assertion(fake)).status_code == 200


class TestAuthentication:
    def test_no_token_a_bad_token_or_an_expired_one_is_401(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        anonymous = httpx.post(f"{fake.origin}/calendar/v3/freeBusy", json=DAY)
        assert _google_error(anonymous) == (401, "global", "authError")
        item = anonymous.json()["error"]["errors"][0]
        assert (item["locationType"], item["location"]) == ("header", "Authorization")
        assert anonymous.json()["error"]["status"] == "UNAUTHENTICATED"
        assert anonymous.headers["www-authenticate"].startswith("Bearer")
        bogus = httpx.get(f"{fake.origin}{EVENTS}", headers={"Authorization": "Bearer ya29.x"})
        assert bogus.status_code == 401

        assert api.get(EVENTS).status_code == 200
        fake.expire_tokens()
        assert _google_error(api.get(EVENTS)) == (401, "global", "authError")

    def test_the_scope_must_cover_the_method(
        self, fake: FakeGoogleCalendar, client: httpx.Client
    ) -> None:
        client.headers["Authorization"] = f"Bearer {fake.issue_token([SCOPE_EVENTS])}"
        assert client.post(EVENTS, json=CALL).status_code == 200
        refused = client.post("/calendar/v3/freeBusy", json=DAY)
        assert _google_error(refused) == (403, "global", "insufficientPermissions")


class TestFreeBusy:
    def test_busy_times_of_seeded_and_inserted_events_per_calendar(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        fake.busy(CALENDAR_ID, "2026-09-01T07:00:00Z", "2026-09-01T07:30:00Z")
        fake.busy(CALENDAR_ID, datetime(2026, 9, 1, 7, 15, tzinfo=UTC), "2026-09-01T07:45:00Z")
        fake.busy(CALENDAR_ID, "2026-09-01T05:00:00Z", "2026-09-01T06:30:00Z")  # clipped
        fake.busy(CALENDAR_ID, "2026-09-02T07:00:00Z", "2026-09-02T08:00:00Z")  # outside
        fake.busy("rep@example.com", "2026-09-01T12:00:00Z", "2026-09-01T13:00:00Z")
        _insert(api)  # 10:00–10:30 Berlin = 08:00–08:30 UTC
        _insert(api, transparency="transparent", id="free0time")
        calendars = _free_busy(api, CALENDAR_ID, "rep@example.com", "nobody@example.com")
        assert calendars[CALENDAR_ID] == {
            "busy": [
                {"start": "2026-09-01T06:00:00Z", "end": "2026-09-01T06:30:00Z"},
                {"start": "2026-09-01T07:00:00Z", "end": "2026-09-01T07:45:00Z"},
                {"start": "2026-09-01T08:00:00Z", "end": "2026-09-01T08:30:00Z"},
            ]
        }
        assert calendars["rep@example.com"]["busy"] == [
            {"start": "2026-09-01T12:00:00Z", "end": "2026-09-01T13:00:00Z"}
        ]
        assert calendars["nobody@example.com"] == {
            "errors": [{"domain": "global", "reason": "notFound"}],
            "busy": [],
        }

    def test_the_answer_echoes_the_window_and_writes_busy_times_in_its_zone(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        _insert(api)
        body = {**DAY, "timeZone": "Europe/Berlin", "items": [{"id": CALENDAR_ID}]}
        answer = api.post("/calendar/v3/freeBusy", json=body).json()
        assert answer["kind"] == "calendar#freeBusy"
        assert (answer["timeMin"], answer["timeMax"]) == (
            "2026-09-01T06:00:00.000Z",
            "2026-09-01T16:00:00.000Z",
        )
        assert answer["calendars"][CALENDAR_ID]["busy"] == [
            {"start": "2026-09-01T10:00:00+02:00", "end": "2026-09-01T10:30:00+02:00"}
        ]

    def test_primary_is_the_service_accounts_own_calendar(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        created = api.post("/calendar/v3/calendars/primary/events", json=CALL)
        assert created.json()["organizer"] == {"email": CLIENT_EMAIL, "self": True}
        calendars = _free_busy(api, "primary")
        assert len(calendars["primary"]["busy"]) == 1

    def test_an_empty_range_and_too_many_calendars(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        empty = {**DAY, "timeMax": DAY["timeMin"], "items": []}
        refused = api.post("/calendar/v3/freeBusy", json=empty)
        assert _google_error(refused) == (400, "calendar", "timeRangeEmpty")
        assert refused.json()["error"]["message"] == "The specified time range is empty."
        assert api.post("/calendar/v3/freeBusy", json={"items": []}).status_code == 400

        calendars = _free_busy(api, CALENDAR_ID, "b@example.com", calendarExpansionMax=1)
        assert calendars["b@example.com"]["errors"][0]["reason"] == "tooManyCalendarsRequested"
        assert "errors" not in calendars[CALENDAR_ID]


class TestEvents:
    def test_insert_answers_the_event_with_the_clients_id(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        event = _insert(
            api,
            id="lead4711booking",
            reminders={"useDefault": False, "overrides": [{"method": "popup", "minutes": 10}]},
        )
        assert event["id"] == "lead4711booking"
        assert (event["kind"], event["status"], event["sequence"]) == (
            "calendar#event",
            "confirmed",
            0,
        )
        assert event["htmlLink"].startswith("https://www.google.com/calendar/event?eid=")
        assert event["iCalUID"] == "lead4711booking@google.com"
        assert event["creator"] == {"email": CLIENT_EMAIL}
        assert event["start"] == {
            "dateTime": "2026-09-01T10:00:00+02:00",
            "timeZone": "Europe/Berlin",
        }
        assert event["extendedProperties"] == {"private": {"leadId": "4711"}}
        assert event["created"].endswith("Z")
        assert fake.event("lead4711booking") == event
        assert api.get(f"{EVENTS}/lead4711booking").json() == event

        generated = _insert(api)["id"]
        assert len(generated) == 26 and set(generated) <= set("0123456789abcdefghijklmnopqrstuv")

    def test_a_reused_id_is_409_duplicate_even_after_cancelling(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        _insert(api, id="booking00001")
        again = api.post(EVENTS, json={**CALL, "id": "booking00001", "summary": "other"})
        assert _google_error(again) == (409, "global", "duplicate")
        assert fake.event("booking00001")["summary"] == CALL["summary"]
        assert api.delete(f"{EVENTS}/booking00001").status_code == 204
        assert api.post(EVENTS, json={**CALL, "id": "booking00001"}).status_code == 409
        for bad in ("abc", "has-dash1", "UPPERCASE1", "wxyz12345"):
            assert _google_error(api.post(EVENTS, json={**CALL, "id": bad}))[2] == "invalid"

    def test_attendees_without_delegation_are_forbidden_for_service_accounts(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        guests = [{"email": "jane@acme.test", "displayName": "Jane Doe"}]
        refused = api.post(EVENTS, json={**CALL, "attendees": guests})
        assert refused.status_code == 403
        assert refused.json() == {
            "error": {
                "code": 403,
                "message": FORBIDDEN_FOR_SERVICE_ACCOUNTS,
                "errors": [
                    {
                        "domain": "calendar",
                        "reason": "forbiddenForServiceAccounts",
                        "message": FORBIDDEN_FOR_SERVICE_ACCOUNTS,
                    }
                ],
                "status": "PERMISSION_DENIED",
            }
        }
        assert fake.events == {}
        fake.delegation = True  # switching it on is not enough: the client must impersonate
        assert api.post(EVENTS, json={**CALL, "attendees": guests}).status_code == 403

    def test_a_delegated_token_invites_and_updates_are_sent_as_asked(
        self, fake: FakeGoogleCalendar, client: httpx.Client
    ) -> None:
        api = _delegated(fake, client, "rep@example.com")
        guests = [{"email": "jane@acme.test"}, {"email": "boss@example.com", "optional": True}]
        created = api.post(
            EVENTS, params={"sendUpdates": "externalOnly"}, json={**CALL, "attendees": guests}
        )
        assert created.status_code == 200, created.text
        event = created.json()
        assert event["creator"] == {"email": "rep@example.com"}
        assert [a["responseStatus"] for a in event["attendees"]] == ["needsAction"] * 2
        [notice] = fake.notifications
        assert (notice.action, notice.send_updates, notice.recipients) == (
            "created",
            "externalOnly",
            ("jane@acme.test",),
        )
        assert (
            api.delete(f"{EVENTS}/{event['id']}", params={"sendUpdates": "all"}).status_code == 204
        )
        assert fake.notifications[-1].recipients == ("jane@acme.test", "boss@example.com")
        assert api.post(EVENTS, params={"sendUpdates": "some"}, json=CALL).status_code == 400

    def test_validation_of_times_and_reminders(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        def reason(**fields: Any) -> str:
            return _google_error(api.post(EVENTS, json={**CALL, **fields}))[2]

        popup = {"method": "popup", "minutes": 10}
        assert reason(reminders={"useDefault": False, "overrides": [popup] * 6}) == "invalid"
        assert reason(reminders={"useDefault": True, "overrides": [popup]}) == "invalid"
        assert reason(reminders={"overrides": [{"method": "sms", "minutes": 10}]}) == "invalid"
        assert reason(reminders={"overrides": [{"method": "email", "minutes": 40321}]}) == "invalid"
        assert reason(end=None) == "required"
        assert reason(start={"dateTime": "2026-09-01T10:00:00"}) == "required"  # no zone
        assert reason(start={"dateTime": "2026-09-01T11:00:00+02:00"}) == "timeRangeEmpty"
        assert reason(start={"date": "2026-09-01"}) == "invalid"
        assert fake.events == {}
        five = {"useDefault": False, "overrides": [popup] * 5}
        assert _insert(api, reminders=five)["reminders"] == five

    def test_meet_links_need_version_1_and_delegation(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        meet = {
            "createRequest": {
                "requestId": "lead-4711-1",
                "conferenceSolutionKey": {"type": "hangoutsMeet"},
            }
        }
        ignored = _insert(api, conferenceData=meet)
        assert "conferenceData" not in ignored and "hangoutLink" not in ignored
        versioned = {"conferenceDataVersion": "1"}
        refused = api.post(EVENTS, params=versioned, json={**CALL, "conferenceData": meet})
        assert refused.json()["error"]["message"] == "Invalid conference type value."
        fake.meet_without_delegation = True
        created = api.post(EVENTS, params=versioned, json={**CALL, "conferenceData": meet})
        event = created.json()
        assert event["hangoutLink"].startswith("https://meet.google.com/")
        assert event["conferenceData"]["createRequest"]["status"] == {"statusCode": "success"}
        assert event["conferenceData"]["entryPoints"][0]["uri"] == event["hangoutLink"]

    def test_patch_changes_only_what_is_sent(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        event = _insert(api, description="Lead #4711")
        url = f"{EVENTS}/{event['id']}"
        patched = api.patch(url, json={"summary": "Moved", "description": None})
        assert patched.status_code == 200
        body = patched.json()
        assert (body["summary"], body["start"], body["sequence"]) == ("Moved", event["start"], 0)
        assert "description" not in body
        assert body["etag"] != event["etag"]
        assert body["extendedProperties"] == event["extendedProperties"]

        later = {"dateTime": "2026-09-01T12:00:00+02:00"}
        moved = api.patch(
            url, json={"start": later, "end": {"dateTime": "2026-09-01T12:30:00+02:00"}}
        )
        assert (moved.json()["start"], moved.json()["sequence"]) == (later, 1)
        assert fake.event(event["id"])["start"] == later

        refused = api.patch(url, json={"attendees": [{"email": "jane@acme.test"}]})
        assert _google_error(refused) == (403, "calendar", "forbiddenForServiceAccounts")
        assert "attendees" not in fake.event(event["id"])
        stale = api.patch(url, json={"summary": "x"}, headers={"If-Match": event["etag"]})
        assert _google_error(stale) == (412, "global", "conditionNotMet")
        assert _google_error(api.patch(f"{EVENTS}/nosuchevent", json={}))[2] == "notFound"

    def test_delete_then_delete_again_is_410_deleted(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        event = _insert(api)
        url = f"{EVENTS}/{event['id']}"
        deleted = api.delete(url, params={"sendUpdates": "all"})
        assert (deleted.status_code, deleted.content) == (204, b"")
        again = api.delete(url)
        assert _google_error(again) == (410, "global", "deleted")
        assert again.json()["error"]["message"] == "Resource has been deleted"
        assert api.get(url).json()["status"] == "cancelled"
        assert _free_busy(api, CALENDAR_ID)[CALENDAR_ID]["busy"] == []
        assert _google_error(api.delete(f"{EVENTS}/nosuchevent")) == (404, "global", "notFound")

    def test_list_filters_by_time_and_private_property_and_pages(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        first = _insert(api, id="first0001")
        _insert(
            api,
            id="second001",
            summary="Follow-up",
            start={"dateTime": "2026-09-02T10:00:00+02:00"},
            end={"dateTime": "2026-09-02T11:00:00+02:00"},
            extendedProperties={"private": {"leadId": "9"}},
        )
        api.delete(f"{EVENTS}/first0001")
        _insert(api, id="third0001")

        def ids(**params: Any) -> list[str]:
            response = api.get(EVENTS, params=params)
            assert response.status_code == 200, response.text
            return [e["id"] for e in response.json()["items"]]

        assert ids() == ["third0001", "second001"]
        assert ids(showDeleted="true") == ["first0001", "third0001", "second001"]
        assert ids(privateExtendedProperty="leadId=4711") == ["third0001"]
        assert ids(timeMin="2026-09-02T00:00:00Z", singleEvents="true", orderBy="startTime") == [
            "second001"
        ]
        assert ids(q="acme") == ["third0001"]
        page = api.get(EVENTS, params={"maxResults": 1}).json()
        assert page["kind"] == "calendar#events" and page["items"][0]["id"] == "third0001"
        rest = api.get(EVENTS, params={"maxResults": 1, "pageToken": page["nextPageToken"]})
        assert [e["id"] for e in rest.json()["items"]] == ["second001"]
        assert "nextPageToken" not in rest.json()
        assert api.get(EVENTS, params={"orderBy": "startTime"}).status_code == 400
        assert first["id"] == "first0001"

    def test_unknown_and_read_only_calendars(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        unknown = api.post("/calendar/v3/calendars/nobody@example.com/events", json=CALL)
        assert _google_error(unknown) == (404, "global", "notFound")
        fake.add_calendar("colleague@example.com", writable=False)
        read_only = api.post("/calendar/v3/calendars/colleague@example.com/events", json=CALL)
        assert _google_error(read_only) == (403, "global", "forbidden")
        assert api.get("/calendar/v3/calendars/colleague@example.com/events").status_code == 200
        assert _google_error(api.get("/calendar/v3/nothing")) == (404, "global", "notFound")


class TestLimitsAndFailures:
    def test_rate_limits_answer_403_or_429_with_usage_limits_reasons(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        fake.rate_limit_next(1)
        fake.rate_limit_next(1, status=429)
        fake.rate_limit_next(1, reason="userRateLimitExceeded", retry_after=2)
        limited = api.get(EVENTS)
        assert _google_error(limited) == (403, "usageLimits", "rateLimitExceeded")
        assert limited.json()["error"]["message"] == "Rate Limit Exceeded"
        assert "retry-after" not in limited.headers
        assert _google_error(api.get(EVENTS)) == (429, "usageLimits", "rateLimitExceeded")
        per_user = api.get(EVENTS)
        assert _google_error(per_user) == (403, "usageLimits", "userRateLimitExceeded")
        assert per_user.headers["retry-after"] == "2"
        assert api.get(EVENTS).status_code == 200

    def test_the_per_minute_user_limit(self, fake: FakeGoogleCalendar, api: httpx.Client) -> None:
        fake.user_rate_limit = 2
        statuses = [api.get(EVENTS).status_code for _ in range(3)]
        assert statuses == [200, 200, 403]

    def test_injected_failures_then_recovery(
        self, fake: FakeGoogleCalendar, api: httpx.Client
    ) -> None:
        fake.fail_next(503, times=2)
        assert _google_error(api.get(EVENTS)) == (503, "global", "backendError")
        assert api.get(EVENTS).json()["error"]["status"] == "UNAVAILABLE"
        assert api.get(EVENTS).status_code == 200


def test_calls_are_recorded_and_reset_restores_a_fresh_account(
    fake: FakeGoogleCalendar, api: httpx.Client
) -> None:
    _insert(api, id="recorded1")
    [call] = fake.calls_to("/calendar/v3/calendars/*/events", "POST")
    assert (call.status, call.body["id"]) == (200, "recorded1")
    assert call.token is not None and call.token.startswith("ya29.")
    assert fake.calls_to("/token")[0].status == 200
    fake.delegation = True
    fake.reset()
    assert (fake.events, fake.calls, fake.notifications, fake.tokens_issued) == ({}, [], [], 0)
    assert fake.delegation is False
    assert api.get(EVENTS).status_code == 401  # the old token is gone too
