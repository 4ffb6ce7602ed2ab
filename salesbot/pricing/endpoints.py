from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, status

from salesbot.api.deps import AdminUser, SessionDep, provided, public_rate_limit
from salesbot.errors import ValidationFailed
from salesbot.models import QuoteRecord
from salesbot.pricing.schemas import (
    BasePriceChange,
    CoefficientsChange,
    PriceListOut,
    PriceListSave,
    PriceListVersionOut,
    PricePreviewIn,
    QuoteOut,
    QuoteRequest,
    QuoteResultOut,
)
from salesbot.pricing.service import PricingService
from salesbot.security.text import BIGINT_MAX

PricingDep = Annotated[PricingService, provided("pricing")]
router = APIRouter(prefix="/api/v1/quotes", tags=["quotes"])
admin_router = APIRouter(prefix="/api/v1/admin/pricing", tags=["admin: pricing"])


def _out(record: QuoteRecord) -> QuoteOut:
    return QuoteOut(id=record.id, created_at=record.created_at, **record.result)


@router.post(
    "",
    response_model=QuoteOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(public_rate_limit)],
    summary="Price the three packages for a brief",
)
async def create_quote(body: QuoteRequest, session: SessionDep, pricing: PricingDep) -> QuoteOut:
    return _out(await pricing.quote(session, body.brief()))


@router.get("/{quote_id}", response_model=QuoteOut, summary="A stored quote")
async def get_quote(quote_id: uuid.UUID, session: SessionDep, pricing: PricingDep) -> QuoteOut:
    return _out(await pricing.get(session, quote_id))


@admin_router.get("", response_model=PriceListOut, summary="The price list in force")
async def current(session: SessionDep, pricing: PricingDep, _: AdminUser) -> PriceListOut:
    return PriceListOut.model_validate(await pricing.snapshot(session))


@admin_router.get(
    "/versions", response_model=list[PriceListVersionOut], summary="Price-list history"
)
async def versions(
    session: SessionDep, pricing: PricingDep, _: AdminUser
) -> list[PriceListVersionOut]:
    return [PriceListVersionOut.model_validate(v) for v in await pricing.history(session)]


@admin_router.get(
    "/versions/{version}", response_model=PriceListOut, summary="One price-list version"
)
async def version(
    version: Annotated[int, Path(ge=1, le=BIGINT_MAX)],
    session: SessionDep,
    pricing: PricingDep,
    _: AdminUser,
) -> PriceListOut:
    return PriceListOut.model_validate(await pricing.stored_version(session, version))


@admin_router.post(
    "/preview",
    response_model=QuoteResultOut,
    summary="Price a brief with unsaved edits of the price list (nothing is stored)",
)
async def preview(
    body: PricePreviewIn, session: SessionDep, pricing: PricingDep, _: AdminUser
) -> QuoteResultOut:
    edits = body.price_list.model_dump(exclude_none=True)
    return QuoteResultOut(**await pricing.preview(session, edits, body.request.brief()))


@admin_router.put(
    "",
    response_model=PriceListOut,
    summary="Save the editor's edits of tables and base prices as one new version",
)
async def save_price_list(
    body: PriceListSave, session: SessionDep, pricing: PricingDep, admin: AdminUser
) -> PriceListOut:
    edits = body.price_list.model_dump(exclude_none=True)
    version = await pricing.save_edits(session, edits, actor=admin.email, note=body.note)
    return PriceListOut.model_validate(version)


@admin_router.put(
    "/coefficients/{table}",
    response_model=PriceListOut,
    summary="Replace a coefficient table (a new price-list version)",
)
async def change_coefficients(
    table: Literal["users", "integrations", "deadline", "hosting", "sla"],
    body: CoefficientsChange,
    session: SessionDep,
    pricing: PricingDep,
    admin: AdminUser,
) -> PriceListOut:
    if table in ("hosting", "sla"):
        if body.values is None:
            raise ValidationFailed(
                f"Для таблицы {table} передайте values.", code="invalid_price_list"
            )
        rows: object = {key: str(value) for key, value in body.values.items()}
    else:
        if body.rows is None:
            raise ValidationFailed(
                f"Для таблицы {table} передайте rows.", code="invalid_price_list"
            )
        rows = [{"from": r.from_, "to": r.to, "multiplier": str(r.multiplier)} for r in body.rows]
    version = await pricing.change(
        session, actor=admin.email, note=body.note, table=table, rows=rows
    )
    return PriceListOut.model_validate(version)


@admin_router.put(
    "/base-prices/{product}/{package}",
    response_model=PriceListOut,
    summary="Change a base price (a new price-list version)",
)
async def change_base_price(
    product: str,
    package: str,
    body: BasePriceChange,
    session: SessionDep,
    pricing: PricingDep,
    admin: AdminUser,
) -> PriceListOut:
    version = await pricing.change(
        session,
        actor=admin.email,
        note=body.note,
        product=product,
        package=package,
        price=body.price,
    )
    return PriceListOut.model_validate(version)
