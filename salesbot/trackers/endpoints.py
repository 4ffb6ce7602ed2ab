"""The admins' task trackers over HTTP: what each misses, its board's places, and the status
mapping filled from them."""

from __future__ import annotations

from fastapi import APIRouter

from salesbot.api.deps import AdminUser, DatabaseDep, SessionDep, SettingsDep
from salesbot.integrations.trackers import mapping
from salesbot.trackers import setup
from salesbot.trackers.schemas import (
    TrackerMappingIn,
    TrackerMappingOut,
    TrackerOut,
    TrackerStageOut,
)

router = APIRouter(prefix="/api/v1/admin/integrations/trackers", tags=["admin: trackers"])


@router.get("", response_model=list[TrackerOut], summary="The task trackers and what each misses")
async def list_trackers(
    settings: SettingsDep, database: DatabaseDep, _: AdminUser
) -> list[TrackerOut]:
    return [TrackerOut.of(check) for check in await setup.check(settings, database)]


@router.get(
    "/{name}/stages",
    response_model=list[TrackerStageOut],
    summary="The tracker's own lists, statuses, workflow states or options, for the mapping",
    responses={
        404: {"description": "tracker_unknown"},
        422: {"description": "tracker_not_configured"},
        503: {"description": "tracker_unavailable"},
    },
)
async def stages(
    name: str, session: SessionDep, settings: SettingsDep, _: AdminUser
) -> list[TrackerStageOut]:
    return [TrackerStageOut.of(stage) for stage in await setup.stages(settings, session, name)]


@router.put(
    "/{name}/mapping",
    response_model=TrackerMappingOut,
    summary="Save where the tracker puts the card for each of our statuses",
    responses={
        404: {"description": "tracker_unknown"},
        422: {"description": "tracker_mapping_invalid, tracker_not_configured"},
        503: {"description": "tracker_unavailable"},
    },
)
async def save_mapping(
    name: str, body: TrackerMappingIn, session: SessionDep, settings: SettingsDep, user: AdminUser
) -> TrackerMappingOut:
    saved = await setup.save_mapping(
        settings, session, name, dict(body.statuses), updated_by=user.email
    )
    return TrackerMappingOut(statuses=saved.statuses)


@router.delete(
    "/{name}/mapping",
    response_model=TrackerMappingOut,
    summary="Back to the mapping of the settings",
    responses={404: {"description": "tracker_unknown"}},
)
async def reset_mapping(
    name: str, session: SessionDep, settings: SettingsDep, _: AdminUser
) -> TrackerMappingOut:
    setup.known(name)
    await mapping.reset(session, name)
    return TrackerMappingOut(statuses=mapping.from_settings(settings, name).statuses)
