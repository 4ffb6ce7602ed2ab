"""What every tracker adapter shares: its settings and status mapping, one HTTP client made
on the first call and closed with the adapter, and the integration board's probe."""

from __future__ import annotations

from typing import Any

from salesbot.integrations.base import Kind, ProbeContext, ProbeFailed
from salesbot.integrations.errors import OutsideServiceError
from salesbot.integrations.trackers import mapping as mappings
from salesbot.integrations.trackers.http import TrackerHttp
from salesbot.integrations.trackers.mapping import TrackerMapping
from salesbot.settings import Settings


class TrackerAdapter:
    name: str
    title: str
    kind: Kind = "saas"

    def __init__(self, settings: Settings | None = None, mapping: TrackerMapping | None = None):
        # Without settings the adapter only describes itself (the board's entry).
        self._settings = settings
        self.mapping = mapping or TrackerMapping()
        self._http: TrackerHttp | None = None

    @property
    def settings(self) -> Settings:
        assert self._settings is not None, f"{self.title} needs settings for API calls"
        return self._settings

    @property
    def http(self) -> TrackerHttp:
        if self._http is None:
            self._http = self._connect(self.settings)
        return self._http

    def _connect(self, settings: Settings) -> TrackerHttp:
        """The tracker's client: its address, auth and error reader."""
        raise NotImplementedError

    async def _call(self, method: str, path: str, **options: Any) -> Any:
        return await self.http.call(method, path, **options)

    async def problems(self) -> list[str]:
        """What is missing before cards can be made (empty: ready), in admins' words."""
        raise NotImplementedError

    async def probe(self, context: ProbeContext) -> None:
        """The board's check: the tracker's own list of what is missing (the board, the
        mapping, a list or state that is gone), with the admins' saved mapping."""
        async with context.database.transaction() as session:
            saved = await mappings.load(session, context.settings, self.name)
        tracker = type(self)(context.settings, saved)
        try:
            problems = await tracker.problems()
        except OutsideServiceError as exc:
            raise ProbeFailed(str(exc).removeprefix(f"{exc.service}: ")) from exc
        finally:
            await tracker.close()
        if problems:
            raise ProbeFailed("; ".join(problems))

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
