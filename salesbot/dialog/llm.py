"""The LLM brain (pydantic-ai): the model chooses tools and writes the words; prices,
documents and records come from the same deterministic tools the offline brain uses. When
every provider fails, the offline brain answers the turn."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import AsyncIterable, Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from importlib import resources
from typing import Any, Literal

from loguru import logger
from pydantic_ai import Agent, RunContext
from pydantic_ai.messages import (
    AgentStreamEvent,
    PartDeltaEvent,
    PartStartEvent,
    TextPart,
    TextPartDelta,
)
from pydantic_ai.models import Model

from salesbot.booking.service import SlotTaken
from salesbot.conversations.types import Reply
from salesbot.dialog.brain import DialogContext, Turn
from salesbot.dialog.offline import OfflineBrain
from salesbot.dialog.sources import cited
from salesbot.dialog.tools import Tools
from salesbot.integrations.llm import estimate_cost
from salesbot.knowledge.service import SearchHit
from salesbot.payments.service import TooManyAttempts
from salesbot.pricing.serialization import format_roubles
from salesbot.settings import Settings

VARIANTS = ("a", "b")


@dataclass
class Deps:
    tools: Tools
    citations: list[str] = field(default_factory=list)
    hits: list[SearchHit] = field(default_factory=list)  # passages given to the model


def prompt_variant(conversation_id: object) -> str:
    """A stable A/B assignment: the same conversation always gets the same prompt."""
    digest = hashlib.sha256(str(conversation_id).encode()).digest()
    return VARIANTS[digest[0] % len(VARIANTS)]


STAGE_PROMPTS = {
    "greeting": "stage_greeting.md",
    "qualification": "stage_qualification.md",
    "brief": "stage_brief.md",
    "quote": "stage_quote.md",
    "documents": "stage_documents.md",
    "closing": "stage_closing.md",
}


def _read(name: str) -> str:
    return resources.files("salesbot.dialog.prompts").joinpath(name).read_text("utf-8")


def _prompt(variant: str, stage: str) -> str:
    """The variant's system prompt plus the instructions of the current stage."""
    extra = STAGE_PROMPTS.get(stage)
    return _read(f"system_{variant}.md") + ("\n" + _read(extra) if extra else "")


def build_agent(model: Model) -> Agent[Deps, str]:
    agent: Agent[Deps, str] = Agent(model, deps_type=Deps, output_type=str, retries=1)

    @agent.system_prompt
    def system(ctx: RunContext[Deps]) -> str:
        state = ctx.deps.tools.state
        summary = json.dumps(
            {
                "stage": state.stage.value,
                "product": state.product,
                "brief": state.brief.model_dump(exclude_none=True),
                "quote": bool(state.quote_id),
                "contact_saved": state.contact_saved,
                "listing": state.listing,  # the Avito listing the customer writes about
            },
            ensure_ascii=False,
        )
        return _prompt(state.prompt_variant or VARIANTS[0], state.stage.value).replace(
            "{state}", summary
        )

    @agent.tool
    async def search_knowledge(ctx: RunContext[Deps], query: str) -> list[dict[str, str]]:
        """Search the company's knowledge base; cite the source in the answer."""
        hits = await ctx.deps.tools.search_knowledge(query, k=3)
        ctx.deps.citations.extend(h.citation for h in hits)
        ctx.deps.hits.extend(hits)
        return [{"text": h.text, "source": h.citation} for h in hits]

    @agent.tool
    async def update_brief(
        ctx: RunContext[Deps],
        product: Literal["ai-manager", "ai-lawyer", "ai-analyst"] | None = None,
        users: int | None = None,
        integrations: int | None = None,
        hosting: Literal["cloud", "hybrid", "onprem"] | None = None,
        sla: Literal["standard", "99.5", "99.9"] | None = None,
        deadline_days: int | None = None,
        industry: str | None = None,
        company: str | None = None,
        company_size: Literal["1-10", "11-50", "51-250", "251-1000", "1000+"] | None = None,
        goals: str | None = None,
        security: str | None = None,
    ) -> dict[str, Any]:
        """Record what the customer told about their needs; returns what is still missing.
        company is the customer's organisation as named (ООО «Ромашка»); company_size is the
        band of the company's employees (not the product's users)."""
        tools = ctx.deps.tools
        if product:
            await tools.set_product(product)
        tools.update_brief(
            users=users,
            integrations=integrations,
            hosting=hosting,
            sla=sla,
            deadline_days=deadline_days,
            industry=industry,
            company=company[:120] if company else None,
            company_size=company_size,
            goals=goals[:300] if goals else None,
            security=security,
        )
        return {
            "missing": tools.state.brief.missing() + ([] if tools.state.product else ["product"])
        }

    @agent.tool
    async def calculate_quote(ctx: RunContext[Deps]) -> dict[str, Any]:
        """Price the three packages for the recorded brief (the only source of prices)."""
        tools = ctx.deps.tools
        missing = tools.state.brief.missing() + ([] if tools.state.product else ["product"])
        if missing:
            return {"error": "brief incomplete", "missing": missing}
        record = await tools.calculate_quote()
        return {
            "packages": [
                {
                    "name": p["name"],
                    "total": format_roubles(p["total"]) if p["available"] else None,
                    "unavailable_reason": p["unavailable_reason"],
                }
                for p in record.result["packages"]
            ],
            "recommended": record.result["recommended"],
            "reason": record.result["recommendation_reason"],
            "valid_until": record.valid_until.isoformat(),
        }

    @agent.tool
    async def create_document(
        ctx: RunContext[Deps], kind: Literal["offer", "contract", "invoice"]
    ) -> dict[str, str]:
        """Make a PDF for the current quote and return its download link."""
        if ctx.deps.tools.state.quote_id is None:
            return {"error": "calculate the quote first"}
        number, url = await ctx.deps.tools.create_document(kind)
        return {"number": number, "url": url}

    @agent.tool
    async def free_consultation_slots(
        ctx: RunContext[Deps], after: str | None = None, before: str | None = None
    ) -> dict[str, Any]:
        """The nearest free starts of a consultation with a manager (ISO 8601 with offset;
        Moscow time). `after`/`before` narrow them (ISO 8601 with offset)."""
        slots = await ctx.deps.tools.free_slots(
            after=datetime.fromisoformat(after) if after else None,
            before=datetime.fromisoformat(before) if before else None,
        )
        return {"slots": [slot.isoformat() for slot in slots]}

    @agent.tool
    async def book_consultation(ctx: RunContext[Deps], start: str) -> dict[str, Any]:
        """Book (or move the booking to) `start`, one of the free slots (ISO 8601)."""
        try:
            booking = await ctx.deps.tools.book(datetime.fromisoformat(start))
        except SlotTaken:
            return {"error": "that slot is taken now; offer the free ones"}
        return {
            "booked": booking.starts_at.isoformat(),
            "minutes": ctx.deps.tools.settings.booking_slot_minutes,
        }

    @agent.tool
    async def cancel_consultation(ctx: RunContext[Deps]) -> dict[str, Any]:
        """Cancel the customer's booked consultation."""
        booking = await ctx.deps.tools.cancel_booking()
        return {"cancelled": booking.starts_at.isoformat()} if booking else {"error": "none booked"}

    @agent.tool
    async def payment_link(ctx: RunContext[Deps]) -> dict[str, Any]:
        """A payment link for the recommended package of the current quote (YooKassa);
        without YooKassa, say that payment is by invoice and make the invoice."""
        tools = ctx.deps.tools
        if tools.state.quote_id is None:
            return {"error": "calculate the quote first"}
        try:
            payment = await tools.payment_link()
        except TooManyAttempts:
            await tools.request_handoff("payment_attempts")
            return {"error": "too many links for this quote; a manager was called"}
        if payment is None:
            return {"error": "no online payment: offer the invoice (create_document invoice)"}
        return {
            "url": payment.confirmation_url,
            "amount": str(payment.amount),
            "package": payment.package,
            "valid_hours": tools.settings.payment_link_ttl_hours,
        }

    @agent.tool
    async def email_documents(
        ctx: RunContext[Deps], kind: Literal["offer", "contract", "invoice"] | None = None
    ) -> dict[str, Any]:
        """Send the current quote's documents to the customer's e-mail (`kind`: one of them;
        none: all made so far, or the offer). Save the address with save_contact first."""
        tools = ctx.deps.tools
        if tools.state.quote_id is None:
            return {"error": "calculate the quote first"}
        mailed = await tools.email_documents(kind)
        numbers = [d.number for d in mailed.documents]
        if not mailed.mail_on:
            return {
                "error": "e-mail is not available; the documents are in the chat",
                "numbers": numbers,
            }
        if mailed.to is None:
            return {"error": "ask the customer for an e-mail address", "numbers": numbers}
        return {"sent_to": mailed.to, "numbers": numbers}

    @agent.tool
    async def save_contact(
        ctx: RunContext[Deps],
        name: str | None = None,
        phone: str | None = None,
        email: str | None = None,
    ) -> str:
        """Save the customer's name, phone or email."""
        await ctx.deps.tools.save_contact(name=name, phone=phone, email=email)
        return "saved"

    @agent.tool
    async def request_handoff(ctx: RunContext[Deps], reason: str) -> str:
        """Hand the conversation to a human manager."""
        await ctx.deps.tools.request_handoff(reason)
        return "a manager will take over"

    @agent.tool
    async def record_nps(ctx: RunContext[Deps], score: int) -> str:
        """Record the customer's 0–10 score."""
        await ctx.deps.tools.record_nps(score)
        return "recorded"

    return agent


DRAFT_INTERVAL_SECONDS = 0.1  # enough for a smooth draft, few enough events for the socket


def _draft_handler(
    on_draft: Callable[[str], Awaitable[None]],
) -> Callable[[RunContext[Deps], AsyncIterable[AgentStreamEvent]], Awaitable[None]]:
    """Pass the answer's text to `on_draft` as the model streams it (at most every 100 ms)."""

    async def handle(_: RunContext[Deps], events: AsyncIterable[AgentStreamEvent]) -> None:
        text, shown_at = "", 0.0
        async for event in events:
            if isinstance(event, PartStartEvent) and isinstance(event.part, TextPart):
                text = event.part.content  # a new answer (after tool calls) starts afresh
            elif isinstance(event, PartDeltaEvent) and isinstance(event.delta, TextPartDelta):
                text += event.delta.content_delta
            else:
                continue
            now = time.monotonic()
            if text.strip() and now - shown_at >= DRAFT_INTERVAL_SECONDS:
                await on_draft(text)
                shown_at = now

    return handle


class LLMBrain:
    name = "llm"
    reads_history = True

    def __init__(self, settings: Settings, model: Model, offline: OfflineBrain) -> None:
        self.settings = settings
        self.model = model
        self.offline = offline
        self.agent = build_agent(model)

    async def warm_up(self) -> None:
        await self.offline.warm_up()  # the fallback must be ready when a provider fails

    async def take_turn(self, context: DialogContext, tools: Tools) -> Turn:
        if (
            tools.state.prompt_variant not in VARIANTS
            or context.state.get("prompt_variant") is None
        ):
            tools.state.prompt_variant = prompt_variant(context.conversation_id)
        history = "\n".join(f"{h.author}: {h.text}" for h in context.history[:-1])
        prompt = (f"История:\n{history}\n\n" if history else "") + f"Клиент: {context.inbound.text}"
        deps = Deps(tools)
        drafts = _draft_handler(context.on_draft) if context.on_draft else None
        try:
            result = await asyncio.wait_for(
                self.agent.run(prompt, deps=deps, event_stream_handler=drafts),
                timeout=self.settings.llm_timeout_seconds,
            )
        except Exception as exc:  # every provider failed or timed out: the offline brain answers
            logger.bind(conversation_id=str(context.conversation_id)).warning(
                "LLM unavailable ({}); offline turn", type(exc).__name__
            )
            turn = await self.offline.take_turn(context, tools)
            return replace(turn, usage={"brain": "offline-fallback", "error": type(exc).__name__})
        usage = result.usage
        model_name = getattr(result.response, "model_name", None) or self.settings.llm_model
        state = tools.state
        return Turn(
            replies=(
                Reply(
                    result.output,
                    attachments=tuple(tools.created),
                    sources=cited(result.output, deps.hits),
                ),
            ),
            state_updates=state.dump(),
            handoff_reason=state.handoff_reason if tools.conversation.owner != "bot" else None,
            context_used=tuple(dict.fromkeys(deps.citations)),
            usage={
                "model": model_name,
                "input_tokens": usage.input_tokens,
                "output_tokens": usage.output_tokens,
                "cost_usd": estimate_cost(model_name, usage.input_tokens, usage.output_tokens),
            },
        )
