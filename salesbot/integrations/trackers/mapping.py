"""Where a tracker puts the lead for each of our statuses: a Trello list, a ClickUp status,
a Shortcut workflow state or an option of GitHub's Status field, by the tracker's own id.
The settings (`<TRACKER>_STATUS_MAP`) give the defaults; an admin's saved mapping (admin API,
`salesbot trackers map`) takes their place."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.models import SettingOverride
from salesbot.settings import Settings


@dataclass(frozen=True)
class TrackerMapping:
    statuses: dict[str, str] = field(default_factory=dict)  # our status → the tracker's id

    def place(self, status: str) -> str | None:
        return self.statuses.get(status)

    def first_place(self, status: str) -> str | None:
        """Where a new card goes: its status's place, else the place of new leads."""
        return self.statuses.get(status) or self.statuses.get("new")


def key(tracker: str) -> str:
    return f"trackers.{tracker}.mapping"


def from_settings(settings: Settings, tracker: str) -> TrackerMapping:
    configured: dict[str, str] = getattr(settings, f"{tracker}_status_map")
    return TrackerMapping({k: str(v) for k, v in configured.items()})


async def load(session: AsyncSession, settings: Settings, tracker: str) -> TrackerMapping:
    saved = await session.get(SettingOverride, key(tracker))
    if saved is None:
        return from_settings(settings, tracker)
    return TrackerMapping({k: str(v) for k, v in saved.value["statuses"].items()})


async def save(
    session: AsyncSession, tracker: str, mapping: TrackerMapping, *, updated_by: str
) -> None:
    value = {"statuses": mapping.statuses}
    await session.execute(
        insert(SettingOverride)
        .values(key=key(tracker), value=value, updated_by=updated_by)
        .on_conflict_do_update(
            index_elements=["key"], set_={"value": value, "updated_by": updated_by}
        )
    )


async def reset(session: AsyncSession, tracker: str) -> None:
    saved = await session.get(SettingOverride, key(tracker))
    if saved is not None:
        await session.delete(saved)
