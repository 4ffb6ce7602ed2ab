"""The price of a brief: pure, exact, reproducible. No database, no web.

price = base_price × coef_users × coef_integrations × coef_hosting × coef_sla × coef_deadline,
in Decimal roubles, rounded once (half up) to whole roubles at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any


class Hosting(StrEnum):
    cloud = "cloud"
    hybrid = "hybrid"
    onprem = "onprem"


class Sla(StrEnum):
    standard = "standard"
    p995 = "99.5"
    p999 = "99.9"


HOSTING_LABELS = {Hosting.cloud: "облако", Hosting.hybrid: "гибрид", Hosting.onprem: "on-premise"}
SLA_LABELS = {Sla.standard: "стандартный", Sla.p995: "99,5 %", Sla.p999: "99,9 %"}
FACTOR_LABELS = {
    "users": "Пользователи",
    "integrations": "Интеграции",
    "hosting": "Размещение",
    "sla": "SLA",
    "deadline": "Срок запуска",
}
RANGE_DOMAINS = {"users": 1, "integrations": 0, "deadline": 0}  # the smallest valid input
MAX_USERS = 100_000
MAX_INTEGRATIONS = 1_000
MAX_DEADLINE_DAYS = 3_650


class PricingError(ValueError):
    """Input or a price list that cannot be priced; the message is for people.

    `loc` points at the offending field of a price-list snapshot (e.g.
    `("coefficients", "users", 1, "to")`) when it is known, so an editor can show the
    message next to the field.
    """

    def __init__(self, message: str, *, loc: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.loc = loc


@dataclass(frozen=True)
class Range:
    start: int
    end: int | None  # inclusive; None = no upper bound
    multiplier: Decimal

    def contains(self, value: int) -> bool:
        return value >= self.start and (self.end is None or value <= self.end)


@dataclass(frozen=True)
class PackageRule:
    hosting: frozenset[Hosting] | None = None
    sla: frozenset[Sla] | None = None
    max_users: int | None = None
    max_integrations: int | None = None


@dataclass(frozen=True)
class Package:
    code: str
    name: str
    includes: tuple[str, ...]
    rule: PackageRule = field(default_factory=PackageRule)
    timeline: str = ""


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    description: str


@dataclass(frozen=True)
class PriceList:
    version: int
    products: tuple[Product, ...]
    packages: tuple[Package, ...]  # cheapest first
    base_prices: dict[tuple[str, str], Decimal]  # (product, package) -> roubles
    ranges: dict[str, tuple[Range, ...]]  # users, integrations, deadline
    hosting: dict[Hosting, Decimal]
    sla: dict[Sla, Decimal]
    validity_days: int = 14

    def product(self, code: str) -> Product:
        for product in self.products:
            if product.code == code:
                return product
        known = ", ".join(p.code for p in self.products)
        raise PricingError(f"Неизвестный продукт «{code}»; доступны: {known}.")


@dataclass(frozen=True)
class Brief:
    product: str
    users: int
    integrations: int
    hosting: Hosting
    sla: Sla
    deadline_days: int | None = None  # days from today to the wanted launch; None = standard

    def validate(self) -> None:
        if not 1 <= self.users <= MAX_USERS:
            raise PricingError(
                f"Число пользователей должно быть от 1 до {MAX_USERS:,}".replace(",", " ") + "."
            )
        if not 0 <= self.integrations <= MAX_INTEGRATIONS:
            raise PricingError(f"Число интеграций должно быть от 0 до {MAX_INTEGRATIONS}.")
        if self.deadline_days is not None and not 0 <= self.deadline_days <= MAX_DEADLINE_DAYS:
            raise PricingError("Срок запуска должен быть от 0 до 3650 дней от сегодняшнего дня.")


@dataclass(frozen=True)
class Factor:
    name: str
    label: str
    input: str
    multiplier: Decimal


@dataclass(frozen=True)
class PackageQuote:
    code: str
    name: str
    includes: tuple[str, ...]
    timeline: str
    base_price: Decimal
    factors: tuple[Factor, ...]
    total: Decimal
    available: bool
    unavailable_reason: str | None


@dataclass(frozen=True)
class Quote:
    brief: Brief
    product: Product
    packages: tuple[PackageQuote, ...]
    recommended: str | None
    recommendation_reason: str
    valid_until: date
    price_list_version: int

    def package(self, code: str) -> PackageQuote:
        return next(p for p in self.packages if p.code == code)


def _range_multiplier(table: tuple[Range, ...], value: int) -> Decimal:
    for item in table:
        if item.contains(value):
            return item.multiplier
    raise PricingError(f"значение {value} не попадает ни в один диапазон")


def factors(price_list: PriceList, brief: Brief) -> tuple[Factor, ...]:
    deadline = (
        price_list.ranges["deadline"][-1].multiplier
        if brief.deadline_days is None
        else _range_multiplier(price_list.ranges["deadline"], brief.deadline_days)
    )
    deadline_input = "стандартный" if brief.deadline_days is None else f"{brief.deadline_days} дн."
    return (
        Factor(
            "users",
            FACTOR_LABELS["users"],
            str(brief.users),
            _range_multiplier(price_list.ranges["users"], brief.users),
        ),
        Factor(
            "integrations",
            FACTOR_LABELS["integrations"],
            str(brief.integrations),
            _range_multiplier(price_list.ranges["integrations"], brief.integrations),
        ),
        Factor(
            "hosting",
            FACTOR_LABELS["hosting"],
            HOSTING_LABELS[brief.hosting],
            price_list.hosting[brief.hosting],
        ),
        Factor("sla", FACTOR_LABELS["sla"], SLA_LABELS[brief.sla], price_list.sla[brief.sla]),
        Factor("deadline", FACTOR_LABELS["deadline"], deadline_input, deadline),
    )


def unavailable_reason(package: Package, brief: Brief) -> str | None:
    rule = package.rule
    if rule.hosting is not None and brief.hosting not in rule.hosting:
        return f"размещение «{HOSTING_LABELS[brief.hosting]}» не входит в пакет {package.name}"
    if rule.sla is not None and brief.sla not in rule.sla:
        return f"SLA {SLA_LABELS[brief.sla]} не входит в пакет {package.name}"
    if rule.max_users is not None and brief.users > rule.max_users:
        return f"пакет {package.name} рассчитан не более чем на {rule.max_users} пользователей"
    if rule.max_integrations is not None and brief.integrations > rule.max_integrations:
        return f"пакет {package.name} включает не более {rule.max_integrations} интеграций"
    return None


def round_roubles(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def compute(price_list: PriceList, brief: Brief, *, today: date) -> Quote:
    brief.validate()
    product = price_list.product(brief.product)
    applied = factors(price_list, brief)
    multiplier = Decimal(1)
    for factor in applied:
        multiplier *= factor.multiplier
    packages = []
    for package in price_list.packages:
        base = price_list.base_prices[(product.code, package.code)]
        reason = unavailable_reason(package, brief)
        packages.append(
            PackageQuote(
                package.code,
                package.name,
                package.includes,
                package.timeline,
                base,
                applied,
                round_roubles(base * multiplier),
                reason is None,
                reason,
            )
        )
    recommended, why = _recommend(packages)
    return Quote(
        brief,
        product,
        tuple(packages),
        recommended,
        why,
        today + timedelta(days=price_list.validity_days),
        price_list.version,
    )


def _recommend(packages: list[PackageQuote]) -> tuple[str | None, str]:
    available = [p for p in packages if p.available]
    if not available:
        return (
            None,
            "Ни один типовой пакет не подходит: менеджер подготовит индивидуальное предложение.",
        )
    best = min(available, key=lambda p: p.total)
    skipped = [p for p in packages if not p.available and p.total < best.total]
    if not skipped:
        return (
            best.code,
            f"{best.name} закрывает все ваши требования и обходится дешевле остальных пакетов.",
        )
    reasons = "; ".join(p.unavailable_reason or "" for p in skipped)
    return (
        best.code,
        f"{best.name} — самый выгодный пакет, который подходит под ваши требования ({reasons}).",
    )


# --- validation of admin edits ------------------------------------------------------------------


def parse_ranges(name: str, rows: list[dict[str, Any]]) -> tuple[Range, ...]:
    """Rows `{from, to, multiplier}` that must cover every value from the domain's minimum
    upwards, in order, without gaps or overlaps, the last one open-ended."""
    if name not in RANGE_DOMAINS:
        raise PricingError(f"Неизвестная таблица коэффициентов «{name}».")
    if not rows:
        raise PricingError("Таблица не может быть пустой.")
    ranges = []
    expected = RANGE_DOMAINS[name]
    for index, row in enumerate(rows, start=1):
        at = index - 1
        try:
            start = int(row["from"])
            end = None if row.get("to") is None else int(row["to"])
            multiplier = Decimal(str(row["multiplier"]))
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise PricingError(
                f"Строка {index}: нужны числа from, to и multiplier.", loc=(at,)
            ) from exc
        if start != expected:
            kind = "пропуск" if start > expected else "пересечение"
            raise PricingError(
                f"Строка {index}: {kind} диапазонов — ожидалось начало с {expected}, "
                f"указано {start}.",
                loc=(at, "from"),
            )
        if end is not None and end < start:
            raise PricingError(
                f"Строка {index}: конец диапазона {end} меньше начала {start}.", loc=(at, "to")
            )
        if not multiplier.is_finite() or multiplier <= 0:
            raise PricingError(
                f"Строка {index}: коэффициент должен быть больше нуля.", loc=(at, "multiplier")
            )
        if end is None and index != len(rows):
            raise PricingError(
                f"Строка {index}: открытый диапазон может быть только последним.", loc=(at, "to")
            )
        ranges.append(Range(start, end, multiplier))
        expected = (end + 1) if end is not None else expected
    if ranges[-1].end is not None:
        raise PricingError(
            "Последний диапазон должен быть открытым (to = null), чтобы покрыть все значения.",
            loc=(len(rows) - 1, "to"),
        )
    return tuple(ranges)


def parse_multiplier(value: Any) -> Decimal:
    try:
        multiplier = Decimal(str(value))
    except ArithmeticError as exc:
        raise PricingError(f"Коэффициент «{value}» — не число.") from exc
    if not multiplier.is_finite() or multiplier <= 0:
        raise PricingError("Коэффициент должен быть больше нуля.")
    return multiplier


def parse_price(value: Any) -> Decimal:
    try:
        price = Decimal(str(value))
    except ArithmeticError as exc:
        raise PricingError(f"Цена «{value}» — не число.") from exc
    if not price.is_finite() or price <= 0 or price != price.quantize(Decimal("0.01")):
        raise PricingError(
            "Цена должна быть положительной суммой в рублях (не более двух знаков после запятой)."
        )
    return price
