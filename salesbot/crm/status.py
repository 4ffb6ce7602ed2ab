"""Stage changes coming back from amoCRM: a manager moves a deal there, and our lead (and the
dashboard) follows.

amoCRM posts `status_lead` hooks form-encoded with PHP-style keys and no signature. The URL
carries our secret, and the handler trusts only what it reads back from the API: the hook
says which lead to look at, the API says where it is.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

from loguru import logger
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.crm import mapping
from salesbot.db.base import utcnow
from salesbot.db.hooks import announce
from salesbot.integrations.crm.base import CrmRef
from salesbot.integrations.crm.factory import close_crm, open_crm
from salesbot.leads import dashboard
from salesbot.models import CrmLink, Lead, WebhookEvent
from salesbot.settings import get_settings

PROVIDER = "amocrm"
_KEY_PART = re.compile(r"\[([^\]]*)\]")


def parse_form(body: bytes) -> dict[str, Any]:
    """`leads[status][0][id]=1&account[id]=2` → {"leads": {"status": {"0": {"id": "1"}}}, …}."""
    tree: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True):
        head, _, rest = key.partition("[")
        parts = [head, *_KEY_PART.findall("[" + rest)] if rest else [head]
        node = tree
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                break
            node = child
        else:
            node[parts[-1]] = value
    return tree


def status_changes(form: dict[str, Any]) -> list[dict[str, str]]:
    """The `leads[status][…]` items of a hook, each with at least an `id`."""
    items = (form.get("leads") or {}).get("status") or {}
    values: Iterable[Any] = items.values() if isinstance(items, dict) else []
    return [item for item in values if isinstance(item, dict) and str(item.get("id", "")).isdigit()]


def event_id(body: bytes) -> str:
    """The ledger's key for a hook: amoCRM gives none. The same body within a minute is a
    redelivery; a later identical move is a new event (handling one twice is harmless)."""
    return f"{hashlib.sha256(body).hexdigest()[:40]}:{int(time.time()) // 60}"


async def handle_status_event(session: AsyncSession, event: WebhookEvent) -> None:
    """For each lead the hook names that is ours: read its stage from amoCRM and follow it."""
    settings = get_settings()
    for change in event.payload.get("changes", []):
        link = await session.scalar(
            select(CrmLink).where(
                CrmLink.service == PROVIDER, CrmLink.external_id == str(change["id"])
            )
        )
        if link is None:
            logger.bind(provider=PROVIDER).info("status hook for a deal that is not ours")
            continue
        crm = open_crm(settings, await mapping.load(session, settings))
        try:
            stage = await crm.lead_stage(CrmRef(str(change["id"])))
        finally:
            await close_crm(crm)
        if stage is None:
            continue
        lead = await session.get_one(Lead, link.lead_id, with_for_update=True)
        lead.details = {
            **lead.details,
            "crm": {
                "service": PROVIDER,
                "stage_id": stage.stage_id,
                "stage": stage.name,
                "pipeline_id": stage.pipeline_id,
                "url": link.url,
                "moved_at": utcnow().isoformat(),
            },
        }
        if stage.status is not None and stage.status != lead.status:
            await dashboard.set_status(
                session, lead.id, status=stage.status, reason=None, actor="amoCRM"
            )
        # What amoCRM has is now what we have: the next sync must not move it back.
        link.pushed = {**link.pushed, "status": lead.status}
        announce(session, "conversation", lead.conversation_id)
