"""The Avito account's chats brought into the dashboard's history: every chat (about a
listing or the profile) and its messages, as managers would have seen them in Avito. Run it
once, before subscribing; a message already stored (by an earlier import or a webhook) is
skipped, so running it again only adds what is new.

Imported messages are history: the account's own replies are stored as the manager's and
never sent again, and the assistant does not answer what customers wrote before it came.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.channels.avito.client import AvitoClient, listing_of
from salesbot.conversations import repository
from salesbot.db.engine import Database
from salesbot.models import Author, Channel, Delivery
from salesbot.security.sealing import seal

PAGE = 100  # chats or messages a page, Avito's most
MAX_OFFSET = 1000  # Avito pages no further


@dataclass
class Imported:
    chats: int = 0
    messages: int = 0
    skipped: int = 0  # already stored, or of a kind the dashboard does not show


async def chats(client: AvitoClient) -> AsyncIterator[dict[str, Any]]:
    user_id = await client.user_id()
    for offset in range(0, MAX_OFFSET + 1, PAGE):
        page = await client.call(
            "GET",
            f"/messenger/v2/accounts/{user_id}/chats",
            params={"chat_types": "u2i,u2u", "limit": PAGE, "offset": offset},
        )
        found = list(page.get("chats", []))
        for chat in found:
            yield chat
        if len(found) < PAGE:
            return


async def messages(client: AvitoClient, chat_id: str) -> list[dict[str, Any]]:
    """A chat's messages, oldest first. Avito's spec says a bare list; clients in the wild
    read `{"messages": [...]}`: both are taken."""
    user_id = await client.user_id()
    found: list[dict[str, Any]] = []
    for offset in range(0, MAX_OFFSET + 1, PAGE):
        page = await client.call(
            "GET",
            f"/messenger/v3/accounts/{user_id}/chats/{chat_id}/messages/",
            params={"limit": PAGE, "offset": offset},
        )
        batch = page if isinstance(page, list) else list(page.get("messages", []))
        found.extend(batch)
        if len(batch) < PAGE:
            break
    # Avito lists the newest first; within one second its order is the only one there is
    return sorted(reversed(found), key=lambda message: int(message.get("created", 0)))


async def import_history(
    client: AvitoClient,
    database: Database,
    *,
    on_chat: Callable[[], None] | None = None,
) -> Imported:
    user_id = await client.user_id()
    result = Imported()
    async for chat in chats(client):
        history = await messages(client, str(chat["id"]))
        async with database.transaction() as session:
            await _store(session, user_id, chat, history, result)
        result.chats += 1
        if on_chat is not None:
            on_chat()
    return result


async def _store(
    session: AsyncSession,
    user_id: int,
    chat: dict[str, Any],
    history: list[dict[str, Any]],
    result: Imported,
) -> None:
    readable = [
        m for m in history if m.get("type") == "text" and (m.get("content") or {}).get("text")
    ]
    result.skipped += len(history) - len(readable)
    if not readable:
        return
    started = _at(readable[0].get("created"))
    customer = next((str(m["author_id"]) for m in readable if m.get("author_id") != user_id), None)
    conversation = await repository.open_conversation(
        session,
        channel=Channel.avito.value,
        external_chat_id=str(chat["id"]),
        external_user_id=customer,
        now=started,
    )
    last_seq = 0
    for message in readable:
        ours = message.get("author_id") == user_id
        stored = await repository.insert_message_once(
            session,
            {
                "id": uuid.uuid4(),
                "conversation_id": conversation.id,
                "channel": Channel.avito.value,
                "channel_message_id": str(message["id"]),
                "author": (Author.manager if ours else Author.customer).value,
                **seal(str(message["content"]["text"])).columns(),
                "attachments": [],
                "meta": {"imported": True},
                "created_at": _at(message.get("created")),
                "delivery_status": Delivery.sent.value if ours else None,
                "delivered_at": _at(message.get("created")) if ours else None,
            },
        )
        if stored is None:
            result.skipped += 1
            continue
        result.messages += 1
        last_seq = max(last_seq, stored.seq)
    if last_seq:
        # what customers wrote before the assistant came is history, not a question to it
        state = conversation.state
        answered = max(int(state.get("answered_through", 0)), last_seq)
        conversation.state = {**state, "answered_through": answered}
        conversation.last_message_at = max(
            conversation.last_message_at, _at(readable[-1].get("created"))
        )
        listing = listing_of(chat)
        if listing is not None and "listing" not in state:
            conversation.state = {**conversation.state, "listing": listing}


def _at(timestamp: Any) -> datetime:
    return datetime.fromtimestamp(int(timestamp or 0), UTC)
