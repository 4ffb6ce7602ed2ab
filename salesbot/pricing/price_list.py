"""A price list snapshot (JSON, as stored) ⇄ the domain's PriceList, with full validation."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from salesbot.pricing.domain import (
    Hosting,
    Package,
    PackageRule,
    PriceList,
    PricingError,
    Product,
    Sla,
    parse_multiplier,
    parse_price,
    parse_ranges,
)

T = TypeVar("T")


def _at(loc: tuple[str | int, ...], parse: Callable[..., T], *args: Any) -> T:
    """`parse(*args)`, its PricingError pointed at `loc` in the snapshot."""
    try:
        return parse(*args)
    except PricingError as exc:
        raise PricingError(str(exc), loc=(*loc, *exc.loc)) from exc


def from_snapshot(version: int, data: dict[str, Any]) -> PriceList:
    """Build and validate; raises PricingError with a message for the admin."""
    try:
        products = tuple(
            Product(p["code"], p["name"], p.get("description", "")) for p in data["products"]
        )
        packages = tuple(
            Package(
                p["code"],
                p["name"],
                tuple(p.get("includes", [])),
                PackageRule(
                    hosting=frozenset(Hosting(h) for h in p["rule"]["hosting"])
                    if "hosting" in p.get("rule", {})
                    else None,
                    sla=frozenset(Sla(s) for s in p["rule"]["sla"])
                    if "sla" in p.get("rule", {})
                    else None,
                    max_users=p.get("rule", {}).get("max_users"),
                    max_integrations=p.get("rule", {}).get("max_integrations"),
                ),
                p.get("timeline", ""),
            )
            for p in data["packages"]
        )
        coefficients = data["coefficients"]
        base_prices: dict[tuple[str, str], Decimal] = {}
        for product in products:
            for package in packages:
                base_prices[(product.code, package.code)] = _at(
                    ("base_prices", product.code, package.code),
                    parse_price,
                    data["base_prices"][product.code][package.code],
                )
        hosting = {
            Hosting(k): _at(("coefficients", "hosting", k), parse_multiplier, v)
            for k, v in coefficients["hosting"].items()
        }
        sla = {
            Sla(k): _at(("coefficients", "sla", k), parse_multiplier, v)
            for k, v in coefficients["sla"].items()
        }
    except KeyError as exc:
        raise PricingError(f"В прайс-листе не хватает поля {exc}.") from exc
    except ValueError as exc:
        if isinstance(exc, PricingError):
            raise
        raise PricingError(f"Неизвестное значение в прайс-листе: {exc}.") from exc
    if set(hosting) != set(Hosting):
        raise PricingError(
            "Нужны коэффициенты для всех вариантов размещения: cloud, hybrid, onprem."
        )
    if set(sla) != set(Sla):
        raise PricingError("Нужны коэффициенты для всех уровней SLA: standard, 99.5, 99.9.")
    if not products or not packages:
        raise PricingError("В прайс-листе должны быть продукты и пакеты.")
    return PriceList(
        version=version,
        products=products,
        packages=packages,
        base_prices=base_prices,
        ranges={
            name: _at(("coefficients", name), parse_ranges, name, coefficients[name])
            for name in ("users", "integrations", "deadline")
        },
        hosting=hosting,
        sla=sla,
        validity_days=int(data.get("validity_days", 14)),
    )


def with_change(
    data: dict[str, Any],
    *,
    table: str | None = None,
    rows: Any = None,
    product: str | None = None,
    package: str | None = None,
    price: Any = None,
) -> dict[str, Any]:
    """A new snapshot with one coefficient table or one base price replaced."""
    updated = copy.deepcopy(data)
    if table is not None:
        if table not in updated["coefficients"]:
            raise PricingError(f"Неизвестная таблица коэффициентов «{table}».")
        updated["coefficients"][table] = rows
    if product is not None and package is not None:
        if product not in updated["base_prices"] or package not in updated["base_prices"][product]:
            raise PricingError(f"Нет базовой цены для {product}/{package}.")
        updated["base_prices"][product][package] = str(price)
    return updated


def with_edits(data: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    """A snapshot with an editor's unsaved tables laid over it: `base_prices` product by
    product and package by package, `coefficients` table by table. Validate the result with
    `from_snapshot`."""
    updated = copy.deepcopy(data)
    for product, prices in (edits.get("base_prices") or {}).items():
        if product not in updated["base_prices"]:
            raise PricingError(f"Неизвестный продукт «{product}».", loc=("base_prices", product))
        if not isinstance(prices, dict):
            raise PricingError("Цены продукта передайте по пакетам.", loc=("base_prices", product))
        for package, price in prices.items():
            if package not in updated["base_prices"][product]:
                raise PricingError(
                    f"Нет базовой цены для {product}/{package}.",
                    loc=("base_prices", product, package),
                )
            updated["base_prices"][product][package] = str(price)
    for table, rows in (edits.get("coefficients") or {}).items():
        if table not in updated["coefficients"]:
            raise PricingError(
                f"Неизвестная таблица коэффициентов «{table}».", loc=("coefficients", table)
            )
        updated["coefficients"][table] = copy.deepcopy(rows)
    return updated
