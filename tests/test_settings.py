from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from salesbot.errors import ConfigurationError
from salesbot.settings import Settings, complete_secrets
from tests.conftest import ROOT


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper() in {f.upper() for f in Settings.model_fields} | {"UPSTASH_REDIS_URL"}:
            monkeypatch.delenv(name)


class TestDefaults:
    def test_limits_of_the_specification(self) -> None:
        s = _settings()
        assert (s.max_pdf_size_mb, s.session_ttl_days, s.max_concurrent_users) == (10, 30, 100)
        assert (s.rate_limit_per_minute, s.max_message_length, s.max_context_messages) == (
            60,
            4000,
            20,
        )
        assert (s.llm_timeout_seconds, s.max_retries, s.max_payment_attempts) == (30, 3, 3)
        assert (s.payment_link_ttl_hours, s.max_attachments) == (24, 5)
        assert (s.jwt_algorithm, s.jwt_expire_minutes) == ("HS256", 1440)
        assert s.uses_embedded_database and s.runs_embedded_worker

    def test_limits_are_validated(self) -> None:
        with pytest.raises(ValidationError):
            _settings(max_message_length=0)
        with pytest.raises(ValidationError):
            _settings(jwt_algorithm="none")


class TestEnvironment:
    def test_aliases_and_lists(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("UPSTASH_REDIS_URL", "rediss://default:pw@eu1.upstash.io:6379")
        monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
        monkeypatch.setenv(
            "SUPABASE_URL", "postgresql://postgres:pw@db.abc.supabase.co:5432/postgres"
        )
        s = _settings()
        assert s.redis_url == "rediss://default:pw@eu1.upstash.io:6379"
        assert s.cors_origins == ["https://a.example", "https://b.example"]
        assert s.database_url == "postgresql://postgres:pw@db.abc.supabase.co:5432/postgres"
        assert not s.runs_embedded_worker

    def test_supabase_rest_url_is_a_clear_error(self) -> None:
        with pytest.raises(ValidationError, match="Postgres connection string"):
            _settings(supabase_url="https://abc.supabase.co")

    def test_env_file_is_read(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        (tmp_path / ".env").write_text(
            "RATE_LIMIT_PER_MINUTE=7  # per IP\nLOG_LEVEL=debug\n"
            "EMBEDDED_WORKER=\nDOCUMENTS_PATH=\nTELEGRAM_BOT_TOKEN=   # not yet\n"
        )
        monkeypatch.chdir(tmp_path)
        s = Settings()
        assert s.rate_limit_per_minute == 7 and s.log_level == "DEBUG"
        assert (
            s.embedded_worker is None and s.documents_path is None and s.telegram_bot_token is None
        )

    def test_env_example_is_a_valid_configuration(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        example = (ROOT / ".env.example").read_text()
        (tmp_path / ".env").write_text(example)
        monkeypatch.chdir(tmp_path)
        s = Settings()
        assert s.database_url is None and s.rate_limit_per_minute == 60
        documented = {
            line.split("=", 1)[0]
            for line in example.splitlines()
            if "=" in line and not line.startswith("#")
        }
        assert documented == {name.upper() for name in Settings.model_fields}


class TestSecrets:
    def test_production_refuses_to_start_without_secrets(self, tmp_path: Path) -> None:
        with pytest.raises(ConfigurationError, match="JWT_SECRET_KEY"):
            complete_secrets(_settings(environment="production", salesbot_data_dir=tmp_path))
        assert not (tmp_path / "secrets.json").exists()

    def test_production_refuses_to_start_on_the_embedded_database(self, tmp_path: Path) -> None:
        secrets = {
            name: "s" * 40 for name in ("jwt_secret_key", "pii_encryption_key", "pii_hash_key")
        }
        with pytest.raises(ConfigurationError, match="DATABASE_URL"):
            complete_secrets(
                _settings(environment="production", salesbot_data_dir=tmp_path, **secrets)
            )

    def test_production_refuses_a_short_jwt_secret(self, tmp_path: Path) -> None:
        with pytest.raises(ConfigurationError, match=r"JWT_SECRET_KEY.*32"):
            complete_secrets(
                _settings(
                    environment="production",
                    salesbot_data_dir=tmp_path,
                    database_url="postgresql://db.internal/salesbot",
                    jwt_secret_key="x",
                    pii_encryption_key="p" * 40,
                    pii_hash_key="h" * 40,
                )
            )

    def test_production_starts_with_everything_set(self, tmp_path: Path) -> None:
        settings = complete_secrets(
            _settings(
                environment="production",
                salesbot_data_dir=tmp_path,
                database_url="postgresql://db.internal/salesbot",
                jwt_secret_key="j" * 32,
                pii_encryption_key="p" * 40,
                pii_hash_key="h" * 40,
            )
        )
        assert settings.is_production

    def test_development_generates_secrets_once(self, tmp_path: Path) -> None:
        first = complete_secrets(_settings(salesbot_data_dir=tmp_path))
        second = complete_secrets(_settings(salesbot_data_dir=tmp_path))
        assert first.jwt_secret_key is not None and second.jwt_secret_key is not None
        assert first.jwt_secret_key.get_secret_value() == second.jwt_secret_key.get_secret_value()
        stored = tmp_path / "secrets.json"
        assert stored.stat().st_mode & 0o777 == 0o600
        assert set(json.loads(stored.read_text())) == {
            "jwt_secret_key",
            "pii_encryption_key",
            "pii_hash_key",
        }

    def test_given_secrets_are_kept(self, tmp_path: Path) -> None:
        s = complete_secrets(
            _settings(salesbot_data_dir=tmp_path, jwt_secret_key="mine-" + "k" * 30)
        )
        assert s.jwt_secret_key is not None and s.jwt_secret_key.get_secret_value().startswith(
            "mine-"
        )
