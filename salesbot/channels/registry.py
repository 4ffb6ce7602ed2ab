"""The channel adapters of this process, built from settings, and the one place that tells
the outbox which channels are delivered by storing the message."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from types import MappingProxyType

from salesbot.channels.amocrm_chats.adapter import AmocrmChatsChannel
from salesbot.channels.avito.adapter import AvitoChannel
from salesbot.channels.base import ChannelAdapter, WebhookChannel
from salesbot.channels.inbound import handle_event
from salesbot.channels.pacing import channel_pacer
from salesbot.channels.terminal import TerminalChannel
from salesbot.channels.web.adapter import WebChannel
from salesbot.conversations import outbox
from salesbot.errors import NotFound
from salesbot.settings import Settings
from salesbot.webhooks import handlers


class ChannelRegistry:
    def __init__(self, adapters: Iterable[ChannelAdapter]) -> None:
        self._adapters: dict[str, ChannelAdapter] = {}
        self._labels: dict[str, str] = {}
        for adapter in adapters:
            self.add(adapter)

    def add(self, adapter: ChannelAdapter) -> None:
        """Add (or replace) an adapter; tests add the memory channel this way."""
        self._adapters[adapter.name] = adapter
        self._labels[adapter.name] = adapter.label
        outbox.configure(frozenset(a.name for a in self if a.delivered_on_store))
        if isinstance(adapter, WebhookChannel):  # its events reach the pipeline via the ledger
            handlers.register(adapter.name, partial(handle_event, adapter))

    def get(self, name: str) -> ChannelAdapter:
        try:
            return self._adapters[name]
        except KeyError:
            raise NotFound(
                f"Канал «{name}» не подключён на этом сервере.",
                code="channel_not_configured",
                details={"channel": name},
            ) from None

    def __iter__(self) -> Iterator[ChannelAdapter]:
        return iter(list(self._adapters.values()))

    async def close(self) -> None:
        """Close the adapters' HTTP sessions (Telegram's) at shutdown."""
        for adapter in self:
            if (close := getattr(adapter, "close", None)) is not None:
                await close()

    def labels(self) -> Mapping[str, str]:
        """Channel name → the name people read; a live view (adapters added later show)."""
        return MappingProxyType(self._labels)


def build_registry(settings: Settings) -> ChannelRegistry:
    """The channels this process serves: Telegram joins when its bot token is set, Avito
    when its client id and secret are, amoCRM's chats when AMOCRM_CHATS_ENABLED is on and
    the amoCRM client secret is set."""
    adapters: list[ChannelAdapter] = [WebChannel(), TerminalChannel()]
    if settings.telegram_bot_token is not None:
        # aiogram takes seconds to import (its types are built at import): only a process
        # with a bot pays for it
        from salesbot.channels.telegram.adapter import TelegramChannel

        pacer = channel_pacer(settings.channel_pacing_max_wait_seconds)
        adapters.append(TelegramChannel(settings, pacer=pacer))
    if settings.avito_client_id and settings.avito_client_secret is not None:
        adapters.append(AvitoChannel(settings))
    if settings.amocrm_chats_enabled and settings.amocrm_client_secret is not None:
        adapters.append(AmocrmChatsChannel(settings))
    return ChannelRegistry(adapters)


_current: ChannelRegistry | None = None


def use_registry(registry: ChannelRegistry | None) -> None:
    global _current
    _current = registry


def current_registry() -> ChannelRegistry:
    """The process's registry (set by the composition root; built from settings otherwise,
    e.g. in a standalone worker)."""
    global _current
    if _current is None:
        from salesbot.settings import get_settings

        _current = build_registry(get_settings())
    return _current
