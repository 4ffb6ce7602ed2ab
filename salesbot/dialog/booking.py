"""The consultation in the offline brain's words: the nearest free slots as buttons (a
channel without buttons numbers them), a time named in words ("в четверг после обеда",
"в 14 по Екатеринбургу"), booking, moving, confirming and cancelling."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from salesbot.booking.service import SlotTaken
from salesbot.booking.words import day_and_time, slot_label
from salesbot.conversations.types import Button, Reply
from salesbot.db.base import utcnow
from salesbot.dialog.nlu.when import Asked, read_time
from salesbot.dialog.tools import Tools
from salesbot.models import Booking

BOOK = "book:"  # a slot's button: "book:2026-12-10T11:00:00+03:00"
CONFIRM, MOVE, CANCEL = "booking:confirm", "booking:move", "booking:cancel"
BOOKING_PAYLOADS = (BOOK, "booking:")
_CANCEL = re.compile(r"отмен\w*|не смогу|не получится прийти|\bcancel", re.IGNORECASE)
_MOVE = re.compile(
    r"перен[еёо]с\w*|перенести|друго[ей] (?:врем|день)|другое время|reschedul|another time",
    re.IGNORECASE,
)
_ABOUT_MEETING = re.compile(
    r"встреч|консультац|созвон|звон|запис|meeting|call|appointment", re.IGNORECASE
)


def reminder_buttons() -> tuple[Button, ...]:
    """Under the day-before reminder (the brain translates the texts)."""
    return (Button("Буду", CONFIRM), Button("Перенести", MOVE), Button("Отменить", CANCEL))


class Phrases(Protocol):
    def __getitem__(self, key: str) -> str: ...


class BookingDialog:
    def __init__(self, phrases: Phrases, language: str, zone: ZoneInfo) -> None:
        self.phrases, self.language, self.zone = phrases, language, zone

    def wants_change(self, tools: Tools, low: str, booked: bool) -> str | None:
        """ "cancel" or "move" when the customer, who has a booking, asks for it in words."""
        if not booked:
            return None
        about = bool(_ABOUT_MEETING.search(low)) or tools.state.awaiting == "booking_reminder"
        if _CANCEL.search(low) and about:
            return CANCEL
        if _MOVE.search(low):  # "перенесём на пятницу": only the consultation moves here
            return MOVE
        return None

    def concerns(self, tools: Tools, text: str) -> bool:
        """Might the message be about the consultation? (No query for the rest.)"""
        low = text.strip().lower()
        return (
            low.startswith(BOOK)
            or low in (CONFIRM, MOVE, CANCEL)
            or tools.state.awaiting in ("booking", "booking_reminder")
            or bool(_CANCEL.search(low) or _MOVE.search(low))
        )

    async def request(
        self, tools: Tools, text: str, *, intro: str = "booking_offer"
    ) -> list[Reply]:
        """The customer asks for a call (or another time), perhaps naming it at once."""
        asked = read_time(text, _now(), self.zone)
        if asked.kind != "none":
            return await self._asked(tools, asked)
        return await self.offer(tools, intro=intro)

    async def handle(self, tools: Tools, text: str) -> list[Reply] | None:
        """The replies when the message is about the consultation; None when it is not."""
        if not self.concerns(tools, text):
            return None
        low = text.strip().lower()
        booking = await tools.current_booking()
        if low.startswith(BOOK):
            return await self._book(tools, datetime.fromisoformat(text.strip()[len(BOOK) :]))
        if low == CONFIRM:
            return self._confirmed(await tools.confirm_booking())
        change = (
            low if low in (MOVE, CANCEL) else self.wants_change(tools, low, booking is not None)
        )
        if change == CANCEL:
            return self._cancelled(await tools.cancel_booking())
        if change == MOVE:
            return await self.request(tools, text, intro="booking_move")
        if tools.state.awaiting == "booking":
            asked = read_time(text, _now(), self.zone)
            if asked.kind != "none":
                return await self._asked(tools, asked)
        return None

    async def offer(self, tools: Tools, *, intro: str = "booking_offer") -> list[Reply]:
        """The nearest free slots; a booking already made is named first."""
        booking = await tools.current_booking()
        slots = await tools.free_slots()
        tools.state.awaiting = "booking"
        lead = []
        if booking is not None and intro == "booking_offer":
            lead = [Reply(self.phrases["booking_exists"].format(when=self.when(booking, tools)))]
            intro = "booking_move"
        if not slots:
            await tools.alert_managers("no_free_slots")
            return [*lead, Reply(self.phrases["booking_none_free"])]
        text = self.phrases[intro].format(minutes=tools.settings.booking_slot_minutes)
        return [*lead, Reply(text, self._buttons(slots, tools))]

    async def _asked(self, tools: Tools, asked: Asked) -> list[Reply]:
        if asked.zone is not None:
            tools.state.timezone = asked.zone.key
        assert asked.start is not None
        now = _now()
        if asked.kind == "at":
            if asked.start < now:
                return await self._alternatives(tools, "booking_past")
            if tools.bookings.fits(asked.start):
                return await self._book(tools, asked.start)
            return await self._alternatives(tools, "booking_off_hours")
        assert asked.end is not None
        if asked.end <= now:
            return await self._alternatives(tools, "booking_past")
        slots = await tools.free_slots(after=asked.start, before=asked.end)
        if not slots:
            return await self._alternatives(tools, "booking_window_busy")
        return [Reply(self.phrases["booking_window"], self._buttons(slots, tools))]

    async def _book(self, tools: Tools, start: datetime) -> list[Reply]:
        try:
            booking = await tools.book(start)
        except SlotTaken:
            return await self._alternatives(tools, "booking_taken")
        tools.state.awaiting = None
        done = [Reply(self.phrases["booking_done"].format(when=self.when(booking, tools)))]
        contact = await tools.contact()
        if contact is None or not contact.phone:  # the manager calls: a number is needed
            tools.state.awaiting = "contact_saved"
            done.append(Reply(self.phrases["booking_phone"]))
        return done

    async def _alternatives(self, tools: Tools, why: str) -> list[Reply]:
        slots = await tools.free_slots()
        tools.state.awaiting = "booking"
        if not slots:
            return [Reply(self.phrases[why].rstrip(":") + ".")]
        return [Reply(self.phrases[why], self._buttons(slots, tools))]

    def _confirmed(self, booking: Booking | None) -> list[Reply]:
        if booking is None:
            return [Reply(self.phrases["booking_nothing"])]
        return [Reply(self.phrases["booking_confirmed"].format(when=self.when(booking, None)))]

    def _cancelled(self, booking: Booking | None) -> list[Reply]:
        if booking is None:
            return [Reply(self.phrases["booking_nothing"])]
        return [Reply(self.phrases["booking_cancelled"].format(when=self.when(booking, None)))]

    def _buttons(self, slots: list[datetime], tools: Tools) -> tuple[Button, ...]:
        local = ZoneInfo(tools.state.timezone) if tools.state.timezone else self.zone
        return tuple(Button(self.label(s.astimezone(local)), BOOK + s.isoformat()) for s in slots)

    def label(self, moment: datetime) -> str:
        return slot_label(moment, self.language)

    def when(self, booking: Booking, tools: Tools | None) -> str:
        """ "четверг, 10 декабря, 11:00 по Москве (13:00 по вашему времени)"."""
        said = self.phrases["booking_when"].format(
            when=day_and_time(booking.starts_at.astimezone(self.zone), self.language)
        )
        customer = booking.customer_zone
        if customer and customer != self.zone.key:
            local = booking.starts_at.astimezone(ZoneInfo(customer))
            said += self.phrases["booking_when_local"].format(time=f"{local:%H:%M}")
        return said


def _now() -> datetime:
    return utcnow()
