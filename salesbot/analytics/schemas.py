"""The dashboard's analytics over HTTP (docs/dashboard-api.md, section Analytics)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FunnelStageName = Literal[
    "contacts", "qualified", "brief_completed", "quote_sent", "documents", "won"
]


class PeriodOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: date = Field(alias="from", description="First day, inclusive (Europe/Moscow).")
    to: date = Field(description="Last day, inclusive.")


class FunnelStage(BaseModel):
    stage: FunnelStageName
    count: int = Field(description="Conversations started in the period that reached this stage.")


class Conversion(BaseModel):
    leads: int
    applications: int
    rate: float | None = Field(description="applications / leads; null without leads.")


class ChannelRow(BaseModel):
    channel: str
    conversations: int
    leads: int
    applications: int
    rate: float | None


class Automation(BaseModel):
    conversations: int
    handed_off: int
    rate: float | None = Field(description="Share never handed to a person; null when empty.")


class ResponseTime(BaseModel):
    p50_ms: int | None
    p95_ms: int | None
    replies: int = Field(description="Bot answers measured in the period.")


class Nps(BaseModel):
    score: int | None = Field(description="%promoters − %detractors; null without answers.")
    responses: int
    promoters: int
    passives: int
    detractors: int


class Targets(BaseModel):
    response_p95_ms: int
    conversion: float
    automation: float
    nps: int


class Revenue(BaseModel):
    paid: Decimal = Field(description="Roubles paid in the period (YooKassa and invoices)")
    payments: int
    average: Decimal | None = Field(description="Per payment; null without payments")


class Summary(BaseModel):
    period: PeriodOut
    funnel: list[FunnelStage]
    conversion: Conversion
    channels: list[ChannelRow]
    automation: Automation
    response_time: ResponseTime
    nps: Nps
    revenue: Revenue
    targets: Targets


class DailyRow(BaseModel):
    day: date
    conversations: int = Field(description="Conversations started that day.")
    customer: int = Field(description="Customer messages.")
    bot: int = Field(description="Bot messages.")
    manager: int = Field(description="Manager messages.")
    leads: int = Field(description="Leads created that day.")
    handoffs: int = Field(description="Conversations first handed to a person that day.")
