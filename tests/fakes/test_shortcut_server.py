"""The fake Shortcut API keeps to the contract notes: the Shortcut-Token header, discovery of
workflows, labels and custom fields, stories created by workflow state XOR project with labels
by name, updates and moves, comments, finding a story again, errors in Shortcut's format, the
per-token rate limit and the injected failures."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fakes.shortcut_server import (
    API,
    DEV_GROUP_ID,
    LABEL_LEAD_ID,
    LABEL_VIP_ID,
    MANAGER_ID,
    OWNER_ID,
    PRIORITY_FIELD_ID,
    PRIORITY_HIGH_ID,
    PRIORITY_LOW_ID,
    PROJECT_ID,
    SALES_GROUP_ID,
    SALES_WORKFLOW_ID,
    SEVERITY_CRITICAL_ID,
    SEVERITY_FIELD_ID,
    SOURCE_FIELD_ID,
    SOURCE_TELEGRAM_ID,
    STATE_BACKLOG,
    STATE_IN_PROGRESS,
    STATE_LOST,
    STATE_NEW,
    STATE_WON,
    TOKEN,
    FakeShortcut,
)

RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
INVALID = "The request included invalid or missing parameters."
CRM_URL = "https://crm.example.test/leads/4711"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeShortcut]:
    fake = FakeShortcut().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(server: FakeShortcut) -> FakeShortcut:
    server.reset()
    return server


@pytest.fixture
def api(fake: FakeShortcut) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake.api_url, headers={"Shortcut-Token": TOKEN}) as client:
        yield client


def _lead(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "ACME Corp – inbound lead",
        "story_type": "feature",
        "description": "**Contact:** Jane Doe <jane@acme.test>",
        "workflow_state_id": STATE_NEW,
        "group_id": SALES_GROUP_ID,
        "labels": [{"name": "lead"}, {"name": "hot", "color": "#e5484d"}],
        "deadline": "2026-09-01T10:00:00Z",
        "external_id": "lead-4711",
        "external_links": [CRM_URL],
        "custom_fields": [{"field_id": PRIORITY_FIELD_ID, "value_id": PRIORITY_HIGH_ID}],
    }
    body.update(changes)
    return body


def _create(api: httpx.Client, **changes: Any) -> dict[str, Any]:
    response = api.post("/stories", json=_lead(**changes))
    assert response.status_code == 201, response.text
    story: dict[str, Any] = response.json()
    return story


def _assert_invalid(response: httpx.Response, *fields: str) -> dict[str, str]:
    assert response.status_code == 400, response.text
    body = response.json()
    assert set(body) == {"message", "errors"}
    assert body["message"] == INVALID
    errors: dict[str, str] = body["errors"]
    assert set(errors) == set(fields)
    return errors


class TestAuth:
    def test_every_route_wants_the_token_header(self, fake: FakeShortcut) -> None:
        with httpx.Client(base_url=fake.api_url) as anonymous:
            bare = anonymous.post("/stories", json=_lead())
            assert (bare.status_code, bare.json()) == (401, {"message": "Unauthorized"})
            wrong = anonymous.get("/workflows", headers={"Shortcut-Token": "nope"})
            assert wrong.status_code == 401
            legacy = anonymous.get("/workflows", params={"token": TOKEN})
            assert legacy.status_code == 401
            bearer = anonymous.get("/member", headers={"Authorization": f"Bearer {TOKEN}"})
            assert bearer.status_code == 401
        assert fake.stories == {}
        assert [c.status for c in fake.calls] == [401] * 4

    def test_the_member_is_the_token_owner(self, api: httpx.Client) -> None:
        member = api.get("/member").json()
        assert (member["id"], member["mention_name"]) == (OWNER_ID, "anna")
        assert member["workspace2"]["url_slug"] == "acme"

    def test_another_token_may_be_accepted(self, fake: FakeShortcut) -> None:
        fake.tokens.add("second")
        assert httpx.get(f"{fake.api_url}/member", headers={"Shortcut-Token": "second"}).is_success


class TestDiscovery:
    def test_workflows_and_their_states(self, api: httpx.Client) -> None:
        workflows = api.get("/workflows").json()
        sales = next(w for w in workflows if w["id"] == SALES_WORKFLOW_ID)
        assert sales["entity_type"] == "workflow"
        assert sales["default_state_id"] == STATE_NEW
        assert sales["project_ids"] == [PROJECT_ID]
        states = [(s["id"], s["name"], s["type"]) for s in sales["states"]]
        assert states == [
            (STATE_NEW, "Новые лиды", "unstarted"),
            (STATE_IN_PROGRESS, "В работе", "started"),
            (STATE_WON, "Выиграны", "done"),
            (STATE_LOST, "Проиграны", "done"),
        ]
        assert {s["entity_type"] for s in sales["states"]} == {"workflow-state"}
        assert len(workflows) == 2
        assert api.get(f"/workflows/{SALES_WORKFLOW_ID}").json() == sales

    def test_state_counts_follow_the_stories(self, fake: FakeShortcut, api: httpx.Client) -> None:
        fake.add_story()
        fake.add_story(workflow_state_id=STATE_WON)
        states = api.get(f"/workflows/{SALES_WORKFLOW_ID}").json()["states"]
        assert [s["num_stories"] for s in states] == [1, 0, 1, 0]

    def test_unknown_workflow(self, api: httpx.Client) -> None:
        missing = api.get("/workflows/42")
        assert (missing.status_code, missing.json()) == (404, {"message": "Resource not found."})
        _assert_invalid(api.get("/workflows/sales"), "workflow-public-id")

    def test_groups(self, api: httpx.Client) -> None:
        groups = {g["id"]: g for g in api.get("/groups").json()}
        assert set(groups) == {SALES_GROUP_ID, DEV_GROUP_ID}
        assert groups[SALES_GROUP_ID]["workflow_ids"] == [SALES_WORKFLOW_ID]
        assert groups[SALES_GROUP_ID]["default_workflow_id"] == SALES_WORKFLOW_ID

    def test_labels(self, fake: FakeShortcut, api: httpx.Client) -> None:
        fake.add_story(labels=[{"name": "lead"}])
        labels = {x["id"]: x for x in api.get("/labels").json()}
        assert set(labels) == {LABEL_LEAD_ID, LABEL_VIP_ID}
        assert labels[LABEL_LEAD_ID]["name"] == "lead"
        assert labels[LABEL_LEAD_ID]["entity_type"] == "label"
        assert labels[LABEL_LEAD_ID]["stats"]["num_stories_total"] == 1

    def test_custom_fields_are_enums(self, api: httpx.Client) -> None:
        fields = {f["id"]: f for f in api.get("/custom-fields").json()}
        assert {f["field_type"] for f in fields.values()} == {"enum"}
        assert {f["entity_type"] for f in fields.values()} == {"custom-field"}
        priority = fields[PRIORITY_FIELD_ID]
        assert priority["canonical_name"] == "priority"
        assert [v["value"] for v in priority["values"]] == ["High", "Medium", "Low"]
        assert priority["values"][0]["entity_type"] == "custom-field-enum-value"
        assert "canonical_name" not in fields[SOURCE_FIELD_ID]
        assert fields[SEVERITY_FIELD_ID]["enabled"] is False


class TestCreate:
    def test_create_and_read_back(self, fake: FakeShortcut, api: httpx.Client) -> None:
        story = _create(api)
        assert story["entity_type"] == "story"
        assert story["app_url"] == f"https://app.shortcut.com/acme/story/{story['id']}"
        assert (story["workflow_id"], story["workflow_state_id"]) == (SALES_WORKFLOW_ID, STATE_NEW)
        assert (story["group_id"], story["project_id"]) == (SALES_GROUP_ID, None)
        assert story["description"] == "**Contact:** Jane Doe <jane@acme.test>"
        assert story["deadline"] == "2026-09-01T10:00:00Z"
        assert story["external_id"] == "lead-4711"
        assert story["external_links"] == [CRM_URL]
        assert story["custom_fields"] == [
            {"field_id": PRIORITY_FIELD_ID, "value_id": PRIORITY_HIGH_ID, "value": "High"}
        ]
        lead, hot = story["labels"]
        assert (lead["id"], lead["name"], lead["color"]) == (LABEL_LEAD_ID, "lead", "#49a3f1")
        assert (hot["name"], hot["color"], hot["entity_type"]) == ("hot", "#e5484d", "label")
        assert story["label_ids"] == [LABEL_LEAD_ID, hot["id"]]
        assert (story["requested_by_id"], story["follower_ids"]) == (OWNER_ID, [OWNER_ID])
        assert (story["started"], story["completed"], story["moved_at"]) == (False, False, None)
        assert story["comments"] == story["tasks"] == story["files"] == []
        assert RFC3339.fullmatch(story["created_at"])
        assert api.get(f"/stories/{story['id']}").json() == story
        assert fake.story(story["id"]) == story
        assert {x["name"] for x in api.get("/labels").json()} == {"lead", "vip", "hot"}

    def test_labels_match_by_name_and_are_created_once(self, api: httpx.Client) -> None:
        first = _create(api, labels=[{"name": "Hot"}, {"name": "VIP"}])
        second = _create(api, labels=[{"name": "hot", "color": "#000000"}])
        assert first["label_ids"][1] == LABEL_VIP_ID
        assert second["label_ids"] == first["label_ids"][:1]
        assert second["labels"][0]["color"] is None  # a matched label keeps its own

    def test_a_project_places_the_story_in_its_default_state(self, api: httpx.Client) -> None:
        body = _lead(project_id=PROJECT_ID)
        del body["workflow_state_id"]
        story = api.post("/stories", json=body).json()
        assert (story["project_id"], story["workflow_state_id"]) == (PROJECT_ID, STATE_NEW)

    def test_created_with_comments_and_in_a_done_state(self, api: httpx.Client) -> None:
        story = _create(api, workflow_state_id=STATE_WON, comments=[{"text": "Из формы"}])
        assert [c["text"] for c in story["comments"]] == ["Из формы"]
        assert (story["started"], story["completed"]) == (True, True)
        assert story["completed_at"] is not None

    @pytest.mark.parametrize("both", [True, False])
    def test_workflow_state_xor_project(
        self, fake: FakeShortcut, api: httpx.Client, both: bool
    ) -> None:
        body = _lead(project_id=PROJECT_ID) if both else _lead()
        if not both:
            del body["workflow_state_id"]
        errors = _assert_invalid(api.post("/stories", json=body), "workflow_state_id", "project_id")
        assert "exactly one" in errors["workflow_state_id"]
        assert fake.stories == {}

    def test_schema_problems_are_listed_together(self, api: httpx.Client) -> None:
        body = _lead(story_type="lead", label_ids=[LABEL_LEAD_ID], deadline="2026-09-01")
        del body["name"]
        errors = _assert_invalid(
            api.post("/stories", json=body), "name", "story_type", "label_ids", "deadline"
        )
        assert errors["name"] == "missing-required-key"
        assert errors["label_ids"] == "disallowed-key"

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"name": ""}, "name"),
            ({"name": "x" * 513}, "name"),
            ({"labels": [{"color": "#ffffff"}]}, "labels"),
            ({"labels": [{"name": "x", "color": "red"}]}, "labels"),
            ({"external_links": ["crm/4711"]}, "external_links"),
            ({"external_id": "x" * 1025}, "external_id"),
            ({"group_id": "sales"}, "group_id"),
            ({"owner_ids": ["5f3c0000-0000-4000-8000-0000000000ff"]}, "owner_ids"),
            ({"workflow_state_id": 1}, "workflow_state_id"),
            ({"workflow_state_id": "500000011"}, "workflow_state_id"),
            ({"epic_id": 5}, "epic_id"),
            ({"custom_fields": [{"field_id": PRIORITY_FIELD_ID}]}, "custom_fields"),
            (
                {
                    "custom_fields": [
                        {"field_id": PRIORITY_FIELD_ID, "value_id": SOURCE_TELEGRAM_ID}
                    ]
                },
                "custom_fields",
            ),
            (
                {
                    "custom_fields": [
                        {"field_id": SEVERITY_FIELD_ID, "value_id": SEVERITY_CRITICAL_ID}
                    ]
                },
                "custom_fields",
            ),
        ],
    )
    def test_invalid_fields(
        self, fake: FakeShortcut, api: httpx.Client, changes: dict[str, Any], field: str
    ) -> None:
        _assert_invalid(api.post("/stories", json=_lead(**changes)), field)
        assert fake.stories == {}

    def test_a_team_outside_the_workflow_is_unprocessable(self, api: httpx.Client) -> None:
        refused = api.post("/stories", json=_lead(group_id=DEV_GROUP_ID))
        assert refused.status_code == 422
        assert set(refused.json()) == {"message"}

    def test_bodies_that_are_not_json_objects(self, api: httpx.Client) -> None:
        _assert_invalid(api.post("/stories", json=["name"]), "body")
        _assert_invalid(
            api.post("/stories", content=b"{", headers={"Content-Type": "application/json"}),
            "body",
        )
        assert api.post("/stories", content=b"name=x", headers={}).status_code == 415
        _assert_invalid(api.post("/stories"), "name")  # an empty body is {}


class TestUpdate:
    def test_move_through_the_workflow(self, fake: FakeShortcut, api: httpx.Client) -> None:
        story = _create(api)
        started = api.put(f"/stories/{story['id']}", json={"workflow_state_id": STATE_IN_PROGRESS})
        assert started.status_code == 200
        moved = started.json()
        assert (moved["started"], moved["completed"]) == (True, False)
        assert moved["started_at"] is not None
        assert moved["moved_at"] is not None
        fake.advance(5)
        won = api.put(f"/stories/{story['id']}", json={"workflow_state_id": STATE_WON}).json()
        assert (won["started"], won["completed"]) == (True, True)
        assert won["started_at"] == moved["started_at"]
        assert won["completed_at"] > moved["started_at"]
        back = fake.move(story["id"], STATE_NEW)
        assert (back["started"], back["completed"], back["started_at"]) == (False, False, None)

    def test_text_labels_fields_and_deadline(self, api: httpx.Client) -> None:
        story = _create(api)
        changes = {
            "name": "ACME Corp – 50 seats",
            "description": story["description"] + "\n\n**Budget:** 1 000 000 ₽",
            "labels": [{"name": "vip"}],
            "custom_fields": [{"field_id": PRIORITY_FIELD_ID, "value_id": PRIORITY_LOW_ID}],
            "deadline": None,
            "owner_ids": [MANAGER_ID],
        }
        updated = api.put(f"/stories/{story['id']}", json=changes).json()
        assert updated["name"] == "ACME Corp – 50 seats"
        assert updated["description"].endswith("1 000 000 ₽")
        assert updated["label_ids"] == [LABEL_VIP_ID]
        assert updated["custom_fields"][0]["value"] == "Low"
        assert updated["deadline"] is None
        assert updated["owner_ids"] == [MANAGER_ID]
        assert updated["workflow_state_id"] == STATE_NEW
        assert updated["external_links"] == [CRM_URL]

    def test_positions_within_a_state(self, fake: FakeShortcut, api: httpx.Client) -> None:
        first, second = fake.add_story(), fake.add_story()
        assert first["position"] < second["position"]
        api.put(f"/stories/{second['id']}", json={"move_to": "first"})
        assert fake.story(second["id"])["position"] < fake.story(first["id"])["position"]
        api.put(f"/stories/{second['id']}", json={"after_id": first["id"]})
        assert fake.story(second["id"])["position"] > fake.story(first["id"])["position"]
        elsewhere = fake.add_story(workflow_state_id=STATE_WON)
        _assert_invalid(
            api.put(f"/stories/{first['id']}", json={"before_id": elsewhere["id"]}), "before_id"
        )

    def test_update_errors(self, fake: FakeShortcut, api: httpx.Client) -> None:
        story = fake.add_story()
        missing = api.put("/stories/999999", json={"name": "x"})
        assert (missing.status_code, missing.json()) == (404, {"message": "Resource not found."})
        path = f"/stories/{story['id']}"
        _assert_invalid(api.put(path, json={"workflow_state_id": 7}), "workflow_state_id")
        _assert_invalid(api.put(path, json={"name": None, "comments": []}), "name", "comments")
        moved = api.put(path, json={"workflow_state_id": STATE_BACKLOG})
        assert moved.status_code == 200  # no team: any workflow
        wrong_team = api.put(path, json={"group_id": SALES_GROUP_ID})
        assert wrong_team.status_code == 422
        assert fake.story(story["id"])["group_id"] is None

    def test_delete(self, fake: FakeShortcut, api: httpx.Client) -> None:
        story = fake.add_story()
        deleted = api.delete(f"/stories/{story['id']}")
        assert (deleted.status_code, deleted.content) == (204, b"")
        assert api.get(f"/stories/{story['id']}").status_code == 404
        assert api.get(f"/stories/{story['id']}/comments").status_code == 404


class TestComments:
    def test_comment_and_list(self, fake: FakeShortcut, api: httpx.Client) -> None:
        story = fake.add_story()
        created = api.post(f"/stories/{story['id']}/comments", json={"text": "Demo booked"})
        assert created.status_code == 201
        comment = created.json()
        assert comment["entity_type"] == "story-comment"
        assert (comment["story_id"], comment["text"]) == (story["id"], "Demo booked")
        assert comment["author_id"] == OWNER_ID
        assert comment["app_url"].endswith(f"/story/{story['id']}#activity-{comment['id']}")
        assert (comment["position"], comment["deleted"], comment["parent_id"]) == (1, False, None)
        reply = fake.add_comment(story["id"], "Клиент подтвердил", parent_id=comment["id"])
        assert (reply["author_id"], reply["position"]) == (MANAGER_ID, 2)
        listed = api.get(f"/stories/{story['id']}/comments").json()
        assert listed == [comment, reply]
        assert fake.story(story["id"])["comments"] == listed

    def test_comment_errors(self, fake: FakeShortcut, api: httpx.Client) -> None:
        story = fake.add_story()
        path = f"/stories/{story['id']}/comments"
        assert _assert_invalid(api.post(path, json={}), "text")["text"] == "missing-required-key"
        _assert_invalid(api.post(path, json={"text": ""}), "text")
        _assert_invalid(api.post(path, json={"text": "x", "parent_id": 1}), "parent_id")
        _assert_invalid(api.post(path, json={"text": "x", "author": "me"}), "author")
        assert api.post("/stories/999999/comments", json={"text": "x"}).status_code == 404
        assert fake.story(story["id"])["comments"] == []


class TestFindAgain:
    def test_by_external_link(self, fake: FakeShortcut, api: httpx.Client) -> None:
        story = _create(api)
        fake.add_story(external_links=["https://crm.example.test/leads/1"])
        found = api.get("/external-link/stories", params={"external_link": CRM_URL}).json()
        assert [s["id"] for s in found] == [story["id"]]
        assert found[0]["external_id"] == "lead-4711"
        assert "description" not in found[0]
        assert found[0]["comment_ids"] == []
        none = api.get("/external-link/stories", params={"external_link": CRM_URL + "0"})
        assert none.json() == []
        _assert_invalid(api.get("/external-link/stories"), "external_link")

    def test_search_by_words_and_operators(self, fake: FakeShortcut, api: httpx.Client) -> None:
        acme = _create(api)
        other = fake.add_story(name="Globex", workflow_state_id=STATE_WON)
        fake.add_story(name="ACME archived", archived=True)

        def ids(query: str) -> list[int]:
            page = api.get("/search/stories", params={"query": query}).json()
            assert set(page) == {"data", "next", "total"}
            return [s["id"] for s in page["data"]]

        assert ids("acme") == [acme["id"]]
        assert ids("jane@acme.test") == [acme["id"]]  # the description
        assert ids('label:hot state:"Новые лиды"') == [acme["id"]]
        assert ids("is:done") == [other["id"]]
        assert ids("team:sales type:feature") == [acme["id"]]
        assert ids(f"id:{other['id']}") == [other["id"]]
        assert len(ids("acme is:archived")) == 1
        _assert_invalid(api.get("/search/stories", params={"query": "owner:anna"}), "query")
        _assert_invalid(api.get("/search/stories"), "query")

    def test_search_pages_and_its_limit(self, fake: FakeShortcut, api: httpx.Client) -> None:
        made = [fake.add_story(name=f"Лид {i}")["id"] for i in range(5)]
        params: dict[str, Any] = {"query": "лид", "page_size": 2, "detail": "slim"}
        first = api.get("/search/stories", params=params).json()
        assert (first["total"], [s["id"] for s in first["data"]]) == (5, made[:2])
        assert "description" not in first["data"][0]
        second = api.get("/search/stories", params={**params, "next": first["next"]}).json()
        assert [s["id"] for s in second["data"]] == made[2:4]
        third = api.get("/search/stories", params={**params, "next": second["next"]}).json()
        assert (len(third["data"]), third["next"]) == (1, None)
        stale = {"query": "other", "next": first["next"]}
        _assert_invalid(api.get("/search/stories", params=stale), "next")
        _assert_invalid(
            api.get("/search/stories", params={**params, "page_size": 251}), "page_size"
        )

        fake.max_search_results = 3
        past = api.get("/search/stories", params={**params, "next": first["next"]})
        assert past.status_code == 400
        assert past.json()["error"] == "maximum-results-exceeded"
        assert past.json()["maximum-results"] == 3


class TestFailures:
    def test_the_rate_limit_per_token(self, fake: FakeShortcut, api: httpx.Client) -> None:
        fake.rate_limit = 3  # the 3rd request within 60 s is refused
        assert [api.get("/member").status_code for _ in range(3)] == [200, 200, 429]
        limited = api.get("/member")
        assert (limited.status_code, limited.content) == (429, b"")
        assert "retry-after" not in limited.headers
        fake.tokens.add("second")
        other = httpx.get(f"{fake.api_url}/member", headers={"Shortcut-Token": "second"})
        assert other.status_code == 200
        fake.send_retry_after = True
        assert 1 <= int(api.get("/member").headers["Retry-After"]) <= 60
        fake.advance(60)
        assert api.get("/member").status_code == 200

    def test_the_default_limit_is_200_a_minute(self, fake: FakeShortcut, api: httpx.Client) -> None:
        statuses = [api.get("/member").status_code for _ in range(200)]
        assert statuses.count(200) == 199
        assert statuses[-1] == 429

    def test_rate_limit_next(self, fake: FakeShortcut, api: httpx.Client) -> None:
        fake.rate_limit_next(1)
        fake.rate_limit_next(1, retry_after=30)
        assert api.post("/stories", json=_lead()).status_code == 429
        limited = api.post("/stories", json=_lead())
        assert (limited.status_code, limited.headers["Retry-After"]) == (429, "30")
        assert fake.stories == {}
        assert api.post("/stories", json=_lead()).status_code == 201

    def test_fail_next(self, fake: FakeShortcut, api: httpx.Client) -> None:
        fake.fail_next(500, times=2)
        assert [api.post("/stories", json=_lead()).status_code for _ in range(3)] == [500, 500, 201]
        assert len(fake.stories) == 1
        assert [c.status for c in fake.calls_to("/api/v3/stories", "POST")] == [500, 500, 201]

    def test_a_processed_failure_creates_the_story(
        self, fake: FakeShortcut, api: httpx.Client
    ) -> None:
        fake.fail_next(504, processed=True)
        lost = api.post("/stories", json=_lead())
        assert lost.status_code == 504
        assert lost.headers["content-type"].startswith("text/html")
        [story] = api.get("/external-link/stories", params={"external_link": CRM_URL}).json()
        assert story["external_id"] == "lead-4711"

    def test_error_bodies(self, fake: FakeShortcut, api: httpx.Client) -> None:
        fake.fail_next(403)
        fake.fail_next(422)
        denied = api.get("/labels")
        assert denied.json()["tag"] == "user_denied_access"
        assert set(api.get("/labels").json()) == {"message"}

    def test_down_unknown_paths_and_methods(self, fake: FakeShortcut, api: httpx.Client) -> None:
        fake.down = True
        assert api.get("/workflows").status_code == 503
        assert api.get("/nothing").status_code == 503
        fake.down = False
        unknown = api.get("/projects/sunset")
        assert (unknown.status_code, unknown.json()) == (404, {"message": "Page not Found"})
        assert api.patch("/stories/1", json={}).status_code == 405


def test_calls_record_what_the_client_sent(fake: FakeShortcut, api: httpx.Client) -> None:
    story = _create(api)
    api.put(f"/stories/{story['id']}", json={"workflow_state_id": STATE_WON})
    create, move = fake.calls
    assert (create.method, create.path, create.status) == ("POST", f"{API}/stories", 201)
    assert create.token == TOKEN
    assert create.body == _lead()
    assert fake.calls_to(f"{API}/stories/*", "PUT") == [move]
    assert move.body == {"workflow_state_id": STATE_WON}


def test_reset_restores_the_seeded_workspace(fake: FakeShortcut, api: httpx.Client) -> None:
    _create(api)
    fake.add_label("spam")
    fake.tokens.add("second")
    fake.down = True
    fake.rate_limit = 1
    fake.fail_next()
    fake.advance(10)
    fake.reset()
    assert (fake.stories, fake.calls, fake.tokens) == ({}, [], {TOKEN})
    assert set(fake.labels) == {LABEL_LEAD_ID, LABEL_VIP_ID}
    assert (fake.down, fake.rate_limit) == (False, 200)
    assert api.get("/labels").status_code == 200
    assert _create(api)["id"] == 1000
