from __future__ import annotations

import json
import uuid
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.conversations.service import ConversationService
from salesbot.conversations.types import InboundMessage
from salesbot.errors import ValidationFailed
from salesbot.models import Channel
from salesbot.pricing.domain import Brief, Hosting, Sla
from salesbot.pricing.service import PricingService, RecalculationLimitReached
from salesbot.settings import Settings
from tests.test_cli import _env, _salesbot

BRIEF = Brief("ai-manager", 30, 4, Hosting.cloud, Sla.p995)


class TestStoredQuotes:
    async def test_quote_records_its_version_and_reproduces(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        service = PricingService(settings)
        record = await service.quote(session, BRIEF)
        assert record.price_list_version == 1 and record.recommended == "optimum"
        assert record.recommended_total == Decimal("887250")

        await service.change(
            session,
            actor="admin@example.com",
            product="ai-manager",
            package="optimum",
            price="400000",
        )
        newer = await service.quote(session, BRIEF)
        assert newer.price_list_version == 2
        assert newer.result["packages"][1]["total"] == "1014000"

        session.expunge_all()  # read it back from the database
        stored = await service.get(session, record.id)
        assert stored.result["packages"][1]["total"] == "887250"
        assert (
            await service.reproduce(session, stored) == stored.result
        )  # the old version still prices it

    async def test_invalid_edit_is_refused_and_the_old_version_serves(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        service = PricingService(settings)
        await service.current(session)
        with pytest.raises(ValidationFailed, match="пропуск"):
            await service.change(
                session,
                actor="a",
                table="users",
                rows=[
                    {"from": 1, "to": 10, "multiplier": "1"},
                    {"from": 20, "to": None, "multiplier": "2"},
                ],
            )
        assert (await service.current(session)).version == 1

    async def test_recalculation_limit_per_conversation(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        received = await ConversationService(settings).receive(
            session, InboundMessage(Channel.web, f"chat-{uuid.uuid4()}", "Сколько стоит?")
        )
        service = PricingService(settings.model_copy(update={"max_quote_recalculations": 2}))
        for users in (10, 20, 30):  # the first quote and two recalculations
            await service.quote(
                session,
                Brief("ai-manager", users, 1, Hosting.cloud, Sla.standard),
                conversation_id=received.conversation.id,
            )
        with pytest.raises(RecalculationLimitReached) as excinfo:
            await service.quote(session, BRIEF, conversation_id=received.conversation.id)
        assert "менеджера" in excinfo.value.message
        await service.quote(session, BRIEF)  # outside a conversation there is no such limit


class TestQuotesApi:
    async def test_create_and_read(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/api/v1/quotes",
            json={
                "product": "ai-manager",
                "users": 30,
                "integrations": 4,
                "hosting": "cloud",
                "sla": 99.5,
            },
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert [p["code"] for p in body["packages"]] == ["start", "optimum", "enterprise"]
        optimum = body["packages"][1]
        assert optimum["total"] == "887250" and optimum["base_price"] == "350000"
        assert optimum["coefficients"] == {
            "users": "1.5",
            "integrations": "1.3",
            "hosting": "1.0",
            "sla": "1.3",
            "deadline": "1.0",
        }
        assert body["packages"][0]["available"] is False
        assert body["recommended"] == "optimum" and body["price_list_version"] == 1
        again = await client.get(f"/api/v1/quotes/{body['id']}")
        assert again.json()["packages"] == body["packages"]

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"users": -1}, "users"),
            ({"users": 10**9}, "users"),
            ({"hosting": "moon"}, "hosting"),
            ({"sla": "99.99"}, "sla"),
            ({"deadline_days": -2}, "deadline_days"),
        ],
    )
    async def test_impossible_input_is_422(
        self, client: httpx.AsyncClient, change: dict[str, object], field: str
    ) -> None:
        body = {
            "product": "ai-manager",
            "users": 30,
            "integrations": 4,
            "hosting": "cloud",
            "sla": "standard",
            **change,
        }
        response = await client.post("/api/v1/quotes", json=body)
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == "validation_error" and error["details"][0]["loc"][-1] == field

    async def test_unknown_product_is_422_with_the_choices(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/api/v1/quotes",
            json={
                "product": "ai-chef",
                "users": 3,
                "integrations": 0,
                "hosting": "cloud",
                "sla": "standard",
            },
        )
        assert response.status_code == 422
        assert "ai-manager" in response.json()["error"]["message"]


class TestAdminPricingApi:
    async def test_edit_coefficients_and_prices_make_versions(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        current = await client.get("/api/v1/admin/pricing", headers=admin_headers)
        assert current.json()["version"] == 1
        rows = [
            {"from": 1, "to": 10, "multiplier": "1.0"},
            {"from": 11, "to": 100, "multiplier": "1.4"},
            {"from": 101, "to": None, "multiplier": "2.5"},
        ]
        changed = await client.put(
            "/api/v1/admin/pricing/coefficients/users",
            json={"rows": rows, "note": "новая сетка"},
            headers=admin_headers,
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["version"] == 2
        bad = await client.put(
            "/api/v1/admin/pricing/coefficients/users",
            json={
                "rows": [
                    {"from": 1, "to": 10, "multiplier": "1"},
                    {"from": 10, "to": None, "multiplier": "2"},
                ]
            },
            headers=admin_headers,
        )
        assert bad.status_code == 422 and "пересечение" in bad.json()["error"]["message"]
        sla = await client.put(
            "/api/v1/admin/pricing/coefficients/sla",
            json={"values": {"standard": "1", "99.5": "1.2", "99.9": "1.6"}},
            headers=admin_headers,
        )
        assert sla.json()["version"] == 3
        price = await client.put(
            "/api/v1/admin/pricing/base-prices/ai-manager/optimum",
            json={"price": "360000"},
            headers=admin_headers,
        )
        assert price.json()["version"] == 4
        history = await client.get("/api/v1/admin/pricing/versions", headers=admin_headers)
        assert [v["version"] for v in history.json()] == [4, 3, 2, 1]
        quote = await client.post(
            "/api/v1/quotes",
            json={
                "product": "ai-manager",
                "users": 30,
                "integrations": 4,
                "hosting": "cloud",
                "sla": "99.5",
            },
        )
        assert quote.json()["price_list_version"] == 4
        assert quote.json()["packages"][1]["total"] == str(int(360000 * 1.4 * 1.3 * 1.2))

    async def test_managers_cannot_edit_prices(self, client: httpx.AsyncClient) -> None:
        response = await client.put(
            "/api/v1/admin/pricing/base-prices/ai-manager/start", json={"price": "1"}
        )
        assert response.status_code == 401


class TestQuoteCli:
    def test_json_output(self, database_url: str, tmp_path: Path, clean_db: None) -> None:
        args = [
            "quote",
            "--product",
            "ai-lawyer",
            "--users",
            "201",
            "--integrations",
            "11",
            "--hosting",
            "onprem",
            "--sla",
            "99.9",
            "--deadline-days",
            "5",
            "--json",
        ]
        result = _salesbot(args, _env(database_url, tmp_path))
        assert result.returncode == 0, result.stderr
        quote = json.loads(result.stdout)
        enterprise = quote["packages"][2]
        # 1 100 000 × 3.0 × 2.2 × 2.5 × 1.8 × 2.0
        assert enterprise["total"] == "65340000" and quote["recommended"] == "enterprise"

    def test_impossible_input(self, database_url: str, tmp_path: Path, clean_db: None) -> None:
        env = _env(database_url, tmp_path)
        result = _salesbot(
            [
                "quote",
                "--product",
                "ai-manager",
                "--users",
                "-3",
                "--integrations",
                "1",
                "--hosting",
                "cloud",
                "--sla",
                "standard",
            ],
            env,
        )
        assert result.returncode == 1 and "пользователей" in result.stderr
        bad_enum = _salesbot(
            [
                "quote",
                "--product",
                "ai-manager",
                "--users",
                "3",
                "--integrations",
                "1",
                "--hosting",
                "mars",
                "--sla",
                "standard",
            ],
            env,
        )
        assert bad_enum.returncode == 2
