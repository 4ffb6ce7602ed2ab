"""Quotes as JSON: what the API returns, what is stored, and what documents render."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from salesbot.pricing.domain import Brief, Hosting, Quote, Sla


def money(value: Decimal) -> str:
    """Whole roubles as a plain string: "887250"."""
    return str(value.quantize(Decimal("1")))


def brief_to_json(brief: Brief) -> dict[str, Any]:
    data = asdict(brief)
    data["hosting"], data["sla"] = brief.hosting.value, brief.sla.value
    return data


def brief_from_json(data: dict[str, Any]) -> Brief:
    return Brief(
        product=data["product"],
        users=int(data["users"]),
        integrations=int(data["integrations"]),
        hosting=Hosting(data["hosting"]),
        sla=Sla(str(data["sla"])),
        deadline_days=None if data.get("deadline_days") is None else int(data["deadline_days"]),
    )


def quote_to_json(quote: Quote) -> dict[str, Any]:
    return {
        "product": {"code": quote.product.code, "name": quote.product.name},
        "inputs": brief_to_json(quote.brief),
        "packages": [
            {
                "code": p.code,
                "name": p.name,
                "includes": list(p.includes),
                "timeline": p.timeline,
                "base_price": money(p.base_price),
                "coefficients": {f.name: str(f.multiplier) for f in p.factors},
                "factors": [
                    {
                        "name": f.name,
                        "label": f.label,
                        "input": f.input,
                        "multiplier": str(f.multiplier),
                    }
                    for f in p.factors
                ],
                "total": money(p.total),
                "available": p.available,
                "unavailable_reason": p.unavailable_reason,
            }
            for p in quote.packages
        ],
        "recommended": quote.recommended,
        "recommendation_reason": quote.recommendation_reason,
        "valid_until": quote.valid_until.isoformat(),
        "price_list_version": quote.price_list_version,
    }


def format_roubles(value: Decimal | str) -> str:
    """ "887 250 ₽" with a non-breaking space between groups and before the sign."""
    amount = Decimal(value).quantize(Decimal("1"))
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0₽"


def format_multiplier(value: Decimal | str) -> str:
    return "×" + str(Decimal(value)).replace(".", ",")
