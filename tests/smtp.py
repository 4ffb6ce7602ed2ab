"""A real SMTP server for tests (aiosmtpd, in its own thread), and a private certificate
authority made with `cryptography` for its TLS: the mailer trusts it through SMTP_CA_FILE."""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from salesbot.settings import Settings
from tests.conftest import process_settings

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Certificates:
    ca_file: Path  # what the client trusts (SMTP_CA_FILE)
    cert_file: Path  # the server's certificate for 127.0.0.1, signed by the CA
    key_file: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context


def make_certificates(folder: Path) -> Certificates:
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Salesbot test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(IPv4Address(HOST)), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    files = Certificates(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    files.ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return files


@dataclass
class Received:
    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Recorder:
    """The server's handler: keeps every mail; refuses the addresses in `refuse`."""

    refuse: dict[str, str] = field(default_factory=dict)  # address → the server's answer
    mails: list[Received] = field(default_factory=list)
    tls_sessions: list[bool] = field(default_factory=list)  # was each mail sent over TLS?

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.mails.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        self.tls_sessions.append(session.ssl is not None)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


class SmtpServer:
    """An aiosmtpd server on 127.0.0.1 that can be stopped and started again on its port
    (an outage). `mode`: plain, starttls or tls (implicit)."""

    def __init__(
        self,
        *,
        mode: str = "plain",
        certificates: Certificates | None = None,
        logins: dict[str, str] | None = None,
        port: int | None = None,
    ) -> None:
        self.mode = mode
        self.certificates = certificates
        self.logins = logins
        self.port = port or free_port()
        self.recorder = Recorder()
        self._controller: Controller | None = None

    @property
    def mails(self) -> list[Received]:
        return self.recorder.mails

    def start(self) -> SmtpServer:
        options: dict[str, Any] = {}
        if self.mode != "plain":
            assert self.certificates is not None
            context = self.certificates.server_context()
            options["ssl_context" if self.mode == "tls" else "tls_context"] = context
        if self.logins is not None:
            options |= {"authenticator": self._authenticate, "auth_required": True}
        self._controller = Controller(
            self.recorder, hostname=HOST, port=self.port, ready_timeout=5, **options
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        assert self.logins is not None
        if isinstance(auth_data, LoginPassword):
            login, password = auth_data.login.decode(), auth_data.password.decode()
            if self.logins.get(login) == password:
                return AuthResult(success=True)
        # handled=False: the server answers 535 itself.
        return AuthResult(success=False, handled=False)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A plain SMTP server for the test (import the fixture where it is needed)."""
    server = SmtpServer().start()
    yield server
    server.stop()


def mail_settings(
    database_url: str, tmp_path: Path, smtp: SmtpServer, **overrides: Any
) -> Settings:
    """The test's settings with mail on, through `smtp`, made the process's settings."""
    return process_settings(
        database_url, tmp_path, smtp_host=HOST, smtp_port=smtp.port, **overrides
    )
