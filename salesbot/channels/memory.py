"""An in-memory channel: records what it was asked to send and can be told to fail, so
tests (and demos) run the whole funnel, deliveries included, with no outside service."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from salesbot.channels.base import (
    Capabilities,
    ChatRef,
    Outbound,
    PermanentDeliveryError,
    RetryableDeliveryError,
)
from salesbot.channels.pacing import PacingDelay
from salesbot.conversations.types import InboundMessage
from salesbot.errors import NotAuthenticated
from salesbot.models import Channel


@dataclass(frozen=True)
class Sent:
    chat: ChatRef
    outbound: Outbound
    external_id: str


@dataclass
class MemoryChannel:
    name: str = Channel.memory.value
    label: str = "Тестовый канал"
    label_en: str = "Test channel"
    capabilities: Capabilities = field(
        default_factory=lambda: Capabilities(buttons=True, files=True, max_text_length=4096)
    )
    delivered_on_store: bool = False
    secret: str = field(default_factory=lambda: uuid.uuid4().hex)
    sent: list[Sent] = field(default_factory=list)
    attempts: int = 0
    # Planned failures, consumed one per attempt: ("retry", retry_after), ("permanent", None)
    # or ("later", retry_after): the channel's pacing asks to wait.
    failures: list[tuple[str, float | None]] = field(default_factory=list)
    always_fail: bool = False

    def fail_next(self, times: int, *, retry_after: float | None = None) -> None:
        self.failures.extend([("retry", retry_after)] * times)

    def refuse_next(self) -> None:
        self.failures.append(("permanent", None))

    async def send(self, chat: ChatRef, outbound: Outbound) -> str | None:
        self.attempts += 1
        if self.always_fail:
            raise RetryableDeliveryError("the memory channel is down")
        if self.failures:
            kind, retry_after = self.failures.pop(0)
            if kind == "permanent":
                raise PermanentDeliveryError("the memory channel refused the message")
            if kind == "later":
                raise PacingDelay("the memory channel paces its messages", retry_after=retry_after)
            raise RetryableDeliveryError("the memory channel is busy", retry_after=retry_after)
        external_id = f"mem-{len(self.sent) + 1}"
        self.sent.append(Sent(chat, outbound, external_id))
        return external_id

    def texts(self, chat_id: str | None = None) -> list[str]:
        return [s.outbound.text for s in self.sent if chat_id in (None, s.chat.external_chat_id)]

    # --- as a webhook channel: {"event_id", "chat_id", "user_id"?, "text", "message_id"} ---
    def verify(self, headers: Mapping[str, str], secret: str | None) -> None:
        if secret != self.secret:
            raise NotAuthenticated("Неверный секрет канала.", code="webhook_not_verified")

    def event_id(self, payload: dict[str, Any]) -> str:
        return str(payload.get("event_id") or uuid.uuid4().hex)

    def order_key(self, payload: dict[str, Any]) -> str | None:
        return str(payload["chat_id"]) if "chat_id" in payload else None

    def parse(self, payload: dict[str, Any]) -> list[InboundMessage]:
        if "text" not in payload or "chat_id" not in payload:
            return []
        return [
            InboundMessage(
                channel=Channel.memory,
                external_chat_id=str(payload["chat_id"]),
                external_user_id=payload.get("user_id"),
                text=str(payload["text"]),
                channel_message_id=f"{payload['chat_id']}:{payload.get('message_id')}"
                if payload.get("message_id") is not None
                else None,
            )
        ]
