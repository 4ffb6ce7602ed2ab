"""Documents by e-mail on the customer's request: how customers ask (their own words, from a
set written without the code, and a blind set nobody tuned on), and the whole way from
"пришлите на почту" to a real SMTP server receiving the PDF."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from salesbot.dialog.nlu.mail import asks_by_mail
from salesbot.dialog.nlu.slots import company_name
from salesbot.settings import Settings
from tests.conftest import process_settings
from tests.crm.conftest import Chat
from tests.queue import drain
from tests.smtp import SmtpServer, mail_settings, smtp

__all__ = ["smtp"]

DATA = Path(__file__).parent / "data"
QUOTE = (
    "Здравствуйте! Нужен ИИ-Менеджер",
    "у нас 30 менеджеров",
    "интеграция с амо и 1С",
    "облако",
    "стандартный sla",
    "Всё верно",
)


def _examples(*names: str) -> tuple[list[str], list[str]]:
    asks: list[str] = []
    others: list[str] = []
    for name in names:
        data = json.loads((DATA / name).read_text("utf-8"))
        asks += [item["text"] for item in data["asks_by_mail"]]
        others += [item["text"] for item in data["not_a_mail_request"]]
    return asks, others


class TestHowCustomersAsk:
    def test_the_development_set(self) -> None:
        """65 + 25 messages written by a helper that never saw the code; the second file was
        read while the rules were written, so it counts as development data too."""
        asks, others = _examples("mail_requests.json", "mail_requests_holdout.json")
        missed = [text for text in asks if not asks_by_mail(text)]
        mistaken = [text for text in others if asks_by_mail(text)]
        assert (missed, mistaken) == ([], [])

    def test_the_blind_set_nobody_read(self) -> None:
        """35 messages written afterwards, never opened while developing: measured, not tuned
        (32 of 35 when written; the floor guards against a regression)."""
        asks, others = _examples("mail_requests_blind.json")
        right = sum(map(asks_by_mail, asks)) + sum(not asks_by_mail(text) for text in others)
        assert right / (len(asks) + len(others)) >= 0.85

    @pytest.mark.parametrize(
        ("text", "company"),
        [
            ("Мы ООО «Ромашка», нужен бот", "ООО «Ромашка»"),
            ('Мы — ООО "Вектор-М", 40 человек', "ООО «Вектор-М»"),
            ("Сергей, ИП Волков. КП пришлите", "ИП Волков"),
            ("работаю в фирме «Альфа Логистик»", "«Альфа Логистик»"),
            ("нужен бот для отдела продаж", None),
            ("ИИ-Менеджер для ООО подойдёт?", None),
        ],
    )
    def test_the_customer_s_company_is_read_with_its_legal_form(
        self, text: str, company: str | None
    ) -> None:
        assert company_name(text) == company


@pytest.fixture
def settings(database_url: str, tmp_path: Path, smtp: SmtpServer) -> Settings:
    return mail_settings(
        database_url,
        tmp_path,
        smtp,
        smtp_from="Нейрокод <noreply@neurocode.example>",
        job_retry_base_seconds=0.1,
    )


class TestTheWay:
    async def test_asked_by_mail_with_the_address_the_pdf_arrives_once(
        self, client: httpx.AsyncClient, settings: Settings, smtp: SmtpServer
    ) -> None:
        chat = await Chat.start(client)
        await chat.say(*QUOTE)
        said = await chat.say("Меня зовут Ольга, пришлите кп на olga@romashka.ru")
        assert "Отправил на olga@romashka.ru: Коммерческое предложение №" in said
        await chat.say("и на почту тоже продублируйте кп")  # the same again: one mail
        await drain(settings, rounds=4, pause=0.2)
        [mail] = smtp.mails
        assert mail.recipients == ["olga@romashka.ru"]
        [pdf] = [part for part in mail.message.iter_attachments()]
        assert pdf.get_content_type() == "application/pdf"
        assert pdf.get_filename().startswith("Коммерческое предложение")
        assert pdf.get_content()[:4] == b"%PDF"

    async def test_without_an_address_it_is_asked_for_then_used(
        self, client: httpx.AsyncClient, settings: Settings, smtp: SmtpServer
    ) -> None:
        chat = await Chat.start(client)
        await chat.say(*QUOTE)
        asked = await chat.say("а договор можно на почту?")
        assert "адрес электронной почты" in asked and "Договор №" in asked
        sent = await chat.say("ivan.petrov@mail.ru")
        assert "Отправил на ivan.petrov@mail.ru: Договор №" in sent
        await drain(settings, rounds=4, pause=0.2)
        [mail] = smtp.mails
        assert [a.get_filename().split()[0] for a in mail.message.iter_attachments()] == ["Договор"]


class TestWithoutMail:
    @pytest.fixture
    def settings(self, database_url: str, tmp_path: Path) -> Settings:
        return process_settings(database_url, tmp_path)  # no SMTP_HOST

    async def test_the_file_stays_in_the_chat_and_the_customer_is_told(
        self, client: httpx.AsyncClient, settings: Settings, smtp: SmtpServer
    ) -> None:
        chat = await Chat.start(client)
        await chat.say(*QUOTE)
        said = await chat.say("скиньте счёт на buh@firma.ru")
        assert "не получится" in said and "Счёт №" in said
        await drain(settings, rounds=2, pause=0.1)
        assert smtp.mails == []
