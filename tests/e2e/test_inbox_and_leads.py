"""A manager's day in the dashboard: a visitor writes in the widget, the conversation shows up
in the inbox live, the manager takes over and answers (the visitor sees it), gives it back to
the bot, then works the lead: status change and CSV export."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import ADMIN, ARTIFACTS, Site, log_in, screenshot
from tests.web import widget_page


@pytest.fixture
async def visitor(browser: Browser, site: Site) -> AsyncIterator[Page]:
    context = await browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    widget_page.keep_console(page)
    await page.goto("/")
    await page.get_by_test_id("sb-launcher").click()
    await expect(page.get_by_test_id("sb-window")).to_be_visible()
    yield page
    await context.close()


async def visitor_says(page: Page, text: str) -> None:
    """Send from the widget and wait until the bot has answered it."""
    await widget_page.visitor_says(page, text, ARTIFACTS)


async def token_of(page: Page) -> str:
    token: str = await page.evaluate(
        "JSON.parse(localStorage.getItem('salesbot-dashboard-auth')).state.token"
    )
    return token


async def test_a_widget_conversation_is_taken_over_answered_and_released(
    context: BrowserContext, visitor: Page, site: Site
) -> None:
    errors: list[str] = []
    manager = await context.new_page()
    manager.on("pageerror", lambda exc: errors.append(str(exc)))
    await log_in(manager, ADMIN)
    await expect(manager.get_by_test_id("live-status")).to_have_attribute("data-status", "online")
    rows = manager.get_by_test_id("inbox-row")
    await expect(rows).to_have_count(0)

    # The visitor writes; the row appears in the open inbox without a reload.
    await visitor_says(visitor, "Здравствуйте! Нас интересует ИИ-Менеджер для отдела продаж")
    await expect(rows).to_have_count(1, timeout=15_000)
    await screenshot(manager, "inbox")
    await rows.first.click()
    transcript = manager.get_by_test_id("transcript")
    await expect(transcript).to_contain_text("Нас интересует ИИ-Менеджер")
    await expect(
        transcript.locator('[data-testid="message"][data-author="bot"]')
    ).not_to_have_count(0)

    # A new customer message arrives live in the open conversation too.
    await visitor_says(visitor, "А сколько длится внедрение?")
    await expect(transcript).to_contain_text("сколько длится внедрение", timeout=15_000)

    # Take over: the bot goes quiet, the manager answers, the visitor sees it live.
    await manager.get_by_test_id("takeover").click()
    await expect(manager.get_by_test_id("release")).to_be_visible()
    reply = "Добрый день! Я Мария, отвечу вам сама."
    await manager.get_by_test_id("reply-input").fill(reply)
    await manager.get_by_test_id("reply-input").press("Enter")
    await expect(
        visitor.locator('[data-testid="sb-message"][data-author="manager"]')
    ).to_contain_text(reply, timeout=15_000)
    await screenshot(manager, "inbox-conversation")

    bot_answers = visitor.locator('[data-testid="sb-message"][data-author="bot"]')
    quiet = await bot_answers.count()
    await visitor.get_by_test_id("sb-input").fill("Спасибо, Мария!")
    await visitor.get_by_test_id("sb-input").press("Enter")
    await expect(transcript).to_contain_text("Спасибо, Мария!", timeout=15_000)
    assert await bot_answers.count() == quiet  # the bot stayed silent while she held it

    # Release: the bot answers again.
    await manager.get_by_test_id("release").click()
    await expect(manager.get_by_test_id("takeover")).to_be_visible()
    await visitor_says(visitor, "Какие интеграции у вас есть?")
    conversation_id = await rows.first.get_attribute("data-conversation-id")
    async with httpx.AsyncClient(base_url=site.url, timeout=10) as client:
        detail = await client.get(
            f"/api/v1/conversations/{conversation_id}",
            headers={"Authorization": f"Bearer {await token_of(manager)}"},
        )
    assert detail.json()["owner"] == "bot"
    authors = [m["author"] for m in detail.json()["messages"]]
    assert "manager" in authors and authors[-1] == "bot"
    assert errors == []


async def test_a_lead_changes_status_and_exports_to_csv(
    context: BrowserContext, visitor: Page, site: Site
) -> None:
    await visitor_says(visitor, "Здравствуйте, нужен ИИ-Юрист для проверки договоров")
    page = await context.new_page()
    await log_in(page, ADMIN)
    await page.get_by_test_id("nav-leads").click()
    lead_rows = page.get_by_test_id("lead-row")
    await expect(lead_rows).not_to_have_count(0, timeout=15_000)
    row = lead_rows.filter(has_text=re.compile("ИИ-Юрист|AI Lawyer")).first
    lead_id = await row.get_attribute("data-lead-id")
    await screenshot(page, "leads")

    await row.get_by_test_id("lead-status-select").select_option("quote_sent")
    headers = {"Authorization": f"Bearer {await token_of(page)}"}
    async with httpx.AsyncClient(base_url=site.url, timeout=10, headers=headers) as client:
        for _ in range(50):
            lead = (await client.get(f"/api/v1/leads/{lead_id}")).json()
            if lead["lead"]["status"] == "quote_sent":
                break
            await page.wait_for_timeout(100)
    assert lead["lead"]["status"] == "quote_sent"
    assert any(entry["kind"] == "lead_status" for entry in lead["timeline"])

    async with page.expect_download() as info:
        await page.get_by_test_id("leads-export").click()
    download = await info.value
    content = (await download.path()).read_bytes().decode("utf-8")
    assert content.startswith("\ufeff")
    header, *lines = content.lstrip("\ufeff").splitlines()
    assert ";" in header and "Статус" in header
    [exported] = [line.split(";") for line in lines if line.startswith(str(lead_id))]
    assert exported[header.split(";").index("Статус")] == "расчёт отправлен"
    assert exported[header.split(";").index("Продукт")] == "ИИ-Юрист"

    await row.get_by_test_id("lead-link").click()
    await expect(page.get_by_test_id("lead-timeline")).to_be_visible()
    await screenshot(page, "lead-card")
