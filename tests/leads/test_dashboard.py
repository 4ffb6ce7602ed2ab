"""Leads in the dashboard: filters, sorting and paging, the CSV export, status changes with
their timeline, a lead's card, and resending a document."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from salesbot.db.engine import Database
from salesbot.models import Channel, Role
from salesbot.settings import Settings
from tests.conftest import create_user, login
from tests.conversations.factories import Seeded, seed_conversation, send_document, with_quote

MANAGER = "oleg.smirnov@example.com"


@pytest.fixture
async def manager(client: httpx.AsyncClient, database: Database) -> dict[str, str]:
    email, password = await create_user(database, role=Role.manager, email=MANAGER)
    return {"Authorization": f"Bearer {await login(client, email, password)}"}


@pytest.fixture
async def leads(database: Database, settings: Settings) -> dict[str, Seeded]:
    """Three leads on three days (Moscow time), channels and amounts."""
    return {
        "anna": await seed_conversation(
            database,
            settings,
            contact={"name": "Анна", "phone": "+79123456789", "email": "anna@example.com"},
            lead={"status": "quote_sent", "product": "ai-manager", "amount": "887250.00"},
            created_at=datetime(2026, 11, 1, 21, 30, tzinfo=UTC),  # 2 November in Moscow
        ),
        "boris": await seed_conversation(
            database,
            settings,
            channel=Channel.telegram,
            contact={"name": '=HYPERLINK("http://evil")', "phone": "+79990001122"},
            lead={"status": "new", "product": "ai-lawyer", "amount": "120000.50"},
            created_at=datetime(2026, 11, 5, 9, 0, tzinfo=UTC),
        ),
        "vera": await seed_conversation(
            database,
            settings,
            channel=Channel.avito,
            lead={"status": "won", "product": "ai-manager", "amount": None},
            created_at=datetime(2026, 11, 10, 9, 0, tzinfo=UTC),
        ),
    }


async def listing(
    client: httpx.AsyncClient, headers: dict[str, str], **params: Any
) -> tuple[list[dict[str, Any]], int]:
    response = await client.get("/api/v1/leads", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json(), int(response.headers["X-Total-Count"])


class TestList:
    async def test_items_have_the_contact_and_the_channel(
        self, client: httpx.AsyncClient, manager: dict[str, str], leads: dict[str, Seeded]
    ) -> None:
        items, total = await listing(client, manager)
        assert total == 3
        by_id = {i["id"]: i for i in items}
        anna = by_id[str(leads["anna"].lead_id)]
        assert anna["contact"] == {
            "name": "Анна",
            "phone": "+79123456789",
            "email": "anna@example.com",
        }
        assert anna["channel"] == "web" and anna["amount"] == "887250.00"
        vera = by_id[str(leads["vera"].lead_id)]
        assert vera["contact"] is None and vera["channel"] == "avito"

    async def test_filters(
        self, client: httpx.AsyncClient, manager: dict[str, str], leads: dict[str, Seeded]
    ) -> None:
        anna, boris, vera = (str(leads[k].lead_id) for k in ("anna", "boris", "vera"))
        for params, expected in [
            ({"status": "new"}, {boris}),
            ({"channel": "telegram"}, {boris}),
            ({"product": "ai-manager"}, {anna, vera}),
            ({"from": "2026-11-02", "to": "2026-11-02"}, {anna}),  # read in Moscow time
            ({"to": "2026-11-01"}, set()),
            ({"from": "2026-11-05"}, {boris, vera}),
            ({"q": "8 912 345-67-89"}, {anna}),
            ({"q": "ANNA@example.com"}, {anna}),
            ({"q": "анна"}, {anna}),
            ({"q": "Ан"}, set()),
            ({"channel": "web", "status": "won"}, set()),
        ]:
            items, total = await listing(client, manager, **params)
            assert ({i["id"] for i in items}, total) == (expected, len(expected)), params

    async def test_sorting_and_paging(
        self, client: httpx.AsyncClient, manager: dict[str, str], leads: dict[str, Seeded]
    ) -> None:
        anna, boris, vera = (str(leads[k].lead_id) for k in ("anna", "boris", "vera"))

        async def order(sort: str, **params: Any) -> list[str]:
            return [i["id"] for i in (await listing(client, manager, sort=sort, **params))[0]]

        assert await order("created_at") == [anna, boris, vera]
        assert await order("-created_at") == [vera, boris, anna]
        assert await order("-updated_at") == [vera, boris, anna]  # the default's field
        assert await order("amount") == [boris, anna, vera]  # no amount last
        assert await order("-amount") == [anna, boris, vera]
        assert await order("status") == [boris, anna, vera]  # the funnel's order
        assert await order("created_at", limit=1, offset=1) == [boris]
        page, total = await listing(client, manager, sort="created_at", limit=2, offset=2)
        assert total == 3 and [i["id"] for i in page] == [vera]
        bad = await client.get("/api/v1/leads?sort=contact", headers=manager)
        assert bad.status_code == 422


class TestExport:
    async def test_csv_for_excel_with_formulas_defused(
        self, client: httpx.AsyncClient, manager: dict[str, str], leads: dict[str, Seeded]
    ) -> None:
        response = await client.get(
            "/api/v1/leads/export.csv", params={"sort": "created_at"}, headers=manager
        )
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        assert response.headers["content-disposition"].startswith('attachment; filename="leads-')
        raw = response.content
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))
        assert rows[0][:4] == ["ID", "Создан", "Обновлён", "Статус"] and "Телефон" in rows[0]
        assert len(rows) == 4
        header = rows[0]
        anna, boris, vera = (dict(zip(header, row, strict=True)) for row in rows[1:])
        assert anna["ID"] == str(leads["anna"].lead_id)
        assert anna["Создан"] == "2026-11-02 00:30"  # Moscow time
        assert anna["Статус"] == "расчёт отправлен" and anna["Канал"] == "Сайт"
        assert anna["Продукт"] == "ИИ-Менеджер" and anna["Сумма, ₽"] == "887250,00"
        assert anna["Телефон"] == "'+79123456789"  # a leading + would start a formula
        assert anna["Почта"] == "anna@example.com"
        assert boris["Имя"] == '\'=HYPERLINK("http://evil")'
        assert vera["Имя"] == "" and vera["Сумма, ₽"] == ""

    async def test_the_export_takes_the_list_filters(
        self, client: httpx.AsyncClient, manager: dict[str, str], leads: dict[str, Seeded]
    ) -> None:
        response = await client.get(
            "/api/v1/leads/export.csv", params={"status": "won"}, headers=manager
        )
        lines = response.content.decode("utf-8-sig").splitlines()
        assert len(lines) == 2 and lines[1].startswith(str(leads["vera"].lead_id))


class TestStatus:
    async def test_any_status_is_recorded_with_its_actor(
        self, client: httpx.AsyncClient, manager: dict[str, str], leads: dict[str, Seeded]
    ) -> None:
        lead_id = leads["vera"].lead_id
        response = await client.patch(
            f"/api/v1/leads/{lead_id}",
            json={"status": "qualified", "reason": "клиент вернулся к обсуждению"},
            headers=manager,
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "qualified"
        assert response.json()["channel"] == "avito"
        detail = (await client.get(f"/api/v1/leads/{lead_id}", headers=manager)).json()
        [change] = [t for t in detail["timeline"] if t["kind"] == "lead_status"]
        assert change["actor"] == MANAGER
        assert change["data"]["from"] == "won" and change["data"]["to"] == "qualified"
        assert change["summary"] == (
            "Статус: сделка → квалифицирован (клиент вернулся к обсуждению)"
        )
        # the old outcome endpoint records the same way
        await client.post(
            f"/api/v1/leads/{lead_id}/outcome", json={"status": "lost"}, headers=manager
        )
        detail = (await client.get(f"/api/v1/leads/{lead_id}", headers=manager)).json()
        changes = [t["data"]["to"] for t in detail["timeline"] if t["kind"] == "lead_status"]
        assert changes == ["qualified", "lost"] and detail["lead"]["status"] == "lost"

    async def test_unknown_status_and_unknown_lead(
        self, client: httpx.AsyncClient, manager: dict[str, str], leads: dict[str, Seeded]
    ) -> None:
        bad = await client.patch(
            f"/api/v1/leads/{leads['anna'].lead_id}", json={"status": "maybe"}, headers=manager
        )
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"
        missing = await client.patch(
            "/api/v1/leads/00000000-0000-0000-0000-000000000000",
            json={"status": "won"},
            headers=manager,
        )
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "lead_not_found"
        card = await client.get(
            "/api/v1/leads/00000000-0000-0000-0000-000000000000", headers=manager
        )
        assert card.status_code == 404 and card.json()["error"]["code"] == "lead_not_found"


class TestCard:
    async def test_lead_brief_quotes_documents_and_timeline(
        self,
        client: httpx.AsyncClient,
        manager: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        conversation_id = await with_quote(database, settings)
        sent = await send_document(client, manager, conversation_id, "offer")
        assert sent.status_code == 201
        [lead] = (await listing(client, manager))[0]
        card = (await client.get(f"/api/v1/leads/{lead['id']}", headers=manager)).json()
        assert card["lead"]["id"] == lead["id"] and card["lead"]["status"] == "quote_sent"
        assert card["brief"]["users"] == 30 and card["brief"]["hosting"] == "cloud"
        [quote] = card["quotes"]
        assert quote["recommended"] == "optimum" and quote["total"] == "887250.00"
        assert [p["code"] for p in quote["packages"]] == ["start", "optimum", "enterprise"]
        [document] = card["documents"]
        assert document["kind"] == "offer" and document["number"].startswith("КП-")
        assert "/download?" in document["url"]
        timeline = card["timeline"]
        assert [t["at"] for t in timeline] == sorted(t["at"] for t in timeline)
        kinds = [t["kind"] for t in timeline]
        assert kinds[:2] == ["first_message", "lead_created"] or kinds[:2] == [
            "lead_created",
            "first_message",
        ]
        assert {"quote", "document", "takeover", "last_message"} <= set(kinds)
        first = next(t for t in timeline if t["kind"] == "first_message")
        assert first["summary"] == "Первое сообщение клиента: «Нужен ИИ-Менеджер»"
        takeover = next(t for t in timeline if t["kind"] == "takeover")
        assert takeover["actor"] == MANAGER and takeover["summary"] == "Менеджер взял диалог"
        quote_entry = next(t for t in timeline if t["kind"] == "quote")
        assert quote_entry["summary"] == (  # the amount as format_roubles writes it
            "Расчёт: ИИ-Менеджер, рекомендуемый пакет — 887\u00a0250\u00a0₽"
        )


class TestResend:
    async def test_the_document_goes_to_the_customer_again(
        self,
        client: httpx.AsyncClient,
        manager: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        conversation_id = await with_quote(database, settings)
        sent = await send_document(client, manager, conversation_id, "contract")
        [lead] = (await listing(client, manager))[0]
        [document] = (await client.get(f"/api/v1/leads/{lead['id']}", headers=manager)).json()[
            "documents"
        ]
        response = await client.post(f"/api/v1/documents/{document['id']}/resend", headers=manager)
        assert response.status_code == 202, response.text
        again = response.json()
        assert again["author"] == "manager" and document["number"] in again["text"]
        assert [a["name"] for a in again["attachments"]] == [
            a["name"] for a in sent.json()["attachments"]
        ]
        messages = (
            await client.get(f"/api/v1/conversations/{conversation_id}/messages", headers=manager)
        ).json()
        assert messages[-1]["id"] == again["id"]
        assert messages[-1]["attachments"][0]["storage_key"] == f"document:{document['id']}"
        card = (await client.get(f"/api/v1/leads/{lead['id']}", headers=manager)).json()
        [resent] = [t for t in card["timeline"] if t["kind"] == "document_resent"]
        assert resent["actor"] == MANAGER and document["number"] in resent["summary"]
        missing = await client.post(
            "/api/v1/documents/00000000-0000-0000-0000-000000000000/resend", headers=manager
        )
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "document_not_found"
