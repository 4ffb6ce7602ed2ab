"""`salesbot chat`: the terminal is a channel of its own, read straight from the store."""

from __future__ import annotations

from dataclasses import dataclass, field

from salesbot.channels.base import Capabilities, ChatRef, Outbound
from salesbot.models import Channel


@dataclass
class TerminalChannel:
    name: str = Channel.terminal.value
    label: str = "Терминал"
    label_en: str = "Terminal"
    capabilities: Capabilities = field(
        default_factory=lambda: Capabilities(max_text_length=100_000)
    )
    # The chat command prints the replies the engine stored; nothing travels anywhere.
    delivered_on_store: bool = True

    async def send(self, chat: ChatRef, outbound: Outbound) -> str | None:
        return None
