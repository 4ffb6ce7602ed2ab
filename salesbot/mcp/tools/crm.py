"""amoCRM for a manager's AI assistant: find contacts and deals, read a card, create a task,
as the amoCRM user with the manager's e-mail and within that user's rights (the same
operations as the assistant inside amoCRM, salesbot/assistant/amo.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from mcp.server.mcpserver import Context, MCPServer
from mcp.types import ToolAnnotations
from pydantic import Field

from salesbot.assistant.amo import AmoWorkspace
from salesbot.assistant.llm import deal_query, found_json
from salesbot.errors import Forbidden, ServiceUnavailable, ValidationFailed
from salesbot.integrations.crm.amocrm.client import AmoClient
from salesbot.integrations.crm.factory import crm_enabled
from salesbot.integrations.errors import OutsideServiceError
from salesbot.mcp.context import ToolCall, ToolContext
from salesbot.models import User

READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=True)
Name = Annotated[str | None, Field(max_length=200)]
QUERY = "A name, a phone or an e-mail."


def register_tools(server: MCPServer, context: ToolContext) -> None:
    @asynccontextmanager
    async def amocrm(call: ToolCall) -> AsyncIterator[AmoWorkspace]:
        """The manager's amoCRM: the user with their e-mail, through the integration."""
        if not crm_enabled(context.settings):
            raise ValidationFailed("amoCRM не подключён к Salesbot.", code="amocrm_not_configured")
        user = await call.session.get_one(User, call.caller.user_id)
        client = AmoClient(context.settings, database=lambda: context.database)
        try:
            everyone = await AmoWorkspace(client, 0).users()
            mine = next((u for u in everyone if u.email.casefold() == user.email.casefold()), None)
            if mine is None:
                raise Forbidden(
                    "Среди пользователей amoCRM нет вашего e-mail: ассистент действует от "
                    "имени пользователя amoCRM с тем же адресом, что в Salesbot.",
                    code="amocrm_forbidden",
                )
            yield AmoWorkspace(client, mine.id)
        except OutsideServiceError as exc:
            said = str(exc).removeprefix("amocrm: ")
            raise ServiceUnavailable(f"amoCRM: {said}", code="amocrm_unavailable") from exc
        finally:
            await client.close()

    @server.tool(
        name="amocrm_find_contacts", title="Find contacts in amoCRM", annotations=READ_ONLY
    )
    async def find_contacts(
        query: Annotated[
            str, Field(min_length=1, max_length=200, description="A name, a phone or an e-mail.")
        ],
        ctx: Context,
    ) -> dict[str, Any]:
        """Contacts of the company's amoCRM the manager may see, by a name (any case,
        «Петровой» finds «Петрова»), a phone (any format) or an e-mail; at most 10."""
        async with context.call(ctx, "amocrm_find_contacts") as call, amocrm(call) as amo:
            return {"contacts": [found_json(c) for c in await amo.search_contacts(query)]}

    @server.tool(name="amocrm_find_deals", title="Find deals in amoCRM", annotations=READ_ONLY)
    async def find_deals(
        ctx: Context,
        text: Annotated[
            Name, Field(description="Words of the deal's or its client's name.")
        ] = None,
        deal_id: Annotated[int | None, Field(ge=1, description="The deal's number.")] = None,
        contact: Annotated[Name, Field(description="A contact's name, phone or e-mail.")] = None,
        company: Annotated[Name, Field(description="A company's name.")] = None,
        pipeline: Annotated[Name, Field(description="A pipeline's name.")] = None,
        stage: Annotated[Name, Field(description="A stage's name, e.g. «Переговоры».")] = None,
        created_from: Annotated[date | None, Field(description="Created on or after.")] = None,
        created_to: Annotated[date | None, Field(description="Created on or before.")] = None,
    ) -> dict[str, Any]:
        """Deals the manager may see, by any of the filters together; at most 10, each with
        its stage, amount and creation date."""
        zone = ZoneInfo(context.settings.timezone)
        wanted = deal_query(
            zone, text, deal_id, contact, company, pipeline, stage, created_from, created_to
        )
        async with context.call(ctx, "amocrm_find_deals") as call, amocrm(call) as amo:
            return {"deals": [found_json(d) for d in await amo.search_deals(wanted)]}

    @server.tool(name="amocrm_read_card", title="Read an amoCRM card", annotations=READ_ONLY)
    async def read_card(
        entity_type: Literal["leads", "contacts", "companies"],
        entity_id: Annotated[int, Field(ge=1)],
        ctx: Context,
    ) -> dict[str, Any]:
        """A deal's, contact's or company's card in a few lines: name, stage, amount,
        contacts, the responsible user."""
        async with context.call(ctx, "amocrm_read_card") as call, amocrm(call) as amo:
            return {"card": await amo.read_card(entity_type, entity_id)}

    @server.tool(
        name="amocrm_create_task",
        title="Create an amoCRM task",
        annotations=ToolAnnotations(read_only_hint=False, destructive_hint=False),
    )
    async def create_task(
        text: Annotated[str, Field(min_length=1, max_length=2000, description="What to do.")],
        due: Annotated[datetime, Field(description="The deadline, with its time zone.")],
        ctx: Context,
        responsible: Annotated[
            Name, Field(description="A colleague's name; none: the manager.")
        ] = None,
        entity_type: Literal["leads", "contacts", "companies"] | None = None,
        entity_id: Annotated[int | None, Field(ge=1)] = None,
    ) -> dict[str, Any]:
        """A task in amoCRM for the manager or a colleague (by name; an ambiguous name is an
        error listing the matches), optionally linked to a card."""
        async with context.call(ctx, "amocrm_create_task") as call, amocrm(call) as amo:
            person = await amo.responsible(responsible)
            task_id = await amo.create_task(
                text, due, responsible=person, entity_type=entity_type, entity_id=entity_id
            )
        return {"task_id": task_id, "responsible": person.name, "due": due.isoformat()}
