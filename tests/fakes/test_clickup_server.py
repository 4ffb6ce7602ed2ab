"""The fake ClickUp API keeps to the contract notes: the personal token without "Bearer",
tasks with string millisecond timestamps and a priority object, statuses per list, custom
fields through their own endpoint, comments, finding a task by a custom field, errors as
`{"err", "ECODE"}`, the per-token rate limit with its X-RateLimit-* headers."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fakes.clickup_server import (
    ADDRESS_FIELD,
    BUDGET_FIELD,
    CALL_DATE_FIELD,
    EMAIL_FIELD,
    FIELD_TYPES,
    HEADCOUNT_FIELD,
    INTEREST_OPTIONS,
    INTERESTS_FIELD,
    LEAD_ID_FIELD,
    LEAD_STATUSES,
    LIST_ID,
    MANAGER_ID,
    NOTES_FIELD,
    OAUTH_TOKEN,
    OTHER_LIST_ID,
    OWNERS_FIELD,
    PHONE_FIELD,
    PROPOSAL_PROGRESS_FIELD,
    QUALIFIED_FIELD,
    RATING_FIELD,
    RELATED_FIELD,
    SOURCE_FIELD,
    SOURCE_OPTIONS,
    SPACE_ID,
    STATUS_LOST,
    STATUS_NEW,
    STATUS_WON,
    STATUS_WORK,
    SUBTASKS_PROGRESS_FIELD,
    TAG_HOT,
    TAG_SITE,
    TEAM_ID,
    TOKEN,
    USER_ID,
    WEBSITE_FIELD,
    FakeClickUp,
)

MS = re.compile(r"\d{13}")
DUE = 1788256800000


@pytest.fixture(scope="module")
def server() -> Iterator[FakeClickUp]:
    fake = FakeClickUp().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(server: FakeClickUp) -> FakeClickUp:
    server.reset()
    return server


@pytest.fixture
def api(fake: FakeClickUp) -> Iterator[httpx.Client]:
    headers = {"Authorization": TOKEN}
    with httpx.Client(base_url=f"{fake.origin}/api/v2", headers=headers) as client:
        yield client


def _lead(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "ООО «Ромашка» – заявка с сайта",
        "markdown_content": "**Контакт:** Анна, +7 900 123-45-67\n\n# Бриф\nНужен [сайт](https://x.ru)",
        "priority": 2,
        "tags": [TAG_HOT, "Входящий"],
        "due_date": DUE,
        "due_date_time": True,
        "notify_all": False,
        "custom_fields": [
            {"id": LEAD_ID_FIELD, "value": "lead-42"},
            {"id": EMAIL_FIELD, "value": "anna@romashka.test"},
            {"id": SOURCE_FIELD, "value": SOURCE_OPTIONS["Telegram"]},
        ],
    }
    body.update(changes)
    return body


def _create(api: httpx.Client, list_id: str = LIST_ID, **changes: Any) -> dict[str, Any]:
    response = api.post(f"/list/{list_id}/task", json=_lead(**changes))
    assert response.status_code == 200, response.text
    task: dict[str, Any] = response.json()
    return task


def _error(response: httpx.Response, status: int, ecode: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"err", "ECODE"}
    assert body["ECODE"] == ecode
    err: str = body["err"]
    return err


def _value(task: dict[str, Any], field_id: str) -> Any:
    [item] = [f for f in task["custom_fields"] if f["id"] == field_id]
    return item.get("value", "<unset>")


class TestAuth:
    def test_the_personal_token_goes_without_bearer(self, fake: FakeClickUp) -> None:
        with httpx.Client(base_url=f"{fake.origin}/api/v2") as anonymous:
            missing = anonymous.get("/team")
            assert _error(missing, 401, "OAUTH_017") == "Authorization header required"
            unknown = anonymous.get("/team", headers={"Authorization": "pk_1_WRONG"})
            assert _error(unknown, 401, "OAUTH_025") == "Token invalid"
            bearer_pk = anonymous.get("/team", headers={"Authorization": f"Bearer {TOKEN}"})
            _error(bearer_pk, 401, "OAUTH_019")
            bad_oauth = anonymous.get("/team", headers={"Authorization": "Bearer nope"})
            _error(bad_oauth, 401, "OAUTH_019")
            oauth = anonymous.get("/team", headers={"Authorization": f"Bearer {OAUTH_TOKEN}"})
            assert oauth.status_code == 200
            assert anonymous.get("/team", headers={"Authorization": TOKEN}).status_code == 200
        assert fake.calls[0].token is None
        assert fake.calls[-1].token == TOKEN

    def test_a_revoked_token_and_another_workspace(
        self, fake: FakeClickUp, api: httpx.Client
    ) -> None:
        assert api.get(f"/team/{TEAM_ID}/task").status_code == 200
        _error(api.get("/team/999/task"), 401, "OAUTH_027")
        _error(api.get("/list/424242"), 401, "OAUTH_027")
        _error(api.get("/list/8cj47gd-10171"), 400, "INPUT_003")
        fake.revoke(TOKEN)
        _error(api.get("/team"), 401, "OAUTH_025")

    def test_the_workspace(self, api: httpx.Client) -> None:
        [team] = api.get("/team").json()["teams"]
        assert team["id"] == TEAM_ID
        assert {m["user"]["id"] for m in team["members"]} == {USER_ID, MANAGER_ID}


class TestDiscovery:
    def test_statuses_belong_to_the_list(self, api: httpx.Client) -> None:
        leads = api.get(f"/list/{LIST_ID}").json()
        assert leads["id"] == LIST_ID
        assert leads["name"] == "Лиды"
        assert leads["override_statuses"] is True
        assert leads["space"]["id"] == SPACE_ID
        assert [s["status"] for s in leads["statuses"]] == list(LEAD_STATUSES)
        assert [s["type"] for s in leads["statuses"]] == ["open", "custom", "done", "closed"]
        assert set(leads["statuses"][0]) == {"status", "orderindex", "color", "type"}
        partners = api.get(f"/list/{OTHER_LIST_ID}").json()
        assert [s["status"] for s in partners["statuses"]] == ["to do", "complete"]

    def test_one_custom_field_of_each_type(self, api: httpx.Client) -> None:
        fields = api.get(f"/list/{LIST_ID}/field").json()["fields"]
        assert sorted(f["type"] for f in fields) == sorted(FIELD_TYPES)
        for item in fields:
            assert set(item) == {
                "id",
                "name",
                "type",
                "type_config",
                "date_created",
                "hide_from_guests",
                "required",
            }
            assert MS.fullmatch(item["date_created"])
        [source] = [f for f in fields if f["id"] == SOURCE_FIELD]
        options = source["type_config"]["options"]
        assert [(o["name"], o["orderindex"]) for o in options] == [
            ("Сайт", 0),
            ("Telegram", 1),
            ("Avito", 2),
        ]
        assert {o["id"] for o in options} == set(SOURCE_OPTIONS.values())
        other = api.get(f"/list/{OTHER_LIST_ID}/field").json()["fields"]
        assert [f["id"] for f in other] == [LEAD_ID_FIELD, EMAIL_FIELD]

    def test_space_tags(self, api: httpx.Client) -> None:
        tags = api.get(f"/space/{SPACE_ID}/tag").json()["tags"]
        assert [t["name"] for t in tags] == [TAG_HOT, TAG_SITE]
        assert set(tags[0]) == {"name", "tag_fg", "tag_bg"}
        _error(api.get("/space/1/tag"), 401, "OAUTH_027")


class TestCreate:
    def test_the_task_object(self, fake: FakeClickUp, api: httpx.Client) -> None:
        response = api.post(f"/list/{LIST_ID}/task", json=_lead())
        assert response.status_code == 200  # not 201
        task = response.json()
        assert re.fullmatch(r"86[0-9a-z]{7}", task["id"])
        assert task["name"] == "ООО «Ромашка» – заявка с сайта"
        assert task["markdown_description"] == _lead()["markdown_content"]
        assert task["description"] == task["text_content"]
        assert task["text_content"] == "Контакт: Анна, +7 900 123-45-67\n\nБриф\nНужен сайт"
        assert task["status"] == {
            "status": STATUS_NEW,
            "color": "#d3d3d3",
            "orderindex": 0,
            "type": "open",
        }
        assert task["priority"] == {
            "id": "2",
            "priority": "high",
            "color": "#ffcc00",
            "orderindex": "2",
        }
        assert task["due_date"] == str(DUE)
        assert MS.fullmatch(task["date_created"])
        assert task["date_updated"] == task["date_created"]
        assert (task["date_closed"], task["date_done"], task["start_date"]) == (None, None, None)
        assert [t["name"] for t in task["tags"]] == [TAG_HOT, "входящий"]  # lower-cased
        assert "входящий" in fake.tags  # created in the space
        assert task["creator"]["id"] == USER_ID
        assert (task["list"], task["space"]) == ({"id": LIST_ID}, {"id": SPACE_ID})
        assert task["url"] == f"https://app.clickup.com/t/{task['id']}"
        assert len(task["custom_fields"]) == len(FIELD_TYPES)  # every field of the list
        assert _value(task, LEAD_ID_FIELD) == "lead-42"
        assert _value(task, EMAIL_FIELD) == "anna@romashka.test"
        assert _value(task, SOURCE_FIELD) == 1  # read back as the option's orderindex
        assert _value(task, PHONE_FIELD) == "<unset>"  # no `value` key

    def test_read_back(self, api: httpx.Client) -> None:
        created = _create(api)
        read = api.get(f"/task/{created['id']}").json()
        assert "markdown_description" not in read
        assert read["attachments"] == []
        assert {k: v for k, v in read.items() if k != "attachments"} == {
            k: v for k, v in created.items() if k != "markdown_description"
        }
        with_markdown = api.get(
            f"/task/{created['id']}", params={"include_markdown_description": "true"}
        ).json()
        assert with_markdown["markdown_description"] == created["markdown_description"]
        _error(api.get("/task/86nothere"), 404, "ITEM_013")

    def test_description_fields(self, api: httpx.Client) -> None:
        both = _create(api, markdown_content="**A**", description="plain")
        assert both["markdown_description"] == "**A**"
        legacy = _create(api, markdown_content=None, markdown_description="*B*")
        assert (legacy["markdown_description"], legacy["description"]) == ("*B*", "B")
        plain = _create(api, markdown_content=None, description="just text")
        assert plain["text_content"] == "just text"

    def test_status_is_matched_without_case_and_priority_may_be_null(
        self, api: httpx.Client
    ) -> None:
        task = _create(api, status="В Работе", priority=None, tags=[])
        assert task["status"]["status"] == STATUS_WORK
        assert task["priority"] is None
        assert task["tags"] == []

    def test_the_other_list_has_its_own_statuses(self, api: httpx.Client) -> None:
        body = _lead(status=STATUS_WORK, custom_fields=[])
        _error(api.post(f"/list/{OTHER_LIST_ID}/task", json=body), 400, "ITEM_114")
        task = _create(api, OTHER_LIST_ID, custom_fields=[])
        assert task["status"]["status"] == "to do"

    @pytest.mark.parametrize(
        ("changes", "ecode"),
        [
            ({"name": ""}, "INPUT_005"),
            ({"name": None}, "INPUT_005"),
            ({"name": 42}, "INPUT_005"),
            ({"status": "не бывает"}, "ITEM_114"),
            ({"priority": 5}, "INPUT_002"),
            ({"priority": "2"}, "INPUT_002"),
            ({"priority": True}, "INPUT_002"),
            ({"due_date": "2026-09-01"}, "INPUT_002"),
            ({"due_date_time": "yes"}, "INPUT_002"),
            ({"tags": "hot"}, "INPUT_002"),
            ({"assignees": [999]}, "INPUT_002"),
            ({"parent": "86nothere"}, "ITEM_137"),
            ({"custom_fields": [{"id": "lead-id", "value": "x"}]}, "FIELD_057"),
            ({"custom_fields": [{"id": "7b1d0000-0000-4000-8000-0000000000ff"}]}, "FIELD_007"),
            ({"custom_fields": [{"id": EMAIL_FIELD, "value": "not-an-email"}]}, "FIELD_012"),
            ({"custom_fields": [{"id": SOURCE_FIELD, "value": "Telegram"}]}, "FIELD_012"),
            ({"custom_fields": [{"id": SOURCE_FIELD, "value": 1}]}, "FIELD_012"),
            ({"custom_fields": [{"id": CALL_DATE_FIELD, "value": "1788256800000"}]}, "FIELD_012"),
            ({"custom_fields": [{"id": SUBTASKS_PROGRESS_FIELD, "value": 50}]}, "FIELD_012"),
            ({"custom_fields": {"id": EMAIL_FIELD}}, "INPUT_002"),
        ],
    )
    def test_bad_requests_are_refused_in_clickups_format(
        self, fake: FakeClickUp, api: httpx.Client, changes: dict[str, Any], ecode: str
    ) -> None:
        response = api.post(f"/list/{LIST_ID}/task", json=_lead(**changes))
        assert _error(response, 400, ecode)
        assert fake.tasks == {}
        assert fake.tags.keys() == {TAG_HOT, TAG_SITE}

    def test_unknown_links_to_is_a_401_and_bad_json_a_400(
        self, fake: FakeClickUp, api: httpx.Client
    ) -> None:
        linked = api.post(f"/list/{LIST_ID}/task", json=_lead(links_to="86nothere"))
        _error(linked, 401, "ACCESS_083")
        raw = api.post(
            f"/list/{LIST_ID}/task", content=b"{", headers={"Content-Type": "application/json"}
        )
        _error(raw, 400, "INPUT_001")
        assert fake.tasks == {}

    def test_required_fields_only_when_asked(self, fake: FakeClickUp, api: httpx.Client) -> None:
        fake.fields[PHONE_FIELD].required = True
        assert api.post(f"/list/{LIST_ID}/task", json=_lead()).status_code == 200
        checked = _lead(check_required_custom_fields=True)
        _error(api.post(f"/list/{LIST_ID}/task", json=checked), 400, "FIELD_019")

    def test_missing_tags_can_be_refused(self, fake: FakeClickUp, api: httpx.Client) -> None:
        fake.create_missing_tags = False
        _error(api.post(f"/list/{LIST_ID}/task", json=_lead()), 400, "TAGS_001")
        assert _create(api, tags=["Горячий", TAG_SITE])["tags"][0]["tag_bg"] == "#e50000"


class TestUpdate:
    def test_text_priority_and_dates(self, fake: FakeClickUp, api: httpx.Client) -> None:
        task = _create(api)
        fake.advance(2)
        body = {
            "name": "Ромашка: КП отправлено",
            "markdown_content": "## КП\n*отправлено*",
            "priority": None,
            "due_date": None,
            "start_date": DUE - 86_400_000,
            "custom_fields": [{"id": LEAD_ID_FIELD, "value": "ignored"}],
            "tags": ["ignored"],
            "unknown": 1,
        }
        response = api.put(f"/task/{task['id']}", json=body)
        assert response.status_code == 200
        updated = response.json()
        assert updated["name"] == "Ромашка: КП отправлено"
        assert (updated["markdown_description"], updated["description"]) == (
            "## КП\n*отправлено*",
            "КП\nотправлено",
        )
        assert (updated["priority"], updated["due_date"]) == (None, None)
        assert updated["start_date"] == str(DUE - 86_400_000)
        assert int(updated["date_updated"]) >= int(task["date_created"]) + 2000
        assert _value(updated, LEAD_ID_FIELD) == "lead-42"  # PUT ignores custom_fields
        assert [t["name"] for t in updated["tags"]] == [TAG_HOT, "входящий"]
        cleared = api.put(f"/task/{task['id']}", json={"description": " "}).json()
        assert cleared["description"] == ""

    def test_moving_through_the_statuses(self, api: httpx.Client) -> None:
        task_id = _create(api)["id"]
        work = api.put(f"/task/{task_id}", json={"status": STATUS_WORK}).json()
        assert work["status"]["type"] == "custom"
        won = api.put(f"/task/{task_id}", json={"status": STATUS_WON}).json()
        assert won["status"]["status"] == STATUS_WON
        assert (won["date_closed"], MS.fullmatch(won["date_done"]) is not None) == (None, True)
        lost = api.put(f"/task/{task_id}", json={"status": STATUS_LOST}).json()
        assert MS.fullmatch(lost["date_closed"])
        reopened = api.put(f"/task/{task_id}", json={"status": STATUS_NEW}).json()
        assert (reopened["date_closed"], reopened["date_done"]) == (None, None)
        refused = api.put(f"/task/{task_id}", json={"status": "complete"})  # the other list's
        assert _error(refused, 400, "ITEM_114") == "Status does not exist"
        assert api.get(f"/task/{task_id}").json()["status"]["status"] == STATUS_NEW

    def test_assignees_add_and_remove(self, api: httpx.Client) -> None:
        task_id = _create(api, assignees=[USER_ID])["id"]
        body = {"assignees": {"add": [MANAGER_ID], "rem": [USER_ID]}}
        updated = api.put(f"/task/{task_id}", json=body).json()
        assert [u["id"] for u in updated["assignees"]] == [MANAGER_ID]
        _error(api.put(f"/task/{task_id}", json={"assignees": [MANAGER_ID]}), 400, "INPUT_002")
        _error(api.put(f"/task/{task_id}", json={"name": " "}), 400, "INPUT_005")
        _error(api.put("/task/86nothere", json={"name": "x"}), 404, "ITEM_013")

    def test_a_person_moves_the_task(self, fake: FakeClickUp, api: httpx.Client) -> None:
        task_id = fake.add_task("Из UI", status=STATUS_WORK)
        fake.set_status(task_id, STATUS_WON)
        assert api.get(f"/task/{task_id}").json()["status"]["status"] == STATUS_WON
        assert fake.calls_to(f"/api/v2/task/{task_id}", "GET")


class TestCustomFields:
    @pytest.mark.parametrize(
        ("field_id", "value", "shown"),
        [
            (LEAD_ID_FIELD, "lead-7", "lead-7"),
            (NOTES_FIELD, "Многострочный\nтекст", "Многострочный\nтекст"),
            (EMAIL_FIELD, "a@b.ru", "a@b.ru"),
            (PHONE_FIELD, "+7 900 123 45 67", "+7 900 123 45 67"),
            (WEBSITE_FIELD, "https://romashka.ru", "https://romashka.ru"),
            (SOURCE_FIELD, SOURCE_OPTIONS["Avito"], 2),
            (INTERESTS_FIELD, [INTEREST_OPTIONS["SEO"]], [INTEREST_OPTIONS["SEO"]]),
            (CALL_DATE_FIELD, DUE, str(DUE)),
            (QUALIFIED_FIELD, True, True),
            (HEADCOUNT_FIELD, 25, 25),
            (BUDGET_FIELD, 150000.5, 150000.5),
            (RATING_FIELD, 4, 4),
            (PROPOSAL_PROGRESS_FIELD, {"current": 40}, {"current": 40, "percent_complete": 40}),
            (
                ADDRESS_FIELD,
                {"location": {"lat": 55.75, "lng": 37.62}, "formatted_address": "Москва"},
                {"location": {"lat": 55.75, "lng": 37.62}, "formatted_address": "Москва"},
            ),
        ],
    )
    def test_set_and_read_each_kind(
        self, api: httpx.Client, field_id: str, value: Any, shown: Any
    ) -> None:
        task_id = _create(api, custom_fields=[])["id"]
        response = api.post(f"/task/{task_id}/field/{field_id}", json={"value": value})
        assert response.status_code == 200
        assert response.json() == {}
        assert _value(api.get(f"/task/{task_id}").json(), field_id) == shown
        assert api.delete(f"/task/{task_id}/field/{field_id}").json() == {}
        assert _value(api.get(f"/task/{task_id}").json(), field_id) == "<unset>"

    def test_users_tasks_and_progress(self, fake: FakeClickUp, api: httpx.Client) -> None:
        lead = _create(api)["id"]
        other = _create(api, custom_fields=[])["id"]
        people = {"value": {"add": [MANAGER_ID, USER_ID]}}
        api.post(f"/task/{lead}/field/{OWNERS_FIELD}", json=people)
        api.post(f"/task/{lead}/field/{OWNERS_FIELD}", json={"value": {"rem": [USER_ID]}})
        api.post(f"/task/{lead}/field/{RELATED_FIELD}", json={"value": {"add": [other]}})
        task = api.get(f"/task/{lead}").json()
        assert [u["id"] for u in _value(task, OWNERS_FIELD)] == [MANAGER_ID]
        assert [t["id"] for t in _value(task, RELATED_FIELD)] == [other]
        assert _value(task, SUBTASKS_PROGRESS_FIELD) == "<unset>"
        done = fake.add_task("Подзадача", parent=lead, status=STATUS_WON)
        fake.add_task("Подзадача 2", parent=lead)
        task = api.get(f"/task/{lead}", params={"include_subtasks": "true"}).json()
        assert _value(task, SUBTASKS_PROGRESS_FIELD) == {"percent_completed": 50}
        assert done in {t["id"] for t in task["subtasks"]}

    def test_refusals(self, fake: FakeClickUp, api: httpx.Client) -> None:
        task_id = _create(api, OTHER_LIST_ID, custom_fields=[])["id"]
        not_on_list = api.post(f"/task/{task_id}/field/{PHONE_FIELD}", json={"value": "+7900"})
        _error(not_on_list, 400, "FIELD_007")
        _error(api.post(f"/task/{task_id}/field/abc", json={"value": 1}), 400, "FIELD_057")
        _error(api.post(f"/task/{task_id}/field/{EMAIL_FIELD}", json={}), 400, "FIELD_012")
        missing = api.post(f"/task/86nothere/field/{EMAIL_FIELD}", json={"value": "a@b.ru"})
        _error(missing, 404, "ITEM_013")

    def test_dropdown_switches(self, fake: FakeClickUp, api: httpx.Client) -> None:
        fake.accept_dropdown_orderindex = True
        fake.dropdown_value_as_orderindex = False
        task_id = _create(api, custom_fields=[{"id": SOURCE_FIELD, "value": 2}])["id"]
        assert _value(api.get(f"/task/{task_id}").json(), SOURCE_FIELD) == SOURCE_OPTIONS["Avito"]

    def test_the_free_plan_cap(self, fake: FakeClickUp, api: httpx.Client) -> None:
        fake.custom_field_uses_left = 4
        task_id = _create(api)["id"]  # three values
        body = {"value": "+7 900 000 00 00"}
        assert api.post(f"/task/{task_id}/field/{PHONE_FIELD}", json=body).status_code == 200
        capped = api.post(f"/task/{task_id}/field/{PHONE_FIELD}", json=body)
        assert _error(capped, 400, "FIELD_033") == "Custom field usages exceeded for your plan"
        assert api.delete(f"/task/{task_id}/field/{PHONE_FIELD}").status_code == 200


class TestTagsAndComments:
    def test_tags_on_a_task(self, fake: FakeClickUp, api: httpx.Client) -> None:
        task_id = _create(api, tags=[])["id"]
        assert api.post(f"/task/{task_id}/tag/{TAG_SITE}").json() == {}
        assert api.post(f"/task/{task_id}/tag/Повторный").status_code == 200
        assert api.delete(f"/task/{task_id}/tag/{TAG_SITE}").json() == {}
        assert [t["name"] for t in api.get(f"/task/{task_id}").json()["tags"]] == ["повторный"]
        assert "повторный" in {t["name"] for t in api.get(f"/space/{SPACE_ID}/tag").json()["tags"]}

    def test_comments(self, fake: FakeClickUp, api: httpx.Client) -> None:
        task_id = _create(api)["id"]
        response = api.post(
            f"/task/{task_id}/comment",
            json={"comment_text": "Клиент просит КП до пятницы", "notify_all": False},
        )
        assert response.status_code == 200
        created = response.json()
        assert set(created) == {"id", "hist_id", "date"}
        assert isinstance(created["id"], str)
        assert isinstance(created["hist_id"], str)
        assert isinstance(created["date"], int)  # an int here, a string in the list
        fake.advance(1)
        manager = fake.add_comment(task_id, "Позвонил, ждут КП")
        comments = api.get(f"/task/{task_id}/comment").json()["comments"]
        assert [c["id"] for c in comments] == [manager, created["id"]]  # newest first
        assert comments[1]["comment_text"] == "Клиент просит КП до пятницы"
        assert comments[1]["comment"] == [{"text": "Клиент просит КП до пятницы"}]
        assert comments[1]["date"] == str(created["date"])
        assert (comments[0]["user"]["id"], comments[1]["user"]["id"]) == (MANAGER_ID, USER_ID)
        _error(api.post(f"/task/{task_id}/comment", json={}), 400, "INPUT_002")
        _error(api.post("/task/86nothere/comment", json={"comment_text": "x"}), 404, "ITEM_013")

    def test_older_comments_by_start_and_start_id(
        self, fake: FakeClickUp, api: httpx.Client
    ) -> None:
        fake.comments_page_size = 2
        task_id = fake.add_task()
        ids = []
        for i in range(3):
            ids.append(fake.add_comment(task_id, f"#{i}"))
            fake.advance(1)
        first = api.get(f"/task/{task_id}/comment").json()["comments"]
        assert [c["id"] for c in first] == [ids[2], ids[1]]
        last = first[-1]
        older = api.get(
            f"/task/{task_id}/comment", params={"start": last["date"], "start_id": last["id"]}
        )
        assert [c["id"] for c in older.json()["comments"]] == [ids[0]]


class TestFind:
    def test_by_the_lead_id_field_across_the_workspace(
        self, fake: FakeClickUp, api: httpx.Client
    ) -> None:
        wanted = _create(api)["id"]
        _create(api, custom_fields=[{"id": LEAD_ID_FIELD, "value": "lead-43"}])
        _create(api, OTHER_LIST_ID, custom_fields=[{"id": LEAD_ID_FIELD, "value": "lead-42"}])
        rule = f'[{{"field_id":"{LEAD_ID_FIELD}","operator":"=","value":"lead-42"}}]'
        found = api.get(
            f"/team/{TEAM_ID}/task", params={"list_ids[]": LIST_ID, "custom_fields": rule}
        ).json()
        assert [t["id"] for t in found["tasks"]] == [wanted]
        assert found["last_page"] is True
        everywhere = api.get(f"/team/{TEAM_ID}/task", params={"custom_fields": rule}).json()
        assert len(everywhere["tasks"]) == 2
        unset = f'[{{"field_id":"{PHONE_FIELD}","operator":"IS NULL"}}]'
        no_phone = api.get(f"/team/{TEAM_ID}/task", params={"custom_fields": unset}).json()
        assert len(no_phone["tasks"]) == 3
        _error(api.get(f"/team/{TEAM_ID}/task", params={"custom_fields": "x"}), 400, "INPUT_002")

    def test_list_filters_and_pages(self, fake: FakeClickUp, api: httpx.Client) -> None:
        fake.tasks_page_size = 2
        new = _create(api, tags=[TAG_SITE])["id"]
        fake.advance(1)
        work = _create(api, status=STATUS_WORK, tags=[])["id"]
        fake.advance(1)
        won = _create(api, status=STATUS_WON)["id"]
        fake.advance(1)
        archived = _create(api, archived=True)["id"]
        page0 = api.get(f"/list/{LIST_ID}/task").json()
        assert ([t["id"] for t in page0["tasks"]], page0["last_page"]) == ([work, new], True)
        closed = api.get(f"/list/{LIST_ID}/task", params={"include_closed": "true"}).json()
        assert ([t["id"] for t in closed["tasks"]], closed["last_page"]) == ([won, work], False)
        page1 = api.get(f"/list/{LIST_ID}/task", params={"include_closed": "true", "page": 1})
        assert [t["id"] for t in page1.json()["tasks"]] == [new]
        by_status = api.get(f"/list/{LIST_ID}/task", params={"statuses[]": [STATUS_WON, "x"]})
        assert [t["id"] for t in by_status.json()["tasks"]] == [won]
        by_tag = api.get(f"/list/{LIST_ID}/task", params={"tags[]": TAG_SITE}).json()
        assert [t["id"] for t in by_tag["tasks"]] == [new]
        gone = api.get(f"/list/{LIST_ID}/task", params={"archived": "true"}).json()
        assert [t["id"] for t in gone["tasks"]] == [archived]
        assert "markdown_description" not in page0["tasks"][0]

    def test_custom_task_ids(self, fake: FakeClickUp, api: httpx.Client) -> None:
        task_id = fake.add_task("С кастомным id", custom_id="LEAD-42")
        by_custom = api.get(
            "/task/LEAD-42", params={"custom_task_ids": "true", "team_id": TEAM_ID}
        ).json()
        assert (by_custom["id"], by_custom["custom_id"]) == (task_id, "LEAD-42")
        no_team = api.get("/task/LEAD-42", params={"custom_task_ids": "true"})
        _error(no_team, 400, "INPUT_002")
        fake.unknown_task_unauthorized = True
        _error(api.get("/task/LEAD-42"), 401, "OAUTH_027")


class TestFailures:
    def test_the_rate_limit_per_token_and_minute(
        self, fake: FakeClickUp, api: httpx.Client
    ) -> None:
        fake.rate_limit = 3
        answers = [api.get("/team") for _ in range(3)]
        assert [r.headers["X-RateLimit-Remaining"] for r in answers] == ["2", "1", "0"]
        assert {r.headers["X-RateLimit-Limit"] for r in answers} == {"3"}
        limited = api.get("/team")
        assert _error(limited, 429, "APP_002") == "Rate limit reached"
        assert limited.headers["X-RateLimit-Remaining"] == "0"
        assert limited.headers["X-RateLimit-Reset"] == answers[0].headers["X-RateLimit-Reset"]
        assert "retry-after" not in limited.headers
        oauth = api.get("/team", headers={"Authorization": f"Bearer {OAUTH_TOKEN}"})
        assert oauth.status_code == 200  # another token, another window
        fake.advance(60)
        assert api.get("/team").headers["X-RateLimit-Remaining"] == "2"
        fake.rate_limit_headers_always = False
        assert "X-RateLimit-Limit" not in api.get("/team").headers

    def test_rate_limit_next(self, fake: FakeClickUp, api: httpx.Client) -> None:
        fake.rate_limit_next(2, reset_in=5)
        first = api.post(f"/list/{LIST_ID}/task", json=_lead())
        _error(first, 429, "APP_002")
        reset = int(first.headers["X-RateLimit-Reset"])
        assert time.time() + 4 <= reset <= time.time() + 6
        assert api.get("/team").status_code == 429
        assert fake.tasks == {}
        assert api.get("/team").headers["X-RateLimit-Remaining"] == "99"

    def test_fail_next(self, fake: FakeClickUp, api: httpx.Client) -> None:
        fake.fail_next(500)
        _error(api.post(f"/list/{LIST_ID}/task", json=_lead()), 500, "APP_500")
        assert fake.tasks == {}
        fake.fail_next(502, processed=True)
        lost = api.post(f"/list/{LIST_ID}/task", json=_lead())
        assert lost.status_code == 502
        assert lost.headers["content-type"].startswith("text/html")
        assert len(fake.tasks) == 1  # made; the retry would make a duplicate
        assert api.get("/team").status_code == 200
        assert [c.status for c in fake.calls_to("/api/v2/list/*/task", "POST")] == [500, 502]

    def test_down_and_unknown_routes(self, fake: FakeClickUp, api: httpx.Client) -> None:
        _error(api.get("/nothing/here"), 404, "APP_001")
        _error(api.patch(f"/list/{LIST_ID}"), 404, "APP_001")
        fake.down = True
        assert api.get("/team").status_code == 503
        assert api.get("/nothing").status_code == 503


def test_calls_record_what_the_client_sent(fake: FakeClickUp, api: httpx.Client) -> None:
    api.get(f"/list/{LIST_ID}/task", params={"statuses[]": [STATUS_NEW, STATUS_WORK]})
    _create(api)
    listed, created = fake.calls
    assert (listed.method, listed.path, listed.status) == (
        "GET",
        f"/api/v2/list/{LIST_ID}/task",
        200,
    )
    assert listed.query_string.count("statuses%5B%5D=") == 2
    assert created.headers["authorization"] == TOKEN
    assert created.body == _lead()


def test_reset_restores_the_seeded_workspace(fake: FakeClickUp, api: httpx.Client) -> None:
    task_id = _create(api)["id"]
    fake.add_comment(task_id, "x")
    new_list = fake.add_list("Архив", [("Новый", "open")])
    fake.add_field("Доп", "short_text")
    fake.down = True
    fake.fail_next()
    fake.rate_limit = 0
    fake.revoke(TOKEN)
    fake.advance(100)
    fake.reset()
    assert (fake.tasks, fake.comments, fake.calls) == ({}, {}, [])
    assert new_list not in fake.lists
    assert len(fake.fields) == len(FIELD_TYPES)
    assert fake.tags.keys() == {TAG_HOT, TAG_SITE}
    assert abs(fake.now() - time.time()) < 1
    assert _create(api)["status"]["status"] == STATUS_NEW
