"""The dashboard loads from `salesbot serve` and keeps strangers and managers out of what
they may not see."""

from __future__ import annotations

import httpx
from playwright.async_api import BrowserContext, expect

from tests.e2e.conftest import ADMIN, MANAGER, Site, log_in, screenshot


async def test_login_rejects_a_wrong_password_then_lets_the_admin_in(
    context: BrowserContext,
) -> None:
    page = await context.new_page()
    await page.goto("/app/leads/")
    await page.wait_for_url("**/app/login/**")
    await page.get_by_label("Эл. почта").fill(ADMIN[0])
    await page.get_by_label("Пароль").fill("wrong-password")
    await page.get_by_role("button", name="Войти").click()
    await expect(page.get_by_test_id("login-error")).to_be_visible()
    await screenshot(page, "login-error")
    await page.get_by_label("Пароль").fill(ADMIN[1])
    await page.get_by_role("button", name="Войти").click()
    await page.wait_for_url("**/app/leads/**")  # back where the visitor wanted to go
    await expect(page.get_by_test_id("nav-settings")).to_be_visible()
    await expect(page.get_by_test_id("live-status")).to_have_attribute("data-status", "online")


async def test_a_manager_sees_no_admin_sections_and_gets_403_from_admin_apis(
    context: BrowserContext, site: Site
) -> None:
    page = await context.new_page()
    await log_in(page, MANAGER)
    await expect(page.get_by_test_id("nav-leads")).to_be_visible()
    for section in ("knowledge", "pricing", "templates", "settings"):
        await expect(page.get_by_test_id(f"nav-{section}")).to_have_count(0)
        await page.goto(f"/app/{section}/")
        await expect(page.get_by_test_id("admin-only")).to_be_visible()
    await screenshot(page, "manager-admin-only")
    token = await page.evaluate(
        "JSON.parse(localStorage.getItem('salesbot-dashboard-auth')).state.token"
    )
    async with httpx.AsyncClient(base_url=site.url, timeout=10) as client:
        headers = {"Authorization": f"Bearer {token}"}
        for path in (
            "/api/v1/admin/users",
            "/api/v1/admin/pricing",
            "/api/v1/admin/kb/documents",
            "/api/v1/admin/documents/requisites",
        ):
            response = await client.get(path, headers=headers)
            assert response.status_code == 403, path
            assert response.json()["error"]["code"] == "forbidden_role"
        assert (await client.get("/api/v1/leads", headers=headers)).status_code == 200
