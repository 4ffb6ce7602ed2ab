"""The brain port: what a dialog brain (LLM-driven or offline) sees of a conversation, what
it answers, and the typed tools it acts through."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from salesbot.conversations.types import HistoryItem, InboundMessage, Reply
from salesbot.models.conversation import Channel

if TYPE_CHECKING:
    from salesbot.dialog.tools import Tools


@dataclass(frozen=True)
class DialogContext:
    """What the brain sees of one conversation when it takes a turn."""

    conversation_id: uuid.UUID
    channel: Channel
    state: dict[str, Any]
    history: tuple[HistoryItem, ...]
    inbound: InboundMessage
    language: str = "ru"
    # Called with the answer so far while an LLM writes it (realtime channels show a draft).
    on_draft: Callable[[str], Awaitable[None]] | None = None


@dataclass(frozen=True)
class Turn:
    """The brain's answer: replies to send and the state it changed.

    `state_updates` are merged into the conversation state in the same transaction that
    stores the replies; `handoff_reason` set means a manager must take over.
    """

    replies: tuple[Reply, ...] = ()
    state_updates: dict[str, Any] = field(default_factory=dict)
    handoff_reason: str | None = None
    context_used: tuple[str, ...] = ()
    usage: dict[str, Any] = field(default_factory=dict)  # model, tokens, cost of an LLM turn


class Brain(Protocol):
    """The dialog brain: LLM-driven or offline; both act only through the same deterministic
    tools, bound to the conversation and its transaction."""

    name: str
    # Whether `DialogContext.history` is read: loading it costs a query a turn.
    reads_history: bool

    async def take_turn(self, context: DialogContext, tools: Tools) -> Turn: ...
