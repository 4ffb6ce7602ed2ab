"""The state of one sales conversation, kept as JSON on the conversation row."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


class Stage(StrEnum):
    greeting = "greeting"
    qualification = "qualification"
    brief = "brief"
    quote = "quote"
    documents = "documents"
    closing = "closing"
    handed_off = "handed_off"
    finished = "finished"


class Brief(BaseModel):
    model_config = ConfigDict(validate_assignment=True)

    industry: str | None = None
    company: str | None = None  # the customer's organisation, e.g. ООО «Ромашка»
    company_size: str | None = None
    goals: str | None = None
    users: int | None = None
    integrations: int | None = None
    systems: list[str] = Field(default_factory=list)
    security: str | None = None
    hosting: str | None = None
    sla: str | None = None
    deadline_days: int | None = None
    deadline_text: str | None = None

    # What a quote needs, in the order the assistant asks for it.
    REQUIRED: ClassVar[tuple[str, ...]] = ("users", "integrations", "hosting", "sla")

    def missing(self) -> list[str]:
        return [name for name in self.REQUIRED if getattr(self, name) is None]


class DialogState(BaseModel):
    model_config = ConfigDict(validate_assignment=True)

    stage: Stage = Stage.greeting
    product: str | None = None
    brief: Brief = Field(default_factory=Brief)
    contact_saved: bool = False
    quote_id: str | None = None
    documents: list[str] = Field(default_factory=list)
    recalculations: int = 0
    misunderstandings: int = 0  # in a row; a message understood resets it
    skipped: list[str] = Field(default_factory=list)  # slots put off after two failed reads
    handoff_timeout_told: bool = False  # the customer was told no manager had joined yet
    brief_confirmed: bool = False  # the customer checked the brief before the first price
    large_deal_alerted: bool = False  # the team was told once about a deal above the threshold
    repeats: int = 0  # times in a row the same brief question was asked
    sentiment: str = "neutral"
    language: str = "ru"
    timezone: str | None = None  # the customer's, once they named a city or a zone
    prompt_variant: str | None = None  # A/B prompt assignment of the LLM brain
    awaiting: str | None = None  # the slot or answer the last reply asked for
    pending_headcount: int | None = None  # "50": employees or users? (awaiting "headcount")
    # words of each direction heard while the product is unknown ("менеджеров 11", "амо")
    product_hints: dict[str, int] = Field(default_factory=dict)
    summary_shown: str | None = None  # the brief as last shown for the check
    quoted: list[str] = Field(default_factory=list)  # knowledge passages already given
    list_open: bool = False  # the last message broke off inside a list of systems ("…, 1С,")
    nps: int | None = None
    handoff_reason: str | None = None
    answered_through: int = 0  # seq of the last customer message a turn covered
    source: str | None = None  # where the customer came from (a Telegram deep link's payload)
    listing: dict[str, Any] | None = None  # the Avito listing written about: id, title, price, url

    @classmethod
    def load(cls, data: dict[str, Any]) -> DialogState:
        return cls.model_validate(data or {})

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
