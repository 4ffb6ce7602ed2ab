"""The assistant's LLM mode: the model reads the manager's request and drives the same amoCRM
operations the rule-based mode uses (`amo.py`), asking back when something is missing.
The prompt is a versioned file (`prompts/system.md`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from importlib import resources
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic_ai import Agent, RunContext
from pydantic_ai.models import Model

from salesbot.assistant.amo import ENTITY_TITLES, AmoWorkspace, DealQuery, Found
from salesbot.booking.words import WEEKDAYS
from salesbot.errors import ValidationFailed
from salesbot.integrations.llm import build_model
from salesbot.settings import LLMProvider, Settings

HISTORY_TURNS = 6  # exchanges the model sees of the conversation so far


@dataclass
class CrmDeps:
    amo: AmoWorkspace
    zone: ZoneInfo
    now: datetime
    entity_type: str | None
    entity_id: int | None


def assistant_model(settings: Settings) -> Model | None:
    """The LLM the assistant uses, when one is configured; None means the rule-based mode."""
    if settings.llm_provider is LLMProvider.offline:
        return None
    return build_model(settings)


def system_prompt(
    now: datetime, zone: ZoneInfo, entity_type: str | None, entity_id: int | None
) -> str:
    template = (
        resources.files("salesbot.assistant.prompts").joinpath("system.md").read_text("utf-8")
    )
    card = (
        f"{ENTITY_TITLES[entity_type]} № {entity_id}"
        if entity_type in ENTITY_TITLES and entity_id
        else "нет (менеджер не в карточке)"
    )
    local = now.astimezone(zone)
    moment = f"{WEEKDAYS['ru'][local.weekday()]} {local:%d.%m.%Y %H:%M}"
    return template.replace("{now}", moment).replace("{card}", card)


def build_crm_agent(model: Model) -> Agent[CrmDeps, str]:
    agent: Agent[CrmDeps, str] = Agent(model, deps_type=CrmDeps, output_type=str, retries=1)

    @agent.system_prompt
    def system(ctx: RunContext[CrmDeps]) -> str:
        d = ctx.deps
        return system_prompt(d.now, d.zone, d.entity_type, d.entity_id)

    @agent.tool
    async def find_contacts(ctx: RunContext[CrmDeps], query: str) -> list[dict[str, Any]]:
        """Contacts by a name, a phone or an e-mail."""
        return [found_json(item) for item in await ctx.deps.amo.search_contacts(query)]

    @agent.tool
    async def find_deals(
        ctx: RunContext[CrmDeps],
        text: str | None = None,
        deal_id: int | None = None,
        contact: str | None = None,
        company: str | None = None,
        pipeline: str | None = None,
        stage: str | None = None,
        created_from: date | None = None,
        created_to: date | None = None,
    ) -> list[dict[str, Any]]:
        """Deals by words of their name or their client's, a number, a contact (name, phone,
        e-mail), a company, a pipeline, a stage, and the creation dates (inclusive)."""
        wanted = deal_query(
            ctx.deps.zone,
            text,
            deal_id,
            contact,
            company,
            pipeline,
            stage,
            created_from,
            created_to,
        )
        return [found_json(item) for item in await ctx.deps.amo.search_deals(wanted)]

    @agent.tool
    async def read_open_card(ctx: RunContext[CrmDeps]) -> str:
        """The card open on the manager's screen."""
        d = ctx.deps
        if d.entity_type is None or d.entity_id is None:
            return "Карточка не открыта."
        return await d.amo.read_card(d.entity_type, d.entity_id)

    @agent.tool
    async def read_card(
        ctx: RunContext[CrmDeps],
        entity_type: Literal["leads", "contacts", "companies"],
        entity_id: int,
    ) -> str:
        """A card by its kind and number (from a search)."""
        return await ctx.deps.amo.read_card(entity_type, entity_id)

    @agent.tool
    async def create_task(
        ctx: RunContext[CrmDeps],
        text: str,
        due: datetime,
        responsible: str | None = None,
        link_open_card: bool = True,
    ) -> str:
        """A task in amoCRM. `due`: the deadline with its time zone (Moscow unless said
        otherwise); `responsible`: a colleague's name, or none for the manager who asks."""
        d = ctx.deps
        if due.tzinfo is None:
            due = due.replace(tzinfo=d.zone)
        if due <= d.now:
            return "Этот срок уже прошёл: спросите другой."
        try:
            person = await d.amo.responsible(responsible)
        except ValidationFailed as unclear:  # the model asks the manager which one
            return unclear.message
        linked = link_open_card and d.entity_type in ENTITY_TITLES and d.entity_id is not None
        task_id = await d.amo.create_task(
            text,
            due,
            responsible=person,
            entity_type=d.entity_type if linked else None,
            entity_id=d.entity_id if linked else None,
        )
        when = due.astimezone(d.zone).strftime("%d.%m.%Y %H:%M")
        return f"Задача № {task_id} создана: «{text}», {person.name}, до {when}."

    return agent


def deal_query(
    zone: ZoneInfo,
    text: str | None = None,
    deal_id: int | None = None,
    contact: str | None = None,
    company: str | None = None,
    pipeline: str | None = None,
    stage: str | None = None,
    created_from: date | None = None,
    created_to: date | None = None,
) -> DealQuery:
    """A deal search from a model's arguments: dates are whole days in the company's zone."""
    return DealQuery(
        text=text,
        id=deal_id,
        contact=contact,
        company=company,
        pipeline=pipeline,
        stage=stage,
        created_from=datetime.combine(created_from, time(0), zone) if created_from else None,
        created_to=datetime.combine(created_to, time(23, 59, 59), zone) if created_to else None,
    )


def found_json(item: Found) -> dict[str, Any]:
    return {"type": item.entity_type, "id": item.id, "name": item.name, "details": item.details}
