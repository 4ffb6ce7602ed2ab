"""Setting the trackers up, for the CLI and the admin API alike: what each one misses, the
places its board has, and the status mapping an admin fills from them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.engine import Database
from salesbot.errors import NotFound, ServiceUnavailable, ValidationFailed
from salesbot.integrations.errors import OutsideServiceError
from salesbot.integrations.trackers import mapping
from salesbot.integrations.trackers.base import TrackerStage
from salesbot.integrations.trackers.factory import TRACKER_TYPES, TRACKERS, open_tracker
from salesbot.integrations.trackers.mapping import TrackerMapping
from salesbot.models.lead import LEAD_STATUSES
from salesbot.settings import Settings


@dataclass(frozen=True)
class TrackerCheck:
    name: str
    title: str
    configured: bool
    problems: list[str]  # empty: ready (or not configured: then a hint of what to set)
    mapping: dict[str, str]
    unmapped: list[str]  # our statuses with no place: cards stay where they are


def known(name: str) -> None:
    if name not in TRACKER_TYPES:
        raise NotFound(
            f"Трекера «{name}» нет. Есть: {', '.join(TRACKER_TYPES)}.", code="tracker_unknown"
        )


async def check(settings: Settings, database: Database) -> list[TrackerCheck]:
    """Every tracker: switched on or not, and what is missing."""
    checks = []
    for entry in TRACKERS:
        async with database.transaction() as session:
            current = await mapping.load(session, settings, entry.name)
        unmapped = [s for s in LEAD_STATUSES if current.place(s) is None]
        if not entry.configured(settings):
            note = str(entry.details(settings).get("note", "не настроен"))
            checks.append(
                TrackerCheck(entry.name, entry.title, False, [note], current.statuses, unmapped)
            )
            continue
        tracker = open_tracker(settings, entry.name, current)
        try:
            problems = await tracker.problems()
        except OutsideServiceError as error:
            problems = [str(error).removeprefix(f"{error.service}: ")]
        finally:
            await tracker.close()
        checks.append(
            TrackerCheck(entry.name, entry.title, True, problems, current.statuses, unmapped)
        )
    return checks


async def stages(settings: Settings, session: AsyncSession, name: str) -> list[TrackerStage]:
    """The board's own places (lists, statuses, states, options) to map our statuses to."""
    known(name)
    entry = TRACKER_TYPES[name]()
    if not entry.configured(settings):
        raise ValidationFailed(
            f"{entry.title} не настроен: {entry.details(settings).get('note', '')}",
            code="tracker_not_configured",
        )
    tracker = open_tracker(settings, name, await mapping.load(session, settings, name))
    try:
        return await tracker.stages()
    except OutsideServiceError as error:
        raise ServiceUnavailable(
            f"{entry.title}: {str(error).removeprefix(f'{error.service}: ')}",
            code="tracker_unavailable",
        ) from error
    finally:
        await tracker.close()


async def save_mapping(
    settings: Settings,
    session: AsyncSession,
    name: str,
    statuses: dict[str, str],
    *,
    updated_by: str,
) -> TrackerMapping:
    """Keep the admin's mapping once every status is ours and every place is the board's."""
    places = {stage.id for stage in await stages(settings, session, name)}
    unknown_statuses = sorted(set(statuses) - set(LEAD_STATUSES))
    unknown_places = sorted({place for place in statuses.values() if place not in places})
    if unknown_statuses or unknown_places:
        raise ValidationFailed(
            "Сопоставление не сохранено: в нём есть неизвестные статусы или места на доске.",
            code="tracker_mapping_invalid",
            details={
                "unknown_statuses": unknown_statuses,
                "known_statuses": list(LEAD_STATUSES),
                "unknown_places": unknown_places,
            },
        )
    saved = TrackerMapping(dict(statuses))
    await mapping.save(session, name, saved, updated_by=updated_by)
    return saved
