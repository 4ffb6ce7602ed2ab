"""Request bodies and uploads are bounded: an oversized body is refused before it is read,
a chat has an upload quota, and files never attached to a message are deleted after a day."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, update

from salesbot.channels.attachments.service import AttachmentService
from salesbot.channels.tasks import delete_orphan_uploads
from salesbot.db.base import utcnow
from salesbot.db.engine import Database
from salesbot.models import StoredFile
from salesbot.security.pii import KeyRing, configure_keyring
from salesbot.settings import Settings, use_settings
from tests.conftest import make_settings

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Small limits, so the tests send little: 1 MB a file, 2 MB a chat."""
    small = make_settings(database_url, tmp_path, max_attachment_mb=1, max_uploads_per_session_mb=2)
    configure_keyring(KeyRing.from_settings(small))
    use_settings(small)
    return small


async def _chat(client: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    body = (await client.post("/api/v1/chat/sessions")).json()
    return body["session_id"], {"Authorization": f"Bearer {body['token']}"}


async def _upload(
    client: httpx.AsyncClient, chat: str, auth: dict[str, str], size: int
) -> httpx.Response:
    data = PNG + b"\x00" * (size - len(PNG))
    return await client.post(
        f"/api/v1/chat/sessions/{chat}/attachments",
        files={"file": ("scan.png", data, "image/png")},
        headers=auth,
    )


class TestBodySize:
    async def test_an_oversized_json_message_is_refused_by_its_declared_length(
        self, client: httpx.AsyncClient
    ) -> None:
        chat, auth = await _chat(client)
        body = b'{"text": "' + b"a" * 2_000_000 + b'"}'
        response = await client.post(
            f"/api/v1/chat/sessions/{chat}/messages",
            content=body,
            headers={**auth, "Content-Type": "application/json"},
        )
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "payload_too_large"

    async def test_a_streamed_body_is_cut_off_at_the_limit(self, client: httpx.AsyncClient) -> None:
        chat, auth = await _chat(client)
        sent = 0

        async def chunks() -> AsyncIterator[bytes]:
            nonlocal sent
            yield b'{"text": "'
            for _ in range(200):  # 20 MB if nobody stops it
                sent += 100_000
                yield b"a" * 100_000
            yield b'"}'

        response = await client.post(
            f"/api/v1/chat/sessions/{chat}/messages",
            content=chunks(),
            headers={**auth, "Content-Type": "application/json"},
        )
        assert response.status_code == 413
        assert sent < 5_000_000  # the server stopped reading long before the end

    async def test_an_upload_may_be_as_large_as_an_attachment(
        self, client: httpx.AsyncClient
    ) -> None:
        chat, auth = await _chat(client)
        assert (await _upload(client, chat, auth, 900_000)).status_code == 201
        too_big = await _upload(client, chat, auth, 1_200_000)
        assert too_big.status_code in (413, 422)


class TestQuota:
    async def test_a_chat_uploads_at_most_its_quota(self, client: httpx.AsyncClient) -> None:
        chat, auth = await _chat(client)
        for _ in range(2):
            assert (await _upload(client, chat, auth, 900_000)).status_code == 201
        refused = await _upload(client, chat, auth, 900_000)
        assert refused.status_code == 413
        assert refused.json()["error"]["code"] == "upload_quota_exceeded"
        other, other_auth = await _chat(client)  # another chat has its own quota
        assert (await _upload(client, other, other_auth, 900_000)).status_code == 201


class TestOrphans:
    async def test_files_never_attached_are_deleted_after_a_day(
        self, client: httpx.AsyncClient, database: Database, settings: Settings
    ) -> None:
        chat, auth = await _chat(client)
        old_orphan = (await _upload(client, chat, auth, 1000)).json()["id"]
        fresh_orphan = (await _upload(client, chat, auth, 1000)).json()["id"]
        attached = (await _upload(client, chat, auth, 1000)).json()["id"]
        sent = await client.post(
            f"/api/v1/chat/sessions/{chat}/messages",
            json={"text": "Скан договора", "attachment_ids": [attached]},
            headers=auth,
        )
        assert sent.status_code == 200
        async with database.transaction() as session:
            await session.execute(
                update(StoredFile)
                .where(StoredFile.id.in_([uuid.UUID(old_orphan), uuid.UUID(attached)]))
                .values(created_at=utcnow() - timedelta(days=2))
            )
            keys = dict(
                (await session.execute(select(StoredFile.id, StoredFile.storage_key))).all()
            )
        files = AttachmentService(settings)
        assert files.path_of(keys[uuid.UUID(old_orphan)]).exists()

        assert await delete_orphan_uploads(0) == 1

        async with database.transaction() as session:
            left = set((await session.execute(select(StoredFile.id))).scalars())
        assert left == {uuid.UUID(fresh_orphan), uuid.UUID(attached)}
        assert not files.path_of(keys[uuid.UUID(old_orphan)]).exists()
        assert files.path_of(keys[uuid.UUID(attached)]).exists()
