"""Jobs of the trackers' sync: one card's update, and the periodic catch-up of cards left
behind by an outage longer than the retries."""

from __future__ import annotations

import uuid
from datetime import timedelta

from loguru import logger
from sqlalchemy import select

from salesbot.db.base import utcnow
from salesbot.db.runtime import get_database
from salesbot.integrations.trackers.factory import enabled_trackers
from salesbot.jobs.app import RETRY, TRACKER_SYNC_TASK, job_app
from salesbot.leads.service import queue_tracker_sync
from salesbot.models import CrmLink, Lead
from salesbot.settings import Settings, get_settings
from salesbot.trackers.sync import sync_lead


@job_app.task(name=TRACKER_SYNC_TASK, retry=RETRY)
async def sync_lead_job(tracker: str, lead_id: str) -> str:
    """Bring one tracker's card up to our lead (deferred with the lead's change)."""
    return await sync_lead(get_settings(), tracker, uuid.UUID(lead_id))


@job_app.periodic(cron="*/10 * * * *", periodic_id="trackers-catch-up")
@job_app.task(name="trackers.catch_up", retry=RETRY, queueing_lock="trackers-catch-up")
async def catch_up_job(timestamp: int) -> int:
    return await catch_up(get_settings(), idle=timedelta(minutes=10))


async def catch_up(settings: Settings, *, idle: timedelta = timedelta(0)) -> int:
    """Queue again the cards a tracker is behind on and nobody has tried for `idle`: their
    syncs were parked as failed (the tracker was down longer than the retries, a mapping
    an admin has since fixed). Leads never sent (made before the tracker was switched on)
    wait for `salesbot trackers sync --all`."""
    trackers = enabled_trackers(settings)
    if not trackers:
        return 0
    async with get_database().transaction() as session:
        behind = await session.execute(
            select(CrmLink.service, CrmLink.lead_id)
            .join(Lead, CrmLink.lead_id == Lead.id)
            .where(
                CrmLink.service.in_(trackers),
                (CrmLink.synced_at.is_(None)) | (CrmLink.synced_at < Lead.updated_at),
                CrmLink.updated_at <= utcnow() - idle,
            )
        )
        rows = list(behind)
        for tracker, lead_id in rows:
            await queue_tracker_sync(session, tracker, lead_id)
    if rows:
        logger.info("{} tracker cards queued again", len(rows))
    return len(rows)
