"""The dashboard end to end: `salesbot serve` (the command `make run` ends with) in its own
process against the test database, driven by Debian's Chromium through Playwright.

Screenshots of every page land in test-artifacts/dashboard/."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright
from sqlalchemy import text

from salesbot.db.engine import Database
from salesbot.models import Role
from salesbot.security.pii import KeyRing, configure_keyring
from salesbot.settings import Settings, use_settings
from salesbot.users import service as users
from tests.conftest import APP_TABLES, JOB_TABLES, ROOT, ingest_sample_kb, make_settings
from tests.processes import salesbot_process, server_environment
from tests.web.conftest import bound_socket

CHROMIUM = Path("/usr/bin/chromium")
DASHBOARD = ROOT / "frontend" / "out" / "index.html"
WIDGET = ROOT / "widget" / "dist" / "widget.js"
ARTIFACTS = ROOT / "test-artifacts" / "dashboard"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ADMIN = ("admin@example.com", "salesbot-demo")
MANAGER = ("maria.manager@example.com", "manager-pass-2026")

MISSING = [
    (not CHROMIUM.exists(), "needs Debian's chromium (.ci/run installs it)"),
    (not DASHBOARD.exists(), "needs the built dashboard (make frontend)"),
    (not WIDGET.exists(), "needs the built widget (make widget)"),
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A conftest's `pytestmark` does not reach the test modules: mark them here."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            for missing, reason in MISSING:
                if missing:
                    item.add_marker(pytest.mark.skip(reason=reason))


@dataclass(frozen=True)
class Site:
    url: str
    settings: Settings


async def _truncate(database: Database) -> None:
    async with database.engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {', '.join(APP_TABLES + JOB_TABLES)} CASCADE"))


@pytest.fixture(scope="module")
async def site(
    database_url: str, database: Database, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Site]:
    sock, url = bound_socket()
    port = sock.getsockname()[1]
    sock.close()  # the server process binds it again
    settings = make_settings(database_url, tmp_path_factory.mktemp("dashboard"), public_url=url)
    configure_keyring(KeyRing.from_settings(settings))
    use_settings(settings)
    await _truncate(database)
    async with database.transaction() as session:
        for (email, password), role in ((ADMIN, Role.admin), (MANAGER, Role.manager)):
            await users.ensure(session, email=email, password=password, role=role, full_name="")
    await ingest_sample_kb(database, settings)
    try:
        async with salesbot_process(
            ["serve", "--host", "127.0.0.1", "--port", str(port)],
            server_environment(settings, url),
            settings.salesbot_data_dir / "server.log",
            cwd=settings.salesbot_data_dir,
            ready_url=url,
        ):
            yield Site(url, settings)
    finally:
        await _truncate(database)


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        await chromium.close()


@pytest.fixture
async def context(browser: Browser, site: Site) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(
        base_url=site.url, viewport={"width": 1366, "height": 850}, accept_downloads=True
    )
    yield context
    await context.close()


async def log_in(page: Page, who: tuple[str, str]) -> None:
    await page.goto("/app/login/")
    await page.get_by_label("Эл. почта").fill(who[0])
    await page.get_by_label("Пароль").fill(who[1])
    await page.get_by_role("button", name="Войти").click()
    await page.wait_for_url("**/app/inbox/**")


async def screenshot(page: Page, name: str) -> None:
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
