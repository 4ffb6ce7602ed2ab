"""Saved template versions carry their text, so an admin can compare and restore one."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from salesbot.db.engine import Database
from salesbot.models import QuoteRecord, Role
from tests.conftest import create_user, login
from tests.documents.test_documents import CLIENT, QUOTE_BODY

URL = "/api/v1/admin/documents/templates/offer.html.j2"


class TestTemplateVersions:
    async def test_versions_list_their_bodies_newest_first(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        shipped = (await client.get(URL, headers=admin_headers)).json()["body"]
        first = shipped.replace("Коммерческое предложение", "Предложение о сотрудничестве")
        second = shipped.replace("Коммерческое предложение", "Наше предложение")
        saved = await client.put(URL, json={"body": first}, headers=admin_headers)
        assert saved.status_code == 200 and saved.json()["body"] == first
        await client.put(URL, json={"body": second}, headers=admin_headers)

        versions = (await client.get(f"{URL}/versions", headers=admin_headers)).json()
        assert [(v["version"], v["body"]) for v in versions] == [(2, second), (1, first)]

        # Restoring is saving an old text again: a new version, in force at once.
        restored = await client.put(URL, json={"body": versions[1]["body"]}, headers=admin_headers)
        assert restored.json()["version"] == 3
        current = (await client.get(URL, headers=admin_headers)).json()
        assert (current["version"], current["body"]) == (3, first)


class TestDraftPreview:
    """The editor previews an unsaved text: nothing is saved, a broken draft gets the same
    refusal as saving it would."""

    async def _sample(self, client: httpx.AsyncClient) -> dict[str, object]:
        return {"kind": "offer", "quote": QUOTE_BODY, "client": CLIENT}

    async def test_the_draft_shows_and_nothing_is_saved(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], database: Database
    ) -> None:
        shipped = (await client.get(URL, headers=admin_headers)).json()["body"]
        draft = shipped.replace("Коммерческое предложение", "Черновик предложения")
        assert draft != shipped
        request = {**await self._sample(client), "body": draft}
        preview = await client.post(f"{URL}/preview", json=request, headers=admin_headers)
        assert preview.status_code == 200 and "text/html" in preview.headers["content-type"]
        assert "Черновик предложения" in preview.text and "Мебельный Дом" in preview.text

        current = (await client.get(URL, headers=admin_headers)).json()
        assert (current["version"], current["body"]) == (0, shipped)
        saved = await client.post(
            f"{URL}/preview",
            json={k: v for k, v in request.items() if k != "body"},
            headers=admin_headers,
        )
        assert saved.status_code == 200
        assert "Коммерческое предложение" in saved.text and "Черновик предложения" not in saved.text
        async with database.transaction() as session:  # previews store no sample quote
            assert await session.scalar(select(func.count()).select_from(QuoteRecord)) == 0

    async def test_an_unknown_template_and_an_impossible_quote(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        request = await self._sample(client)
        missing = await client.post(
            "/api/v1/admin/documents/templates/nope.html.j2/preview",
            json=request,
            headers=admin_headers,
        )
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "template_not_found"
        impossible = {**request, "quote": {**QUOTE_BODY, "product": "no-such-product"}}
        refused = await client.post(f"{URL}/preview", json=impossible, headers=admin_headers)
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_brief"

    async def test_a_broken_draft_is_refused_with_its_line(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        request = {**await self._sample(client), "body": "<p>\n{% if %}\n</p>"}
        refused = await client.post(f"{URL}/preview", json=request, headers=admin_headers)
        assert refused.status_code == 422
        error = refused.json()["error"]
        assert error["code"] == "template_invalid" and error["details"] == {"line": 2}

    async def test_a_manager_is_refused(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        email, password = await create_user(database, role=Role.manager)
        headers = {"Authorization": f"Bearer {await login(client, email, password)}"}
        request = {**await self._sample(client), "body": "<p>x</p>"}
        refused = await client.post(f"{URL}/preview", json=request, headers=headers)
        assert refused.status_code == 403
