"""The Shortcut adapter against the fake Shortcut: a story's whole life, Shortcut's quirks
(exactly one of a workflow state or a project, priority as an enum custom field, lists that
an update replaces, JSON errors naming the fields, 429s) and the admins' checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from salesbot.integrations.errors import OutsideServiceError, PermanentError
from salesbot.integrations.trackers.base import Priority
from salesbot.integrations.trackers.mapping import TrackerMapping
from salesbot.integrations.trackers.shortcut import Shortcut
from salesbot.settings import Settings
from tests.conftest import make_settings
from tests.fakes import shortcut_server as s
from tests.fakes.shortcut_server import FakeShortcut
from tests.integrations.trackers.conftest import later, ticket

SHORTCUT_MAP = {
    "new": str(s.STATE_NEW),
    "quote_sent": str(s.STATE_IN_PROGRESS),
    "won": str(s.STATE_WON),
    "lost": str(s.STATE_LOST),
}


@pytest.fixture
def settings(database_url: str, tmp_path: Path, shortcut: FakeShortcut) -> Settings:
    return make_settings(database_url, tmp_path, max_retries=2).model_copy(
        update={
            "shortcut_token": SecretStr(s.TOKEN),
            "shortcut_status_map": SHORTCUT_MAP,
            "shortcut_group_id": s.SALES_GROUP_ID,
            "shortcut_api_base": shortcut.api_url,
        }
    )


@pytest.fixture
async def adapter(settings: Settings):  # type: ignore[no-untyped-def]
    tracker = Shortcut(settings, TrackerMapping(dict(SHORTCUT_MAP)))
    yield tracker
    await tracker.close()


def label_names(story: dict[str, object]) -> set[str]:
    return {label["name"] for label in story["labels"]}  # type: ignore[attr-defined]


def values_of(story: dict[str, object]) -> dict[str, str]:
    return {v["field_id"]: v["value_id"] for v in story["custom_fields"]}  # type: ignore[attr-defined]


async def test_a_lead_story_from_new_to_won(adapter: Shortcut, shortcut: FakeShortcut) -> None:
    story_id = await adapter.create_lead(ticket())

    story = shortcut.story(int(story_id))
    assert story["workflow_state_id"] == s.STATE_NEW
    assert story["group_id"] == s.SALES_GROUP_ID
    assert story["story_type"] == "feature"
    assert story["name"] == "ИИ-Менеджер — Ольга Соколова [SB-0a1b2c3d4e5f]"
    assert "Ольга Соколова" in story["description"]
    assert story["deadline"] == "2026-12-09T11:00:00Z"
    assert label_names(story) == {"Высокий приоритет", "site-lead"}
    assert story["external_id"] == "SB-0a1b2c3d4e5f"
    assert story["external_links"] == ["https://bot.example.ru/app/leads/view?id=0a1b2c3d"]
    assert values_of(story) == {s.PRIORITY_FIELD_ID: s.PRIORITY_HIGH_ID}
    assert adapter.card_url(story_id) == f"https://app.shortcut.com/acme/story/{story_id}"
    (created,) = shortcut.calls_to("/api/v3/stories", "POST")
    assert created.token == s.TOKEN
    assert "project_id" not in created.body  # Shortcut takes a state or a project, not both

    assert await adapter.update_lead_status(story_id, "quote_sent") is True
    assert shortcut.story(int(story_id))["workflow_state_id"] == s.STATE_IN_PROGRESS
    assert await adapter.add_comment(story_id, "Клиенту отправлено КП № 12") is True
    comments = shortcut.story(int(story_id))["comments"]
    assert [c["text"] for c in comments] == ["Клиенту отправлено КП № 12"]

    # A manager tags the story «vip» and fills «Источник»: an update must not wipe either.
    shortcut.stories[int(story_id)]["label_ids"].append(s.LABEL_VIP_ID)
    shortcut.stories[int(story_id)]["custom_fields"].append(
        {"field_id": s.SOURCE_FIELD_ID, "value_id": s.SOURCE_SITE_ID}
    )
    assert await adapter.update_lead_status(story_id, "won") is True
    won = ticket(status="won", priority=Priority.low, due=later(48), description="Оплачено")
    assert await adapter.update_lead(story_id, won) is True
    story = shortcut.story(int(story_id))
    assert story["workflow_state_id"] == s.STATE_WON
    assert story["completed"] is True
    assert story["description"] == "Оплачено"
    assert story["deadline"] == "2026-12-11T11:00:00Z"
    assert label_names(story) == {"vip", "Низкий приоритет", "site-lead"}
    assert values_of(story) == {
        s.PRIORITY_FIELD_ID: s.PRIORITY_LOW_ID,
        s.SOURCE_FIELD_ID: s.SOURCE_SITE_ID,
    }


async def test_without_a_state_the_story_goes_to_the_project(
    settings: Settings, shortcut: FakeShortcut
) -> None:
    tracker = Shortcut(settings.model_copy(update={"shortcut_project_id": s.PROJECT_ID}))
    try:
        story_id = await tracker.create_lead(ticket())
    finally:
        await tracker.close()
    (created,) = shortcut.calls_to("/api/v3/stories", "POST")
    assert created.body["project_id"] == s.PROJECT_ID
    assert "workflow_state_id" not in created.body
    story = shortcut.story(int(story_id))
    assert story["project_id"] == s.PROJECT_ID
    assert story["workflow_state_id"] == s.STATE_NEW  # the project's workflow's default


async def test_with_neither_a_state_nor_a_project_nothing_is_sent(
    settings: Settings, shortcut: FakeShortcut
) -> None:
    tracker = Shortcut(settings)
    try:
        with pytest.raises(OutsideServiceError) as error:
            await tracker.create_lead(ticket())
    finally:
        await tracker.close()
    assert "«Новый»" in str(error.value)
    assert "SHORTCUT_PROJECT_ID" in str(error.value)
    assert shortcut.calls == []


async def test_an_unmapped_status_leaves_the_story_where_it_is(
    adapter: Shortcut, shortcut: FakeShortcut
) -> None:
    story_id = await adapter.create_lead(ticket())
    assert await adapter.update_lead_status(story_id, "qualified") is False
    assert shortcut.story(int(story_id))["workflow_state_id"] == s.STATE_NEW


async def test_a_story_whose_answer_was_lost_is_found_by_its_key(
    adapter: Shortcut, shortcut: FakeShortcut
) -> None:
    assert await adapter.find_lead("SB-0a1b2c3d4e5f") is None
    shortcut.add_story(name="Перезвонить Ольге по SB-0a1b2c3d4e5f")  # a manager's own story
    made = shortcut.add_story(name="ИИ-Менеджер — Ольга [SB-0a1b2c3d4e5f]")  # answer lost
    assert await adapter.find_lead("SB-0a1b2c3d4e5f") == str(made["id"])
    assert adapter.card_url(str(made["id"])) == made["app_url"]
    assert await adapter.find_lead("SB-ffffffffffff") is None


async def test_a_429_is_waited_out(adapter: Shortcut, shortcut: FakeShortcut) -> None:
    shortcut.rate_limit_next(1)
    story_id = await adapter.create_lead(ticket())
    assert int(story_id) in shortcut.stories
    assert [c.status for c in shortcut.calls] == [429, 200, 201]  # custom fields, twice; POST


async def test_shortcuts_errors_reach_the_admins(settings: Settings) -> None:
    tracker = Shortcut(settings, TrackerMapping({"new": "999"}))  # a state deleted since
    try:
        with pytest.raises(PermanentError) as error:
            await tracker.create_lead(ticket())
    finally:
        await tracker.close()
    assert error.value.status == 400
    assert "invalid or missing parameters.: workflow_state_id: no workflow state 999" in str(
        error.value
    )

    revoked = Shortcut(settings.model_copy(update={"shortcut_token": SecretStr("revoked")}))
    try:
        with pytest.raises(PermanentError) as refused:
            await revoked.add_comment("1000", "текст")
    finally:
        await revoked.close()
    assert refused.value.status == 401
    assert "Unauthorized" in str(refused.value)
    assert "проверьте токен" in str(refused.value)


async def test_the_workflows_states_and_what_is_missing(settings: Settings) -> None:
    tracker = Shortcut(settings, TrackerMapping({"won": "999", "lost": str(s.STATE_DONE)}))
    try:
        stages = await tracker.stages()
        problems = await tracker.problems()
    finally:
        await tracker.close()
    assert [(x.name, x.group) for x in stages][:4] == [
        ("Новые лиды", "Продажи"),
        ("В работе", "Продажи"),
        ("Выиграны", "Продажи"),
        ("Проиграны", "Продажи"),
    ]
    assert {x.id for x in stages} >= {str(s.STATE_NEW), str(s.STATE_BACKLOG)}
    assert problems == [
        "статусу «Новый» не сопоставлено состояние и не задан SHORTCUT_PROJECT_ID",
        "состояния 999 (статус won) нет ни в одном workflow Shortcut",
        f"состояние {s.STATE_DONE} (статус lost) не из workflow команды «Отдел продаж»",
    ]
    for ready in (
        Shortcut(settings, TrackerMapping(dict(SHORTCUT_MAP))),
        Shortcut(settings.model_copy(update={"shortcut_project_id": s.PROJECT_ID})),
    ):
        try:
            assert await ready.problems() == []
        finally:
            await ready.close()


def test_what_the_board_shows(settings: Settings) -> None:
    tracker = Shortcut()
    assert tracker.configured(settings)
    assert tracker.details(settings) == {"group": "5f3…01", "project": None}
    bare = settings.model_copy(update={"shortcut_token": None})
    assert not tracker.configured(bare)
    assert "SHORTCUT_TOKEN" in tracker.details(bare)["note"]
