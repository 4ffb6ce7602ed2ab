from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from salesbot.crm.connection import Connection
from salesbot.integrations.crm.amocrm.adapter import AmoMapping


class MappingIn(BaseModel):
    pipeline_id: int | None = Field(
        None, description="Pipeline new leads go to; null: the account's main one"
    )
    statuses: dict[str, int] = Field(
        default_factory=dict,
        description="Our status (new, qualified, brief_completed, quote_sent) → amoCRM status "
        "id; won and lost are always 142 and 143",
    )
    fields: dict[str, str] = Field(
        default_factory=dict,
        description="Card field (industry, users, recommended_package, …) → amoCRM lead field "
        "id or code",
    )


class MappingOut(MappingIn):
    @classmethod
    def of(cls, mapping: AmoMapping) -> MappingOut:
        return cls(
            pipeline_id=mapping.pipeline_id, statuses=mapping.statuses, fields=mapping.fields
        )


class ConnectionOut(BaseModel):
    configured: bool = Field(description="Integration keys (or a long-lived token) are set")
    auth: str = Field(description="oauth, long_lived or none")
    connected: bool = Field(description="Salesbot holds working credentials for the account")
    domain: str | None
    account_id: int | None
    connected_at: datetime | None
    refreshed_at: datetime | None = Field(description="Last token refresh (they rotate daily)")
    access_expires_at: datetime | None
    redirect_uri: str = Field(description="Register this redirect URI in the amoCRM integration")
    webhook_url: str | None = Field(description="Where amoCRM posts lead status changes")
    mapping: MappingOut

    @classmethod
    def of(cls, connection: Connection, mapping: AmoMapping) -> ConnectionOut:
        return cls(**connection.__dict__, mapping=MappingOut.of(mapping))


class ConsentOut(BaseModel):
    consent_url: str = Field(description="Open it, allow access; amoCRM returns to redirect_uri")
    redirect_uri: str


class StageOut(BaseModel):
    id: int
    name: str


class PipelineOut(BaseModel):
    id: int
    name: str
    is_main: bool
    stages: list[StageOut]

    @classmethod
    def of(cls, pipeline: dict[str, Any]) -> PipelineOut:
        statuses = pipeline.get("_embedded", {}).get("statuses", [])
        return cls(
            id=int(pipeline["id"]),
            name=str(pipeline["name"]),
            is_main=bool(pipeline.get("is_main")),
            stages=[StageOut(id=int(s["id"]), name=str(s["name"])) for s in statuses],
        )
