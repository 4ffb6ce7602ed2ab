"""Inbound webhooks of channel adapters, all the same way: verify the request, store the
event once in the webhook ledger (keyed by the provider's event id), answer 200 at once;
the ledger's job hands it to `channels.inbound.handle_event`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Request
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.api.deps import SessionDep
from salesbot.channels.amocrm_chats.adapter import AmocrmChatsChannel
from salesbot.channels.base import WebhookChannel
from salesbot.channels.registry import ChannelRegistry, current_registry
from salesbot.errors import NotFound
from salesbot.models import Channel
from salesbot.webhooks import service

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])


def _webhook_channel(registry: ChannelRegistry, name: str) -> WebhookChannel:
    adapter = registry.get(name)
    if not isinstance(adapter, WebhookChannel):
        raise NotFound(
            f"Канал «{adapter.label}» не принимает вебхуки.", code="channel_without_webhooks"
        )
    return adapter


@router.post("/{channel}", summary="An event from a channel (verified, stored once, 200 at once)")
async def receive_webhook(
    channel: str,
    request: Request,
    session: SessionDep,
    payload: Annotated[dict[str, Any], Body()],
    x_secret: Annotated[str | None, Header(alias="X-Webhook-Secret")] = None,
) -> dict[str, bool]:
    adapter = _webhook_channel(current_registry(), channel)
    adapter.verify(request.headers, x_secret)
    return await _record(session, adapter, payload)


@router.post(
    "/avito/messages/{secret}",
    summary="A new message in the Avito account's chats (the path carries our secret)",
)
async def receive_avito(
    secret: str,
    request: Request,
    session: SessionDep,
    payload: Annotated[dict[str, Any], Body()],
) -> dict[str, bool]:
    adapter = _webhook_channel(current_registry(), Channel.avito.value)
    adapter.verify(request.headers, secret)
    if not adapter.order_key(payload):  # an event of a kind we do not read (not a message)
        return {"ok": True, "duplicate": False}
    return await _record(session, adapter, payload)


@router.post(
    "/amocrm-chats/{secret}",
    summary="A customer's message from amoCRM's Salesbot (widget_request; the path carries "
    "our secret, the body amoCRM's HS512 token)",
)
async def receive_amocrm_chats(
    secret: str,
    session: SessionDep,
    payload: Annotated[dict[str, Any], Body()],
) -> dict[str, bool]:
    adapter = current_registry().get(Channel.amocrm_widget.value)
    if not isinstance(adapter, AmocrmChatsChannel):
        raise NotFound("Чаты amoCRM не подключены.", code="channel_without_webhooks")
    return await _record(session, adapter, adapter.admit(secret, payload))


async def _record(
    session: AsyncSession, adapter: WebhookChannel, payload: dict[str, Any]
) -> dict[str, bool]:
    recorded = await service.record(
        session,
        provider=adapter.name,
        external_id=adapter.event_id(payload),
        payload=payload,
        order_key=adapter.order_key(payload),
    )
    return {"ok": True, "duplicate": recorded.duplicate}
