"""The admin's live preview: a brief priced with unsaved edits, nothing stored."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import func, select

from salesbot.db.engine import Database
from salesbot.models import PriceListVersion, QuoteRecord, Role
from salesbot.pricing.domain import round_roubles
from tests.conftest import create_user, login

REQUEST = {
    "product": "ai-manager",
    "users": 30,
    "integrations": 4,
    "hosting": "cloud",
    "sla": "99.5",
    "deadline_days": None,
}
USERS = [
    {"from": 1, "to": 10, "multiplier": "1.0"},
    {"from": 11, "to": 50, "multiplier": "1.6"},
    {"from": 51, "to": 200, "multiplier": "2.0"},
    {"from": 201, "to": None, "multiplier": "3.0"},
]


async def _preview(
    client: httpx.AsyncClient, headers: dict[str, str], price_list: dict[str, Any]
) -> httpx.Response:
    return await client.post(
        "/api/v1/admin/pricing/preview",
        json={"price_list": price_list, "request": REQUEST},
        headers=headers,
    )


def _totals(body: dict[str, Any]) -> dict[str, str]:
    return {p["code"]: p["total"] for p in body["packages"]}


async def _stored(database: Database) -> tuple[int, int]:
    async with database.transaction() as session:
        quotes = await session.scalar(select(func.count()).select_from(QuoteRecord))
        versions = await session.scalar(select(func.count()).select_from(PriceListVersion))
    return int(quotes or 0), int(versions or 0)


class TestPreview:
    async def test_unchanged_list_prices_as_a_quote_does(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        response = await _preview(client, admin_headers, {})
        assert response.status_code == 200, response.text
        body = response.json()
        quote = (await client.post("/api/v1/quotes", json=REQUEST)).json()
        assert body["packages"] == quote["packages"]
        assert _totals(body)["optimum"] == "887250"
        assert "id" not in body and body["price_list_version"] == 1

    async def test_an_edited_coefficient_changes_the_totals_by_the_formula(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], database: Database
    ) -> None:
        await client.get("/api/v1/admin/pricing", headers=admin_headers)  # seeds version 1
        before = await _stored(database)
        response = await _preview(
            client,
            admin_headers,
            {"coefficients": {"users": USERS}, "base_prices": {"ai-manager": {"start": "160000"}}},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        # base × users × integrations × hosting × sla × deadline = base × 1.6 × 1.3 × 1.0 × 1.3
        multiplier = Decimal("1.6") * Decimal("1.3") * Decimal("1.0") * Decimal("1.3")
        assert _totals(body) == {
            "start": str(round_roubles(Decimal(160000) * multiplier)),
            "optimum": str(round_roubles(Decimal(350000) * multiplier)),
            "enterprise": str(round_roubles(Decimal(900000) * multiplier)),
        }
        assert _totals(body) == {"start": "432640", "optimum": "946400", "enterprise": "2433600"}
        assert body["packages"][1]["coefficients"]["users"] == "1.6"
        assert await _stored(database) == before  # no quote, no price-list version

        current = (await client.get("/api/v1/admin/pricing", headers=admin_headers)).json()
        assert current["version"] == 1
        assert current["data"]["coefficients"]["users"][1]["multiplier"] == "1.5"

    async def test_the_whole_admin_get_body_is_accepted(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        current = (await client.get("/api/v1/admin/pricing", headers=admin_headers)).json()
        current["data"]["coefficients"]["sla"]["99.5"] = "1.5"
        response = await _preview(client, admin_headers, current)
        assert response.status_code == 200, response.text
        # 350000 × 1.5 × 1.3 × 1.0 × 1.5 × 1.0
        assert _totals(response.json())["optimum"] == "1023750"


class TestInvalidPriceList:
    async def test_overlapping_ranges_point_at_the_row(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        rows = [
            {"from": 1, "to": 10, "multiplier": "1.0"},
            {"from": 10, "to": None, "multiplier": "2.0"},
        ]
        response = await _preview(client, admin_headers, {"coefficients": {"users": rows}})
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == "invalid_price_list" and "пересечение" in error["message"]
        assert error["details"] == [
            {
                "loc": ["price_list", "coefficients", "users", 1, "from"],
                "message": error["message"],
                "type": "invalid_price_list",
            }
        ]

    async def test_bad_multiplier_and_price_point_at_the_field(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        response = await _preview(
            client,
            admin_headers,
            {"coefficients": {"hosting": {"cloud": "1.0", "hybrid": "0", "onprem": "2.5"}}},
        )
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == [
            "price_list",
            "coefficients",
            "hosting",
            "hybrid",
        ]
        response = await _preview(
            client, admin_headers, {"base_prices": {"ai-manager": {"optimum": "-5"}}}
        )
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == [
            "price_list",
            "base_prices",
            "ai-manager",
            "optimum",
        ]

    async def test_unknown_table_and_bad_request(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        response = await _preview(client, admin_headers, {"coefficients": {"color": {}}})
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == [
            "price_list",
            "coefficients",
            "color",
        ]
        bad = await client.post(
            "/api/v1/admin/pricing/preview",
            json={"price_list": {}, "request": {**REQUEST, "users": 0}},
            headers=admin_headers,
        )
        assert bad.status_code == 422
        assert bad.json()["error"]["details"][0]["loc"][-2:] == ["request", "users"]

    async def test_a_saved_edit_reports_the_field_too(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        response = await client.put(
            "/api/v1/admin/pricing/coefficients/integrations",
            json={"rows": [{"from": 0, "to": 5, "multiplier": "1"}]},
            headers=admin_headers,
        )
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == [
            "coefficients",
            "integrations",
            0,
            "to",
        ]


class TestAccess:
    async def test_a_manager_is_refused(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        email, password = await create_user(database, role=Role.manager)
        headers = {"Authorization": f"Bearer {await login(client, email, password)}"}
        response = await _preview(client, headers, {})
        assert response.status_code == 403
        old = await client.get("/api/v1/admin/pricing/versions/1", headers=headers)
        assert old.status_code == 403


class TestOldVersions:
    async def test_an_old_version_can_be_read(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        await client.put(
            "/api/v1/admin/pricing/coefficients/users",
            json={"rows": USERS, "note": "дороже для средних команд"},
            headers=admin_headers,
        )
        first = await client.get("/api/v1/admin/pricing/versions/1", headers=admin_headers)
        second = await client.get("/api/v1/admin/pricing/versions/2", headers=admin_headers)
        assert first.json()["data"]["coefficients"]["users"][1]["multiplier"] == "1.5"
        assert second.json()["data"]["coefficients"]["users"][1]["multiplier"] == "1.6"
        assert second.json()["note"] == "дороже для средних команд"
        missing = await client.get("/api/v1/admin/pricing/versions/99", headers=admin_headers)
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "price_list_not_found"
