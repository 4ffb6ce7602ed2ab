"""The registry and the adapter contract: every adapter answers the board's questions, and
the error kinds say whether a retry can help."""

from __future__ import annotations

from typing import get_args

import pytest
from pydantic import SecretStr

from salesbot.integrations import registry
from salesbot.integrations.base import Kind
from salesbot.integrations.errors import (
    OutsideServiceError,
    PermanentError,
    RetryableError,
    error_for_status,
)
from salesbot.integrations.llm import provider_chain
from salesbot.integrations.llm.chain import RecordedModel
from salesbot.settings import LLMProvider, Settings


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


class TestRegistry:
    def test_names_are_unique_and_found(self) -> None:
        names = [adapter.name for adapter in registry.ADAPTERS]
        assert len(names) == len(set(names))
        for adapter in registry.ADAPTERS:
            assert registry.get(adapter.name) is adapter
        assert registry.get("jira") is None  # no adapter, so not on the board
        assert {"trello", "clickup", "shortcut", "github"} <= set(names)

    def test_every_adapter_answers_the_board(self) -> None:
        settings = _settings()
        for adapter in registry.ADAPTERS:
            assert adapter.title and adapter.kind in get_args(Kind)
            assert isinstance(adapter.configured(settings), bool)
            assert isinstance(adapter.details(settings), dict)
            assert callable(adapter.probe)

    def test_details_never_hold_a_secret(self) -> None:
        secret = "sk-SECRET-0123456789abcdef"
        settings = _settings(
            openai_api_key=SecretStr(secret),
            anthropic_api_key=SecretStr(secret),
            openrouter_api_key=SecretStr(secret),
            yandex_api_key=SecretStr(secret),
            yandex_folder_id="b1gfolder0123",
            gigachat_auth_key=SecretStr(secret),
            smtp_host="smtp.example.test",
            smtp_username="mailer@example.test",
            smtp_password=SecretStr(secret),
            trello_api_key=secret,
            trello_token=SecretStr(secret),
            trello_board_id="65f0c0ffee00000000000000",
            clickup_token=SecretStr(secret),
            clickup_list_id="901512345",
            shortcut_token=SecretStr(secret),
            github_token=SecretStr(secret),
            github_project_id="PVT_kwDOproject",
        )
        for adapter in registry.ADAPTERS:
            assert secret not in repr(adapter.details(settings)), adapter.name


class TestLLMChain:
    def test_the_chosen_provider_leads_and_each_is_recorded_by_its_adapter_name(self) -> None:
        settings = _settings(
            llm_provider=LLMProvider.gigachat,
            openai_api_key=SecretStr("sk-test"),
            gigachat_auth_key=SecretStr("Z2lnYTprZXk="),
            llm_base_url="http://127.0.0.1:9/v1",
        )
        chain = provider_chain(settings)
        assert all(isinstance(model, RecordedModel) for model in chain)
        names = [model.integration for model in chain]  # type: ignore[attr-defined]
        assert names == ["gigachat", "openai", "openai_compatible"]

    def test_nothing_configured_means_no_chain(self) -> None:
        assert provider_chain(_settings()) == []


class TestErrors:
    @pytest.mark.parametrize("status", [408, 425, 429, 500, 502, 503, 504])
    def test_a_busy_or_failing_server_is_worth_a_retry(self, status: int) -> None:
        error = error_for_status("svc", status)
        assert isinstance(error, RetryableError) and error.retryable and error.status == status

    @pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
    def test_a_refused_request_is_permanent(self, status: int) -> None:
        error = error_for_status("svc", status)
        assert isinstance(error, PermanentError) and not error.retryable
        assert isinstance(error, OutsideServiceError) and str(error) == f"svc: HTTP {status}"
