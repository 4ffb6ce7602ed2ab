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

from loguru import logger

from salesbot.crm import cards, links, mapping
from salesbot.crm.links import LinkState
from salesbot.db.runtime import get_database
from salesbot.documents.service import DocumentService
from salesbot.integrations.crm.base import Crm, CrmRef
from salesbot.integrations.crm.factory import close_crm, crm_enabled, open_crm
from salesbot.integrations.errors import OutsideServiceError
from salesbot.models import Lead
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
        state = await links.link(session, SERVICE, lead_id, snapshot.card.key)
        crm = open_crm(settings, await mapping.load(session, settings))
    log = logger.bind(lead_id=str(lead_id), service=SERVICE)
    try:
        outcome, ref = await _bring_up_to_date(crm, state, snapshot)
        for note in snapshot.notes:
            if note.key in state.notes:
                continue
            await crm.add_note(ref, note.text)
            state.notes.append(note.key)
            await links.save(state, notes=state.notes)
    except OutsideServiceError as error:
        said = str(error).removeprefix(f"{error.service}: ")  # the card names the service
        await links.save(state, last_error=mask_text(said)[:2000])
        log.warning("CRM sync failed: {}", type(error).__name__)
        raise
    finally:
        await close_crm(crm)
    await links.save(state, synced=True)
    log.info("CRM sync: {}", outcome)
    return outcome


async def _bring_up_to_date(
    crm: Crm, state: LinkState, snapshot: cards.LeadSnapshot
) -> tuple[str, CrmRef]:
    card, fingerprint = snapshot.card, snapshot.fingerprint()
    if state.external_id is not None:
        ref = CrmRef(state.external_id, state.url)
        if fingerprint == state.card and card.status == state.status:
            return "unchanged", ref
        await crm.update_lead(ref, card, move=card.status != state.status)
        await links.save(state, card=fingerprint, status=card.status)
        return "updated", ref
    found = await crm.find_lead(card.key) if state.create_started else None
    if found is not None:  # made before, its answer lost: bring it up to date instead
        await crm.update_lead(found, card, move=True)
        await links.save(state, ref=(found.id, found.url), card=fingerprint, status=card.status)
        return "found", found
    await links.save(state, create_started=True)
    ref = await crm.create_lead(card)
    await links.save(state, ref=(ref.id, ref.url), card=fingerprint, status=card.status)
    return "created", ref
