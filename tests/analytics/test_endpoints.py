"""The analytics API as the dashboard calls it: JSON shapes, CSV files, errors, access."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from fastapi import FastAPI

from salesbot.channels.memory import MemoryChannel
from salesbot.db.engine import Database
from salesbot.models import Role
from tests.analytics.factories import build_history
from tests.conftest import create_user, login

PERIOD = {"from": "2026-03-01", "to": "2026-03-02"}


@pytest.fixture
async def manager(client: httpx.AsyncClient, database: Database) -> dict[str, str]:
    email, password = await create_user(database, role=Role.manager)
    return {"Authorization": f"Bearer {await login(client, email, password)}"}


@pytest.fixture
async def history(database: Database, client: httpx.AsyncClient) -> None:
    async with database.transaction() as session:
        await build_history(session)


def rows(response: httpx.Response) -> list[list[str]]:
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


class TestAccess:
    async def test_without_a_token_401(self, client: httpx.AsyncClient) -> None:
        for path in ("summary", "daily", "export.csv"):
            response = await client.get(f"/api/v1/analytics/{path}")
            assert response.status_code == 401
            assert response.json()["error"]["code"] == "not_authenticated"

    async def test_a_manager_reads_the_default_period(
        self, client: httpx.AsyncClient, manager: dict[str, str]
    ) -> None:
        summary = await client.get("/api/v1/analytics/summary", headers=manager)
        assert summary.status_code == 200
        body = summary.json()
        assert set(body) == {
            "period",
            "funnel",
            "conversion",
            "channels",
            "automation",
            "response_time",
            "nps",
            "revenue",
            "targets",
        }
        assert body["revenue"] == {"paid": "0", "payments": 0, "average": None}
        daily = (await client.get("/api/v1/analytics/daily", headers=manager)).json()
        assert len(daily) == 30
        assert (
            daily[0]["day"] == body["period"]["from"] and daily[-1]["day"] == body["period"]["to"]
        )


class TestJson:
    async def test_summary_and_daily(
        self, client: httpx.AsyncClient, manager: dict[str, str], history: None
    ) -> None:
        summary = (
            await client.get("/api/v1/analytics/summary", params=PERIOD, headers=manager)
        ).json()
        assert summary["period"] == PERIOD
        assert [s["count"] for s in summary["funnel"]] == [4, 2, 2, 2, 1, 1]
        assert summary["conversion"] == {"leads": 3, "applications": 2, "rate": 0.6667}
        assert summary["automation"] == {"conversations": 4, "handed_off": 2, "rate": 0.5}
        assert summary["response_time"] == {"p50_ms": 1200, "p95_ms": 2720, "replies": 5}
        assert summary["nps"]["score"] == 25
        telegram = (
            await client.get(
                "/api/v1/analytics/summary",
                params={**PERIOD, "channel": "telegram"},
                headers=manager,
            )
        ).json()
        assert telegram["channels"] == [
            {"channel": "telegram", "conversations": 1, "leads": 1, "applications": 1, "rate": 1.0}
        ]
        daily = (await client.get("/api/v1/analytics/daily", params=PERIOD, headers=manager)).json()
        assert [(d["day"], d["conversations"], d["manager"]) for d in daily] == [
            ("2026-03-01", 2, 0),
            ("2026-03-02", 2, 1),
        ]


class TestCsv:
    async def test_daily(
        self, client: httpx.AsyncClient, manager: dict[str, str], history: None
    ) -> None:
        response = await client.get(
            "/api/v1/analytics/export.csv", params={**PERIOD, "report": "daily"}, headers=manager
        )
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        assert response.headers["content-disposition"] == (
            'attachment; filename="analytics-daily-2026-03-01-2026-03-02.csv"'
        )
        assert rows(response) == [
            [
                "Дата",
                "Новые диалоги",
                "Сообщения клиентов",
                "Сообщения бота",
                "Сообщения менеджеров",
                "Новые лиды",
                "Передано менеджеру",
            ],
            ["01.03.2026", "2", "2", "3", "0", "2", "1"],
            ["02.03.2026", "2", "1", "2", "1", "1", "1"],
        ]

    async def test_summary(
        self, client: httpx.AsyncClient, manager: dict[str, str], history: None
    ) -> None:
        response = await client.get("/api/v1/analytics/export.csv", params=PERIOD, headers=manager)
        table = rows(response)
        assert table[0] == ["Показатель", "Значение", "Цель"]
        values = {row[0]: row[1:] for row in table[1:]}
        assert values["Период"] == ["01.03.2026 – 02.03.2026", ""]
        assert values["Канал"] == ["Все каналы", ""]
        assert values["Обращения"] == ["4", ""]
        assert values["Сделка выиграна"] == ["1", ""]
        assert values["Конверсия лида в заявку, %"] == ["66,67", "25,00"]
        assert values["Диалоги без участия менеджера, %"] == ["50,00", "80,00"]
        assert values["Время ответа бота, 95-й перцентиль, мс"] == ["2720", "3000"]
        assert values["NPS"] == ["25", "60"]

    async def test_channels_with_a_filter_in_the_name(
        self, app: FastAPI, client: httpx.AsyncClient, manager: dict[str, str], history: None
    ) -> None:
        # A channel is named by its adapter (the one source of channel names).
        app.state.runtime.channels.add(MemoryChannel(name="avito", label="Авито"))
        response = await client.get(
            "/api/v1/analytics/export.csv",
            params={**PERIOD, "report": "channels", "channel": "avito"},
            headers=manager,
        )
        assert (
            'filename="analytics-channels-2026-03-01-2026-03-02-avito.csv"'
            in (response.headers["content-disposition"])
        )
        assert rows(response) == [
            ["Канал", "Диалоги", "Лиды", "Заявки", "Конверсия лида в заявку, %"],
            ["Авито", "1", "0", "0", ""],
        ]


class TestValidation:
    @pytest.mark.parametrize(
        ("params", "code", "words"),
        [
            ({"from": "2026-03-05", "to": "2026-03-01"}, "invalid_period", "позже его конца"),
            ({"from": "2025-01-01", "to": "2026-06-01"}, "period_too_long", "не больше 366"),
            ({"from": "1 марта"}, "validation_error", "Запрос заполнен неверно"),
            ({"channel": "fax"}, "validation_error", "Запрос заполнен неверно"),
        ],
    )
    async def test_422_in_the_error_format(
        self,
        client: httpx.AsyncClient,
        manager: dict[str, str],
        params: dict[str, str],
        code: str,
        words: str,
    ) -> None:
        for path in ("summary", "daily", "export.csv"):
            response = await client.get(f"/api/v1/analytics/{path}", params=params, headers=manager)
            assert response.status_code == 422
            error = response.json()["error"]
            assert error["code"] == code and words in error["message"]

    async def test_unknown_report(self, client: httpx.AsyncClient, manager: dict[str, str]) -> None:
        response = await client.get(
            "/api/v1/analytics/export.csv", params={"report": "leads"}, headers=manager
        )
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["query", "report"]
