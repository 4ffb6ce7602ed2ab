"""amoCRM's chats as a channel: customers who write to the company in amoCRM's inbox
(WhatsApp, Telegram, the site chat connected to amoCRM) are answered by the assistant there,
through a Salesbot whose `widget_request` step posts each message to us and waits for our
continue call.

What the documentation says ([doc]) and what is ours ([ours]):

- [doc] The continue call is `POST /api/v4/salesbot/{bot_id}/continue/{continue_id}` with
  `{"data": {...}, "execute_handlers": [...]}`; administrators of the account only; at most
  10 handlers; a `show` handler's value at most 80 characters; 25 buttons at most. Fields of
  `data` are read by the bot's later steps as `{{json.<field>}}`
  (https://developers.kommo.com/reference/salesbot-widget-block-execution-confirmation).
- [doc] `widget_request` needs a widget of the integration in the Salesbot designer location
  (https://developers.kommo.com/docs/private-chatbot-integration,
  https://developers.kommo.com/docs/salesbot-sdk).
- [notes §8.4] The request carries a disposable token, HS512 with the client secret, with
  `entity_id`, `entity_type`, `bot_type`.
- [ours] The request's body is taken as `{"token", "data", "return_url"}`, `return_url` being
  the continue call's address. What `data` holds is the bot designer's choice; we read
  `message_text` (required: `{{message_text}}`), and `chat_id`, `contact_id`, `lead_id` when
  given. The chat is `chat_id`, else the contact (`contact_id` or the token's entity), else
  the lead. Only the path of `return_url` is used, and only when it is a continue path: the
  call goes to the account's own API server with our token, never to an address a request
  names.
- [ours] One widget_request, one continue call. The first delivery after a customer's
  message carries every answer of that turn still undelivered (their texts joined), and the
  others find themselves carried; an answer with no customer's message left to answer (a
  manager writing later) is refused for good, visible in the inbox, and a retry after the
  customer's next message goes out with that one.
- [ours] amoCRM's `show` buttons send back their label, not our option's payload: options go
  as numbered lines (a number typed back chooses one), as on Avito; documents as links.
- [ours] A text longer than 10 × 80 characters is cut in the `show` handlers (the last ends
  in «…»); `data.text` always holds all of it, so a bot whose next step sends `{{json.text}}`
  (AMOCRM_CHATS_SHOW_TEXT=false) shows it whole.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from loguru import logger
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.channels.amocrm_chats.handlers import continue_body
from salesbot.channels.amocrm_chats.tokens import read_bot_token
from salesbot.channels.base import (
    Capabilities,
    ChatRef,
    Outbound,
    PermanentDeliveryError,
    RetryableDeliveryError,
)
from salesbot.conversations.types import Button, InboundMessage, Reply, as_plain_text
from salesbot.db.engine import Database
from salesbot.db.runtime import get_database
from salesbot.errors import NotAuthenticated, ValidationFailed
from salesbot.integrations.crm.amocrm.client import AmoClient
from salesbot.integrations.errors import OutsideServiceError
from salesbot.models import Author, Channel, Delivery, Message
from salesbot.security.webhook_secrets import derived_secret, require_secret
from salesbot.settings import Settings, secret_value

CONTINUE_PATH = re.compile(r"^/api/v4/salesbot/(\d+)/continue/([A-Za-z0-9_-]{1,128})$")
TICKET = "amocrm"  # the key of a customer message's metadata that holds its continue call
TICKETS_LOOKED_AT = 5  # the customer's latest messages searched for an unused continue call


def webhook_secret(settings: Settings) -> str:
    """AMOCRM_CHATS_WEBHOOK_SECRET, or one derived from the client secret."""
    given = secret_value(settings.amocrm_chats_webhook_secret)
    if given:
        return given
    return derived_secret(
        secret_value(settings.amocrm_client_secret) or "", "salesbot amocrm chats webhook"
    )


def webhook_url(settings: Settings) -> str:
    base = settings.public_url.rstrip("/")
    return f"{base}/api/v1/webhooks/amocrm-chats/{webhook_secret(settings)}"


def continue_path(return_url: Any) -> str | None:
    """The path of a continue call's address; None for anything else."""
    if not isinstance(return_url, str):
        return None
    path = urlsplit(return_url).path
    return path if CONTINUE_PATH.match(path) else None


@dataclass
class AmocrmChatsChannel:
    settings: Settings
    database: Callable[[], Database] = get_database
    name: str = Channel.amocrm_widget.value
    label: str = "amoCRM"
    label_en: str = "amoCRM"
    capabilities: Capabilities = field(
        default_factory=lambda: Capabilities(buttons=False, files=False, max_text_length=4000)
    )
    delivered_on_store: bool = False
    _clients: dict[int, AmoClient] = field(default_factory=dict, repr=False)

    def client(self) -> AmoClient:
        """One client (and HTTP connection pool) per event loop."""
        loop = id(asyncio.get_running_loop())
        if loop not in self._clients:
            self._clients[loop] = AmoClient(self.settings, database=self.database)
        return self._clients[loop]

    async def close(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.close()

    # --- in ----------------------------------------------------------------------------------
    def verify(self, headers: Mapping[str, str], secret: str | None) -> None:
        """Only the amoCRM chats path takes these events: the token is in the body."""
        raise NotAuthenticated(
            "Salesbot amoCRM присылает сообщения на /api/v1/webhooks/amocrm-chats/<секрет>.",
            code="webhook_secret_invalid",
        )

    def admit(self, secret: str | None, payload: dict[str, Any]) -> dict[str, Any]:
        """The event to store for a widget_request, once its path secret and token are ours:
        the data and the continue call's path, the token's claims instead of the token."""
        require_secret(
            secret,
            webhook_secret(self.settings),
            refusal="Запрос не от amoCRM: секрет в адресе вебхука не совпадает.",
        )
        claims = read_bot_token(self.settings, payload.get("token"))
        path = continue_path(payload.get("return_url"))
        data = payload.get("data")
        if path is None or not isinstance(data, dict):
            raise ValidationFailed(
                "В запросе Salesbot нет return_url продолжения или data.",
                code="amocrm_chats_event_invalid",
            )
        return {"data": data, "continue_path": path, "claims": claims}

    def event_id(self, payload: dict[str, Any]) -> str:
        return str(payload["continue_path"])  # one widget_request, one continue call

    def order_key(self, payload: dict[str, Any]) -> str | None:
        return _chat_id(payload)

    def parse(self, payload: dict[str, Any]) -> list[InboundMessage]:
        data = payload.get("data") or {}
        text = str(data.get("message_text") or "").strip()
        chat_id = _chat_id(payload)
        if not text or chat_id is None:
            logger.bind(channel=self.name).info("a widget_request without a message or a chat")
            return []
        claims = payload.get("claims") or {}
        ticket = {
            "continue_path": payload["continue_path"],
            "lead_id": _id(data.get("lead_id"))
            or (_id(claims.get("entity_id")) if claims.get("entity_type") == "leads" else None),
            "contact_id": _contact_id(payload),
            "chat_id": str(data["chat_id"]) if data.get("chat_id") else None,
        }
        contact = ticket["contact_id"]
        return [
            InboundMessage(
                channel=Channel.amocrm_widget,
                external_chat_id=chat_id,
                external_user_id=str(contact) if contact else None,
                text=text,
                channel_message_id=str(payload["continue_path"]),
                metadata={TICKET: ticket, "source": "amocrm"},
            )
        ]

    # --- out ---------------------------------------------------------------------------------
    async def send(self, chat: ChatRef, outbound: Outbound) -> str | None:
        """The answer through the continue call of the customer's latest message; every
        answer of the turn still undelivered goes in the same call."""
        async with self.database().transaction() as session:
            tickets = await _tickets(session, chat.conversation_id)
            for ticket in tickets:
                if str(outbound.message_id) in ticket.meta[TICKET].get("carried", []):
                    return str(ticket.meta[TICKET]["continue_path"])  # went with another answer
            unused = next((t for t in tickets if "carried" not in t.meta[TICKET]), None)
            if unused is None:
                raise PermanentDeliveryError(
                    "amoCRM принимает ответ только на сообщение клиента через Salesbot: "
                    "отправьте снова, когда клиент напишет."
                )
            carried = await _pending(session, chat.conversation_id, unused.seq, outbound)
            text = "\n\n".join(self._text(message) for message in carried)
            body, cut = continue_body(text, show=self.settings.amocrm_chats_show_text)
            path = str(unused.meta[TICKET]["continue_path"])
            try:
                await self.client().call("POST", path, json=body, retries=0)
            except OutsideServiceError as error:
                if error.status == 403:  # [doc] the method is for the account's administrators
                    raise PermanentDeliveryError(
                        f"{error} — продолжить Salesbot может только администратор аккаунта: "
                        "подключите amoCRM от имени администратора."
                    ) from error
                kind = RetryableDeliveryError if error.retryable else PermanentDeliveryError
                raise kind(str(error)) from error
            unused.meta = {
                **unused.meta,
                TICKET: {**unused.meta[TICKET], "carried": [str(m.id) for m in carried]},
            }
        logger.bind(channel=self.name, answers=len(carried), cut=cut).info(
            "amocrm salesbot continued"
        )
        return path

    def _text(self, message: Message) -> str:
        """Options numbered, documents as their links (made absolute with PUBLIC_URL)."""
        buttons = tuple(Button(**b) for b in message.meta.get("buttons", []))
        text = as_plain_text(Reply(message.readable_text, buttons))
        base = self.settings.public_url.rstrip("/")
        links = [
            f"{a['name']}: {base + a['url'] if a['url'].startswith('/') else a['url']}"
            for a in message.attachments
            if a.get("url")
        ]
        return "\n\n".join([text, *links]) if links else text


async def _tickets(session: AsyncSession, conversation_id: uuid.UUID) -> list[Message]:
    """The customer's latest messages that came with a continue call, newest first, locked:
    two deliveries of one turn take turns here."""
    rows = await session.scalars(
        select(Message)
        .where(
            Message.conversation_id == conversation_id,
            Message.author == Author.customer.value,
            Message.meta.has_key(TICKET),
        )
        .order_by(Message.seq.desc())
        .limit(TICKETS_LOOKED_AT)
        .with_for_update()
    )
    return list(rows)


async def _pending(
    session: AsyncSession, conversation_id: uuid.UUID, after: int, outbound: Outbound
) -> list[Message]:
    """This answer and the others not yet delivered since the customer's message, in order."""
    rows = await session.scalars(
        select(Message)
        .where(
            Message.conversation_id == conversation_id,
            Message.seq > after,
            Message.delivery_status.in_([Delivery.pending.value, Delivery.failed.value]),
        )
        .order_by(Message.seq)
    )
    found = list(rows)
    if not any(m.id == outbound.message_id for m in found):  # a manager's retry of a dead one
        found.append(await session.get_one(Message, outbound.message_id))
    return found


def _id(value: Any) -> int | None:
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else None


def _contact_id(payload: dict[str, Any]) -> int | None:
    claims = payload.get("claims") or {}
    given = _id((payload.get("data") or {}).get("contact_id"))
    if given is None and claims.get("entity_type") == "contacts":
        given = _id(claims.get("entity_id"))
    return given


def _chat_id(payload: dict[str, Any]) -> str | None:
    """The chat: amoCRM's chat id when the bot passes it, else the contact, else the lead."""
    data = payload.get("data") or {}
    if data.get("chat_id"):
        return f"chat:{data['chat_id']}"
    if (contact := _contact_id(payload)) is not None:
        return f"contact:{contact}"
    claims = payload.get("claims") or {}
    lead = _id(data.get("lead_id")) or (
        _id(claims.get("entity_id")) if claims.get("entity_type") == "leads" else None
    )
    return f"lead:{lead}" if lead is not None else None
