"""The answer job: every customer message stored by any channel is answered by it (at once
for channels without an in-process path, as a backstop for the website); and the hand-off
timeout: a customer nobody took over within HANDOFF_TIMEOUT_MINUTES is told so and helped on."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

from loguru import logger

from salesbot.booking.hours import Schedule
from salesbot.booking.service import BookingService
from salesbot.conversations.repository import unanswered_conversations, waiting_for_a_person
from salesbot.conversations.service import ConversationService
from salesbot.conversations.state import DialogState, Stage
from salesbot.conversations.types import Reply
from salesbot.db.base import utcnow
from salesbot.db.runtime import get_database
from salesbot.dialog import payment_notices  # noqa: F401  (registers its webhook handler)
from salesbot.dialog.booking import BookingDialog, reminder_buttons
from salesbot.dialog.brains import choose_brain
from salesbot.dialog.engine import ANSWER_TASK, DialogEngine
from salesbot.dialog.offline import LANGUAGE, shared_phrases
from salesbot.jobs.app import RETRY, defer, job_app
from salesbot.models import Author, Conversation, Owner
from salesbot.settings import Settings, get_settings

# A crash is recovered from within minutes; a message a day old (stored by an import or an
# old version, not by a process that died) is a person's to answer, not the bot's.
BACKSTOP_MAX_AGE = timedelta(days=1)

_engine: DialogEngine | None = None


def use_engine(engine: DialogEngine | None) -> None:
    """The app's own engine (its classifier already fitted) answers the jobs too."""
    global _engine
    _engine = engine


def current_engine() -> DialogEngine:
    global _engine
    if _engine is None:  # a standalone worker builds its own once
        settings = get_settings()
        _engine = DialogEngine.standalone(settings, choose_brain(settings))
    return _engine


@job_app.task(name=ANSWER_TASK, retry=RETRY)
async def answer(conversation_id: str) -> int:
    """Answer what is unanswered in the conversation; 0 replies when it already was."""
    async with get_database().transaction() as session:
        result = await current_engine().respond(session, uuid.UUID(conversation_id))
    return len(result.replies)


@job_app.periodic(cron="* * * * * */10", periodic_id="answer-missed")
@job_app.task(name="dialog.answer_missed", retry=RETRY, queueing_lock="answer-missed")
async def answer_missed(timestamp: int) -> int:
    """The backstop of channels that answer in process (the website): a conversation whose
    customer has waited ANSWER_BACKSTOP_SECONDS with no turn (the process died between
    storing the message and answering it) gets its answer job now. One indexed query per
    run instead of a job per message, so the website's hot path pays nothing for it."""
    now = utcnow()
    waited = now - timedelta(seconds=get_settings().answer_backstop_seconds)
    async with get_database().transaction() as session:
        missed = await unanswered_conversations(
            session, waiting_since=waited, oldest=now - BACKSTOP_MAX_AGE
        )
        for conversation_id in missed:
            await defer(session, ANSWER_TASK, conversation_id=str(conversation_id))
    if missed:
        logger.warning("answering {} conversations a process left unanswered", len(missed))
    return len(missed)


@job_app.periodic(cron="* * * * *", periodic_id="handoff-timeouts")
@job_app.task(name="dialog.handoff_timeouts", retry=RETRY, queueing_lock="handoff-timeouts")
async def handoff_timeouts(timestamp: int) -> int:
    """Hand-offs no manager answered within HANDOFF_TIMEOUT_MINUTES of working time: the
    assistant apologises, takes the conversation back (it stays in «Просят менеджера» until a
    manager writes) and asks for a contact."""
    settings = get_settings()
    now, schedule = utcnow(), Schedule.from_settings(settings)
    if not schedule.is_open(now):
        return 0  # outside working hours nobody is late
    timeout = timedelta(minutes=settings.handoff_timeout_minutes)
    told = 0
    async with get_database().transaction() as session:
        for conversation in await waiting_for_a_person(session, requested_before=now - timeout):
            state = DialogState.load(conversation.state)
            assert conversation.handoff_requested_at is not None
            started = schedule.next_opening(conversation.handoff_requested_at)
            if state.handoff_timeout_told or now - started < timeout:
                continue
            state.handoff_timeout_told, state.awaiting = True, "contact_saved"
            state.stage = Stage.brief if state.stage is Stage.handed_off else state.stage
            conversation.owner, conversation.state = Owner.bot.value, state.dump()
            token = LANGUAGE.set(state.language)
            try:
                text = shared_phrases()["handoff_timeout"]
            finally:
                LANGUAGE.reset(token)
            await ConversationService(settings).add_reply(
                session, conversation, Reply(text), author=Author.bot
            )
            told += 1
    if told:
        logger.warning("{} customers waited past HANDOFF_TIMEOUT_MINUTES for a manager", told)
    return told


@job_app.periodic(cron="* * * * *", periodic_id="booking-reminders")
@job_app.task(name="dialog.booking_reminders", retry=RETRY, queueing_lock="booking-reminders")
async def booking_reminders(timestamp: int) -> int:
    """A day and an hour before a consultation the customer is reminded in their own chat
    (the delivery outbox takes it to their channel), with buttons to confirm, move or cancel."""
    return await send_booking_reminders(get_settings())


async def send_booking_reminders(settings: Settings) -> int:
    sent = 0
    phrases = shared_phrases()
    async with get_database().transaction() as session:
        for booking, kind in await BookingService(settings).due_reminders(session):
            conversation = await session.get(Conversation, booking.conversation_id)
            if conversation is None or conversation.closed_at is not None:
                continue
            state = DialogState.load(conversation.state)
            token = LANGUAGE.set(state.language)
            try:
                dialog = BookingDialog(phrases, state.language, ZoneInfo(settings.timezone))
                text = phrases[f"reminder_{kind}"].format(when=dialog.when(booking, None))
                buttons = tuple(
                    replace(b, text=phrases.get(f"button:{b.text}", b.text))
                    for b in (reminder_buttons() if kind == "24h" else ())
                )
            finally:
                LANGUAGE.reset(token)
            if kind == "24h":
                state.awaiting = "booking_reminder"
                conversation.state = state.dump()
            await ConversationService(settings).add_reply(
                session, conversation, Reply(text, buttons), author=Author.bot
            )
            sent += 1
    if sent:
        logger.info("{} consultation reminders sent", sent)
    return sent
