from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from salesbot.cli import app
from salesbot.config_docs import render_configuration_reference
from salesbot.config_report import integrations, masked
from salesbot.settings import Settings
from tests.conftest import ROOT

runner = CliRunner()


def _env(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SALESBOT_DATA_DIR": str(tmp_path),
        "ENVIRONMENT": "test",
        "LOG_TO_FILE": "false",
        **extra,
    }


def _salesbot(
    args: list[str], env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "salesbot.cli", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class TestHelp:
    @pytest.mark.parametrize(
        "args", [[], ["users"], ["config"], ["serve"], ["worker"], ["migrate"], ["pii"]]
    )
    def test_help_everywhere(self, args: list[str]) -> None:
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0
        assert "Usage" in result.output


class TestUsersCreate:
    def test_creates_an_operator_and_refuses_a_duplicate(
        self, database_url: str, tmp_path: Path, clean_db: None
    ) -> None:
        env = _env(database_url, tmp_path)
        args = [
            "users",
            "create",
            "--email",
            "Boss@Example.com",
            "--password",
            "long-enough-1",
            "--role",
            "admin",
        ]
        created = _salesbot(args, env)
        assert created.returncode == 0, created.stderr
        assert "Created admin boss@example.com" in created.stdout
        again = _salesbot(args, env)
        assert again.returncode == 1
        assert "уже существует" in again.stderr

    def test_weak_password_and_bad_role(
        self, database_url: str, tmp_path: Path, clean_db: None
    ) -> None:
        env = _env(database_url, tmp_path)
        weak = _salesbot(
            ["users", "create", "--email", "a@example.com", "--password", "short"], env
        )
        assert weak.returncode == 1 and "не менее 8" in weak.stderr
        role = _salesbot(
            [
                "users",
                "create",
                "--email",
                "a@example.com",
                "--password",
                "x" * 9,
                "--role",
                "root",
            ],
            env,
        )
        assert role.returncode == 2


class TestConfig:
    def test_check_masks_secrets_and_names_what_is_missing(
        self, tmp_path: Path, database_url: str
    ) -> None:
        env = _env(
            database_url,
            tmp_path,
            TELEGRAM_BOT_TOKEN="123456:SECRET-TOKEN-VALUE-abcdefghijklmnopqrstu",
            AMOCRM_DOMAIN="example.amocrm.ru",
            JWT_SECRET_KEY="super-secret-jwt-key-value",
            COLUMNS="200",
        )
        result = _salesbot(["config", "check"], env)
        assert result.returncode == 1  # incomplete integrations
        assert "SECRET-TOKEN-VALUE" not in result.stdout
        assert "super-secret-jwt-key-value" not in result.stdout
        assert "TELEGRAM_WEBHOOK_URL" in result.stdout
        assert "AMOCRM_ACCESS_TOKEN" in result.stdout

    def test_integration_states(self) -> None:
        s = Settings(
            _env_file=None, yookassa_shop_id="1", yookassa_secret_key="k", smtp_host="mail"
        )  # type: ignore[call-arg]
        states = {i.name: i.state for i in integrations(s)}
        assert states["yookassa"] == "on" and states["smtp"] == "on" and states["avito"] == "off"
        assert masked("postgresql://u:pw@h/db") == "postgresql://u:****@h/db"

    def test_configuration_reference_is_current(self) -> None:
        reference = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
        assert reference == render_configuration_reference(), "run `salesbot config docs`"
        for name in Settings.model_fields:
            assert f"`{name.upper()}" in reference


class TestChat:
    def test_terminal_conversation_reaches_a_quote(
        self, database_url: str, tmp_path: Path, clean_db: None
    ) -> None:
        script = "Здравствуйте\n1\nнас 20 человек\nамо и 1С\nоблако\n2\n1\n\n"  # 1: «Всё верно»
        result = _salesbot(["chat"], _env(database_url, tmp_path), stdin=script)
        assert result.returncode == 0, result.stderr
        assert "682 500 ₽" in result.stdout.replace("\u00a0", " ")  # 350 000 × 1.5 × 1.3
        assert "1. Облако" in result.stdout  # buttons become numbered options


class TestUsersRecovery:
    def test_list_deactivate_activate_set_role_and_password(
        self, database_url: str, tmp_path: Path, clean_db: None
    ) -> None:
        env = _env(database_url, tmp_path)
        for email, role in (("boss@example.com", "admin"), ("anna@example.com", "manager")):
            made = _salesbot(
                [
                    "users",
                    "create",
                    "--email",
                    email,
                    "--password",
                    "long-enough-1",
                    "--role",
                    role,
                ],
                env,
            )
            assert made.returncode == 0, made.stderr

        listed = _salesbot(["users", "list"], env)
        assert "boss@example.com" in listed.stdout and "anna@example.com" in listed.stdout

        last = _salesbot(["users", "deactivate", "boss@example.com"], env)
        assert last.returncode == 1 and "последний активный администратор" in last.stderr
        demote = _salesbot(["users", "set-role", "boss@example.com", "manager"], env)
        assert demote.returncode == 1

        assert _salesbot(["users", "set-role", "anna@example.com", "admin"], env).returncode == 0
        off = _salesbot(["users", "deactivate", "boss@example.com"], env)
        assert off.returncode == 0 and "can no longer log in" in off.stdout
        assert _salesbot(["users", "activate", "boss@example.com"], env).returncode == 0

        reset = _salesbot(
            ["users", "set-password", "boss@example.com"],
            env,
            stdin="a-new-secret-1\na-new-secret-1\n",
        )
        assert reset.returncode == 0, reset.stderr
        unknown = _salesbot(["users", "deactivate", "nobody@example.com"], env)
        assert unknown.returncode == 1 and "не найден" in unknown.stderr
