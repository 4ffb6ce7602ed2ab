"""The answer job: every customer message stored by any channel is answered by it (at once
for channels without an in-process path, as a backstop for the website)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from loguru import logger

from salesbot.conversations.repository import unanswered_conversations
from salesbot.db.base import utcnow
from salesbot.db.runtime import get_database
from salesbot.dialog.brains import choose_brain
from salesbot.dialog.engine import ANSWER_TASK, DialogEngine
from salesbot.jobs.app import RETRY, defer, job_app
from salesbot.settings import get_settings

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
