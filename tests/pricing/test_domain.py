from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesbot.pricing.defaults import DEFAULT_PRICE_LIST
from salesbot.pricing.domain import (
    Brief,
    Hosting,
    PricingError,
    Sla,
    compute,
    parse_ranges,
)
from salesbot.pricing.price_list import from_snapshot, with_change
from salesbot.pricing.serialization import brief_from_json, brief_to_json, quote_to_json

PRICE_LIST = from_snapshot(1, DEFAULT_PRICE_LIST)
TODAY = date(2026, 11, 21)
HOSTING_ORDER = [Hosting.cloud, Hosting.hybrid, Hosting.onprem]
SLA_ORDER = [Sla.standard, Sla.p995, Sla.p999]


def brief(**overrides: object) -> Brief:
    values: dict[str, object] = {
        "product": "ai-manager",
        "users": 5,
        "integrations": 0,
        "hosting": Hosting.cloud,
        "sla": Sla.standard,
        "deadline_days": None,
    }
    values.update(overrides)
    return Brief(**values)  # type: ignore[arg-type]


def coefficient(name: str, **overrides: object) -> Decimal:
    quote = compute(PRICE_LIST, brief(**overrides), today=TODAY)
    return Decimal(
        quote.packages[0]
        .factors[[f.name for f in quote.packages[0].factors].index(name)]
        .multiplier
    )


class TestBoundaries:
    @pytest.mark.parametrize(
        ("users", "expected"),
        [
            (1, "1.0"),
            (10, "1.0"),
            (11, "1.5"),
            (50, "1.5"),
            (51, "2.0"),
            (200, "2.0"),
            (201, "3.0"),
            (100_000, "3.0"),
        ],
    )
    def test_users(self, users: int, expected: str) -> None:
        assert coefficient("users", users=users) == Decimal(expected)

    @pytest.mark.parametrize(
        ("integrations", "expected"),
        [(0, "1.0"), (2, "1.0"), (3, "1.3"), (5, "1.3"), (6, "1.7"), (10, "1.7"), (11, "2.2")],
    )
    def test_integrations(self, integrations: int, expected: str) -> None:
        assert coefficient("integrations", integrations=integrations) == Decimal(expected)

    @pytest.mark.parametrize(
        ("days", "expected"),
        [(0, "2.0"), (6, "2.0"), (7, "1.5"), (13, "1.5"), (14, "1.0"), (365, "1.0"), (None, "1.0")],
    )
    def test_deadline(self, days: int | None, expected: str) -> None:
        assert coefficient("deadline", deadline_days=days) == Decimal(expected)

    @pytest.mark.parametrize(
        ("hosting", "expected"),
        [(Hosting.cloud, "1.0"), (Hosting.hybrid, "1.5"), (Hosting.onprem, "2.5")],
    )
    def test_hosting(self, hosting: Hosting, expected: str) -> None:
        assert coefficient("hosting", hosting=hosting) == Decimal(expected)

    @pytest.mark.parametrize(
        ("sla", "expected"), [(Sla.standard, "1.0"), (Sla.p995, "1.3"), (Sla.p999, "1.8")]
    )
    def test_sla(self, sla: Sla, expected: str) -> None:
        assert coefficient("sla", sla=sla) == Decimal(expected)


class TestQuote:
    def test_worked_example_of_the_price_list(self) -> None:
        quote = compute(PRICE_LIST, brief(users=30, integrations=4, sla=Sla.p995), today=TODAY)
        totals = {p.code: p.total for p in quote.packages}
        assert totals == {
            "start": Decimal("380250"),
            "optimum": Decimal("887250"),
            "enterprise": Decimal("2281500"),
        }
        assert [p.available for p in quote.packages] == [False, True, True]
        assert quote.recommended == "optimum"
        assert "SLA 99,5 %" in quote.recommendation_reason
        assert quote.valid_until == date(2026, 12, 5)
        assert quote.price_list_version == 1

    def test_all_coefficients_multiply(self) -> None:
        # ИИ-Юрист: 1.0 (7 users) × 1.3 (3 integrations) × 1.5 (hybrid) × 1.3 (99.5) × 2.0 (3 days) = 5.07
        quote = compute(
            PRICE_LIST,
            brief(
                product="ai-lawyer",
                users=7,
                integrations=3,
                hosting=Hosting.hybrid,
                sla=Sla.p995,
                deadline_days=3,
            ),
            today=TODAY,
        )
        assert quote.package("start").total == Decimal("1014000")
        assert quote.package("enterprise").total == Decimal("5577000")

    def test_rounded_once_at_the_end(self) -> None:
        odd = from_snapshot(
            2,
            with_change(DEFAULT_PRICE_LIST, product="ai-manager", package="start", price="100001"),
        )
        quote = compute(odd, brief(users=11, sla=Sla.p995), today=TODAY)
        # 100 001 × 1.5 × 1.3 = 195 001.95 → 195 002; rounding each step would give 195 003
        assert quote.package("start").total == Decimal("195002")

    def test_onprem_needs_enterprise(self) -> None:
        quote = compute(PRICE_LIST, brief(hosting=Hosting.onprem), today=TODAY)
        assert [p.available for p in quote.packages] == [False, False, True]
        assert quote.recommended == "enterprise"
        assert "on-premise" in (quote.package("optimum").unavailable_reason or "")

    def test_cheapest_fitting_package_is_recommended(self) -> None:
        quote = compute(PRICE_LIST, brief(users=5, integrations=1), today=TODAY)
        assert quote.recommended == "start"
        assert "дешевле" in quote.recommendation_reason

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"users": 0}, "пользователей"),
            ({"users": -5}, "пользователей"),
            ({"users": 10**9}, "пользователей"),
            ({"integrations": -1}, "интеграций"),
            ({"deadline_days": -3}, "Срок"),
            ({"product": "ai-astrologer"}, "Неизвестный продукт"),
        ],
    )
    def test_impossible_input(self, overrides: dict[str, object], message: str) -> None:
        with pytest.raises(PricingError, match=message):
            compute(PRICE_LIST, brief(**overrides), today=TODAY)


briefs = st.builds(
    Brief,
    product=st.sampled_from(["ai-manager", "ai-lawyer", "ai-analyst"]),
    users=st.integers(1, 100_000),
    integrations=st.integers(0, 1_000),
    hosting=st.sampled_from(HOSTING_ORDER),
    sla=st.sampled_from(SLA_ORDER),
    deadline_days=st.none() | st.integers(0, 3_650),
)


def totals(b: Brief) -> list[Decimal]:
    return [p.total for p in compute(PRICE_LIST, b, today=TODAY).packages]


def _grow(b: Brief, field: str, step: int) -> Brief:
    values = brief_to_json(b)
    if field == "hosting":
        values["hosting"] = HOSTING_ORDER[min(HOSTING_ORDER.index(b.hosting) + 1, 2)].value
    elif field == "sla":
        values["sla"] = SLA_ORDER[min(SLA_ORDER.index(b.sla) + 1, 2)].value
    elif field == "urgency":  # a sooner launch is a bigger demand
        values["deadline_days"] = max(
            0, (b.deadline_days if b.deadline_days is not None else 3650) - step
        )
    else:
        values[field] = min(values[field] + step, 100_000 if field == "users" else 1_000)
    return brief_from_json(values)


class TestProperties:
    @settings(max_examples=300, deadline=None)
    @given(
        b=briefs,
        field=st.sampled_from(["users", "integrations", "hosting", "sla", "urgency"]),
        step=st.integers(1, 500),
    )
    def test_total_never_falls_when_an_input_grows(self, b: Brief, field: str, step: int) -> None:
        before, after = totals(b), totals(_grow(b, field, step))
        assert all(a >= p for p, a in zip(before, after, strict=True))

    @settings(max_examples=200, deadline=None)
    @given(b=briefs)
    def test_totals_are_whole_roubles_and_packages_are_ordered(self, b: Brief) -> None:
        quote = compute(PRICE_LIST, b, today=TODAY)
        assert all(p.total == p.total.to_integral_value() and p.total > 0 for p in quote.packages)
        assert quote.package("enterprise").available
        assert quote.recommended in {p.code for p in quote.packages if p.available}

    @settings(max_examples=200, deadline=None)
    @given(b=briefs)
    def test_json_round_trip(self, b: Brief) -> None:
        data = quote_to_json(compute(PRICE_LIST, b, today=TODAY))
        again = quote_to_json(compute(PRICE_LIST, brief_from_json(data["inputs"]), today=TODAY))
        assert again == data


class TestPriceListValidation:
    def test_gap_overlap_open_end_and_bad_multiplier_are_refused(self) -> None:
        with pytest.raises(PricingError, match="пропуск"):
            parse_ranges(
                "users",
                [{"from": 1, "to": 10, "multiplier": 1}, {"from": 12, "to": None, "multiplier": 2}],
            )
        with pytest.raises(PricingError, match="пересечение"):
            parse_ranges(
                "users",
                [{"from": 1, "to": 10, "multiplier": 1}, {"from": 10, "to": None, "multiplier": 2}],
            )
        with pytest.raises(PricingError, match="открытым"):
            parse_ranges("users", [{"from": 1, "to": 10, "multiplier": 1}])
        with pytest.raises(PricingError, match="больше нуля"):
            parse_ranges("users", [{"from": 1, "to": None, "multiplier": 0}])
        with pytest.raises(PricingError, match="начало с 1"):
            parse_ranges("users", [{"from": 0, "to": None, "multiplier": 1}])
        assert (
            len(parse_ranges("integrations", [{"from": 0, "to": None, "multiplier": "1.1"}])) == 1
        )

    def test_changes_make_a_valid_new_snapshot(self) -> None:
        data = with_change(
            DEFAULT_PRICE_LIST, product="ai-manager", package="start", price="160000"
        )
        changed = from_snapshot(2, data)
        assert changed.base_prices[("ai-manager", "start")] == Decimal("160000")
        assert (
            DEFAULT_PRICE_LIST["base_prices"]["ai-manager"]["start"] == "150000"
        )  # original untouched
        with pytest.raises(PricingError):
            from_snapshot(
                3, with_change(DEFAULT_PRICE_LIST, table="hosting", rows={"cloud": "1.0"})
            )
