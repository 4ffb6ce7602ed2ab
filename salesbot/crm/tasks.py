"""Jobs of the CRM sync, and the handler of amoCRM's webhooks in the ledger."""

from __future__ import annotations

import uuid
from datetime import timedelta

from loguru import logger
from sqlalchemy import select

from salesbot.crm.status import PROVIDER, handle_status_event
from salesbot.crm.sync import SERVICE, sync_lead
from salesbot.db.base import utcnow
from salesbot.db.runtime import get_database
from salesbot.integrations.crm.factory import crm_enabled
from salesbot.jobs.app import CRM_SYNC_TASK, RETRY, job_app
from salesbot.leads.service import schedule_sync
from salesbot.models import CrmLink, Lead
from salesbot.settings import Settings, get_settings
from salesbot.webhooks import handlers

handlers.register(PROVIDER, handle_status_event)


@job_app.task(name=CRM_SYNC_TASK, retry=RETRY)
async def sync_lead_job(lead_id: str) -> str:
    """Bring the CRM's copy of the lead up to ours (deferred with the lead's change)."""
    return await sync_lead(get_settings(), uuid.UUID(lead_id))


@job_app.periodic(cron="*/10 * * * *", periodic_id="crm-catch-up")
@job_app.task(name="crm.catch_up", retry=RETRY, queueing_lock="crm-catch-up")
async def catch_up_job(timestamp: int) -> int:
    return await catch_up(get_settings(), idle=timedelta(minutes=10))


async def catch_up(settings: Settings, *, idle: timedelta = timedelta(0)) -> int:
    """Queue again the leads the CRM is behind on and nobody has tried for `idle`: their
    syncs were parked as failed (an outage longer than the retries, a mapping an admin has
    since fixed). Leads never sent (made before amoCRM was connected) wait for
    `salesbot amocrm sync --all`."""
    if not crm_enabled(settings):
        return 0
    async with get_database().transaction() as session:
        behind = await session.scalars(
            select(Lead)
            .join(CrmLink, CrmLink.lead_id == Lead.id)
            .where(
                CrmLink.service == SERVICE,
                (CrmLink.synced_at.is_(None)) | (CrmLink.synced_at < Lead.updated_at),
                CrmLink.updated_at <= utcnow() - idle,
            )
        )
        leads = list(behind)
        for lead in leads:
            await schedule_sync(session, lead)
    if leads:
        logger.info("{} leads queued again for the CRM", len(leads))
    return len(leads)
