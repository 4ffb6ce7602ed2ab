"""What an outside probe sent and got a 500 for now gets a 422 with the error body: a NUL or
a lone UTF-16 surrogate in text, a non-hex signature, integers past PostgreSQL's bigint."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from salesbot.db.engine import Database

NUL = "Здравствуйте\x00"
SURROGATE = "Здравствуйте \ud800"
HUGE = str(2**63)


def _json(value: Any) -> bytes:
    """JSON as a client may send it: a lone surrogate escaped, which json.loads accepts."""
    import json

    return json.dumps(value).encode()


async def _chat(client: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    body = (await client.post("/api/v1/chat/sessions")).json()
    return body["session_id"], {"Authorization": f"Bearer {body['token']}"}


def _assert_422(response: httpx.Response) -> None:
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] in {"validation_error", "invalid_data"}


@pytest.mark.parametrize("text", [NUL, SURROGATE], ids=["nul", "surrogate"])
class TestTextWithForbiddenCharacters:
    async def test_chat_message(self, client: httpx.AsyncClient, text: str) -> None:
        chat_id, headers = await _chat(client)
        response = await client.post(
            f"/api/v1/chat/sessions/{chat_id}/messages",
            content=_json({"text": text}),
            headers={**headers, "Content-Type": "application/json"},
        )
        _assert_422(response)

    async def test_contact_form(self, client: httpx.AsyncClient, text: str) -> None:
        form = {"name": text, "phone": "+7 999 123-45-67", "consent": True}
        response = await client.post(
            "/api/v1/leads/contact-form",
            content=_json(form),
            headers={"Content-Type": "application/json"},
        )
        _assert_422(response)

    async def test_manager_message(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], text: str
    ) -> None:
        chat_id, _ = await _chat(client)
        response = await client.post(
            f"/api/v1/conversations/{chat_id}/messages",
            content=_json({"text": text}),
            headers={**admin_headers, "Content-Type": "application/json"},
        )
        _assert_422(response)


class TestQueryAndFormText:
    """A query string or a form carries bytes: a NUL arrives as it is; a surrogate's bytes
    (not valid UTF-8) arrive replaced, so they never reach the database either."""

    async def test_inbox_and_lead_searches(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        _assert_422(
            await client.get("/api/v1/conversations", params={"q": NUL}, headers=admin_headers)
        )
        _assert_422(
            await client.get("/api/v1/leads", params={"product": NUL}, headers=admin_headers)
        )
        for path in ("/api/v1/conversations?q=%ED%A0%80", "/api/v1/leads?product=%ED%A0%80"):
            assert (await client.get(path, headers=admin_headers)).status_code < 500

    async def test_knowledge_upload_collection(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        response = await client.post(
            "/api/v1/admin/kb/documents",
            files={"file": ("faq.md", b"# FAQ\n\nText.", "text/markdown")},
            data={"collection": NUL},
            headers=admin_headers,
        )
        _assert_422(response)


class TestSignatures:
    @pytest.mark.parametrize("path", ["/api/v1/files/{id}", "/api/v1/documents/{id}/download"])
    async def test_a_non_hex_signature_is_refused(
        self, client: httpx.AsyncClient, path: str
    ) -> None:
        response = await client.get(
            path.format(id=uuid.uuid4()), params={"expires": "4102444800", "signature": "подпись"}
        )
        _assert_422(response)


class TestIntegersPastBigint:
    async def test_offsets_sequences_and_versions(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], database: Database
    ) -> None:
        chat_id, headers = await _chat(client)
        _assert_422(
            await client.get(
                f"/api/v1/chat/sessions/{chat_id}/messages",
                params={"after_seq": HUGE},
                headers=headers,
            )
        )
        _assert_422(
            await client.get(
                "/api/v1/conversations", params={"offset": HUGE}, headers=admin_headers
            )
        )
        _assert_422(
            await client.get("/api/v1/leads", params={"offset": HUGE}, headers=admin_headers)
        )
        _assert_422(
            await client.post(
                f"/api/v1/conversations/{chat_id}/read",
                json={"seq": int(HUGE)},
                headers=admin_headers,
            )
        )
        _assert_422(
            await client.get(f"/api/v1/admin/pricing/versions/{HUGE}", headers=admin_headers)
        )


class TestChannelTextIsCleaned:
    async def test_nul_never_reaches_the_store(self, session: Any, settings: Any) -> None:
        from salesbot.conversations.service import ConversationService
        from salesbot.conversations.types import InboundMessage
        from salesbot.models import Channel

        received = await ConversationService(settings).receive(
            session, InboundMessage(Channel.memory, "chat-nul", "при\x00вет \ud800!")
        )
        assert received.message.text == "привет ?!"
