"""The visitor's view in a real browser: Debian's Chromium driven by Playwright against a live
server. Screenshots land in test-artifacts/browser/ for people to look at."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright, expect
from sqlalchemy import select

from salesbot.app import create_app
from salesbot.db.engine import Database
from salesbot.db.runtime import set_database
from salesbot.models import Lead
from salesbot.pricing.domain import Brief, Hosting, Sla, compute
from salesbot.pricing.serialization import format_roubles
from salesbot.pricing.service import PricingService
from salesbot.settings import Settings
from tests.conftest import ROOT, ingest_sample_kb, make_settings
from tests.web.conftest import bound_socket, live_server
from tests.web.widget_page import keep_console, visitor_says

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "browser"
WIDGET = ROOT / "widget" / "dist" / "widget.js"

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)"
    ),
    pytest.mark.skipif(not WIDGET.exists(), reason="needs the built widget (make widget)"),
]


@pytest.fixture
async def site(
    database_url: str, tmp_path: Path, clean_db: None, database: Database
) -> AsyncIterator[str]:
    bound = bound_socket()
    settings = make_settings(database_url, tmp_path, public_url=bound[1])
    await ingest_sample_kb(database, settings)
    async with live_server(create_app(settings, configure_process=False), bound) as url:
        yield url
    set_database(database)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        await chromium.close()


async def say(page: Page, text: str) -> None:
    await visitor_says(page, text, ARTIFACTS)


async def test_a_visitor_goes_from_hello_to_an_offer_and_comes_back(
    site: str, browser: Browser, database: Database, settings: Settings
) -> None:
    errors: list[str] = []
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    keep_console(page)
    await page.goto(site + "/")
    await page.screenshot(path=ARTIFACTS / "landing.png", full_page=True)

    await page.get_by_test_id("sb-launcher").click()
    await expect(page.get_by_test_id("sb-window")).to_be_visible()
    await expect(page.get_by_test_id("sb-greeting")).to_contain_text("Нейрокод")

    for text in (
        "Здравствуйте!",
        "нужен бот для продаж, чтобы отвечал на авито",
        "у нас 30 менеджеров",
        "интеграция с амо, 1С, телеграмом и авито",
        "облако подойдёт",
        "99,5",
        "Всё верно",  # the brief, checked before the price
    ):
        await say(page, text)
    async with database.transaction() as session:
        price_list = await PricingService(settings).current(session)
    engine_price = (
        compute(price_list, Brief("ai-manager", 30, 4, Hosting.cloud, Sla.p995), today=date.today())
        .package("optimum")
        .total
    )
    transcript = page.get_by_test_id("sb-messages")
    await expect(transcript).to_contain_text(format_roubles(engine_price))
    await page.screenshot(path=ARTIFACTS / "widget-quote.png")

    await say(page, "пришлите КП")
    await expect(transcript).to_contain_text("Коммерческое предложение")
    await page.screenshot(path=ARTIFACTS / "widget-offer.png")
    link = transcript.get_by_test_id("sb-attachment").last
    await expect(link).to_contain_text("Коммерческое предложение")
    href = await link.get_attribute("href")
    assert href and href.startswith(site)
    async with httpx.AsyncClient() as client:
        pdf = await client.get(href)
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"

    # The conversation survives a reload.
    count = await page.get_by_test_id("sb-message").count()
    await page.reload()
    await page.get_by_test_id("sb-launcher").click()
    await expect(page.get_by_test_id("sb-message")).to_have_count(count, timeout=15_000)
    await page.screenshot(path=ARTIFACTS / "widget-after-reload.png")
    assert errors == []


async def test_the_calculator_shows_the_engine_prices(
    site: str, browser: Browser, database: Database
) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    await page.goto(site + "/#calculator")
    await page.get_by_test_id("calc-product").select_option("ai-manager")
    await page.get_by_test_id("calc-users").fill("30")
    await page.get_by_test_id("calc-integrations").fill("4")
    await page.get_by_test_id("calc-hosting-cloud").check()
    await page.get_by_test_id("calc-sla-99.5").check()
    optimum = page.locator('[data-testid="calc-package"][data-code="optimum"]')
    await expect(optimum).to_have_attribute("data-total", re.compile(r"^\d+$"), timeout=15_000)
    async with httpx.AsyncClient(base_url=site) as client:
        quote = (
            await client.post(
                "/api/v1/quotes",
                json={
                    "product": "ai-manager",
                    "users": 30,
                    "integrations": 4,
                    "hosting": "cloud",
                    "sla": "99.5",
                },
            )
        ).json()
    expected = next(p["total"] for p in quote["packages"] if p["code"] == "optimum")
    await expect(optimum).to_have_attribute("data-total", expected)
    await page.get_by_test_id("calc-result").screenshot(path=ARTIFACTS / "calculator.png")


async def test_the_contact_form_creates_a_lead(
    site: str, browser: Browser, database: Database
) -> None:
    page = await browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    await page.goto(site + "/#contact")
    await page.get_by_test_id("form-submit").click()
    await expect(page.get_by_test_id("form-name")).to_have_attribute("aria-invalid", "true")

    await page.get_by_test_id("form-name").fill("Ольга Кузнецова")
    await page.get_by_test_id("form-phone").fill("+7 912 345-67-89")
    await page.get_by_test_id("form-company").fill("Стройдом")
    await page.get_by_test_id("form-message").fill("Интересует ИИ-Юрист для договоров")
    await page.get_by_test_id("form-consent").check()
    await page.get_by_test_id("form-submit").click()
    # The thank-you block is in the page from the start, hidden: wait for it to show.
    success = page.get_by_test_id("form-success")
    await expect(success).to_be_visible(timeout=15_000)
    await expect(success).to_contain_text("Спасибо")
    await page.screenshot(path=ARTIFACTS / "contact-form-mobile.png", full_page=False)

    async with database.transaction() as session:
        lead = (await session.execute(select(Lead))).scalar_one()
    assert lead.source == "web_form"
