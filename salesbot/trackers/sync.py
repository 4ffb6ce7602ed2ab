"""Bringing a tracker's card up to our lead, one tracker at a time. The job is deferred in
the transaction that changed the lead (`leads.service.schedule_sync`), runs one at a time per
lead and tracker, at least once, so every step is safe to repeat (as the CRM's sync):

- Create: the moment a create starts is stored first. If a crash loses the tracker's
  answer, the retry looks the card up by the lead's key in its title before creating one.
- Update: the card's fingerprint is stored; an unchanged card costs no call. The card is
  moved only when our status changed since the last push, so a manager's move on the board
  is never undone by an unrelated change on our side.
- Comments: each has a key stored once posted; a crash right after a post may repeat that
  one comment, never the card.
"""

from __future__ import annotations

import uuid

from loguru import logger

from salesbot.crm import links
from salesbot.crm.links import LinkState
from salesbot.db.runtime import get_database
from salesbot.documents.service import DocumentService
from salesbot.integrations.errors import OutsideServiceError
from salesbot.integrations.trackers import mapping
from salesbot.integrations.trackers.base import TaskTracker
from salesbot.integrations.trackers.factory import enabled_trackers, open_tracker
from salesbot.models import Lead
from salesbot.pricing.service import PricingService
from salesbot.security.masking import mask_text
from salesbot.settings import Settings
from salesbot.trackers.tickets import Ticket, ticket


async def sync_lead(settings: Settings, tracker_name: str, lead_id: uuid.UUID) -> str:
    """What happened: "off" (the tracker is not on), "missing", "created", "found",
    "updated" or "unchanged"."""
    if tracker_name not in enabled_trackers(settings):
        return "off"
    documents = DocumentService(settings, PricingService(settings))
    async with get_database().transaction() as session:
        lead = await session.get(Lead, lead_id)
        if lead is None:
            return "missing"
        built = await ticket(session, settings, documents, lead)
        state = await links.link(session, tracker_name, lead_id, built.data.key)
        tracker = open_tracker(
            settings, tracker_name, await mapping.load(session, settings, tracker_name)
        )
    log = logger.bind(lead_id=str(lead_id), service=tracker_name)
    try:
        outcome, card_id = await _bring_up_to_date(tracker, state, built)
        for comment in built.comments:
            if comment.key in state.notes:
                continue
            await tracker.add_comment(card_id, comment.text)
            state.notes.append(comment.key)
            await links.save(state, notes=state.notes)
    except OutsideServiceError as error:
        said = str(error).removeprefix(f"{error.service}: ")
        await links.save(state, last_error=mask_text(said)[:2000])
        log.warning("tracker sync failed: {}", type(error).__name__)
        raise
    finally:
        await tracker.close()
    await links.save(state, synced=True)
    log.info("tracker sync: {}", outcome)
    return outcome


async def _bring_up_to_date(
    tracker: TaskTracker, state: LinkState, built: Ticket
) -> tuple[str, str]:
    data, fingerprint = built.data, built.fingerprint()
    if state.external_id is not None:
        card_id = state.external_id
        if fingerprint == state.card and data.status == state.status:
            return "unchanged", card_id
        if fingerprint != state.card:
            await tracker.update_lead(card_id, data)
        if data.status != state.status:
            await tracker.update_lead_status(card_id, data.status)
        await links.save(state, card=fingerprint, status=data.status)
        return "updated", card_id
    found = await tracker.find_lead(data.key) if state.create_started else None
    if found is not None:  # made before, its answer lost: bring it up to date instead
        await tracker.update_lead(found, data)
        await tracker.update_lead_status(found, data.status)
        await links.save(
            state, ref=(found, tracker.card_url(found)), card=fingerprint, status=data.status
        )
        return "found", found
    await links.save(state, create_started=True)
    card_id = await tracker.create_lead(data)
    await links.save(
        state, ref=(card_id, tracker.card_url(card_id)), card=fingerprint, status=data.status
    )
    return "created", card_id
