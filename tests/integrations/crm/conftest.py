from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from salesbot.settings import Settings
from tests.fakes.amocrm_server import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, FakeAmo

DOMAIN = "example.amocrm.ru"


@pytest.fixture(scope="session")
def amo_server() -> Iterator[FakeAmo]:
    fake = FakeAmo().start()
    yield fake
    fake.stop()


@pytest.fixture
def amo(amo_server: FakeAmo) -> FakeAmo:
    amo_server.reset()
    return amo_server


def amo_settings(settings: Settings, fake: FakeAmo, **overrides: object) -> Settings:
    """The settings of an installation connected (by OAuth) to the fake account."""
    values: dict[str, object] = {
        "amocrm_domain": DOMAIN,
        "amocrm_api_base": fake.origin,
        "amocrm_client_id": CLIENT_ID,
        "amocrm_client_secret": SecretStr(CLIENT_SECRET),
        "amocrm_redirect_uri": REDIRECT_URI,
        "amocrm_requests_per_second": 50.0,  # the rate test sets amoCRM's own 7
        "public_url": "https://bot.example.ru",
        **overrides,
    }
    return settings.model_copy(update=values)
