"""The task-tracker port: a card per lead on the sales team's board (a Trello card, a ClickUp
task, a Shortcut story, a GitHub Projects draft), kept up to date as the lead moves.

Writes run in jobs, at least once. Our side stores the card's id once it is known; a create
whose answer was lost is found again with `find_lead` (the lead's key is in the card's
title) before anything is created twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from salesbot.integrations.base import Adapter


class Priority(StrEnum):
    """ClickUp's four, which every tracker can show (a label, an option, a field)."""

    urgent = "urgent"
    high = "high"
    normal = "normal"
    low = "low"


PRIORITY_TITLES = {
    Priority.urgent: "Срочно",
    Priority.high: "Высокий приоритет",
    Priority.normal: "Обычный приоритет",
    Priority.low: "Низкий приоритет",
}


@dataclass(frozen=True)
class LeadTicket:
    """What the card says about the lead."""

    key: str  # our reference, e.g. "SB-1a2b3c4d5e6f": in the title, so a lost create is found
    title: str  # e.g. "ИИ-Менеджер — Иван"; adapters append " [key]"
    description: str  # Markdown: client, channel, product, brief, packages, documents, link
    status: str  # ours: new, qualified, brief_completed, quote_sent, won, lost
    priority: Priority = Priority.normal
    due: datetime | None = None  # timezone-aware
    labels: tuple[str, ...] = ()
    # Short facts for the tracker's own fields, by name (product, channel, amount, …): an
    # adapter fills the fields the board has and ignores the rest.
    fields: Mapping[str, str] = field(default_factory=dict)
    link: str = ""  # the conversation in the dashboard

    @property
    def full_title(self) -> str:
        return f"{self.title} [{self.key}]"


def is_ours(title: object, key: str) -> bool:
    """A card's title is the one made for `key` (a manager's card that mentions the key is
    not)."""
    return isinstance(title, str) and title.endswith(f"[{key}]")


@dataclass(frozen=True)
class TrackerStage:
    """One of the tracker's own places a card can be in (a Trello list, a ClickUp status, a
    Shortcut workflow state, an option of GitHub's Status field): what a status maps to."""

    id: str
    name: str
    group: str | None = None  # the board, list, workflow or field it belongs to


class TaskTracker(Adapter, Protocol):
    async def find_lead(self, key: str) -> str | None:
        """The card made before for `key` (a create whose answer was lost), if any."""
        ...

    async def create_lead(self, data: LeadTicket) -> str:
        """A new card for the lead, in the place of its status; its id."""
        ...

    async def update_lead(self, id: str, data: LeadTicket) -> bool:
        """Bring the card's text, labels, priority, due date and fields up to `data`."""
        ...

    async def update_lead_status(self, id: str, status: str) -> bool:
        """Move the card to the place mapped to our `status`; False when none is mapped."""
        ...

    async def add_comment(self, id: str, text: str) -> bool:
        """A comment on the card (GitHub drafts take none: the note is appended to the body)."""
        ...

    def card_url(self, id: str) -> str | None:
        """Where a manager opens the card, when it can be told from the id."""
        ...

    async def stages(self) -> list[TrackerStage]:
        """The places the board has, for the admins' status mapping."""
        ...

    async def problems(self) -> list[str]:
        """What is missing before cards can be made (empty: ready), in admins' words."""
        ...

    async def close(self) -> None:
        """Let go of the HTTP client."""
        ...
