"""The assistant inside amoCRM, through its HTTP API as the widget calls it, against the fake
amoCRM: managers' own words for searches, cards and tasks; their rights; amoCRM's tokens."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import jwt
import pytest
from sqlalchemy import select

from salesbot.assistant.tasks import forget_spent_tokens
from salesbot.assistant.tokens import AmoUser, spend
from salesbot.db.engine import Database
from salesbot.models import AssistantTokenUse
from tests.assistant.conftest import ORIGIN, URL, Manager, seed_deals
from tests.fakes.amocrm_server import USER_ID, FakeAmo

FULL = {"view": "A", "edit": "A", "add": "A", "delete": "A", "export": "A"}
OWN = {"view": "M", "edit": "M", "add": "A", "delete": "D", "export": "D"}
NONE = {"view": "D", "edit": "D", "add": "D", "delete": "D", "export": "D"}


@pytest.fixture
def admin(client: httpx.AsyncClient, connected: FakeAmo) -> Manager:
    return Manager(client, connected, USER_ID)


def due_of(amo: FakeAmo) -> datetime:
    return datetime.fromtimestamp(amo.tasks[-1]["complete_till"], UTC)


def read_token_unchecked(token: str) -> AmoUser:
    """A token's user without the signature and expiry checks (for seeding spent tokens)."""
    claims = jwt.decode(token, options={"verify_signature": False})
    return AmoUser(
        claims["account_id"], claims["user_id"], False, "", claims["jti"],
        datetime.fromtimestamp(claims["exp"], UTC),
    )  # fmt: skip


class TestFinding:
    @pytest.mark.parametrize(
        "asked",
        ["найди контакт Петрова", "клиент +7 (916) 123-45-67", "кто такая olga@romashka.ru",
         "найди Ольгу Петрову"],
    )  # fmt: skip
    async def test_one_contact_is_shown_as_its_card(self, admin: Manager, asked: str) -> None:
        seed_deals(admin.amo)
        answer = await admin.says(asked)
        assert "Контакт «Ольга Петрова»" in answer["reply"], answer
        assert "+79161234567" in answer["reply"] and answer["mode"] == "rules"

    async def test_several_contacts_get_a_short_choice(self, admin: Manager) -> None:
        found = seed_deals(admin.amo)
        answer = await admin.says("найди контакт Иван")
        assert answer["reply"].startswith("Нашёл 2:")
        labels = [choice["label"] for choice in answer["choices"]]
        assert labels == [
            f"Иван Смирнов (№ {found['ivan']['id']})",
            f"Иван Кузнецов (№ {found['ivan2']['id']})",
        ]
        picked = await admin.says(answer["choices"][1]["text"])
        assert "Контакт «Иван Кузнецов»" in picked["reply"]

    @pytest.mark.parametrize(
        ("asked", "expected"),
        [
            ("сделки Ромашки", {"first", "second"}),
            ("найди сделки компании Ромашка", {"first", "second"}),
            ("сделки контакта Петрова", {"first"}),
            ("сделки на этапе переговоры", {"first"}),
            ("сделки в воронке Воронка на этапе принимают решение", {"third"}),
            ("покажи сделки за прошлую неделю", {"first"}),
            ("сделки за эту неделю", {"second", "third"}),
            ("найди сделку ИИ-Юрист", {"third"}),
        ],
    )
    async def test_deals_by_every_filter(
        self, admin: Manager, asked: str, expected: set[str]
    ) -> None:
        found = seed_deals(admin.amo)
        answer = await admin.says(asked)
        names = {
            key
            for key in ("first", "second", "third")
            if f"№ {found[key]['id']}" in answer["reply"]
        }
        assert names == expected, answer["reply"]
        assert len(admin.amo.calls_to("/api/v4/leads/pipelines", "GET")) <= 1  # read once

    async def test_a_deal_by_its_number_and_nothing_found(self, admin: Manager) -> None:
        found = seed_deals(admin.amo)
        answer = await admin.says(f"сделка №{found['third']['id']}")
        assert (
            "«ИИ-Юрист для Вектора»" in answer["reply"] and "Принимают решение" in answer["reply"]
        )
        nothing = await admin.says("сделки на этапе Счёт выставлен")
        assert nothing["reply"].startswith("Не нашёл сделок")
        unknown = await admin.says("сделки на этапе Космос")
        assert unknown["reply"].startswith("Этапа «космос» нет. Есть: Неразобранное")

    async def test_the_open_card_is_read(self, admin: Manager) -> None:
        found = seed_deals(admin.amo)
        answer = await admin.says("что по этой сделке?", card=("leads", found["first"]["id"]))
        reply = answer["reply"]
        assert "Сделка «Внедрение ИИ-Менеджера»" in reply and "этап «Переговоры»" in reply
        assert "450 000 ₽" in reply and "Ответственный: Алексей" in reply
        outside = await admin.says("что по этой карточке?")
        assert "Откройте карточку" in outside["reply"]


class TestTasks:
    async def test_a_task_for_a_colleague_by_name_tomorrow_at_three(self, admin: Manager) -> None:
        found = seed_deals(admin.amo)
        anna = admin.amo.add_user("Анна Смирнова", "anna@example.ru", rights={"leads": FULL})
        answer = await admin.says(
            "поставь Анне задачу позвонить клиенту завтра в 15:00",
            card=("leads", found["first"]["id"]),
        )
        assert answer["reply"].startswith("Готово: задача «позвонить клиенту» для Анна Смирнова")
        task = admin.amo.tasks[-1]
        assert task["responsible_user_id"] == anna["id"] and task["text"] == "позвонить клиенту"
        assert (task["entity_type"], task["entity_id"]) == ("leads", found["first"]["id"])
        assert due_of(admin.amo) == datetime(2026, 12, 8, 12, 0, tzinfo=UTC)  # 15:00 MSK

    @pytest.mark.parametrize(
        ("asked", "due"),
        [
            ("напомни мне в пятницу до обеда отправить договор", datetime(2026, 12, 11, 10, 0, tzinfo=UTC)),
            ("создай задачу: подготовить КП, срок послезавтра", datetime(2026, 12, 9, 15, 0, tzinfo=UTC)),
            ("поставь задачу перезвонить через 2 часа", datetime(2026, 12, 7, 11, 0, tzinfo=UTC)),
        ],
    )  # fmt: skip
    async def test_relative_russian_deadlines(
        self, admin: Manager, asked: str, due: datetime
    ) -> None:
        answer = await admin.says(asked)
        assert answer["reply"].startswith("Готово"), answer
        assert due_of(admin.amo) == due and admin.amo.tasks[-1]["responsible_user_id"] == USER_ID

    async def test_missing_details_are_asked_for_one_at_a_time(self, admin: Manager) -> None:
        asked = await admin.says("поставь задачу")
        assert asked["reply"] == "Что нужно сделать? Напишите текст задачи."
        asked = await admin.says("созвониться с бухгалтерией клиента")
        assert asked["reply"].startswith("К какому сроку?")
        unclear = await admin.says("когда-нибудь")
        assert unclear["reply"].startswith("Не понял срок")
        done = await admin.says("завтра в 10")
        assert done["reply"].startswith("Готово: задача «созвониться с бухгалтерией клиента»")
        assert due_of(admin.amo) == datetime(2026, 12, 8, 7, 0, tzinfo=UTC)

    async def test_two_colleagues_of_that_name_get_a_choice(self, admin: Manager) -> None:
        admin.amo.add_user("Анна Смирнова", "anna@example.ru")
        kuz = admin.amo.add_user("Анна Кузнецова", "anna.k@example.ru")
        asked = await admin.says("поставь задачу для Анна: отправить счёт завтра в 12:00")
        assert "несколько пользователей «Анна»" in asked["reply"]
        assert [c["label"] for c in asked["choices"]] == ["Анна Смирнова", "Анна Кузнецова"]
        done = await admin.says(asked["choices"][1]["text"])
        assert (
            done["reply"].startswith("Готово")
            and admin.amo.tasks[-1]["responsible_user_id"] == kuz["id"]
        )

    async def test_a_deadline_in_the_past_is_asked_again(self, admin: Manager) -> None:
        asked = await admin.says("поставь задачу позвонить сегодня в 9:00")  # it is 12:00
        assert asked["reply"].startswith("Этот срок уже прошёл") and admin.amo.tasks == []


class TestRights:
    async def test_a_manager_sees_only_their_own_deals(
        self, client: httpx.AsyncClient, connected: FakeAmo
    ) -> None:
        found = seed_deals(connected)
        petr = connected.add_user("Пётр", "petr@example.ru", rights={"leads": OWN, "contacts": OWN})
        connected.leads[found["second"]["id"]]["responsible_user_id"] = petr["id"]
        answer = await Manager(client, connected, petr["id"]).says("сделки Ромашки")
        assert f"№ {found['second']['id']}" in answer["reply"]
        assert f"№ {found['first']['id']}" not in answer["reply"]

    async def test_without_rights_the_answer_says_so(
        self, client: httpx.AsyncClient, connected: FakeAmo
    ) -> None:
        found = seed_deals(connected)
        intern = connected.add_user(
            "Стажёр", "intern@example.ru",
            rights={"leads": NONE, "contacts": NONE, "tasks": {"edit": "D", "delete": "D"}},
        )  # fmt: skip
        manager = Manager(client, connected, intern["id"])
        refused = await manager.ask("сделки Ромашки")
        assert refused.status_code == 403
        assert refused.json()["error"] == {
            "code": "amocrm_forbidden",
            "message": "У вас нет прав искать сделки в amoCRM.",
            "details": None,
        }
        card = await manager.ask("что по этой сделке?", card=("leads", found["first"]["id"]))
        assert card.status_code == 403
        task = await manager.ask("поставь задачу позвонить завтра в 11")
        assert task.status_code == 403 and connected.tasks == []


class TestTokens:
    async def test_forged_expired_and_replayed_tokens_are_refused(self, admin: Manager) -> None:
        forged = admin.amo.disposable_token(secret="not-the-client-secret-" + "0" * 40)
        assert (await admin.ask("привет", token=forged)).json()["error"]["code"] == "token_invalid"
        expired = admin.amo.disposable_token(lifetime=-120)
        answer = await admin.ask("привет", token=expired)
        assert (answer.status_code, answer.json()["error"]["code"]) == (401, "token_expired")
        stranger = admin.amo.disposable_token(audience="https://evil.example.com")
        assert (await admin.ask("привет", token=stranger)).status_code == 401
        token = admin.amo.disposable_token()
        assert (await admin.ask("привет", token=token)).status_code == 200
        replayed = await admin.ask("привет", token=token)
        assert (replayed.status_code, replayed.json()["error"]["code"]) == (401, "token_replayed")
        missing = await admin.client.post(URL, json={"text": "привет"})
        assert missing.json()["error"]["code"] == "token_missing"

    async def test_spent_tokens_are_forgotten_once_expired(
        self, admin: Manager, database: Database
    ) -> None:
        for lifetime in (-600, 1800):  # one long expired (and spent), one still valid
            token = admin.amo.disposable_token(lifetime=lifetime)
            async with database.transaction() as session:
                await spend(session, read_token_unchecked(token))
        assert await forget_spent_tokens() == 1
        async with database.transaction() as session:
            left = list(await session.scalars(select(AssistantTokenUse)))
        assert len(left) == 1 and left[0].expires_at > datetime.now(UTC)

    async def test_the_user_comes_from_the_token_not_the_body(self, admin: Manager) -> None:
        petr = admin.amo.add_user("Пётр", "petr@example.ru", rights={"leads": NONE})
        token = admin.amo.disposable_token(petr["id"])
        answer = await admin.client.post(
            URL,
            json={"text": "сделки Ромашки", "user_id": USER_ID, "account_id": 1},
            headers={"X-Auth-Token": token},
        )
        assert answer.status_code == 403

    async def test_cors_allows_only_the_accounts_amocrm(self, admin: Manager) -> None:
        allowed = await admin.client.options(
            URL,
            headers={
                "Origin": ORIGIN,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "x-auth-token, content-type",
            },
        )
        assert allowed.status_code == 204
        assert allowed.headers["access-control-allow-origin"] == ORIGIN
        assert "X-Auth-Token" in allowed.headers["access-control-allow-headers"]
        other = await admin.client.options(
            URL,
            headers={"Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"},
        )
        assert other.status_code == 400 and "access-control-allow-origin" not in other.headers
        answer = await admin.ask("привет")
        assert answer.headers["access-control-allow-origin"] == ORIGIN


class TestOutages:
    async def test_a_429_is_waited_out(self, admin: Manager) -> None:
        seed_deals(admin.amo)
        admin.amo.rate_limit_next(2)
        answer = await admin.says("найди контакт Петрова")
        assert "Ольга Петрова" in answer["reply"]

    async def test_amocrm_down_gets_a_clear_message(self, admin: Manager) -> None:
        admin.amo.down = True
        answer = await admin.ask("найди контакт Петрова")
        assert answer.status_code == 503
        assert answer.json()["error"]["message"].startswith("Не получилось обратиться к amoCRM")
