"""The SMTP mailer against a real SMTP server (aiosmtpd): the message as it arrives, TLS
both ways with a private CA, login, and how the server's refusals and absence are told."""

from __future__ import annotations

from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from salesbot.db.engine import Database
from salesbot.integrations import outcomes
from salesbot.integrations.errors import PermanentError, RetryableError
from salesbot.integrations.mail import Mail, MailAttachment, SmtpMailer, get_mailer
from salesbot.models import IntegrationStatus
from salesbot.settings import Settings
from tests.smtp import HOST, Certificates, SmtpServer, free_port, make_certificates

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"
FILE_NAME = "Коммерческое предложение КП-2026-0001.pdf"
SUBJECT = "Новый лид: ИИ-Юрист, 887 250 ₽ — стоит посмотреть"
SENDER = "Нейрокод · отдел продаж <sales@neurocode.example>"


def a_mail(**changes: Any) -> Mail:
    values: dict[str, Any] = {
        "to": ("manager@example.com",),
        "subject": SUBJECT,
        "text": "Здравствуйте!\nСумма: 887 250 ₽.\n",
        "html": "<p>Здравствуйте!</p><p>Сумма: <b>887 250 ₽</b></p>",
        "message_id": "<0b7e0f4c-mail@neurocode.example>",
        "reply_to": "sales@neurocode.example",
        "attachments": (MailAttachment(FILE_NAME, PDF, "application/pdf"),),
    }
    return Mail(**{**values, **changes})


def mailer(settings: Settings, server: SmtpServer, **changes: Any) -> SmtpMailer:
    configured = settings.model_copy(
        update={
            "smtp_host": HOST,
            "smtp_port": server.port,
            "smtp_from": SENDER,
            "smtp_timeout_seconds": 3.0,
            **changes,
        }
    )
    built = get_mailer(configured)
    assert isinstance(built, SmtpMailer)
    return built


@pytest.fixture(scope="session")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("smtp-ca"))


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    running = SmtpServer().start()
    yield running
    running.stop()


@pytest.fixture(autouse=True)
async def _board(fresh_board: None) -> None:
    """Every test here starts with a fresh integration board (tests/conftest.py)."""


class TestTheMessage:
    async def test_headers_arrive_decoded_and_the_raw_headers_are_plain_ascii(
        self, settings: Settings, server: SmtpServer
    ) -> None:
        await mailer(settings, server).send(a_mail())

        [received] = server.mails
        assert received.sender == "sales@neurocode.example"
        assert received.recipients == ["manager@example.com"]
        raw_headers = received.raw.split(b"\r\n\r\n", 1)[0]
        assert raw_headers.isascii()  # RFC 2047: Cyrillic travels encoded
        message = received.message
        assert message["Subject"] == SUBJECT
        assert message["From"].addresses[0].display_name == "Нейрокод · отдел продаж"
        assert message["From"].addresses[0].addr_spec == "sales@neurocode.example"
        assert message["To"] == "manager@example.com"
        assert message["Reply-To"] == "sales@neurocode.example"
        assert message["Message-ID"] == "<0b7e0f4c-mail@neurocode.example>"
        assert parsedate_to_datetime(message["Date"]).tzinfo is not None

    async def test_a_long_cyrillic_subject_keeps_every_space_where_it_is_folded(
        self, settings: Settings, server: SmtpServer
    ) -> None:
        subject = (
            "Оплата получена: 443 625 ₽ по счёту № СЧ-2026-0007 — ИИ-Юрист, пакет «Оптимум», "
            "30 пользователей, 4 интеграции, SLA 99,5 %, облако"
        )
        await mailer(settings, server).send(a_mail(subject=subject))

        raw_headers = server.mails[0].raw.split(b"\r\n\r\n", 1)[0]
        assert max(len(line) for line in raw_headers.split(b"\r\n")) <= 78
        assert server.mails[0].message["Subject"] == subject

    async def test_text_and_html_are_alternatives_beside_the_pdf(
        self, settings: Settings, server: SmtpServer
    ) -> None:
        await mailer(settings, server).send(a_mail())

        message = server.mails[0].message
        assert message.get_content_type() == "multipart/mixed"
        alternative, pdf = message.iter_parts()
        assert alternative.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in alternative.iter_parts()] == [
            "text/plain",
            "text/html",
        ]
        # Text travels in its canonical form, lines ending in CRLF.
        text = message.get_body(("plain",)).get_content()
        assert text.replace("\r\n", "\n") == "Здравствуйте!\nСумма: 887 250 ₽.\n"
        assert "<b>887 250 ₽</b>" in message.get_body(("html",)).get_content()
        assert pdf.get_content_type() == "application/pdf"
        assert pdf.get_content_disposition() == "attachment"
        assert pdf.get_filename() == FILE_NAME
        assert pdf.get_content() == PDF  # byte for byte

    async def test_a_text_only_mail_is_one_plain_part(
        self, settings: Settings, server: SmtpServer
    ) -> None:
        await mailer(settings, server).send(a_mail(html=None, attachments=(), reply_to=None))

        message = server.mails[0].message
        assert message.get_content_type() == "text/plain"
        assert message["Reply-To"] is None
        assert message.get_content().replace("\r\n", "\n") == "Здравствуйте!\nСумма: 887 250 ₽.\n"


class TestTls:
    async def test_starttls_when_the_server_offers_it(
        self, settings: Settings, certificates: Certificates
    ) -> None:
        server = SmtpServer(mode="starttls", certificates=certificates).start()
        try:
            await mailer(settings, server, smtp_ca_file=certificates.ca_file).send(a_mail())
        finally:
            server.stop()
        assert server.recorder.tls_sessions == [True]
        assert server.mails[0].message["Subject"] == SUBJECT

    async def test_implicit_tls(self, settings: Settings, certificates: Certificates) -> None:
        server = SmtpServer(mode="tls", certificates=certificates).start()
        try:
            await mailer(
                settings, server, smtp_use_tls=True, smtp_ca_file=certificates.ca_file
            ).send(a_mail())
        finally:
            server.stop()
        assert len(server.mails) == 1
        assert server.mails[0].message.get_body(("html",)) is not None

    async def test_a_certificate_from_an_untrusted_ca_is_refused(
        self, settings: Settings, certificates: Certificates
    ) -> None:
        server = SmtpServer(mode="tls", certificates=certificates).start()
        try:
            with pytest.raises(RetryableError, match="CERTIFICATE_VERIFY_FAILED"):
                await mailer(settings, server, smtp_use_tls=True).send(a_mail())
        finally:
            server.stop()
        assert server.mails == []


class TestLogin:
    async def test_login_over_starttls(
        self, settings: Settings, certificates: Certificates
    ) -> None:
        server = SmtpServer(
            mode="starttls", certificates=certificates, logins={"salesbot": "пароль-42"}
        ).start()
        try:
            sender = mailer(
                settings,
                server,
                smtp_ca_file=certificates.ca_file,
                smtp_username="salesbot",
                smtp_password=SecretStr("пароль-42"),
            )
            await sender.send(a_mail())
        finally:
            server.stop()
        assert len(server.mails) == 1

    async def test_a_refused_login_is_permanent(
        self, settings: Settings, certificates: Certificates
    ) -> None:
        server = SmtpServer(
            mode="starttls", certificates=certificates, logins={"salesbot": "пароль-42"}
        ).start()
        try:
            sender = mailer(
                settings,
                server,
                smtp_ca_file=certificates.ca_file,
                smtp_username="salesbot",
                smtp_password=SecretStr("wrong"),
            )
            with pytest.raises(PermanentError) as caught:
                await sender.send(a_mail())
        finally:
            server.stop()
        assert caught.value.status == 535
        assert "wrong" not in str(caught.value)
        assert server.mails == []

    async def test_no_login_in_the_clear_when_the_server_offers_no_starttls(
        self, settings: Settings, server: SmtpServer
    ) -> None:
        sender = mailer(
            settings, server, smtp_username="salesbot", smtp_password=SecretStr("пароль-42")
        )

        with pytest.raises(PermanentError, match="STARTTLS"):
            await sender.send(a_mail())
        assert server.mails == []


class TestFailures:
    async def test_a_refused_recipient_is_permanent_and_not_named(
        self, settings: Settings, server: SmtpServer
    ) -> None:
        server.recorder.refuse["nobody@example.com"] = (
            "550 5.1.1 <nobody@example.com>: no such user"
        )

        with pytest.raises(PermanentError) as caught:
            await mailer(settings, server).send(a_mail(to=("nobody@example.com",)))

        assert caught.value.status == 550
        assert "nobody@example.com" not in str(caught.value)
        assert server.mails == []

    async def test_a_busy_mailbox_is_retryable(
        self, settings: Settings, server: SmtpServer
    ) -> None:
        server.recorder.refuse["busy@example.com"] = "450 4.2.1 mailbox busy, try later"

        with pytest.raises(RetryableError) as caught:
            await mailer(settings, server).send(a_mail(to=("busy@example.com",)))
        assert caught.value.status == 450

    async def test_one_refused_among_several_still_reaches_the_others(
        self, settings: Settings, server: SmtpServer
    ) -> None:
        server.recorder.refuse["gone@example.com"] = "550 5.1.1 no such user"

        await mailer(settings, server).send(a_mail(to=("gone@example.com", "anna@example.com")))

        assert server.mails[0].recipients == ["anna@example.com"]

    async def test_a_server_that_is_down_is_retryable_and_shows_on_the_board(
        self, settings: Settings, database: Database
    ) -> None:
        down = SmtpServer(port=free_port())  # never started

        with pytest.raises(RetryableError, match="unreachable"):
            await mailer(settings, down).send(a_mail())

        await outcomes.recorder.flush()
        async with database.transaction() as session:
            status = await session.get(IntegrationStatus, "smtp")
        assert status is not None and status.healthy is False
        assert status.last_error is not None and "unreachable" in status.last_error

    async def test_without_smtp_host_there_is_no_mailer(self, settings: Settings) -> None:
        assert get_mailer(settings) is None


def test_the_ca_file_setting_is_a_path(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, smtp_ca_file=str(tmp_path / "ca.pem"))  # type: ignore[call-arg]
    assert settings.smtp_ca_file == tmp_path / "ca.pem"
