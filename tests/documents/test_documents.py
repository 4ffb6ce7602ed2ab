from __future__ import annotations

import io
import re
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pypdf
import pytest

from salesbot.documents.context import DocumentRequest, DocumentTerms, build_context
from salesbot.documents.money import amount_in_words, rub, split_payment
from salesbot.documents.rendering import html_to_pdf
from salesbot.errors import ValidationFailed
from salesbot.models import Document
from salesbot.pricing.defaults import DEFAULT_PRICE_LIST
from salesbot.pricing.domain import Brief, Hosting, Sla, compute
from salesbot.pricing.price_list import from_snapshot
from salesbot.pricing.serialization import quote_to_json
from salesbot.settings import Settings

CLIENT = {
    "name": "ООО «Мебельный Дом»",
    "contact_name": "Анна Ковалёва",
    "representative": "Петров Алексей Викторович",
    "representative_title": "Генеральный директор",
    "inn": "7701234567",
    "kpp": "770101001",
}
QUOTE_BODY = {
    "product": "ai-manager",
    "users": 30,
    "integrations": 4,
    "hosting": "cloud",
    "sla": "99.5",
}


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(page.extract_text() or "" for page in reader.pages).replace("\u00a0", " ")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


async def _document(
    client: httpx.AsyncClient, headers: dict[str, str], kind: str, **extra: object
) -> tuple[dict, bytes]:
    quote = (await client.post("/api/v1/quotes", json=QUOTE_BODY)).json()
    created = await client.post(
        "/api/v1/documents",
        json={"kind": kind, "quote_id": quote["id"], "client": CLIENT, **extra},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    url = urlsplit(body["download_url"])
    download = await client.get(f"{url.path}?{url.query}")
    assert download.status_code == 200, download.text
    assert download.headers["content-type"] == "application/pdf"
    assert download.content[:4] == b"%PDF"
    return body, download.content


class TestPdfDocuments:
    async def test_offer_has_client_every_total_and_the_recommendation(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        body, pdf = await _document(client, admin_headers, "offer")
        text = flat(pdf_text(pdf))
        assert body["number"].startswith("КП-") and body["number"] in text
        assert "ООО «Мебельный Дом»" in text
        assert "887 250 ₽" in text and "2 281 500 ₽" in text  # the two available packages
        assert "недоступен" in text.lower()
        assert "Рекомендуем" in text
        assert "Коммерческое предложение" in text

    async def test_contract_has_the_total_in_words(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        _body, pdf = await _document(client, admin_headers, "contract", package="enterprise")
        text = flat(pdf_text(pdf))
        assert "ООО «Мебельный Дом»" in text
        assert "2 281 500 ₽" in text
        assert "два миллиона двести восемьдесят одна тысяча пятьсот рублей 00 копеек" in text
        assert "ИНН 7701234567" in text or "7701234567" in text

    async def test_invoice_numbers_run_per_year_and_show_the_amount_in_words(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        first, pdf = await _document(client, admin_headers, "invoice")
        second, _ = await _document(client, admin_headers, "invoice", invoice_stage="full")
        year = date.today().year
        assert first["number"].startswith(f"СЧ-{year}-")
        assert int(second["number"].rsplit("-", 1)[1]) == int(first["number"].rsplit("-", 1)[1]) + 1
        text = flat(pdf_text(pdf))
        assert f"Счёт на оплату № {first['number']}" in text
        assert "443 625,00" in text  # 50 % prepayment of 887 250
        assert "Четыреста сорок три тысячи шестьсот двадцать пять рублей 00 копеек" in text
        assert "40702810000000000001" in text and "044525000" in text  # seller's bank details

    async def test_preview_is_html_and_spends_no_number(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        quote = (await client.post("/api/v1/quotes", json=QUOTE_BODY)).json()
        request = {"kind": "offer", "quote_id": quote["id"], "client": CLIENT}
        preview = await client.post(
            "/api/v1/documents/preview", json=request, headers=admin_headers
        )
        assert preview.status_code == 200 and "text/html" in preview.headers["content-type"]
        assert "ОБРАЗЕЦ" in preview.text and "Мебельный Дом" in preview.text
        created = await client.post("/api/v1/documents", json=request, headers=admin_headers)
        assert created.json()["number"].endswith("-0001")

    async def test_unavailable_package_and_unknown_quote(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        quote = (await client.post("/api/v1/quotes", json=QUOTE_BODY)).json()
        refused = await client.post(
            "/api/v1/documents",
            json={
                "kind": "contract",
                "quote_id": quote["id"],
                "client": CLIENT,
                "package": "start",
            },
            headers=admin_headers,
        )
        assert (
            refused.status_code == 422 and refused.json()["error"]["code"] == "package_unavailable"
        )
        missing = await client.post(
            "/api/v1/documents",
            json={
                "kind": "offer",
                "quote_id": "00000000-0000-0000-0000-000000000000",
                "client": CLIENT,
            },
            headers=admin_headers,
        )
        assert missing.status_code == 404
        bad_inn = await client.post(
            "/api/v1/documents",
            json={"kind": "offer", "quote_id": quote["id"], "client": {**CLIENT, "inn": "12"}},
            headers=admin_headers,
        )
        assert bad_inn.status_code == 422


class TestSignedLinks:
    async def test_tampered_and_expired_links_are_refused(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], settings: Settings
    ) -> None:
        body, _ = await _document(client, admin_headers, "offer")
        url = urlsplit(body["download_url"])
        tampered = url.query.replace("signature=", "signature=0")
        assert (await client.get(f"{url.path}?{tampered}")).status_code == 404
        garbled = url.query.replace("signature=", "signature=%D0%B6")  # «ж»: not even hex
        assert (await client.get(f"{url.path}?{garbled}")).status_code == 422
        service = client._transport.app.state.services.documents  # type: ignore[attr-defined]
        document = await client.get(f"/api/v1/documents/{body['id']}", headers=admin_headers)
        assert document.json()["download_url"]
        long_ago = Document(id=uuid.UUID(body["id"]))
        old_url, _ = service.signed_url(long_ago, now=0)  # issued in 1970: long expired
        old = urlsplit(old_url)
        expired = await client.get(f"{old.path}?{old.query}")
        assert expired.status_code == 422 and expired.json()["error"]["code"] == "link_expired"
        assert (
            await client.get(f"/api/v1/documents/{body['id']}")
        ).status_code == 401  # metadata needs a login


class TestTemplates:
    async def test_broken_template_is_refused_and_the_old_one_serves(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        current = (
            await client.get(
                "/api/v1/admin/documents/templates/offer.html.j2", headers=admin_headers
            )
        ).json()
        assert current["version"] == 0 and "{%" in current["body"]
        syntax = await client.put(
            "/api/v1/admin/documents/templates/offer.html.j2",
            json={"body": "{% if %}broken"},
            headers=admin_headers,
        )
        assert syntax.status_code == 422 and syntax.json()["error"]["code"] == "template_invalid"
        assert "строка 1" in syntax.json()["error"]["message"]
        undefined = await client.put(
            "/api/v1/admin/documents/templates/offer.html.j2",
            json={"body": "{{ client.no_such_field }}"},
            headers=admin_headers,
        )
        assert undefined.status_code == 422
        edited = current["body"].replace("Коммерческое предложение", "Предложение о сотрудничестве")
        saved = await client.put(
            "/api/v1/admin/documents/templates/offer.html.j2",
            json={"body": edited},
            headers=admin_headers,
        )
        assert saved.status_code == 200 and saved.json()["version"] == 1
        body, pdf = await _document(client, admin_headers, "offer")
        assert body["template_version"] == 1
        assert "Предложение о сотрудничестве" in flat(pdf_text(pdf))


class TestRequisites:
    async def test_admin_changes_requisites_with_validation(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        bad = await client.put(
            "/api/v1/admin/documents/requisites", json={"bik": "12345"}, headers=admin_headers
        )
        assert bad.status_code == 422 and "9" in bad.json()["error"]["message"]
        good = await client.put(
            "/api/v1/admin/documents/requisites",
            json={"bank": "ПАО «Новый Банк»", "bik": "044525999"},
            headers=admin_headers,
        )
        assert good.json()["bik"] == "044525999" and good.json()["inn"] == "7700000000"
        _, pdf = await _document(client, admin_headers, "invoice")
        text = flat(pdf_text(pdf))
        assert "044525999" in text and "Новый Банк" in text


class TestMoneyAndContext:
    @pytest.mark.parametrize(
        ("amount", "words"),
        [
            ("1", "один рубль 00 копеек"),
            ("2.01", "два рубля 01 копейка"),
            ("11.12", "одиннадцать рублей 12 копеек"),
            ("21.21", "двадцать один рубль 21 копейка"),
            ("887250", "восемьсот восемьдесят семь тысяч двести пятьдесят рублей 00 копеек"),
        ],
    )
    def test_amount_in_words(self, amount: str, words: str) -> None:
        assert amount_in_words(Decimal(amount)) == words

    def test_split_and_format(self) -> None:
        assert split_payment(Decimal("887251"), 50) == (Decimal("443625.50"), Decimal("443625.50"))
        assert sum(split_payment(Decimal("100001"), 33)) == Decimal("100001")
        assert rub(Decimal("2281500")) == "2\u00a0281\u00a0500\u00a0₽"
        assert rub(Decimal("443625.5"), kopecks=True) == "443\u00a0625,50"

    @pytest.mark.parametrize(
        ("mode", "vat", "total"),
        [
            ("none", "0,00", "443\u00a0625,00"),
            ("included", "79\u00a0997,95", "443\u00a0625,00"),
            ("on_top", "97\u00a0597,50", "541\u00a0222,50"),
        ],
    )
    def test_vat_modes(self, mode: str, vat: str, total: str) -> None:
        quote = quote_to_json(
            compute(
                from_snapshot(1, DEFAULT_PRICE_LIST),
                Brief("ai-manager", 30, 4, Hosting.cloud, Sla.p995),
                today=date(2026, 11, 21),
            )
        )
        context = build_context(
            request=DocumentRequest("invoice", CLIENT),
            quote=quote,
            quote_number="2026-X",
            number="СЧ-2026-0001",
            today=date(2026, 11, 21),
            seller={},
            terms=DocumentTerms(mode, 22, 50, 5),
        )
        assert context["invoice"]["vat_amount"] == vat and context["invoice"]["total"] == total
        assert context["invoice"]["due_date"] == "26.11.2026"

    def test_pdf_size_limit(self) -> None:
        with pytest.raises(ValidationFailed) as excinfo:
            html_to_pdf(
                "<p>" + "Очень длинный документ. " * 2000 + "</p>",
                base_url=Path("."),
                max_bytes=10_000,
            )
        assert excinfo.value.code == "document_too_large"
