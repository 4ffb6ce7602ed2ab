"""Where our leads go in amoCRM: the pipeline, our statuses' stages and the brief's fields.
The settings give the defaults; an admin's saved mapping (admin API) takes their place."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.crm.cards import CARD_FIELDS
from salesbot.errors import ValidationFailed
from salesbot.integrations.crm.amocrm.adapter import AmoMapping
from salesbot.leads.service import STATUS_ORDER
from salesbot.models import SettingOverride
from salesbot.settings import Settings

MAPPING_KEY = "amocrm.mapping"
MAPPED_STATUSES = [status for status in STATUS_ORDER if status not in ("won", "lost")]


async def load(session: AsyncSession, settings: Settings) -> AmoMapping:
    saved = await session.get(SettingOverride, MAPPING_KEY)
    if saved is None:
        return AmoMapping.from_settings(settings)
    value = saved.value
    return AmoMapping(value.get("pipeline_id"), dict(value["statuses"]), dict(value["fields"]))


async def save(session: AsyncSession, mapping: AmoMapping, *, updated_by: str) -> AmoMapping:
    check(mapping)
    value: dict[str, Any] = {
        "pipeline_id": mapping.pipeline_id,
        "statuses": mapping.statuses,
        "fields": mapping.fields,
    }
    await session.execute(
        insert(SettingOverride)
        .values(key=MAPPING_KEY, value=value, updated_by=updated_by)
        .on_conflict_do_update(
            index_elements=["key"], set_={"value": value, "updated_by": updated_by}
        )
    )
    return mapping


async def reset(session: AsyncSession) -> None:
    """Back to the settings' mapping."""
    saved = await session.get(SettingOverride, MAPPING_KEY)
    if saved is not None:
        await session.delete(saved)


def check(mapping: AmoMapping) -> None:
    unknown_statuses = sorted(set(mapping.statuses) - set(MAPPED_STATUSES))
    unknown_fields = sorted(set(mapping.fields) - set(CARD_FIELDS))
    bad_specs = sorted(
        name
        for name, spec in mapping.fields.items()
        if not spec or not (spec.isdigit() or spec.replace("_", "").isalnum())
    )
    if unknown_statuses or unknown_fields or bad_specs:
        raise ValidationFailed(
            "Сопоставление с amoCRM не сохранено: в нём есть неизвестные поля или статусы.",
            code="crm_mapping_invalid",
            details={
                "unknown_statuses": unknown_statuses,
                "known_statuses": MAPPED_STATUSES,
                "unknown_fields": unknown_fields,
                "known_fields": list(CARD_FIELDS),
                "bad_field_ids": bad_specs,
            },
        )
