"""The task trackers the settings switch on (any number of them, each with its own card per
lead), and an adapter of one with its own HTTP client: close it when done."""

from __future__ import annotations

from salesbot.integrations.trackers.base import TaskTracker
from salesbot.integrations.trackers.clickup import ClickUp
from salesbot.integrations.trackers.github import GitHubProjects
from salesbot.integrations.trackers.mapping import TrackerMapping
from salesbot.integrations.trackers.shortcut import Shortcut
from salesbot.integrations.trackers.trello import Trello
from salesbot.settings import Settings

TRACKER_TYPES = {cls.name: cls for cls in (Trello, ClickUp, Shortcut, GitHubProjects)}
# The board's entries (no settings: they only describe and probe).
TRACKERS: tuple[TaskTracker, ...] = tuple(cls() for cls in TRACKER_TYPES.values())


def enabled_trackers(settings: Settings) -> list[str]:
    return [tracker.name for tracker in TRACKERS if tracker.configured(settings)]


def open_tracker(settings: Settings, name: str, mapping: TrackerMapping) -> TaskTracker:
    return TRACKER_TYPES[name](settings, mapping)
