"""Price lists (versioned, admin-editable) and quotes (stored, reproducible)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.errors import Conflict, NotFound, ValidationFailed
from salesbot.models import PriceListVersion, QuoteRecord
from salesbot.pricing import repository
from salesbot.pricing.defaults import DEFAULT_PRICE_LIST
from salesbot.pricing.domain import Brief, PriceList, PricingError, compute
from salesbot.pricing.price_list import from_snapshot, with_change, with_edits
from salesbot.pricing.serialization import brief_from_json, brief_to_json, quote_to_json
from salesbot.settings import Settings


class RecalculationLimitReached(Conflict):
    code = "recalculation_limit"


def invalid_price_list(exc: PricingError, *, prefix: tuple[str, ...] = ()) -> ValidationFailed:
    """The admin's 422: the message, and in `details` where it applies (the same shape as
    request validation errors: `[{"loc", "message", "type"}]`)."""
    return ValidationFailed(
        str(exc),
        code="invalid_price_list",
        details=[{"loc": [*prefix, *exc.loc], "message": str(exc), "type": "invalid_price_list"}],
    )


class PricingService:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._parsed: dict[int, PriceList] = {}  # versions are immutable: parse each once

    def today(self) -> date:
        return datetime.now(ZoneInfo(self.settings.timezone)).date()

    # --- price lists -----------------------------------------------------------------------
    async def current(self, session: AsyncSession) -> PriceList:
        row = await repository.latest(session)
        if row is None:
            row = await self._seed(session)
        return self._parse(row)

    async def version(self, session: AsyncSession, version: int) -> PriceList:
        row = await repository.by_version(session, version)
        if row is None:
            raise NotFound(f"Версии прайс-листа {version} нет.", code="price_list_not_found")
        return self._parse(row)

    async def snapshot(self, session: AsyncSession) -> PriceListVersion:
        row = await repository.latest(session)
        return row if row is not None else await self._seed(session)

    async def history(self, session: AsyncSession) -> list[PriceListVersion]:
        await self.snapshot(session)
        return await repository.versions(session)

    async def stored_version(self, session: AsyncSession, version: int) -> PriceListVersion:
        row = await repository.by_version(session, version)
        if row is None:
            raise NotFound(f"Версии прайс-листа {version} нет.", code="price_list_not_found")
        return row

    async def change(
        self, session: AsyncSession, *, actor: str, note: str = "", **change: Any
    ) -> PriceListVersion:
        """Write a new version with one table or one base price changed; invalid edits are
        refused with the reason and the current version stays in force."""
        return await self._new_version(
            session, lambda data: with_change(data, **change), actor=actor, note=note
        )

    async def save_edits(
        self, session: AsyncSession, edits: dict[str, Any], *, actor: str, note: str = ""
    ) -> PriceListVersion:
        """Apply the editor's edits (any tables and base prices, see `with_edits`) as one new
        version, validated as a whole."""
        return await self._new_version(
            session,
            lambda data: with_edits(data, edits),
            actor=actor,
            note=note,
            error_prefix=("price_list",),
        )

    async def _new_version(
        self,
        session: AsyncSession,
        edit: Callable[[dict[str, Any]], dict[str, Any]],
        *,
        actor: str,
        note: str,
        error_prefix: tuple[str, ...] = (),
    ) -> PriceListVersion:
        """The version in force, edited and validated, saved as the next version (under the
        price-list lock); an edit that changes nothing writes no version."""
        await repository.lock_price_list(session)
        current = await self.snapshot(session)
        try:
            data = edit(current.data)
            from_snapshot(current.version + 1, data)
        except PricingError as exc:
            raise invalid_price_list(exc, prefix=error_prefix) from exc
        if data == current.data:
            return current
        return await repository.add_version(
            session, current.version + 1, data, note=note, actor=actor
        )

    async def _seed(self, session: AsyncSession) -> PriceListVersion:
        await repository.lock_price_list(session)
        row = await repository.latest(session)  # another process may have seeded meanwhile
        if row is None:
            row = await repository.add_version(
                session, 1, DEFAULT_PRICE_LIST, note="demo price list", actor="system"
            )
        return row

    def _parse(self, row: PriceListVersion) -> PriceList:
        if row.version not in self._parsed:
            self._parsed[row.version] = from_snapshot(row.version, row.data)
        return self._parsed[row.version]

    # --- quotes ------------------------------------------------------------------------------
    async def quote(
        self, session: AsyncSession, brief: Brief, *, conversation_id: uuid.UUID | None = None
    ) -> QuoteRecord:
        sequence = 1
        if conversation_id is not None:
            sequence = await repository.quotes_in_conversation(session, conversation_id) + 1
            if sequence > self.settings.max_quote_recalculations + 1:
                raise RecalculationLimitReached(
                    "Мы уже пересчитали стоимость много раз. Давайте подключим менеджера: он "
                    "подберёт конфигурацию вместе с вами.",
                    details={"limit": self.settings.max_quote_recalculations},
                )
        record = await self.unsaved(session, brief, conversation_id=conversation_id)
        record.sequence = sequence
        session.add(record)
        await session.flush()
        return record

    async def unsaved(
        self, session: AsyncSession, brief: Brief, *, conversation_id: uuid.UUID | None = None
    ) -> QuoteRecord:
        """A quote computed by the price list in force, not stored (samples and previews)."""
        price_list = await self.current(session)
        today = self.today()
        try:
            result = compute(price_list, brief, today=today)
        except PricingError as exc:
            raise ValidationFailed(str(exc), code="invalid_brief") from exc
        recommended = result.package(result.recommended) if result.recommended else None
        return QuoteRecord(
            id=uuid.uuid4(),
            price_list_version=price_list.version,
            conversation_id=conversation_id,
            product=brief.product,
            inputs=brief_to_json(brief),
            result=quote_to_json(result),
            recommended=result.recommended,
            recommended_total=recommended.total if recommended else None,
            computed_on=today,
            valid_until=result.valid_until,
            sequence=1,
        )

    async def preview(
        self, session: AsyncSession, edits: dict[str, Any], brief: Brief
    ) -> dict[str, Any]:
        """The quote `brief` would get if the price list in force had the editor's unsaved
        `edits` (see `with_edits`), validated as a save would be; nothing is stored."""
        current = await self.snapshot(session)
        try:
            price_list = from_snapshot(current.version, with_edits(current.data, edits))
        except PricingError as exc:
            raise invalid_price_list(exc, prefix=("price_list",)) from exc
        try:
            result = compute(price_list, brief, today=self.today())
        except PricingError as exc:
            raise ValidationFailed(str(exc), code="invalid_brief") from exc
        return quote_to_json(result)

    async def get(self, session: AsyncSession, quote_id: uuid.UUID) -> QuoteRecord:
        record = await session.get(QuoteRecord, quote_id)
        if record is None:
            raise NotFound("Расчёт не найден.", code="quote_not_found")
        return record

    async def reproduce(self, session: AsyncSession, record: QuoteRecord) -> dict[str, Any]:
        """The quote recomputed from its stored inputs, price-list version and date."""
        price_list = await self.version(session, record.price_list_version)
        return quote_to_json(
            compute(price_list, brief_from_json(record.inputs), today=record.computed_on)
        )
