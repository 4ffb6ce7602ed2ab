"""A person's data under 152-FZ, from the outside: a customer leaves a phone in the chat and
attaches a file, another fills the contact form; the admin exports the first, erases them,
and nothing of theirs is left while the other is untouched. Then the retention periods."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, text, update

from salesbot.db.base import utcnow
from salesbot.db.engine import Database
from salesbot.models import (
    Contact,
    Conversation,
    Document,
    Lead,
    Message,
    OutgoingMail,
    StoredFile,
)
from salesbot.notifications.service import queue_customer_documents, queue_mail
from salesbot.privacy.service import apply_retention
from salesbot.settings import Settings
from tests.test_cli import _env, _salesbot

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def _chat(client: httpx.AsyncClient, *texts: str) -> tuple[uuid.UUID, dict[str, str]]:
    started = (await client.post("/api/v1/chat/sessions")).json()
    auth = {"Authorization": f"Bearer {started['token']}"}
    for said in texts:
        response = await client.post(
            f"/api/v1/chat/sessions/{started['session_id']}/messages",
            json={"text": said},
            headers=auth,
        )
        assert response.status_code == 200, response.text
    return uuid.UUID(started["session_id"]), auth


async def _form(client: httpx.AsyncClient, name: str, phone: str) -> None:
    response = await client.post(
        "/api/v1/leads/contact-form",
        json={"name": name, "phone": phone, "message": "Перезвоните, пожалуйста", "consent": True},
    )
    assert response.status_code == 201, response.text


class TestOnRequest:
    async def test_a_person_is_exported_then_erased_and_nobody_else_is_touched(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        ivan, auth = await _chat(
            client,
            "Добрый день, нужен бот для отдела продаж",
            "Меня зовут Иван, телефон 8 (912) 345-67-89, перезвоните после обеда",
        )
        upload = await client.post(
            f"/api/v1/chat/sessions/{ivan}/attachments",
            files={"file": ("реквизиты.png", PNG, "image/png")},
            headers=auth,
        )
        assert upload.status_code in (200, 201), upload.text
        await _form(client, "Ольга Петрова", "+7 903 111-22-33")

        exported = await client.post(
            "/api/v1/admin/privacy/export",
            json={"phone": "+7 912 345 67 89"},  # another way to write the same number
            headers=admin_headers,
        )
        assert exported.status_code == 200, exported.text
        body = exported.json()
        assert [c["phone"] for c in body["contacts"]] == ["+79123456789"]
        assert body["contacts"][0]["legal_basis"] == "contract"
        [conversation] = body["conversations"]
        said = [m["text"] for m in conversation["messages"] if m["author"] == "customer"]
        assert any("8 (912) 345-67-89" in t for t in said)  # readable, not the masked copy

        async with database.transaction() as session:
            stored = (
                await session.scalars(select(StoredFile).where(StoredFile.conversation_id == ivan))
            ).all()
        assert len(stored) == 1
        file_path = settings.uploads_dir / stored[0].storage_key[:2] / stored[0].storage_key
        assert file_path.is_file()

        erased = await client.post(
            "/api/v1/admin/privacy/erase", json={"phone": "89123456789"}, headers=admin_headers
        )
        assert erased.status_code == 200, erased.text
        counts = erased.json()
        assert counts["contacts"] == 1 and counts["conversations"] == 1
        assert counts["messages"] >= 4 and counts["files"] == 1 and counts["missing_files"] == []

        async with database.transaction() as session:
            left = await session.scalar(
                select(func.count()).select_from(Message).where(Message.conversation_id == ivan)
            )
            row = await session.get(Conversation, ivan)
            lead = await session.scalar(select(Lead).where(Lead.conversation_id == ivan))
            others = (await session.scalars(select(Contact))).all()
        assert left == 0 and not file_path.exists()
        assert row is not None and row.state.get("erased") and row.contact_id is None
        assert "912" not in row.external_chat_id and row.closed_at is not None
        assert lead is not None and lead.contact_id is None and lead.details == {}
        assert [c.name for c in others] == ["Ольга Петрова"]  # the other person stays
        again = await client.post(
            "/api/v1/admin/privacy/export", json={"phone": "+79123456789"}, headers=admin_headers
        )
        assert again.status_code == 404
        assert again.json()["error"]["code"] == "person_not_found"

    async def test_the_mails_to_an_erased_person_go_and_the_teams_stay(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        database: Database,
    ) -> None:
        """Their address sits in the outbox of mails that sent them their documents, and one
        still waiting must not go out after the erasure."""
        anna, _ = await _chat(client, "Здравствуйте! Я Анна, пишите на anna.v@romashka.ru")
        async with database.transaction() as session:
            document = Document(
                id=uuid.uuid4(), conversation_id=anna, kind="offer", number="КП-0001",
                template_version=1, path="offer.pdf", sha256="0" * 64, size_bytes=10,
            )  # fmt: skip
            session.add(document)
            await session.flush()
            sent = await queue_customer_documents(
                session, conversation_id=anna, to="anna.v@romashka.ru", document_ids=[document.id]
            )
            sent.status = "sent"
            await queue_customer_documents(
                session, conversation_id=anna, to="anna.v@romashka.ru",
                document_ids=[document.id], dedupe_key="documents:asked-again",
            )  # fmt: skip
            team = await queue_mail(
                session, template="handoff", to=["sales@example.ru"],
                context={"conversation_id": str(anna), "kind": "handoff"}, dedupe_key="team:t",
            )  # fmt: skip
        erased = await client.post(
            "/api/v1/admin/privacy/erase",
            json={"email": "anna.v@romashka.ru"},
            headers=admin_headers,
        )
        assert erased.status_code == 200, erased.text
        assert erased.json()["mails"] == 2
        async with database.transaction() as session:
            left = (await session.scalars(select(OutgoingMail))).all()
        assert [mail.id for mail in left] == [team.id]

    async def test_the_form_records_the_consent_as_the_customer_saw_it(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], settings: Settings
    ) -> None:
        await _form(client, "Ольга Петрова", "+7 903 111-22-33")
        body = (
            await client.post(
                "/api/v1/admin/privacy/export",
                json={"phone": "8-903-111-22-33"},
                headers=admin_headers,
            )
        ).json()
        [contact] = body["contacts"]
        assert contact["legal_basis"] == "consent"
        assert contact["consent_text"] == settings.consent_text
        assert contact["consented_at"] is not None

    @pytest.mark.parametrize(
        ("body", "status", "code"),
        [
            ({}, 422, "person_not_named"),
            ({"phone": "12-34"}, 422, "invalid_phone"),
            ({"email": "nobody@example.ru"}, 404, "person_not_found"),
            ({"phone": "+7 912 000-00-00", "name": "x"}, 422, "validation_error"),
        ],
    )
    async def test_a_bad_or_unknown_request_is_told_why(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        body: dict[str, str],
        status: int,
        code: str,
    ) -> None:
        response = await client.post(
            "/api/v1/admin/privacy/erase", json=body, headers=admin_headers
        )
        assert response.status_code == status, response.text
        assert response.json()["error"]["code"] == code

    async def test_only_an_admin_may_ask(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/api/v1/admin/privacy/export", json={"phone": "89123456789"})
        assert response.status_code == 401


class TestRetention:
    async def test_old_conversations_lose_their_words_and_old_contacts_go(
        self, client: httpx.AsyncClient, database: Database, settings: Settings
    ) -> None:
        old, _ = await _chat(client, "Здравствуйте, меня зовут Пётр, мой телефон +7 916 000-11-22")
        new, _ = await _chat(client, "Здравствуйте, я Анна, телефон +7 926 333-44-55")
        long_ago = utcnow() - timedelta(days=settings.retention_conversation_days + 1)
        async with database.transaction() as session:
            await session.execute(
                update(Conversation).where(Conversation.id == old).values(last_message_at=long_ago)
            )
            await session.execute(
                text(
                    "UPDATE contacts SET updated_at = :at WHERE id ="
                    " (SELECT contact_id FROM conversations WHERE id = :id)"
                ),
                {"at": long_ago, "id": old},
            )
        async with database.transaction() as session:
            erased = await apply_retention(session, settings, utcnow())
        assert (erased.conversations, erased.contacts, erased.deleted_conversations) == (1, 1, 0)
        async with database.transaction() as session:
            kept = await session.scalar(
                select(func.count()).select_from(Message).where(Message.conversation_id == new)
            )
            gone = await session.scalar(
                select(func.count()).select_from(Message).where(Message.conversation_id == old)
            )
            names = [c.name for c in (await session.scalars(select(Contact))).all()]
        assert gone == 0 and kept and kept > 0 and names == ["Анна"]
        async with database.transaction() as session:  # done once: nothing left to do
            again = await apply_retention(session, settings, utcnow())
        assert (again.conversations, again.contacts) == (0, 0)

    async def test_the_delete_action_removes_the_conversation(
        self, client: httpx.AsyncClient, database: Database, settings: Settings
    ) -> None:
        old, _ = await _chat(client, "Здравствуйте, сколько стоит бот?")
        async with database.transaction() as session:
            await session.execute(
                update(Conversation)
                .where(Conversation.id == old)
                .values(last_message_at=utcnow() - timedelta(days=400))
            )
        deleting = settings.model_copy(
            update={"retention_conversation_days": 365, "retention_conversation_action": "delete"}
        )
        async with database.transaction() as session:
            erased = await apply_retention(session, deleting, utcnow())
            assert erased.deleted_conversations == 1
        async with database.transaction() as session:
            assert await session.get(Conversation, old) is None

    async def test_zero_days_keeps_everything(
        self, client: httpx.AsyncClient, database: Database, settings: Settings
    ) -> None:
        old, _ = await _chat(client, "Здравствуйте, я Пётр, +7 916 000-11-22")
        async with database.transaction() as session:
            await session.execute(
                update(Conversation)
                .where(Conversation.id == old)
                .values(last_message_at=utcnow() - timedelta(days=20_000))
            )
            await session.execute(
                update(Contact).values(updated_at=utcnow() - timedelta(days=20_000))
            )
        keeping = settings.model_copy(
            update={"retention_conversation_days": 0, "retention_contact_days": 0}
        )
        async with database.transaction() as session:
            erased = await apply_retention(session, keeping, utcnow())
        assert (erased.conversations, erased.contacts) == (0, 0)


class TestCommandLine:
    async def test_export_writes_a_file_only_its_owner_reads_and_erase_confirms(
        self, client: httpx.AsyncClient, database_url: str, tmp_path: Path
    ) -> None:
        await _form(client, "Ольга Петрова", "+7 903 111-22-33")
        env = _env(
            database_url,
            tmp_path,
            PII_ENCRYPTION_KEY="test-pii-key",  # the keys the app above stored it with
            PII_HASH_KEY="test-pii-hash-key",
            JWT_SECRET_KEY="test-jwt-secret-" + "x" * 32,
        )
        out = tmp_path / "olga.json"
        exported = _salesbot(["privacy", "export", "--phone", "89031112233", "-o", str(out)], env)
        assert exported.returncode == 0, exported.stderr
        assert "1 contacts, 1 conversations" in _flat(exported.stdout)
        assert out.stat().st_mode & 0o777 == 0o600
        assert json.loads(out.read_text())["contacts"][0]["name"] == "Ольга Петрова"

        refused = _salesbot(["privacy", "erase", "--phone", "89031112233"], env, stdin="n\n")
        assert refused.returncode == 1 and "cannot be undone" in _flat(refused.stdout)
        erased = _salesbot(["privacy", "erase", "--phone", "89031112233", "--yes"], env)
        assert erased.returncode == 0, erased.stderr
        assert "Erased: 1 contacts, 1 conversations" in _flat(erased.stdout)
        unknown = _salesbot(["privacy", "export", "--phone", "89031112233"], env)
        assert unknown.returncode == 1 and "Данных об этом человеке нет" in _flat(unknown.stderr)


def _flat(output: str) -> str:
    """Rich wraps long lines at the terminal's width."""
    return " ".join(output.split())
