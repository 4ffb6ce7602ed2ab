"""The task-tracker port: a card per lead on the team's board, kept up to date as the lead
moves. `Card.key` (our lead's id) makes creation idempotent: an adapter finds the card it
made before (Trello: a custom field; GitHub: an issue label) instead of making another."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from salesbot.integrations.base import Adapter


@dataclass(frozen=True)
class Card:
    key: str  # our lead's id
    title: str
    description: str  # markdown: the brief, the quote, the contact
    stage: str | None = None  # our funnel stage; the adapter maps it to a list/column/state
    due: datetime | None = None  # timezone-aware
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class CardRef:
    id: str  # the tracker's own id
    url: str | None = None


class TaskTracker(Adapter, Protocol):
    async def create_card(self, card: Card) -> CardRef:
        """Create the card, or return the one made before for `card.key`."""
        ...

    async def update_card(self, ref: CardRef, card: Card) -> None:
        """Bring the card to `card`: title, description, due, labels; a new stage moves it."""
        ...
