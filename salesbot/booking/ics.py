"""The customer's invitation as an iCalendar file (RFC 5545): a service account may not invite
attendees to a Google event, so the invitation travels by e-mail and opens in any calendar.
The UID is the booking's: a moved booking's new file updates the same entry (SEQUENCE grows),
a cancelled one's removes it (METHOD:CANCEL)."""

from __future__ import annotations

from datetime import UTC, datetime

from salesbot.models import Booking

PRODUCT = "-//Salesbot//Consultations//RU"


def invitation(
    booking: Booking, *, title: str, description: str, organizer: str, sequence: int
) -> bytes:
    cancelled = booking.status == "cancelled"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'REQUEST'}",
        "BEGIN:VEVENT",
        f"UID:{booking.id}@salesbot",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{_utc(datetime.now(UTC))}",
        f"DTSTART:{_utc(booking.starts_at)}",
        f"DTEND:{_utc(booking.ends_at)}",
        f"SUMMARY:{_text(title)}",
        f"DESCRIPTION:{_text(description)}",
        f"ORGANIZER:mailto:{organizer}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_text(title)}",
        "TRIGGER:-PT1H",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(_folded(line) for line in lines) + "\r\n").encode("utf-8")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _folded(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (never inside a character)."""
    parts, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > 75:
            parts.append(current)
            current = " "
        current += char
    parts.append(current)
    return "\r\n".join(parts)
