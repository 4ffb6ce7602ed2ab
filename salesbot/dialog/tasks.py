"""The answer job: every customer message stored by any channel is answered by it (at once
for channels without an in-process path, as a backstop for the website)."""

from __future__ import annotations

import uuid

from salesbot.db.runtime import get_database
from salesbot.dialog.brains import choose_brain
from salesbot.dialog.engine import ANSWER_TASK, DialogEngine
from salesbot.jobs.app import RETRY, job_app
from salesbot.settings import get_settings

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
