"""The dashboard's exported files under /app: pages, cached assets, nothing outside."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from salesbot.channels.web import dashboard


@pytest.fixture
def export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny export shaped like `next build`'s, so the test needs no Node."""
    root = tmp_path / "out"
    (root / "leads").mkdir(parents=True)
    (root / "_next" / "static" / "chunks").mkdir(parents=True)
    (root / "index.html").write_text("<html>home</html>")
    (root / "404.html").write_text("<html>нет такой страницы</html>")
    (root / "leads" / "index.html").write_text("<html>leads</html>")
    (root / "_next" / "static" / "chunks" / "app-1a2b.js").write_text("console.log(1)")
    (tmp_path / "secret.txt").write_text("not for the web")
    monkeypatch.setattr(dashboard, "DASHBOARD_DIR", root)
    return root


async def test_pages_and_assets_are_served_with_the_right_caching(
    client: httpx.AsyncClient, export: Path
) -> None:
    root = await client.get("/app")
    assert root.status_code == 308 and root.headers["location"] == "/app/"
    home = await client.get("/app/")
    assert home.text == "<html>home</html>" and home.headers["cache-control"] == "no-cache"
    leads = await client.get("/app/leads/")
    assert leads.text == "<html>leads</html>"
    asset = await client.get("/app/_next/static/chunks/app-1a2b.js")
    assert asset.status_code == 200
    assert asset.headers["cache-control"] == dashboard.IMMUTABLE
    assert "javascript" in asset.headers["content-type"]


async def test_unknown_paths_and_escapes_get_the_not_found_page(
    client: httpx.AsyncClient, export: Path
) -> None:
    for path in ("/app/nowhere/", "/app/../secret.txt", "/app/%2e%2e/secret.txt"):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert "not for the web" not in response.text


async def test_an_unbuilt_dashboard_says_how_to_build_it(
    client: httpx.AsyncClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dashboard, "DASHBOARD_DIR", tmp_path / "missing")
    response = await client.get("/app/inbox/")
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "dashboard_not_built" and "make frontend" in error["message"]


def test_the_built_dashboard_and_widget_are_looked_for_in_the_repository() -> None:
    """`make frontend` and `make widget` build into the repository; the server must look
    there (a package move once sent it one folder too shallow)."""
    from salesbot.channels.web import site
    from tests.conftest import ROOT

    assert dashboard.DASHBOARD_DIR == ROOT / "frontend" / "out"
    assert site.WIDGET_BUNDLE == ROOT / "widget" / "dist" / "widget.js"
