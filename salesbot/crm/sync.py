"""Bringing the CRM's lead up to ours. The job is deferred in the transaction that changed
the lead (`leads.service.schedule_sync`) and runs one at a time per lead, at least once, so
every step is safe to repeat:

- Create: the moment a create starts is stored first. If a crash loses the CRM's answer,
  the retry sees that moment and looks the lead up by our key (it is in the lead's name)
  before creating anything.
- Update: the card's fingerprint is stored; an unchanged card costs no call. The stage is
  moved only when our status changed since the last push, so a manager's move in the CRM
  is never undone by an unrelated change on our side.
- Notes: each has a key (the brief's content, a quote's id, a document's id) stored once
  posted; a crash right after a post may repeat that one note, never the lead.
"""

from __future__ import annotations

import uuid
from typing import Any

from loguru import logger
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.crm import cards, mapping
from salesbot.db.base import utcnow
from salesbot.db.runtime import get_database
from salesbot.documents.service import DocumentService
from salesbot.integrations.crm.base import Crm, CrmRef
from salesbot.integrations.crm.factory import close_crm, crm_enabled, open_crm
from salesbot.integrations.errors import OutsideServiceError
from salesbot.models import CrmLink, Lead
from salesbot.pricing.service import PricingService
from salesbot.security.masking import mask_text
from salesbot.settings import Settings

SERVICE = "amocrm"


async def sync_lead(settings: Settings, lead_id: uuid.UUID) -> str:
    """What happened: "off" (no CRM), "missing", "created", "found", "updated" or
    "unchanged"."""
    if not crm_enabled(settings):
        return "off"
    database = get_database()
    documents = DocumentService(settings, PricingService(settings))
    async with database.transaction() as session:
        lead = await session.get(Lead, lead_id)
        if lead is None:
            return "missing"
        snapshot = await cards.snapshot(session, settings, documents, lead)
        link = await _link(session, lead_id, snapshot.card.key)
        state = _LinkState(link)
        crm = open_crm(settings, await mapping.load(session, settings))
    log = logger.bind(lead_id=str(lead_id), service=SERVICE)
    try:
        outcome, ref = await _bring_up_to_date(crm, state, snapshot)
        for note in snapshot.notes:
            if note.key in state.notes:
                continue
            await crm.add_note(ref, note.text)
            state.notes.append(note.key)
            await _save(state, notes=state.notes)
    except OutsideServiceError as error:
        said = str(error).removeprefix(f"{error.service}: ")  # the card names the service
        await _save(state, last_error=mask_text(said)[:2000])
        log.warning("CRM sync failed: {}", type(error).__name__)
        raise
    finally:
        await close_crm(crm)
    await _save(state, synced=True)
    log.info("CRM sync: {}", outcome)
    return outcome


class _LinkState:
    """The link's values, read in one transaction and written in the next ones."""

    def __init__(self, link: CrmLink) -> None:
        self.id = link.id
        self.key = link.request_key
        self.external_id = link.external_id
        self.url = link.url
        self.create_started = link.create_started_at is not None
        self.card = str(link.pushed.get("card") or "")
        self.status = link.pushed.get("status")
        self.notes: list[str] = list(link.pushed.get("notes") or [])


async def _bring_up_to_date(
    crm: Crm, state: _LinkState, snapshot: cards.LeadSnapshot
) -> tuple[str, CrmRef]:
    card, fingerprint = snapshot.card, snapshot.fingerprint()
    if state.external_id is not None:
        ref = CrmRef(state.external_id, state.url)
        if fingerprint == state.card and card.status == state.status:
            return "unchanged", ref
        await crm.update_lead(ref, card, move=card.status != state.status)
        await _save(state, card=fingerprint, status=card.status)
        return "updated", ref
    found = await crm.find_lead(card.key) if state.create_started else None
    if found is not None:  # made before, its answer lost: bring it up to date instead
        await crm.update_lead(found, card, move=True)
        await _save(state, ref=found, card=fingerprint, status=card.status)
        return "found", found
    await _save(state, create_started=True)
    ref = await crm.create_lead(card)
    await _save(state, ref=ref, card=fingerprint, status=card.status)
    return "created", ref


async def _link(session: AsyncSession, lead_id: uuid.UUID, key: str) -> CrmLink:
    await session.execute(
        insert(CrmLink)
        .values(
            id=uuid.uuid4(),
            lead_id=lead_id,
            service=SERVICE,
            request_key=key,
            pushed={},
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        .on_conflict_do_nothing(constraint="uq_crm_links_service_lead")
    )
    link = await session.scalar(
        select(CrmLink).where(CrmLink.service == SERVICE, CrmLink.lead_id == lead_id)
    )
    assert link is not None
    return link


async def _save(
    state: _LinkState,
    *,
    ref: CrmRef | None = None,
    card: str | None = None,
    status: str | None = None,
    notes: list[str] | None = None,
    create_started: bool = False,
    synced: bool = False,
    last_error: str | None = None,
) -> None:
    """Record one step at once (its own transaction): a crash after it does not redo it."""
    async with get_database().transaction() as session:
        link = await session.get_one(CrmLink, state.id, with_for_update=True)
        pushed: dict[str, Any] = dict(link.pushed)
        if ref is not None:
            link.external_id, link.url = ref.id, ref.url
            state.external_id, state.url = ref.id, ref.url
        if card is not None:
            pushed["card"], pushed["status"] = card, status
            state.card, state.status = card, status
        if notes is not None:
            pushed["notes"] = notes
        link.pushed = pushed
        if create_started:
            link.create_started_at = utcnow()
            state.create_started = True
        if synced:
            link.synced_at, link.last_error = utcnow(), None
        if last_error is not None:
            link.last_error = last_error
