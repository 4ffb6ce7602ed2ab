from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from salesbot.pricing.domain import (
    MAX_DEADLINE_DAYS,
    MAX_INTEGRATIONS,
    MAX_USERS,
    Brief,
    Hosting,
    Sla,
)


class QuoteRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "product": "ai-manager",
                "users": 30,
                "integrations": 4,
                "hosting": "cloud",
                "sla": "99.5",
                "deadline_days": None,
            }
        }
    )

    product: str = Field(description="ai-manager, ai-lawyer or ai-analyst", max_length=50)
    users: int = Field(ge=1, le=MAX_USERS, description="People who will use the product")
    integrations: int = Field(ge=0, le=MAX_INTEGRATIONS, description="Systems to connect")
    hosting: Hosting
    sla: Sla
    deadline_days: int | None = Field(
        None, ge=0, le=MAX_DEADLINE_DAYS, description="Days from today to the wanted launch"
    )

    @field_validator("sla", mode="before")
    @classmethod
    def _sla_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float | Decimal) else value

    def brief(self) -> Brief:
        return Brief(
            self.product, self.users, self.integrations, self.hosting, self.sla, self.deadline_days
        )


class FactorOut(BaseModel):
    name: str
    label: str
    input: str
    multiplier: str


class PackageOut(BaseModel):
    code: str
    name: str
    includes: list[str]
    timeline: str
    base_price: str
    coefficients: dict[str, str]
    factors: list[FactorOut]
    total: str = Field(description="Whole roubles")
    available: bool
    unavailable_reason: str | None


class QuoteResultOut(BaseModel):
    """A priced brief: what a quote holds apart from its id and time."""

    product: dict[str, str]
    inputs: dict[str, Any]
    packages: list[PackageOut]
    recommended: str | None
    recommendation_reason: str
    valid_until: date
    price_list_version: int


class QuoteOut(QuoteResultOut):
    id: uuid.UUID
    created_at: datetime


class RangeRow(BaseModel):
    from_: int = Field(alias="from")
    to: int | None
    multiplier: Decimal

    model_config = ConfigDict(populate_by_name=True)


class CoefficientsChange(BaseModel):
    rows: list[RangeRow] | None = Field(None, description="For users, integrations, deadline")
    values: dict[str, Decimal] | None = Field(None, description="For hosting and sla")
    note: str = Field("", max_length=500)


class BasePriceChange(BaseModel):
    price: Decimal = Field(gt=0, description="Roubles")
    note: str = Field("", max_length=500)


class PriceListOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    data: dict[str, Any]
    note: str
    created_by: str
    created_at: datetime


class PriceListVersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    note: str
    created_by: str
    created_at: datetime


class PriceListEdits(BaseModel):
    """The editable part of a price list, unsaved: any of `base_prices`
    (`{product: {package: price}}`) and `coefficients` (`{table: rows or values}`), as the
    admin GET returns them in `data` (the whole GET body or its `data` is accepted too;
    other fields are ignored)."""

    model_config = ConfigDict(extra="ignore")

    base_prices: dict[str, Any] | None = None
    coefficients: dict[str, Any] | None = None

    @model_validator(mode="before")
    @classmethod
    def _unwrap_data(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("data"), dict):
            return value["data"]
        return value


class PriceListSave(BaseModel):
    """Every edit of the editor saved at once: one new version, or none if nothing changed."""

    price_list: PriceListEdits
    note: str = Field("", max_length=500)


class PricePreviewIn(BaseModel):
    price_list: PriceListEdits
    request: QuoteRequest
