from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from salesbot.assistant import endpoints
from tests.crm.conftest import amo, amo_server, connected, settings
from tests.fakes.amocrm_server import MAIN_PIPELINE, FakeAmo

__all__ = ["amo", "amo_server", "connected", "settings"]

# Monday 7 December 2026, 12:00 in Moscow: «завтра» is Tuesday, «в пятницу» is the 11th.
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
ORIGIN = "https://example.amocrm.ru"
URL = "/api/v1/amocrm-assistant/messages"


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(endpoints, "utcnow", lambda: NOW)


class Manager:
    """A manager in amoCRM talking to the assistant through the widget."""

    def __init__(self, client: httpx.AsyncClient, amo: FakeAmo, user_id: int) -> None:
        self.client, self.amo, self.user_id = client, amo, user_id

    async def ask(
        self, text: str, *, card: tuple[str, int] | None = None, token: str | None = None
    ) -> httpx.Response:
        context: dict[str, Any] = {"area": "dashboard"}
        if card is not None:
            area = {"leads": "lcard", "contacts": "ccard", "companies": "comcard"}[card[0]]
            context = {"area": area, "entity_type": card[0], "entity_id": card[1]}
        headers = {
            "X-Auth-Token": token or self.amo.disposable_token(self.user_id),
            "Origin": ORIGIN,
        }
        return await self.client.post(URL, json={"text": text, "context": context}, headers=headers)

    async def says(self, text: str, **options: Any) -> dict[str, Any]:
        answer = await self.ask(text, **options)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body


def seed_deals(amo: FakeAmo) -> dict[str, Any]:
    """A small account: three clients, their deals at different stages and ages."""
    olga = amo.add_contact("Ольга Петрова", phone="+79161234567", email="olga@romashka.ru")
    ivan = amo.add_contact("Иван Смирнов", phone="+79035550102")
    ivan2 = amo.add_contact("Иван Кузнецов", email="kuznetsov@vector.ru")
    romashka = amo.add_company("ООО «Ромашка»")
    vector = amo.add_company("Вектор")
    first = amo.add_lead(
        name="Внедрение ИИ-Менеджера", price=450000, pipeline_id=MAIN_PIPELINE, status_id=2031,
        _embedded={"contacts": [{"id": olga["id"]}], "companies": [{"id": romashka["id"]}]},
    )  # fmt: skip
    second = amo.add_lead(
        name="Поддержка Ромашки", price=90000, pipeline_id=MAIN_PIPELINE, status_id=2030,
        _embedded={"companies": [{"id": romashka["id"]}]},
    )  # fmt: skip
    third = amo.add_lead(
        name="ИИ-Юрист для Вектора", price=300000, pipeline_id=MAIN_PIPELINE, status_id=2032,
        _embedded={"contacts": [{"id": ivan2["id"]}], "companies": [{"id": vector["id"]}]},
    )  # fmt: skip
    # Ages by the assistant's frozen clock, not the fake's real one: a run late on the 7th
    # (past midnight in Moscow) would otherwise create them "tomorrow".
    last_week = int(datetime(2026, 12, 2, 10, 0, tzinfo=UTC).timestamp())
    this_morning = int((NOW - timedelta(hours=1)).timestamp())
    amo.leads[first["id"]]["created_at"] = last_week
    for lead in (second, third):
        amo.leads[lead["id"]]["created_at"] = amo.leads[lead["id"]]["updated_at"] = this_morning
    return {"olga": olga, "ivan": ivan, "ivan2": ivan2, "first": first, "second": second,
            "third": third, "romashka": romashka}  # fmt: skip
