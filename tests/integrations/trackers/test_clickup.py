"""The ClickUp adapter against the fake ClickUp: a task's whole life, ClickUp's quirks (custom
fields and tags through their own endpoints, timestamps as strings of milliseconds, JSON
errors with an ECODE, 429s, personal tokens without "Bearer") and the admins' checks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from salesbot.integrations.errors import PermanentError
from salesbot.integrations.trackers.base import Priority
from salesbot.integrations.trackers.clickup import ClickUp
from salesbot.integrations.trackers.mapping import TrackerMapping
from salesbot.settings import Settings
from tests.conftest import make_settings
from tests.fakes import clickup_server as c
from tests.fakes.clickup_server import FakeClickUp
from tests.integrations.trackers.conftest import later, ticket

CLICKUP_MAP = {
    "new": c.STATUS_NEW,
    "quote_sent": c.STATUS_WORK,
    "won": c.STATUS_WON,
    "lost": c.STATUS_LOST,
}
KEY = "SB-0a1b2c3d4e5f"
OPTION_URGENT, OPTION_HIGH, OPTION_NORMAL, OPTION_LOW = (
    f"7b1d0000-0000-4000-8000-0000000000c{n}" for n in range(1, 5)
)


def from_ms(value: str | int | None) -> datetime | None:
    """ClickUp's timestamp in an answer: a string of Unix milliseconds."""
    return datetime.fromtimestamp(int(value) / 1000, tz=UTC) if value else None


def clickup_settings(settings: Settings, fake: FakeClickUp, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "clickup_token": SecretStr(c.TOKEN),
        "clickup_list_id": c.LIST_ID,
        "clickup_status_map": CLICKUP_MAP,
        "clickup_api_base": f"{fake.origin}/api/v2",
        **overrides,
    }
    return settings.model_copy(update=values)


@pytest.fixture
def settings(database_url: str, tmp_path: Path, clickup: FakeClickUp) -> Settings:
    return clickup_settings(make_settings(database_url, tmp_path, max_retries=2), clickup)


@pytest.fixture
async def adapter(settings: Settings):  # type: ignore[no-untyped-def]
    tracker = ClickUp(settings, TrackerMapping(dict(CLICKUP_MAP)))
    yield tracker
    await tracker.close()


def values(task: dict[str, Any]) -> dict[str, Any]:
    """The task's custom field values by field id (unset fields left out)."""
    return {item["id"]: item["value"] for item in task["custom_fields"] if "value" in item}


def add_lead_fields(clickup: FakeClickUp) -> tuple[str, str]:
    """What the seeded list lacks of the fields a lead fills: a priority drop-down and the
    next contact's date. Their ids."""
    options = [
        {"id": option, "name": name, "color": None, "orderindex": i}
        for i, (option, name) in enumerate(
            zip(
                (OPTION_URGENT, OPTION_HIGH, OPTION_NORMAL, OPTION_LOW),
                ("Срочно", "Высокий", "Обычный", "Низкий"),
                strict=True,
            )
        )
    ]
    priority = clickup.add_field("Приоритет", "drop_down", type_config={"options": options})
    return priority, clickup.add_field("Следующий контакт", "date")


async def test_a_lead_task_from_new_to_won(adapter: ClickUp, clickup: FakeClickUp) -> None:
    priority_field, next_contact_field = add_lead_fields(clickup)
    task_id = await adapter.create_lead(ticket())

    task = clickup.task(task_id)
    assert task["status"]["status"] == c.STATUS_NEW
    assert task["name"] == f"ИИ-Менеджер — Ольга Соколова [{KEY}]"
    assert "**Клиент:** Ольга Соколова" in task["markdown_description"]
    assert task["priority"]["priority"] == "high"
    assert [tag["name"] for tag in task["tags"]] == ["site-lead"]
    assert isinstance(task["due_date"], str)  # ClickUp answers milliseconds as strings
    assert from_ms(task["due_date"]) == ticket().due
    [create] = clickup.calls_to("/api/v2/list/*/task", "POST")
    assert create.headers["authorization"] == c.TOKEN  # a personal token: no "Bearer"
    assert create.body["markdown_content"] == create.body["markdown_description"]
    assert create.body["due_date_time"] is True
    assert create.body["notify_all"] is False
    fields = values(task)  # set after the task was made, each through its own endpoint
    assert fields[c.LEAD_ID_FIELD] == KEY
    assert fields[c.EMAIL_FIELD] == "olga@stroymontazh.ru"
    assert fields[c.PHONE_FIELD] == "+79161234567"
    assert fields[c.BUDGET_FIELD] == 450000
    assert fields[priority_field] == 1  # read back as the option's orderindex: «Высокий»
    assert from_ms(fields[next_contact_field]) == ticket().due
    assert c.WEBSITE_FIELD not in fields and c.NOTES_FIELD not in fields  # no fact of ours
    assert adapter.card_url(task_id) == f"https://app.clickup.com/t/{task_id}"

    assert await adapter.update_lead_status(task_id, "quote_sent") is True
    assert clickup.task(task_id)["status"]["status"] == c.STATUS_WORK
    assert await adapter.add_comment(task_id, "Клиенту отправлено КП № 12") is True
    [comment] = clickup.comments[task_id]
    assert (comment.text, comment.notify_all) == ("Клиенту отправлено КП № 12", False)

    assert await adapter.update_lead_status(task_id, "won") is True
    won = ticket(
        status="won",
        priority=Priority.low,
        due=later(48),
        description="Оплачено",
        labels=("site-lead", "Повторный"),
    )
    assert await adapter.update_lead(task_id, won) is True
    task = clickup.task(task_id)
    assert task["status"]["status"] == c.STATUS_WON
    assert task["markdown_description"] == "Оплачено"
    assert task["priority"]["priority"] == "low"
    assert from_ms(task["due_date"]) == later(48)
    assert [tag["name"] for tag in task["tags"]] == ["site-lead", "повторный"]
    assert len(clickup.calls_to("/api/v2/task/*/tag/*", "POST")) == 1  # only the missing one
    assert values(task)[priority_field] == 3  # «Низкий»
    assert from_ms(values(task)[next_contact_field]) == later(48)


async def test_an_unmapped_status_leaves_the_task_where_it_is(
    adapter: ClickUp, clickup: FakeClickUp
) -> None:
    task_id = await adapter.create_lead(ticket())
    assert await adapter.update_lead_status(task_id, "qualified") is False
    assert clickup.task(task_id)["status"]["status"] == c.STATUS_NEW
    assert clickup.calls_to("/api/v2/task/*", "PUT") == []


async def test_without_a_status_for_new_leads_the_lists_first_one_is_used(
    settings: Settings, clickup: FakeClickUp
) -> None:
    oauth = settings.model_copy(update={"clickup_token": SecretStr(c.OAUTH_TOKEN)})
    tracker = ClickUp(oauth, TrackerMapping({"won": c.STATUS_WON}))
    try:
        task_id = await tracker.create_lead(ticket(due=None, labels=()))
    finally:
        await tracker.close()
    task = clickup.task(task_id)
    assert task["status"]["status"] == c.STATUS_NEW
    assert task["due_date"] is None
    [create] = clickup.calls_to("/api/v2/list/*/task", "POST")
    assert "status" not in create.body
    assert create.headers["authorization"] == f"Bearer {c.OAUTH_TOKEN}"


async def test_a_task_whose_answer_was_lost_is_found_by_its_key(
    adapter: ClickUp, clickup: FakeClickUp
) -> None:
    assert await adapter.find_lead(KEY) is None
    # its answer was lost; since then the lead was won (a done status) and pages went by
    made = clickup.add_task(f"ИИ-Менеджер — Ольга [{KEY}]", status=c.STATUS_WON)
    clickup.add_task(f"Перезвонить Ольге по {KEY}")  # a manager's own task
    for n in range(3):
        clickup.add_task(f"Другой лид {n} [SB-00000000000{n}]")
    clickup.tasks_page_size = 2
    assert await adapter.find_lead(KEY) == made
    assert await adapter.find_lead("SB-ffffffffffff") is None
    pages = [call.query["page"] for call in clickup.calls_to("/api/v2/list/*/task", "GET")]
    assert pages == ["0", "0", "1", "2", "0", "1", "2"]


async def test_a_429_is_waited_out(adapter: ClickUp, clickup: FakeClickUp) -> None:
    clickup.rate_limit_next(1)
    task_id = await adapter.create_lead(ticket())
    assert task_id in clickup.tasks
    assert [call.status for call in clickup.calls_to("/api/v2/list/*/task", "POST")] == [429, 200]


async def test_clickups_errors_reach_the_admins(settings: Settings, clickup: FakeClickUp) -> None:
    tracker = ClickUp(settings, TrackerMapping({**CLICKUP_MAP, "won": "оплачено"}))
    try:
        task_id = await tracker.create_lead(ticket())
        with pytest.raises(PermanentError) as error:
            await tracker.update_lead_status(task_id, "won")
        assert error.value.status == 400
        assert "Status does not exist (ITEM_114)" in str(error.value)
        assert clickup.task(task_id)["status"]["status"] == c.STATUS_NEW

        clickup.revoke(c.TOKEN)
        with pytest.raises(PermanentError) as refused:
            await tracker.add_comment(task_id, "текст")
    finally:
        await tracker.close()
    assert refused.value.status == 401
    assert "Token invalid" in str(refused.value)
    assert "проверьте токен" in str(refused.value)


async def test_the_lists_statuses_and_what_is_missing(
    settings: Settings, clickup: FakeClickUp
) -> None:
    # «Новые лиды» matches «новые лиды»: ClickUp's status names are not case-sensitive
    mapping = TrackerMapping({"new": "Новые лиды", "won": "оплачено"})
    tracker = ClickUp(settings, mapping)
    try:
        stages = await tracker.stages()
        problems = await tracker.problems()
    finally:
        await tracker.close()
    assert [(s.id, s.name, s.group) for s in stages] == [
        (name, name, "Лиды") for name in c.LEAD_STATUSES
    ]
    assert problems == ["в списке нет статуса «оплачено» (статус won)"]

    for ready in (ClickUp(settings, TrackerMapping(dict(CLICKUP_MAP))), ClickUp(settings)):
        try:
            assert await ready.problems() == []  # an unmapped «new» takes the first status
        finally:
            await ready.close()

    no_list = settings.model_copy(update={"clickup_list_id": None})
    tracker = ClickUp(no_list, mapping)
    try:
        assert await tracker.problems() == ["не задан список: CLICKUP_LIST_ID"]
    finally:
        await tracker.close()
    assert not tracker.configured(no_list)
    assert "note" in tracker.details(no_list)
    assert tracker.configured(settings)
    assert tracker.details(settings) == {"list": "901…45"}
