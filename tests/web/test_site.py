"""What a browser loads and what a site visitor may do over HTTP: origins, caps, the form."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, text

from salesbot.app import create_app
from salesbot.db.engine import Database
from salesbot.db.runtime import set_database
from salesbot.models import Contact, Lead
from salesbot.security.pii import pii_hash
from tests.conftest import make_settings


async def test_landing_page_and_its_files_are_served(client: httpx.AsyncClient) -> None:
    page = await client.get("/")
    assert page.status_code == 200
    assert 'src="/widget.js"' in page.text
    for name, kind in (("styles.css", "text/css"), ("landing.js", "javascript")):
        response = await client.get(f"/{name}")
        assert response.status_code == 200 and kind in response.headers["content-type"]


async def test_widget_config_refuses_a_foreign_site(client: httpx.AsyncClient) -> None:
    own = await client.get("/api/v1/widget/config")
    foreign = await client.get(
        "/api/v1/widget/config", headers={"Origin": "https://stranger.example"}
    )
    session = await client.post(
        "/api/v1/chat/sessions", headers={"Origin": "https://stranger.example"}
    )

    assert own.status_code == 200
    assert own.json()["max_attachments"] == 5
    assert "application/pdf" in own.json()["attachment_types"]
    assert foreign.status_code == 403
    assert foreign.json()["error"]["code"] == "origin_not_allowed"
    assert "WIDGET_ALLOWED_ORIGINS" in foreign.json()["error"]["message"]
    assert session.status_code == 403


@pytest.fixture
async def capped(
    database_url: str, tmp_path: Path, clean_db: None, database: Database
) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(
        database_url, tmp_path, chat_max_messages_per_session=2, chat_max_messages_per_day=3
    )
    app: FastAPI = create_app(settings, configure_process=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("198.51.100.7", 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c
    set_database(database)


async def test_session_and_daily_caps_answer_politely(capped: httpx.AsyncClient) -> None:
    async def send(session: dict[str, str], text: str) -> httpx.Response:
        return await capped.post(
            f"/api/v1/chat/sessions/{session['session_id']}/messages",
            json={"text": text},
            headers={"Authorization": f"Bearer {session['token']}"},
        )

    first = (await capped.post("/api/v1/chat/sessions")).json()
    assert (await send(first, "привет")).status_code == 200
    assert (await send(first, "что умеете?")).status_code == 200
    session_cap = await send(first, "и ещё")
    assert session_cap.status_code == 429
    assert session_cap.json()["error"]["code"] == "session_message_cap"
    assert "менеджер" in session_cap.json()["error"]["message"]

    second = (await capped.post("/api/v1/chat/sessions")).json()
    assert (await send(second, "здравствуйте")).status_code == 200
    daily = await send(second, "снова я")
    assert daily.status_code == 429
    assert daily.json()["error"]["code"] == "daily_message_cap"
    assert int(daily.headers["Retry-After"]) > 0


async def test_a_visitor_back_after_the_session_expired_is_not_held_to_the_old_cap(
    capped: httpx.AsyncClient, database: Database
) -> None:
    """The chat's token outlives the conversation: a message after SESSION_TTL_DAYS opens a
    new conversation, and the cap counts that one, not the full old one."""
    first = (await capped.post("/api/v1/chat/sessions")).json()
    headers = {"Authorization": f"Bearer {first['token']}"}
    url = f"/api/v1/chat/sessions/{first['session_id']}/messages"
    for said in ("привет", "что умеете?"):
        assert (await capped.post(url, json={"text": said}, headers=headers)).status_code == 200
    async with database.transaction() as session:
        await session.execute(
            text("UPDATE conversations SET last_message_at = now() - interval '400 days'")
        )
    back = await capped.post(url, json={"text": "Добрый день, я снова к вам"}, headers=headers)
    assert back.status_code == 200, back.text
    async with database.transaction() as session:
        assert await session.scalar(text("SELECT count(*) FROM conversations")) == 2


async def test_contact_form_creates_a_lead_with_an_encrypted_contact(
    client: httpx.AsyncClient, database: Database
) -> None:
    response = await client.post(
        "/api/v1/leads/contact-form",
        json={
            "name": "  Ирина   Смирнова ",
            "phone": "8 (912) 345-67-89",
            "email": "",
            "company": "Мебель-Про",
            "message": "Хотим бота для сайта",
            "consent": True,
            "website": "",
        },
    )
    assert response.status_code == 201, response.text
    assert "Спасибо" in response.json()["message"]

    async with database.transaction() as session:
        lead = (await session.execute(select(Lead))).scalar_one()
        contact = await session.get(Contact, lead.contact_id)
        raw = await session.scalar(
            text("SELECT phone FROM contacts WHERE id = :id"), {"id": lead.contact_id}
        )
    assert lead.source == "web_form" and lead.status == "new"
    assert contact is not None and contact.name == "Ирина Смирнова"
    assert contact.phone == "+79123456789"
    assert contact.phone_hash == pii_hash("phone", "+79123456789")
    assert "9123456789" not in str(raw) and str(raw).startswith("v1:")  # stored encrypted


async def test_contact_form_explains_each_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/leads/contact-form",
        json={"name": "Я", "phone": "12", "email": "не почта", "consent": False},
    )
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "invalid_form"
    fields = {item["field"] for item in body["details"]}
    assert fields == {"name", "phone", "email", "consent"}


async def test_the_honeypot_drops_bots_without_telling_them(
    client: httpx.AsyncClient, database: Database
) -> None:
    response = await client.post(
        "/api/v1/leads/contact-form",
        json={
            "name": "Бот",
            "email": "bot@example.com",
            "consent": True,
            "website": "https://spam.example",
        },
    )
    assert response.status_code == 201
    async with database.transaction() as session:
        assert (await session.execute(select(Lead))).first() is None


async def test_manager_reply_needs_an_operator(client: httpx.AsyncClient) -> None:
    response = await client.post(
        f"/api/v1/conversations/{uuid.uuid4()}/messages", json={"text": "Здравствуйте"}
    )
    assert response.status_code == 401
