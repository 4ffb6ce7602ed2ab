"""The CRM the settings choose (amoCRM is the one there is), or none: leads then stay in
Salesbot and nothing is queued for a CRM."""

from __future__ import annotations

from salesbot.integrations.crm.amocrm.adapter import AmoCrm, AmoMapping
from salesbot.integrations.crm.amocrm.client import AmoClient
from salesbot.settings import Settings

CRM_SERVICE = AmoCrm.name  # the `service` of its lead links


def crm_enabled(settings: Settings) -> bool:
    return AmoCrm().configured(settings)


def open_crm(settings: Settings, mapping: AmoMapping) -> AmoCrm:
    """A CRM adapter with its own HTTP client: close it with `close_crm`."""
    return AmoCrm(AmoClient(settings), mapping)


async def close_crm(crm: AmoCrm) -> None:
    await crm.client.close()
