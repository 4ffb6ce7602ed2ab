"""The admin's pages in a real browser: the knowledge base (upload, list, search), prices (a
coefficient edit priced live as the engine prices it, then saved), templates (preview, a
broken edit refused), settings (requisites, integrations, users) and analytics (KPIs, the
funnel, a CSV export); each page photographed, two of them again dark at tablet width.

The tests share one server and database: what a test changes it puts back (the price list)
or it touches nothing the others look at."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import BrowserContext, Page, expect

from salesbot.analytics import demo
from salesbot.db.engine import Database
from salesbot.pricing.domain import Brief, Hosting, PriceList, Sla, compute
from salesbot.pricing.serialization import format_roubles
from salesbot.pricing.service import PricingService
from tests.e2e.conftest import ADMIN, Site, log_in, screenshot

UPLOAD_CATEGORY = "сервис"
UPLOAD_NAME = "kvantovye-routery.md"
UPLOAD_KEY = f"{UPLOAD_CATEGORY}/{UPLOAD_NAME}"
UPLOAD_PHRASE = "гарантийное обслуживание квантовых роутеров"
UPLOAD_TEXT = """# Гарантийное обслуживание квантовых роутеров

Гарантийное обслуживание квантовых роутеров длится тридцать шесть месяцев со дня поставки.
В гарантию входят замена запутанных кубитных модулей и выезд инженера в течение суток.

## Что не входит в гарантию

Повреждения от падения роутера в чёрную дыру и самостоятельная перепрошивка гарантией
не покрываются.
"""
DAILY_HEADER = (
    "Дата;Новые диалоги;Сообщения клиентов;Сообщения бота;Сообщения менеджеров;"
    "Новые лиды;Передано менеджеру"
)


@pytest.fixture
async def admin(context: BrowserContext) -> AsyncIterator[Page]:
    """A page signed in as the admin; fails the test if the page threw."""
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await log_in(page, ADMIN)
    yield page
    assert errors == []


@pytest.fixture
async def history(database: Database, site: Site) -> None:
    """A month of synthetic conversations for analytics (a second call adds nothing)."""
    await demo.generate(database, site.settings, conversations=150, days=30, seed=11)


async def admin_api(page: Page, site: Site) -> httpx.AsyncClient:
    """An API client with the token the dashboard keeps in localStorage."""
    token = await page.evaluate(
        "JSON.parse(localStorage.getItem('salesbot-dashboard-auth')).state.token"
    )
    return httpx.AsyncClient(
        base_url=site.url + "/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=15
    )


async def test_knowledge_upload_lists_the_document_and_search_finds_it(
    admin: Page, site: Site, tmp_path: Path
) -> None:
    page = admin
    await page.goto("/app/knowledge/")
    rows = page.get_by_test_id("kb-document-row")
    await expect(rows.first).to_be_visible()  # the sample knowledge base
    new_row = page.locator(f'[data-testid="kb-document-row"][data-key="{UPLOAD_KEY}"]')
    await expect(new_row).to_have_count(0)
    await screenshot(page, "knowledge")

    source = tmp_path / UPLOAD_NAME
    source.write_text(UPLOAD_TEXT, encoding="utf-8")
    await page.get_by_test_id("kb-upload-category").fill(UPLOAD_CATEGORY)
    await page.get_by_test_id("kb-upload-input").set_input_files(source)
    result = page.get_by_test_id("kb-upload-result")
    await expect(result).to_have_count(1)
    await expect(result).to_have_attribute("data-status", "added", timeout=30_000)
    await expect(result).to_have_attribute("data-name", UPLOAD_NAME)
    await expect(result).to_contain_text(f"{UPLOAD_CATEGORY}/{UPLOAD_NAME}")
    await expect(result).to_contain_text("Добавлен, версия 1")

    # The list reloads by itself with the new document in its category.
    await expect(new_row).to_be_visible()
    await expect(new_row).to_contain_text("Гарантийное обслуживание квантовых роутеров")
    await expect(new_row.get_by_test_id("kb-index-status")).to_have_attribute(
        "data-status", "indexed"
    )
    group = page.locator(f'[data-testid="kb-group"][data-category="{UPLOAD_CATEGORY}"]')
    await expect(group).to_contain_text(UPLOAD_NAME)

    await page.get_by_test_id("kb-search-input").fill(UPLOAD_PHRASE)
    await page.get_by_test_id("kb-search-submit").click()
    first = page.get_by_test_id("kb-hit").first
    await expect(first).to_have_attribute("data-document", UPLOAD_KEY, timeout=15_000)
    await expect(first.get_by_test_id("kb-hit-score")).to_have_text(
        re.compile(r"^Оценка \d+\.\d{3}$")
    )
    await expect(first).to_contain_text("тридцать шесть месяцев")
    await expect(first.locator("mark").first).to_be_visible()  # the query is highlighted
    await screenshot(page, "knowledge-search")

    # Out of the way of anything else in the module.
    async with await admin_api(page, site) as api:
        documents = (await api.get("/admin/kb/documents")).json()
        [uploaded] = [d for d in documents if d["source_key"] == UPLOAD_KEY]
        assert uploaded["chunks"] >= 1
        assert (await api.delete(f"/admin/kb/documents/{uploaded['id']}")).status_code == 204


async def spilled_tables(page: Page) -> list[str]:
    """Coefficient tables wider than their card (they would run into the neighbour)."""
    cards = page.locator('[data-testid^="pricing-table-"]')
    await expect(cards).to_have_count(5)
    spilled: list[str] = await cards.evaluate_all(
        """(cards) => cards
            .filter((card) => card.querySelector('table').getBoundingClientRect().right
                > card.getBoundingClientRect().right + 0.5)
            .map((card) => card.dataset.testid)"""
    )
    return spilled


def quote_totals(price_list: PriceList, brief: Brief) -> dict[str, str]:
    """What the preview must show for each package: the engine's total as documents print it."""
    quote = compute(price_list, brief, today=date.today())
    return {p.code: format_roubles(p.total) for p in quote.packages}


async def test_pricing_preview_follows_an_edited_coefficient_and_the_save_sticks(
    admin: Page, site: Site, database: Database
) -> None:
    page = admin
    # The price list in force, read back from the database (the first read seeds it).
    async with await admin_api(page, site) as api:
        before = (await api.get("/admin/pricing")).json()
    async with database.transaction() as session:
        price_list = await PricingService(site.settings).current(session)
    await page.goto("/app/pricing/")
    totals = page.get_by_test_id("pricing-preview-total")
    await expect(totals.first).to_have_attribute("data-total", re.compile(r"^\d+$"))
    # Nothing is edited yet, so there is nothing to save.
    await expect(page.get_by_text("Изменений нет")).to_be_visible()
    await expect(page.get_by_test_id("pricing-save")).to_be_disabled()
    original_hosting = before["data"]["coefficients"]["hosting"]
    old = price_list.hosting[Hosting.onprem]
    new = old + Decimal("0.3")

    # The sample brief on premises: only Enterprise allows it, every package is still priced.
    await page.get_by_test_id("pricing-sample-hosting").select_option("onprem")
    brief = Brief("ai-manager", 30, 4, Hosting.onprem, Sla.p995)
    expected = quote_totals(price_list, brief)
    for code, text in expected.items():
        await expect(totals.and_(page.locator(f'[data-package="{code}"]'))).to_have_text(text)

    edited = dataclasses.replace(price_list, hosting={**price_list.hosting, Hosting.onprem: new})
    expected_edited = quote_totals(edited, brief)
    assert expected_edited != expected
    cell = page.locator(
        '[data-testid="pricing-coef-input"][data-table="hosting"][data-key="onprem"]'
    )
    await expect(cell).to_have_value(str(Decimal(original_hosting["onprem"])))
    await cell.fill(str(new).replace(".", ","))  # a decimal comma, as people type it
    for code, text in expected_edited.items():
        await expect(totals.and_(page.locator(f'[data-package="{code}"]'))).to_have_text(text)
    await expect(page.get_by_text("Изменений: 1")).to_be_visible()
    assert await spilled_tables(page) == []
    await screenshot(page, "pricing")

    save = page.get_by_test_id("pricing-save")
    await expect(save).to_be_enabled()
    await page.get_by_test_id("pricing-note").fill("e2e: on-premise дороже")
    try:
        await save.click()
        saved = f"Сохранено: действует версия {before['version'] + 1}"
        await expect(page.get_by_role("status").filter(has_text=saved)).to_be_visible()
        await expect(save).to_be_disabled()
        async with await admin_api(page, site) as api:
            after = (await api.get("/admin/pricing")).json()
        assert after["version"] == before["version"] + 1
        assert after["note"] == "e2e: on-premise дороже"
        assert after["created_by"] == ADMIN[0]
        assert Decimal(after["data"]["coefficients"]["hosting"]["onprem"]) == new
        others = {k: v for k, v in after["data"]["coefficients"]["hosting"].items()}
        others.pop("onprem")
        assert others == {k: v for k, v in original_hosting.items() if k != "onprem"}
        # The saved list prices as the preview did.
        for code, text in expected_edited.items():
            await expect(totals.and_(page.locator(f'[data-package="{code}"]'))).to_have_text(text)
    finally:
        async with await admin_api(page, site) as api:
            restored = await api.put(
                "/admin/pricing/coefficients/hosting",
                json={"values": original_hosting, "note": "e2e: restored"},
            )
            assert restored.status_code == 200, restored.text
            current = (await api.get("/admin/pricing")).json()
        assert current["data"]["coefficients"]["hosting"] == original_hosting


async def test_templates_preview_and_a_broken_edit_is_refused(admin: Page, site: Site) -> None:
    page = admin
    await page.goto("/app/templates/")
    select = page.get_by_test_id("template-select")
    await expect(select).to_have_value("offer.html.j2")
    await select.select_option("invoice.html.j2")
    preview = page.frame_locator('[data-testid="template-preview"]')
    await expect(preview.locator("body")).to_contain_text("Мебельный Дом", timeout=30_000)
    await expect(preview.locator("body")).to_contain_text("7701234567")  # the sample's INN

    async with await admin_api(page, site) as api:
        saved = (await api.get("/admin/documents/templates/invoice.html.j2")).json()
        versions = (await api.get("/admin/documents/templates/invoice.html.j2/versions")).json()
    editor = page.get_by_test_id("template-editor")
    await expect(editor).to_have_value(saved["body"])
    # An unsaved edit shows in the preview once the typing pauses; nothing is saved by it.
    marker = "Счёт-образец для проверки шаблона"
    await editor.fill(saved["body"].replace("Счёт на оплату", marker))
    await expect(page.get_by_test_id("template-preview-hint")).to_contain_text("Черновик")
    await expect(preview.locator("body")).to_contain_text(marker, timeout=15_000)

    broken = saved["body"] + "\n{% if %}\n"
    await editor.fill(broken)
    await expect(page.get_by_text("Есть несохранённые правки")).to_be_visible()
    draft_error = page.get_by_test_id("template-draft-error")
    await expect(draft_error).to_contain_text("не отрисовывается", timeout=15_000)
    await expect(draft_error).to_contain_text(re.compile(r"строка \d+"))
    await page.get_by_test_id("template-save").click()
    error = page.get_by_test_id("template-error")
    await expect(error).to_be_visible()
    await expect(error).to_contain_text("Шаблон не сохранён")
    await expect(error).to_contain_text(re.compile(r"Ошибка в шаблоне, строка \d+"))
    await expect(page.get_by_test_id("template-error-line")).to_contain_text("Перейти к строке")
    await expect(editor).to_have_value(broken)  # the edit stays for fixing
    await screenshot(page, "templates")

    async with await admin_api(page, site) as api:
        now = (await api.get("/admin/documents/templates/invoice.html.j2")).json()
        versions_now = (await api.get("/admin/documents/templates/invoice.html.j2/versions")).json()
    assert (now["version"], now["body"]) == (saved["version"], saved["body"])
    assert versions_now == versions
    await expect(preview.locator("body")).to_contain_text("Мебельный Дом")


async def test_settings_requisites_integrations_and_a_new_manager(admin: Page) -> None:
    page = admin
    await page.goto("/app/settings/")
    form = page.get_by_test_id("requisites-form")
    await expect(form).to_be_visible()
    for field in ("name", "inn", "bank", "account"):
        await expect(form.get_by_test_id(f"req-{field}")).to_be_visible()
    await expect(page.get_by_test_id("requisites-save")).to_be_enabled()
    await screenshot(page, "settings-requisites")

    await page.get_by_test_id("tab-integrations").click()
    database_row = page.get_by_test_id("integration-database")
    await expect(database_row).to_contain_text("PostgreSQL")
    async with page.expect_response(
        lambda r: (
            r.url.endswith("/admin/integrations/database/check") and r.request.method == "POST"
        )
    ) as checked:
        await page.get_by_test_id("check-database").click()
    response = await checked.value
    assert response.status == 200 and (await response.json())["healthy"] is True
    await expect(page.get_by_test_id("integration-database-health")).to_have_text("Работает")
    await expect(page.get_by_test_id("integration-database-error")).to_have_text("—")
    await expect(page.get_by_test_id("check-database")).to_be_enabled()
    await screenshot(page, "settings-integrations")

    await page.get_by_test_id("tab-users").click()
    table = page.get_by_test_id("users-table")
    await expect(table.get_by_test_id(f"user-{ADMIN[0]}")).to_be_visible()
    email = "olga.novikova@example.com"
    await expect(table.get_by_test_id(f"user-{email}")).to_have_count(0)
    await page.get_by_test_id("new-user-email").fill(email)
    await page.get_by_test_id("new-user-name").fill("Ольга Новикова")
    await expect(page.get_by_test_id("new-user-role")).to_have_value("manager")
    await page.get_by_test_id("new-user-password").fill("novikova-pass-2026")
    await page.get_by_test_id("create-user").click()
    created = page.get_by_role("status").filter(has_text=f"Пользователь {email} добавлен.")
    await expect(created).to_be_visible()
    row = table.get_by_test_id(f"user-{email}")
    await expect(row).to_contain_text("Ольга Новикова")
    await expect(row).to_contain_text("Менеджер")
    await expect(row).to_contain_text("Активен")
    await expect(page.get_by_test_id("new-user-email")).to_have_value("")  # ready for the next
    await screenshot(page, "settings-users")


async def test_analytics_shows_kpis_and_the_funnel_and_exports_daily_csv(
    admin: Page, site: Site, history: None
) -> None:
    page = admin
    await page.goto("/app/analytics/")
    await expect(page.get_by_test_id("preset-30")).to_have_attribute("aria-pressed", "true")
    for kpi in ("conversion", "automation", "response", "nps"):
        card = page.get_by_test_id(f"kpi-{kpi}")
        await expect(card).to_be_visible()
        await expect(card).to_have_attribute("data-state", re.compile("^(good|bad)$"))
        await expect(page.get_by_test_id(f"kpi-{kpi}-value")).not_to_have_text("—")
    funnel = page.get_by_test_id("chart-funnel")
    await expect(funnel.locator("svg.recharts-surface")).to_be_visible()
    await expect(funnel.locator(".recharts-bar-rectangle").first).to_be_visible()

    period = {
        "from": await page.get_by_test_id("period-from").input_value(),
        "to": await page.get_by_test_id("period-to").input_value(),
    }
    async with await admin_api(page, site) as api:
        summary: dict[str, Any] = (await api.get("/analytics/summary", params=period)).json()
        daily = (await api.get("/analytics/daily", params=period)).json()
    contacts = summary["funnel"][0]["count"]
    assert contacts > 0
    await expect(funnel).to_contain_text("Обращения")
    await expect(funnel.locator(".recharts-label-list")).to_contain_text(str(contacts))
    await expect(page.get_by_test_id("kpi-nps")).to_contain_text(str(summary["nps"]["responses"]))
    await screenshot(page, "analytics")

    async with page.expect_download() as info:
        await page.get_by_test_id("export-daily").click()
    download = await info.value
    assert download.suggested_filename.endswith(".csv")
    content = Path(await download.path()).read_bytes()
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0] == DAILY_HEADER
    assert len(lines) == 1 + len(daily)
    assert all(len(line.split(";")) == 7 for line in lines)
    await expect(page.get_by_test_id("export-daily")).to_be_enabled()


@pytest.mark.parametrize("section", ["pricing", "analytics"])
async def test_dark_theme_at_tablet_width(admin: Page, section: str, history: None) -> None:
    page = admin
    await page.set_viewport_size({"width": 768, "height": 1024})
    await page.goto(f"/app/{section}/")
    html = page.locator("html")
    if "dark" not in (await html.get_attribute("class") or "").split():
        await page.get_by_test_id("theme-toggle").click()
    await expect(html).to_have_class(re.compile(r"(^|\s)dark(\s|$)"))
    ready = {
        "pricing": page.get_by_test_id("pricing-preview-total").first,
        "analytics": page.get_by_test_id("chart-funnel").locator("svg.recharts-surface"),
    }[section]
    await expect(ready).to_be_visible()
    await expect(page.get_by_test_id(f"nav-{section}")).to_have_attribute("aria-current", "page")
    # Usable at 768 px: nothing pushes the page sideways.
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 768, f"{section} is {width}px wide at a 768px viewport"
    if section == "pricing":
        assert await spilled_tables(page) == []
        await expect(page.get_by_text("Изменений нет")).to_be_visible()
    await screenshot(page, f"{section}-dark-tablet")
