"""The GitHub Projects adapter against the fake GitHub GraphQL API: a draft's whole life, GitHub's
quirks (fields set one mutation each after the draft exists, notes appended to the body for want
of comments, errors with HTTP 200, two rate limits) and the admins' checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from salesbot.integrations.errors import PermanentError, RetryableError
from salesbot.integrations.trackers.base import Priority
from salesbot.integrations.trackers.github import NOTES_MARKER, GitHubProjects, RateLimited
from salesbot.integrations.trackers.mapping import TrackerMapping
from salesbot.settings import Settings
from tests.conftest import make_settings
from tests.fakes import github_projects_server as g
from tests.fakes.github_projects_server import FakeGitHubProjects
from tests.integrations.trackers.conftest import later, ticket

KEY = "SB-0a1b2c3d4e5f"


def status_map(github: FakeGitHubProjects) -> dict[str, str]:
    return {
        "new": github.option_id("Status", "Новые лиды"),
        "quote_sent": github.option_id("Status", "В работе"),
        "won": github.option_id("Status", "Выиграны"),
        "lost": github.option_id("Status", "Проиграны"),
    }


@pytest.fixture
def settings(database_url: str, tmp_path: Path, github: FakeGitHubProjects) -> Settings:
    base = make_settings(database_url, tmp_path, max_retries=2)
    return base.model_copy(
        update={
            "github_token": SecretStr(g.TOKEN),
            "github_project_id": g.PROJECT_ID,
            "github_status_map": status_map(github),
            "github_api_url": github.origin + g.GRAPHQL_PATH,
        }
    )


@pytest.fixture
async def adapter(settings: Settings, github: FakeGitHubProjects):  # type: ignore[no-untyped-def]
    tracker = GitHubProjects(settings, TrackerMapping(status_map(github)))
    yield tracker
    await tracker.close()


def russian_field_names(github: FakeGitHubProjects) -> None:
    """The seeded Budget, Due and Lead ID fields, named as fields.FIELD_NAMES knows them."""
    github.fields[g.BUDGET_FIELD_ID].name = "Бюджет, ₽"
    github.fields[g.DUE_FIELD_ID].name = "Следующий контакт"
    github.fields[g.LEAD_ID_FIELD_ID].name = "ID лида"


async def test_a_draft_from_new_to_won(adapter: GitHubProjects, github: FakeGitHubProjects) -> None:
    russian_field_names(github)
    item_id = await adapter.create_lead(ticket())

    card = github.item(item_id)
    assert item_id.startswith("PVTI_")
    database_id = github.items[item_id].database_id
    assert adapter.card_url(item_id) == f"{g.PROJECT_URL}?pane=issue&itemId={database_id}"
    assert card["type"] == "DRAFT_ISSUE"
    assert card["title"] == f"ИИ-Менеджер — Ольга Соколова [{KEY}]"
    assert card["body"].startswith("**Клиент:** Ольга Соколова, +7 916 123-45-67")
    assert "Метки: Высокий приоритет, site-lead" in card["body"]  # a draft has no labels
    assert NOTES_MARKER in card["body"]
    assert card["fields"] == {  # set after the draft was made: one mutation each
        "Status": "Новые лиды",
        "Priority": "Высокий",
        "Tags": "site-lead",
        "ID лида": KEY,
        "Бюджет, ₽": 450000.0,
        "Следующий контакт": "2026-12-09",
    }
    assert len(github.calls_with("updateProjectV2ItemFieldValue")) == 6

    assert await adapter.update_lead_status(item_id, "quote_sent") is True
    assert github.item(item_id)["fields"]["Status"] == "В работе"
    assert await adapter.add_comment(item_id, "Клиенту отправлено КП № 12") is True
    assert github.item(item_id)["body"].endswith("\n\nКлиенту отправлено КП № 12")
    assert not github.calls_with("addComment")  # drafts take none: the body is appended to

    assert await adapter.update_lead_status(item_id, "won") is True
    won = ticket(status="won", priority=Priority.low, due=later(48), description="Оплачено")
    assert await adapter.update_lead(item_id, won) is True
    await adapter.add_comment(item_id, "Счёт оплачен")
    card = github.item(item_id)
    assert card["body"].startswith("Оплачено\n\nМетки: Низкий приоритет, site-lead")
    assert "Ольга Соколова, +7" not in card["body"]  # the old description is gone …
    notes = card["body"].split(NOTES_MARKER)[1]
    assert notes.index("Клиенту отправлено КП № 12") < notes.index("Счёт оплачен")  # … not notes
    assert card["fields"]["Status"] == "Выиграны"  # update_lead leaves the status be
    assert card["fields"]["Priority"] == "Низкий"
    assert card["fields"]["Следующий контакт"] == "2026-12-11"


async def test_a_called_off_contact_clears_the_date(
    adapter: GitHubProjects, github: FakeGitHubProjects
) -> None:
    russian_field_names(github)
    item_id = await adapter.create_lead(ticket())
    await adapter.update_lead(item_id, ticket(due=None))
    assert "Следующий контакт" not in github.item(item_id)["fields"]


async def test_english_field_names_are_known_too_and_other_fields_stay_empty(
    adapter: GitHubProjects, github: FakeGitHubProjects
) -> None:
    github.fields[g.BUDGET_FIELD_ID].name = "Оценка менеджера"  # no fact of ours has this name
    item_id = await adapter.create_lead(ticket(priority=Priority.urgent))
    # The priority field has no urgent option (the body still says it).
    assert github.item(item_id)["fields"] == {
        "Status": "Новые лиды",
        "Tags": "site-lead",
        "Due": "2026-12-09",
        "Lead ID": "SB-0a1b2c3d4e5f",
    }
    assert "Метки: Срочно, site-lead" in github.item(item_id)["body"]


async def test_an_unmapped_status_leaves_the_item_where_it_is(
    adapter: GitHubProjects, github: FakeGitHubProjects
) -> None:
    item_id = await adapter.create_lead(ticket())
    assert await adapter.update_lead_status(item_id, "qualified") is False
    assert github.item(item_id)["fields"]["Status"] == "Новые лиды"


async def test_an_item_whose_answer_was_lost_is_found_by_its_key(
    adapter: GitHubProjects, github: FakeGitHubProjects
) -> None:
    assert await adapter.find_lead(KEY) is None
    for n in range(150):  # ours is on the second page
        github.add_draft(f"Другой лид [SB-{n:012d}]")
    github.add_draft(f"Перезвонить Ольге по {KEY}")  # a manager's own draft
    made = github.add_draft(f"ИИ-Менеджер — Ольга [{KEY}]")  # its answer was lost
    assert await adapter.find_lead(KEY) == made
    assert (adapter.card_url(made) or "").startswith(f"{g.PROJECT_URL}?pane=issue&itemId=")
    assert await adapter.find_lead("SB-ffffffffffff") is None


async def test_a_long_title_keeps_the_key_at_its_end(
    adapter: GitHubProjects, github: FakeGitHubProjects
) -> None:
    item_id = await adapter.create_lead(ticket(title="Очень длинное название " * 20))
    title = github.item(item_id)["title"]
    assert len(title) == g.TITLE_LIMIT
    assert await adapter.find_lead(KEY) == item_id


async def test_notes_survive_a_manager_who_removed_the_marker(
    adapter: GitHubProjects, github: FakeGitHubProjects
) -> None:
    item_id = await adapter.create_lead(ticket())
    draft = github.drafts[github.item(item_id)["content_id"]]
    draft.body = "Текст менеджера"
    await adapter.add_comment(item_id, "Первая заметка")
    await adapter.update_lead(item_id, ticket(description="Новое описание"))
    body = github.item(item_id)["body"]
    assert body.startswith("Новое описание")
    assert body.endswith("Первая заметка")


async def test_a_draft_made_an_issue_takes_real_comments(
    adapter: GitHubProjects, github: FakeGitHubProjects
) -> None:
    item_id = await adapter.create_lead(ticket())
    github.convert_draft({"itemId": item_id, "repositoryId": g.REPOSITORY_ID})  # a manager did
    assert await adapter.add_comment(item_id, "Клиент подписал договор") is True
    assert github.item(item_id)["comments"] == ["Клиент подписал договор"]
    assert await adapter.update_lead(item_id, ticket(priority=Priority.low)) is True
    assert await adapter.update_lead_status(item_id, "won") is True
    card = github.item(item_id)
    assert card["type"] == "ISSUE"
    assert card["fields"]["Priority"] == "Низкий"
    assert card["fields"]["Status"] == "Выиграны"


async def test_graphql_errors_with_http_200_reach_the_admins(adapter: GitHubProjects) -> None:
    with pytest.raises(PermanentError) as unknown:
        await adapter.add_comment("PVTI_unknownItem00000000", "текст")
    assert "Could not resolve to a node with the global id of 'PVTI_unknownItem00000000'" in str(
        unknown.value
    )
    with pytest.raises(PermanentError) as not_an_item:
        await adapter.add_comment(g.PROJECT_ID, "текст")
    assert "не карточка проекта" in str(not_an_item.value)


async def test_a_token_without_the_project_scope(
    settings: Settings, github: FakeGitHubProjects
) -> None:
    tracker = GitHubProjects(
        settings.model_copy(update={"github_token": SecretStr(g.READ_ONLY_TOKEN)}),
        TrackerMapping(status_map(github)),
    )
    try:
        assert await tracker.find_lead(KEY) is None  # reading is allowed
        with pytest.raises(PermanentError) as refused:
            await tracker.create_lead(ticket())
    finally:
        await tracker.close()
    assert "не хватает прав" in str(refused.value)
    assert "'project'" in str(refused.value)
    assert not github.items


async def test_a_token_with_the_project_scope_alone_will_do(
    settings: Settings, github: FakeGitHubProjects
) -> None:
    github.add_token("ghp_projectScopeOnly", ("project",))
    tracker = GitHubProjects(
        settings.model_copy(update={"github_token": SecretStr("ghp_projectScopeOnly")}),
        TrackerMapping(status_map(github)),
    )
    try:
        item_id = await tracker.create_lead(ticket())
        assert await tracker.find_lead(KEY) == item_id
        await tracker.add_comment(item_id, "Заметка")
        await tracker.update_lead(item_id, ticket(description="Новое"))
        assert await tracker.update_lead_status(item_id, "won") is True
        github.convert_draft({"itemId": item_id, "repositoryId": g.REPOSITORY_ID})
        await tracker.update_lead(item_id, ticket())  # fields only: no repository read
        with pytest.raises(PermanentError, match="'repo'"):  # an issue's comment needs repo
            await tracker.add_comment(item_id, "Заметка")
    finally:
        await tracker.close()
    assert github.item(item_id)["body"].endswith("Заметка")


async def test_a_bad_token_is_a_401(settings: Settings, github: FakeGitHubProjects) -> None:
    tracker = GitHubProjects(
        settings.model_copy(update={"github_token": SecretStr("ghp_revoked")}), TrackerMapping()
    )
    try:
        with pytest.raises(PermanentError) as refused:
            await tracker.find_lead(KEY)
    finally:
        await tracker.close()
    assert refused.value.status == 401
    assert "Bad credentials" in str(refused.value)


async def test_the_primary_rate_limit_is_tried_again_later(
    adapter: GitHubProjects, github: FakeGitHubProjects
) -> None:
    github.rate_limit_next(1)
    with pytest.raises(RetryableError) as limited:
        await adapter.find_lead(KEY)
    assert "API rate limit exceeded" in str(limited.value)
    assert await adapter.find_lead(KEY) is None  # the job's next try


@pytest.mark.parametrize("status", [403, 200])
async def test_a_secondary_rate_limit_is_tried_again_later(
    adapter: GitHubProjects, github: FakeGitHubProjects, status: int
) -> None:
    github.secondary_status = status
    github.rate_limit_next(1, secondary=True, retry_after=30)
    with pytest.raises(RateLimited) as limited:
        await adapter.create_lead(ticket())
    assert limited.value.retryable is True  # not the token's fault, whatever the 403 says
    assert limited.value.retry_after == 60
    assert not github.items
    assert await adapter.create_lead(ticket()) in github.items


async def test_githubs_own_failures_are_retried(
    adapter: GitHubProjects, github: FakeGitHubProjects
) -> None:
    github.fail_next(502)  # a timeout: retried by the call itself
    assert await adapter.find_lead(KEY) is None
    github.fail_next(200)  # "Something went wrong while executing your query"
    with pytest.raises(RetryableError):
        await adapter.find_lead(KEY)


async def test_the_status_options_and_what_is_missing(
    settings: Settings, github: FakeGitHubProjects
) -> None:
    lost = github.option_id("Status", "Проиграны")
    github.remove_option("Status", "Проиграны")  # a team deleted it in the UI
    tracker = GitHubProjects(settings, TrackerMapping({"lost": lost}))
    try:
        stages = await tracker.stages()
        problems = await tracker.problems()
        with pytest.raises(PermanentError, match="обновите сопоставление"):
            await tracker.create_lead(ticket(status="lost"))
    finally:
        await tracker.close()
    assert [(s.name, s.group) for s in stages] == [
        ("Новые лиды", "Status"),
        ("В работе", "Status"),
        ("Выиграны", "Status"),
    ]
    assert stages[0].id == g.STATUS_NEW_ID
    assert problems == [
        "статусу «Новый» не сопоставлен вариант поля «Status»",
        f"варианта {lost} (статус lost) нет в поле «Status»",
    ]
    assert not github.items  # checked before the draft was made

    ready = GitHubProjects(settings, TrackerMapping({"new": g.STATUS_NEW_ID}))
    try:
        assert await ready.problems() == []
    finally:
        await ready.close()


async def test_a_project_that_is_not_set_up(settings: Settings, github: FakeGitHubProjects) -> None:
    no_project = GitHubProjects(settings.model_copy(update={"github_project_id": None}))
    other_field = GitHubProjects(
        settings.model_copy(update={"github_status_field": "Этап"}),
        TrackerMapping(status_map(github)),
    )
    try:
        assert await no_project.problems() == ["не задан проект: GITHUB_PROJECT_ID"]
        assert await other_field.problems() == [
            "в проекте нет поля «Этап» с выбором из списка (GITHUB_STATUS_FIELD)"
        ]
        with pytest.raises(PermanentError, match="Этап"):
            await other_field.stages()
    finally:
        await no_project.close()
        await other_field.close()


def test_the_board_shows_the_project(settings: Settings) -> None:
    tracker = GitHubProjects()
    assert tracker.configured(settings) is True
    assert tracker.details(settings) == {"project": "PVT…Ls", "status_field": "Status"}
    bare = settings.model_copy(update={"github_token": None})
    assert tracker.configured(bare) is False
    assert "GITHUB_TOKEN" in tracker.details(bare)["note"]
    assert tracker.card_url("PVTI_x") is None
