"""Saved template versions carry their text, so an admin can compare and restore one."""

from __future__ import annotations

import httpx

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
