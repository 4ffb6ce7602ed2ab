"""Google Calendar through a service account, against the fake built from the notes: the
JWT grant, freeBusy, events made once for a booking's key (a retried insert finds its
event), moved, removed (a second removal is no error), and a token renewed when refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from salesbot.integrations.calendar.base import Booking, EventRef
from salesbot.integrations.calendar.google import GoogleCalendar
from salesbot.integrations.errors import PermanentError
from salesbot.settings import Settings
from tests.fakes.google_calendar_server import CALENDAR_ID, FakeGoogleCalendar

MSK = ZoneInfo("Europe/Moscow")
START = datetime(2026, 12, 10, 11, 0, tzinfo=MSK)


@pytest.fixture(scope="module")
def google_server() -> Iterator[FakeGoogleCalendar]:
    fake = FakeGoogleCalendar().start()
    yield fake
    fake.stop()


@pytest.fixture
def google(google_server: FakeGoogleCalendar) -> FakeGoogleCalendar:
    google_server.reset()
    return google_server


def google_settings(settings: Settings, fake: FakeGoogleCalendar, folder: Path) -> Settings:
    """Connected to the fake: the service account's key in a file, as admins keep it."""
    key = folder / "service-account.json"
    key.write_text(json.dumps(fake.service_account_info()))
    return settings.model_copy(
        update={
            "google_calendar_credentials": str(key),
            "google_calendar_id": CALENDAR_ID,
            "google_calendar_api_base": fake.origin,
        }
    )


async def test_busy_time_and_an_event_made_once_moved_and_removed(
    google: FakeGoogleCalendar, settings: Settings, tmp_path: Path
) -> None:
    google.busy(CALENDAR_ID, START, START + timedelta(hours=1))
    calendar = GoogleCalendar(google_settings(settings, google, tmp_path))
    [busy] = await calendar.busy(START - timedelta(hours=2), START + timedelta(hours=4))
    assert busy.start == START and busy.end == START + timedelta(hours=1)

    booking = Booking(
        "0a1b2c3d4e5f60718293a4b5c6d7e8f9", START, START + timedelta(minutes=30), "Консультация"
    )
    made = await calendar.create_event(booking)
    again = await calendar.create_event(booking)  # a job's retry after a lost answer
    assert made.id == again.id == booking.key
    event = google.event(booking.key)
    assert event["reminders"]["overrides"] and "attendees" not in event
    assert {c.query.get("sendUpdates") for c in google.calls_to("*/events", "POST")} == {"none"}

    later = Booking(
        booking.key,
        START + timedelta(days=1),
        START + timedelta(days=1, minutes=30),
        "Консультация",
    )
    await calendar.move_event(made, later)
    assert google.event(booking.key)["start"]["dateTime"].startswith("2026-12-11T11:00")
    await calendar.cancel_event(made)
    await calendar.cancel_event(made)  # 410 the second time: gone is what we wanted
    assert [c.status for c in google.calls_to(f"*/events/{booking.key}", "DELETE")] == [204, 410]
    await calendar.close()


async def test_a_refused_token_is_renewed_once(
    google: FakeGoogleCalendar, settings: Settings, tmp_path: Path
) -> None:
    calendar = GoogleCalendar(google_settings(settings, google, tmp_path))
    await calendar.busy(START, START + timedelta(hours=1))
    google.expire_tokens()
    await calendar.busy(START, START + timedelta(hours=1))
    assert google.tokens_issued == 2
    await calendar.close()


async def test_removing_an_unknown_event_is_no_error_but_a_wrong_key_is(
    google: FakeGoogleCalendar, settings: Settings, tmp_path: Path
) -> None:
    calendar = GoogleCalendar(google_settings(settings, google, tmp_path))
    await calendar.cancel_event(EventRef("abcdef0123456789"))
    await calendar.close()
    broken = google_settings(settings, google, tmp_path)
    key = json.loads(Path(str(broken.google_calendar_credentials)).read_text())
    key["client_email"] = "somebody-else@example.iam.gserviceaccount.com"
    Path(str(broken.google_calendar_credentials)).write_text(json.dumps(key))
    refused = GoogleCalendar(broken)
    with pytest.raises(PermanentError, match="GOOGLE_CALENDAR_CREDENTIALS"):
        await refused.busy(START, START + timedelta(hours=1))
    await refused.close()
