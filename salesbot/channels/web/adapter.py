"""The website as a channel adapter. The widget reads its conversation from our store (it
syncs by seq after every reconnect), so a stored message is a delivered one; the socket,
fed by the realtime bridge after commit, only makes it instant."""

from __future__ import annotations

from dataclasses import dataclass, field

from salesbot.channels.base import Capabilities, ChatRef, Outbound
from salesbot.models import Channel


@dataclass
class WebChannel:
    name: str = Channel.web.value
    label: str = "Сайт"
    label_en: str = "Website"
    capabilities: Capabilities = field(
        default_factory=lambda: Capabilities(
            buttons=True, files=True, markdown=False, max_text_length=4000, typing=True
        )
    )
    delivered_on_store: bool = True

    async def send(self, chat: ChatRef, outbound: Outbound) -> str | None:
        # Reached only by a manager's explicit retry: the widget's next sync shows it.
        return str(outbound.message_id)
