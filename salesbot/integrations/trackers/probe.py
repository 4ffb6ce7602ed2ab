"""The board's check of a tracker: its own list of what is missing (the board, the status
mapping, a list or state that is gone), with the admins' saved mapping."""

from __future__ import annotations

from typing import Protocol

from salesbot.integrations.base import ProbeContext, ProbeFailed
from salesbot.integrations.errors import OutsideServiceError
from salesbot.integrations.trackers import mapping
from salesbot.integrations.trackers.mapping import TrackerMapping
from salesbot.settings import Settings


class _Checkable(Protocol):
    name: str

    async def problems(self) -> list[str]: ...

    async def close(self) -> None: ...


class _Factory(Protocol):
    def __call__(self, settings: Settings, mapping: TrackerMapping) -> _Checkable: ...


async def probe_tracker(make: _Factory, context: ProbeContext) -> None:
    probe_name = getattr(make, "name", "")
    async with context.database.transaction() as session:
        saved = await mapping.load(session, context.settings, probe_name)
    tracker = make(context.settings, saved)
    try:
        problems = await tracker.problems()
    except OutsideServiceError as exc:
        raise ProbeFailed(str(exc).removeprefix(f"{exc.service}: ")) from exc
    finally:
        await tracker.close()
    if problems:
        raise ProbeFailed("; ".join(problems))
