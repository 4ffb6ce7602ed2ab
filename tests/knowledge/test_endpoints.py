from __future__ import annotations

import httpx

from salesbot.db.engine import Database
from salesbot.models import Role
from tests.conftest import create_user, login
from tests.knowledge.conftest import FAQ, make_pdf


async def _upload(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    name: str,
    data: bytes,
    category: str = "faq",
) -> httpx.Response:
    return await client.post(
        "/api/v1/admin/kb/documents",
        files={"file": (name, data, "application/octet-stream")},
        data={"category": category, "collection": "api-kb"},
        headers=headers,
    )


class TestKnowledgeAdminApi:
    async def test_upload_version_delete_restore_and_search(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        created = await _upload(client, admin_headers, "oplata.md", FAQ)
        assert created.status_code == 201, created.text
        assert created.json() == {
            "key": "faq/oplata.md",
            "status": "added",
            "version": 1,
            "chunks": 2,
        }
        again = await _upload(client, admin_headers, "oplata.md", FAQ)
        assert again.json()["status"] == "unchanged"
        changed = await _upload(
            client, admin_headers, "oplata.md", FAQ.replace("СБП".encode(), "счёту".encode())
        )
        assert changed.json()["version"] == 2

        listing = await client.get(
            "/api/v1/admin/kb/documents?collection=api-kb", headers=admin_headers
        )
        [document] = listing.json()
        history = (
            await client.get(
                f"/api/v1/admin/kb/documents/{document['id']}?collection=api-kb",
                headers=admin_headers,
            )
        ).json()
        assert [v["number"] for v in history["versions"]] == [2, 1]
        assert [c["action"] for c in history["changes"]] == ["added", "updated"]

        search = await client.get(
            "/api/v1/kb/search",
            params={"q": "оплата картой", "collection": "api-kb"},
            headers=admin_headers,
        )
        assert search.status_code == 200
        assert "счёту" in search.json()[0]["text"] or "счёту" in " ".join(
            h["text"] for h in search.json()
        )

        restored = await client.post(
            f"/api/v1/admin/kb/documents/{document['id']}/versions/1/restore?collection=api-kb",
            headers=admin_headers,
        )
        assert restored.json()["active_version"] == 1
        search = await client.get(
            "/api/v1/kb/search",
            params={"q": "оплата картой", "collection": "api-kb"},
            headers=admin_headers,
        )
        assert any("СБП" in h["text"] for h in search.json())

        deleted = await client.delete(
            f"/api/v1/admin/kb/documents/{document['id']}?collection=api-kb", headers=admin_headers
        )
        assert deleted.status_code == 204
        search = await client.get(
            "/api/v1/kb/search",
            params={"q": "оплата картой", "collection": "api-kb"},
            headers=admin_headers,
        )
        assert search.json() == []

    async def test_bad_uploads_are_422_with_the_reason(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        broken = await _upload(client, admin_headers, "broken.pdf", b"%PDF-1.4 nonsense")
        assert broken.status_code == 422
        assert broken.json()["error"]["code"] == "file_unreadable"
        assert "повреждён" in broken.json()["error"]["message"]
        unknown = await _upload(client, admin_headers, "table.xlsx", b"data")
        assert "неподдерживаемый тип" in unknown.json()["error"]["message"]
        ok = await _upload(
            client, admin_headers, "vozvrat.pdf", make_pdf("<p>Возврат за 14 дней</p>"), "policies"
        )
        assert ok.status_code == 201

    async def test_roles(self, client: httpx.AsyncClient, database: Database) -> None:
        email, password = await create_user(database, role=Role.manager)
        headers = {"Authorization": f"Bearer {await login(client, email, password)}"}
        assert (await _upload(client, headers, "a.md", FAQ)).status_code == 403
        assert (
            await client.get("/api/v1/kb/search", params={"q": "цена"}, headers=headers)
        ).status_code == 200
        assert (await client.get("/api/v1/kb/search", params={"q": "цена"})).status_code == 401
