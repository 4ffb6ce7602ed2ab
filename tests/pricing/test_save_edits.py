"""Saving the pricing editor: every edited table and base price in one new version, checked
as a whole, so a save is never half done."""

from __future__ import annotations

from typing import Any

import httpx

from salesbot.db.engine import Database
from salesbot.models import Role
from tests.conftest import create_user, login
from tests.pricing.test_preview import REQUEST, USERS, _stored

URL = "/api/v1/admin/pricing"


async def _save(
    client: httpx.AsyncClient, headers: dict[str, str], edits: dict[str, Any], note: str = ""
) -> httpx.Response:
    return await client.put(URL, json={"price_list": edits, "note": note}, headers=headers)


class TestSaveEdits:
    async def test_tables_and_prices_become_one_version(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], database: Database
    ) -> None:
        await client.get(URL, headers=admin_headers)  # seeds version 1
        edits = {
            "coefficients": {
                "users": USERS,
                "hosting": {"cloud": "1.1", "hybrid": "1.2", "onprem": "1.4"},
            },
            "base_prices": {"ai-manager": {"start": "160000"}},
        }
        saved = await _save(client, admin_headers, edits, note="осенний прайс")
        assert saved.status_code == 200, saved.text
        body = saved.json()
        assert (body["version"], body["note"]) == (2, "осенний прайс")
        data = body["data"]
        assert data["coefficients"]["users"][1]["multiplier"] == "1.6"
        assert data["coefficients"]["hosting"]["cloud"] == "1.1"
        assert data["base_prices"]["ai-manager"]["start"] == "160000"
        assert data["base_prices"]["ai-manager"]["optimum"] == "350000"  # untouched
        versions = (await client.get(f"{URL}/versions", headers=admin_headers)).json()
        assert [v["version"] for v in versions] == [2, 1]

        # A quote now prices by the saved list.
        quote = await client.post("/api/v1/quotes", json=REQUEST)
        assert quote.status_code == 201, quote.text
        assert quote.json()["price_list_version"] == 2

    async def test_nothing_changed_writes_no_version(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], database: Database
    ) -> None:
        current = (await client.get(URL, headers=admin_headers)).json()
        before = await _stored(database)
        again = await _save(client, admin_headers, current["data"])
        assert again.status_code == 200 and again.json()["version"] == current["version"]
        assert await _stored(database) == before

    async def test_one_bad_table_saves_nothing_and_points_at_the_field(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], database: Database
    ) -> None:
        await client.get(URL, headers=admin_headers)
        before = await _stored(database)
        overlapping = [
            {"from": 1, "to": 10, "multiplier": "1.0"},
            {"from": 10, "to": None, "multiplier": "2.0"},
        ]
        edits = {
            "base_prices": {"ai-manager": {"start": "160000"}},
            "coefficients": {"users": overlapping},
        }
        refused = await _save(client, admin_headers, edits)
        assert refused.status_code == 422
        error = refused.json()["error"]
        assert error["code"] == "invalid_price_list"
        assert error["details"][0]["loc"] == ["price_list", "coefficients", "users", 1, "from"]
        assert await _stored(database) == before  # the good base price was not saved either
        current = (await client.get(URL, headers=admin_headers)).json()
        assert current["data"]["base_prices"]["ai-manager"]["start"] == "150000"

    async def test_a_manager_is_refused(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        email, password = await create_user(database, role=Role.manager)
        headers = {"Authorization": f"Bearer {await login(client, email, password)}"}
        assert (await _save(client, headers, {})).status_code == 403
