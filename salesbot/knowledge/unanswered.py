"""Questions the knowledge base could not answer, deduplicated by meaning."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.integrations.embedders import configured_embedder_name, get_embedder
from salesbot.knowledge.repository import vector_literal
from salesbot.models import UnansweredQuestion
from salesbot.settings import Settings

SAME_MEANING = 0.85  # cosine similarity above which two questions are counted as one


async def record(session: AsyncSession, settings: Settings, question: str) -> UnansweredQuestion:
    name = configured_embedder_name(settings)
    vector = (await get_embedder(name, settings).embed([question]))[0]
    nearest = (
        await session.execute(
            text(
                "SELECT id, 1 - (embedding <=> CAST(:q AS vector)) FROM unanswered_questions"
                " WHERE embedder = :e AND status = 'open'"
                " ORDER BY embedding <=> CAST(:q AS vector) LIMIT 1"
            ),
            {"q": vector_literal(vector), "e": name},
        )
    ).first()
    if nearest is not None and float(nearest[1]) >= SAME_MEANING:
        row = await session.get_one(UnansweredQuestion, nearest[0])
        row.times_asked += 1
        row.last_asked_at = func.now()
    else:
        row = UnansweredQuestion(
            id=uuid.uuid4(), text=question[:1000], embedder=name, embedding=vector
        )
        session.add(row)
    await session.flush()
    return row


async def open_questions(
    session: AsyncSession, *, limit: int = 100
) -> Sequence[UnansweredQuestion]:
    result = await session.execute(
        select(UnansweredQuestion)
        .where(UnansweredQuestion.status == "open")
        .order_by(UnansweredQuestion.times_asked.desc(), UnansweredQuestion.last_asked_at.desc())
        .limit(limit)
    )
    return result.scalars().all()
