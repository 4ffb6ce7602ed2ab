"""The fake GitHub GraphQL API keeps to the contract notes: token auth and scopes, draft issues
with their fields set one mutation each, the Status single select, drafts that take no comments
(their body is appended to), finding an item again, GraphQL errors with HTTP 200, the primary
and secondary rate limits, injected failures and `reset`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fakes.github_projects_server import (
    BUDGET_FIELD,
    BUDGET_FIELD_ID,
    DUE_FIELD,
    DUE_FIELD_ID,
    HOT_LABEL_ID,
    LABELS_FIELD_ID,
    LEAD_ID_FIELD,
    LEAD_ID_FIELD_ID,
    LEAD_LABEL_ID,
    ORG_LOGIN,
    PRIORITY_FIELD_ID,
    PRIORITY_OPTIONS,
    PROJECT_ID,
    PROJECT_NUMBER,
    PROJECT_TITLE,
    PROJECT_URL,
    READ_ONLY_TOKEN,
    REPOSITORY_ID,
    REPOSITORY_NAME,
    SPRINT_FIELD_ID,
    SPRINT_ITERATION_IDS,
    STATUS_FIELD,
    STATUS_FIELD_ID,
    STATUS_IN_PROGRESS_ID,
    STATUS_NEW_ID,
    STATUS_OPTIONS,
    STATUS_WON_ID,
    TAGS_FIELD,
    TAGS_FIELD_ID,
    TITLE_FIELD_ID,
    TOKEN,
    FakeGitHubProjects,
)

ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")

PROJECT_QUERY = """
query($org: String!, $num: Int!) { organization(login: $org) { projectV2(number: $num) { id title url } } }
"""
FIELDS_QUERY = """
query($project: ID!) {
  node(id: $project) {
    ... on ProjectV2 {
      fields(first: 50) {
        nodes {
          ... on ProjectV2FieldCommon { id name dataType }
          ... on ProjectV2SingleSelectField { id name options { id name color } }
          ... on ProjectV2IterationField { id name configuration { iterations { id startDate } } }
        }
      }
    }
  }
}
"""
CREATE = """
mutation($project: ID!, $title: String!, $body: String) {
  addProjectV2DraftIssue(input: {projectId: $project, title: $title, body: $body}) {
    projectItem { id type content { ... on DraftIssue { id title body } } }
  }
}
"""
SET_VALUE = """
mutation($p: ID!, $i: ID!, $f: ID!, $v: ProjectV2FieldValue!) {
  updateProjectV2ItemFieldValue(input: {projectId: $p, itemId: $i, fieldId: $f, value: $v}) {
    projectV2Item { id }
  }
}
"""
CLEAR_VALUE = """
mutation($p: ID!, $i: ID!, $f: ID!) {
  clearProjectV2ItemFieldValue(input: {projectId: $p, itemId: $i, fieldId: $f}) { projectV2Item { id } }
}
"""
UPDATE_DRAFT = """
mutation($d: ID!, $title: String, $body: String) {
  updateProjectV2DraftIssue(input: {draftIssueId: $d, title: $title, body: $body}) {
    draftIssue { id title body }
  }
}
"""
COMMENT = """
mutation($s: ID!, $body: String!) {
  addComment(input: {subjectId: $s, body: $body}) { commentEdge { node { id url body } } }
}
"""
READ_ITEM = """
query($item: ID!) {
  node(id: $item) {
    ... on ProjectV2Item {
      id type isArchived updatedAt
      content { ... on DraftIssue { id title body } ... on Issue { id number url title } }
      status: fieldValueByName(name: "Status") { ... on ProjectV2ItemFieldSingleSelectValue { name optionId } }
      fieldValues(first: 20) { nodes {
        ... on ProjectV2ItemFieldTextValue { text field { ... on ProjectV2FieldCommon { name } } }
        ... on ProjectV2ItemFieldDateValue { date field { ... on ProjectV2FieldCommon { name } } }
        ... on ProjectV2ItemFieldNumberValue { number field { ... on ProjectV2FieldCommon { name } } }
        ... on ProjectV2ItemFieldIterationValue { title field { ... on ProjectV2FieldCommon { name } } }
        ... on ProjectV2ItemFieldSingleSelectValue { name optionId field { ... on ProjectV2FieldCommon { name } } }
        ... on ProjectV2ItemFieldLabelValue { labels(first: 10) { nodes { name } } field { ... on ProjectV2FieldCommon { name } } }
      } }
    }
  }
}
"""
LIST_ITEMS = """
query($project: ID!, $cursor: String) {
  node(id: $project) {
    ... on ProjectV2 {
      items(first: 2, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { id lead: fieldValueByName(name: "Lead ID") { ... on ProjectV2ItemFieldTextValue { text } } }
      }
    }
  }
}
"""


@pytest.fixture(scope="module")
def server() -> Iterator[FakeGitHubProjects]:
    fake = FakeGitHubProjects().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(server: FakeGitHubProjects) -> FakeGitHubProjects:
    server.reset()
    return server


@pytest.fixture
def api(fake: FakeGitHubProjects) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=fake.origin, headers=headers) as client:
        yield client


def _post(api: httpx.Client, query: str, **variables: Any) -> httpx.Response:
    return api.post("/graphql", json={"query": query, "variables": variables})


def _gql(api: httpx.Client, query: str, **variables: Any) -> dict[str, Any]:
    """The whole answer of a GraphQL request (always HTTP 200)."""
    response = _post(api, query, **variables)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _data(api: httpx.Client, query: str, **variables: Any) -> dict[str, Any]:
    body = _gql(api, query, **variables)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def _error(body: dict[str, Any]) -> dict[str, Any]:
    [error] = body["errors"]
    assert isinstance(error["message"], str)
    return dict(error)


def _create(
    api: httpx.Client, title: str = "ООО «Ромашка»: сайт", body: str = ""
) -> dict[str, Any]:
    data = _data(api, CREATE, project=PROJECT_ID, title=title, body=body)
    item: dict[str, Any] = data["addProjectV2DraftIssue"]["projectItem"]
    return item


def _set(api: httpx.Client, item_id: str, field_id: str, **value: Any) -> dict[str, Any]:
    return _gql(api, SET_VALUE, p=PROJECT_ID, i=item_id, f=field_id, v=value)


def _read(api: httpx.Client, item_id: str) -> dict[str, Any]:
    node: dict[str, Any] = _data(api, READ_ITEM, item=item_id)["node"]
    return node


def _by_field(item: dict[str, Any]) -> dict[str, Any]:
    values = {}
    for value in item["fieldValues"]["nodes"]:
        if "field" not in value:
            continue  # a kind the query has no fragment for (Repository, Assignees)
        shown = {k: v for k, v in value.items() if k != "field"}
        values[value["field"]["name"]] = shown
    return values


class TestAuth:
    def test_no_token_or_a_bad_one_is_a_401(self, fake: FakeGitHubProjects) -> None:
        query = {"query": CREATE, "variables": {"project": PROJECT_ID, "title": "x"}}
        with httpx.Client(base_url=fake.origin) as anonymous:
            bare = anonymous.post("/graphql", json=query)
            assert bare.status_code == 401
            assert bare.json()["message"] == "This endpoint requires you to be authenticated."
            wrong = anonymous.post("/graphql", json=query, headers={"Authorization": "Bearer nope"})
            assert wrong.status_code == 401
            assert wrong.json() == {
                "message": "Bad credentials",
                "documentation_url": "https://docs.github.com/graphql",
            }
            basic = anonymous.post("/graphql", json=query, auth=("user", TOKEN))
            assert basic.status_code == 401
        assert fake.items == {}

    def test_the_older_token_form_works_and_a_user_agent_is_required(
        self, fake: FakeGitHubProjects
    ) -> None:
        with httpx.Client(base_url=fake.origin) as client:
            headers = {"Authorization": f"token {TOKEN}"}
            ok = client.post("/graphql", json={"query": "{ viewer { login } }"}, headers=headers)
            assert ok.json() == {"data": {"viewer": {"login": "romashka-salesbot"}}}
            assert ok.headers["x-oauth-scopes"] == "project, repo, read:org"
            headers["User-Agent"] = ""
            no_agent = client.post(
                "/graphql", json={"query": "{ viewer { login } }"}, headers=headers
            )
            assert no_agent.status_code == 403
            assert "User-Agent" in no_agent.text

    def test_a_read_only_token_reads_but_may_not_write(self, fake: FakeGitHubProjects) -> None:
        headers = {"Authorization": f"Bearer {READ_ONLY_TOKEN}"}
        with httpx.Client(base_url=fake.origin, headers=headers) as reader:
            project = _data(reader, PROJECT_QUERY, org=ORG_LOGIN, num=PROJECT_NUMBER)
            assert project["organization"]["projectV2"]["id"] == PROJECT_ID
            refused = _gql(reader, CREATE, project=PROJECT_ID, title="x")
            assert "data" not in refused
            error = _error(refused)
            assert error["type"] == "INSUFFICIENT_SCOPES"
            assert "['project']" in error["message"]
            assert "['read:project']" in error["message"]
            repository = _gql(reader, '{ repository(owner: "romashka", name: "leads") { id } }')
            assert _error(repository)["type"] == "INSUFFICIENT_SCOPES"
        assert fake.items == {}


class TestReadTheProject:
    def test_the_project_by_owner_and_number(self, api: httpx.Client) -> None:
        data = _data(api, PROJECT_QUERY, org=ORG_LOGIN, num=PROJECT_NUMBER)
        assert data["organization"]["projectV2"] == {
            "id": PROJECT_ID,
            "title": PROJECT_TITLE,
            "url": PROJECT_URL,
        }
        missing = _gql(api, PROJECT_QUERY, org=ORG_LOGIN, num=7)
        assert missing["data"] == {"organization": {"projectV2": None}}
        error = _error(missing)
        assert (error["type"], error["path"]) == ("NOT_FOUND", ["organization", "projectV2"])
        assert error["message"] == "Could not resolve to a ProjectV2 with the number 7."
        no_org = _error(_gql(api, PROJECT_QUERY, org="nobody", num=1))
        assert (
            no_org["message"] == "Could not resolve to an Organization with the login of 'nobody'."
        )

    def test_fields_with_the_status_options(self, api: httpx.Client) -> None:
        nodes = _data(api, FIELDS_QUERY, project=PROJECT_ID)["node"]["fields"]["nodes"]
        by_name = {node["name"]: node for node in nodes}
        assert nodes[0] == {"id": TITLE_FIELD_ID, "name": "Title", "dataType": "TITLE"}
        status = by_name[STATUS_FIELD]
        assert status["id"] == STATUS_FIELD_ID
        assert status["id"].startswith("PVTSSF_")
        assert status["dataType"] == "SINGLE_SELECT"
        assert [(o["id"], o["name"]) for o in status["options"]] == list(
            (v, k) for k, v in STATUS_OPTIONS.items()
        )
        assert all(re.fullmatch(r"[0-9a-f]{8}", o["id"]) for o in status["options"])
        kinds = {node["name"]: node["dataType"] for node in nodes}
        assert {kinds[TAGS_FIELD], kinds[BUDGET_FIELD], kinds[DUE_FIELD]} == {
            "TEXT",
            "NUMBER",
            "DATE",
        }
        assert kinds["Priority"] == "SINGLE_SELECT"
        sprint = by_name["Sprint"]
        assert sprint["id"] == SPRINT_FIELD_ID
        assert [x["id"] for x in sprint["configuration"]["iterations"]] == list(
            SPRINT_ITERATION_IDS
        )
        assert kinds["Labels"] == "LABELS"  # built in: not settable on a draft

    def test_the_one_field_shortcut_and_options_by_name(self, api: httpx.Client) -> None:
        query = """query($p: ID!) { node(id: $p) { ... on ProjectV2 {
          field(name: "Status") { ... on ProjectV2SingleSelectField { id options(names: ["в работе"]) { id name } } }
          none: field(name: "Nope") { ... on ProjectV2Field { id } } } } }"""
        node = _data(api, query, p=PROJECT_ID)["node"]
        assert node["field"] == {
            "id": STATUS_FIELD_ID,
            "options": [{"id": STATUS_IN_PROGRESS_ID, "name": "В работе"}],
        }
        assert node["none"] is None

    def test_a_team_adds_and_renames_options(
        self, fake: FakeGitHubProjects, api: httpx.Client
    ) -> None:
        added = fake.add_option(STATUS_FIELD, "Отложены", color="PURPLE")
        fake.rename_option(STATUS_FIELD, "Новые лиды", "Входящие")
        nodes = _data(api, FIELDS_QUERY, project=PROJECT_ID)["node"]["fields"]["nodes"]
        [status] = [node for node in nodes if node["name"] == STATUS_FIELD]
        assert status["options"][0] == {"id": STATUS_NEW_ID, "name": "Входящие", "color": "BLUE"}
        assert status["options"][-1] == {"id": added, "name": "Отложены", "color": "PURPLE"}


class TestCreate:
    def test_a_draft_issue_then_its_fields_one_by_one(
        self, fake: FakeGitHubProjects, api: httpx.Client
    ) -> None:
        item = _create(api, body="## Бриф\nСайт на 10 страниц")
        assert item["id"].startswith("PVTI_")
        assert item["type"] == "DRAFT_ISSUE"
        assert item["content"]["id"].startswith("DI_")
        assert item["content"]["body"] == "## Бриф\nСайт на 10 страниц"
        values: list[tuple[str, dict[str, Any]]] = [
            (STATUS_FIELD_ID, {"singleSelectOptionId": STATUS_NEW_ID}),
            (DUE_FIELD_ID, {"date": "2026-12-31"}),
            (BUDGET_FIELD_ID, {"number": 150000}),
            (TAGS_FIELD_ID, {"text": "сайт, b2b"}),
            (LEAD_ID_FIELD_ID, {"text": "lead-42"}),
            (PRIORITY_FIELD_ID, {"singleSelectOptionId": PRIORITY_OPTIONS["Высокий"]}),
            (SPRINT_FIELD_ID, {"iterationId": SPRINT_ITERATION_IDS[1]}),
        ]
        for field_id, value in values:
            answer = _set(api, item["id"], field_id, **value)
            assert answer == {
                "data": {"updateProjectV2ItemFieldValue": {"projectV2Item": {"id": item["id"]}}}
            }

        read = _read(api, item["id"])
        assert (read["id"], read["type"], read["isArchived"]) == (item["id"], "DRAFT_ISSUE", False)
        assert ISO.fullmatch(read["updatedAt"])
        assert read["status"] == {"name": "Новые лиды", "optionId": STATUS_NEW_ID}
        assert _by_field(read) == {
            "Title": {"text": "ООО «Ромашка»: сайт"},
            "Status": {"name": "Новые лиды", "optionId": STATUS_NEW_ID},
            "Priority": {"name": "Высокий", "optionId": PRIORITY_OPTIONS["Высокий"]},
            "Tags": {"text": "сайт, b2b"},
            "Lead ID": {"text": "lead-42"},
            "Budget": {"number": 150000.0},
            "Due": {"date": "2026-12-31"},
            "Sprint": {"title": "Спринт 2"},
        }
        assert fake.item(item["id"])["fields"][LEAD_ID_FIELD] == "lead-42"

    @pytest.mark.parametrize(
        ("field_id", "value", "words"),
        [
            (STATUS_FIELD_ID, {"text": "Выиграны"}, "exactly one value"),
            (STATUS_FIELD_ID, {"singleSelectOptionId": "deadbeef"}, "does not belong"),
            (
                STATUS_FIELD_ID,
                {"singleSelectOptionId": PRIORITY_OPTIONS["Низкий"]},
                "does not belong",
            ),
            (DUE_FIELD_ID, {"date": "2026-12-31", "text": "31.12"}, "exactly one value"),
            (DUE_FIELD_ID, {}, "exactly one value"),
            (BUDGET_FIELD_ID, {"text": "150000"}, "exactly one value"),
            (SPRINT_FIELD_ID, {"iterationId": "00000000"}, "does not belong"),
            (TITLE_FIELD_ID, {"text": "Новое имя"}, "cannot be updated"),
            (LABELS_FIELD_ID, {"text": "lead"}, "cannot be updated"),
            (TAGS_FIELD_ID, {"text": "x" * 1025}, "too long"),
        ],
    )
    def test_a_field_takes_one_value_of_its_kind(
        self,
        fake: FakeGitHubProjects,
        api: httpx.Client,
        field_id: str,
        value: dict[str, Any],
        words: str,
    ) -> None:
        item_id = fake.add_draft("Лид")
        answer = _set(api, item_id, field_id, **value)
        assert answer["data"] == {"updateProjectV2ItemFieldValue": None}
        error = _error(answer)
        assert (error["type"], error["path"]) == (
            "UNPROCESSABLE",
            ["updateProjectV2ItemFieldValue"],
        )
        assert words in error["message"]
        assert fake.items[item_id].values == {}

    def test_unknown_ids_in_a_mutation(self, fake: FakeGitHubProjects, api: httpx.Client) -> None:
        item_id = fake.add_draft("Лид")
        answer = _set(api, "PVTI_nope", STATUS_FIELD_ID, singleSelectOptionId=STATUS_NEW_ID)
        error = _error(answer)
        assert error["type"] == "NOT_FOUND"
        assert error["message"] == "Could not resolve to a node with the global id of 'PVTI_nope'."
        wrong_kind = _error(_set(api, item_id, PROJECT_ID, text="x"))
        assert wrong_kind["type"] == "NOT_FOUND"
        assert "ProjectV2Field node" in wrong_kind["message"]

    def test_a_draft_has_no_labels_and_needs_a_title(
        self, fake: FakeGitHubProjects, api: httpx.Client
    ) -> None:
        labels = """mutation($p: ID!) { addProjectV2DraftIssue(input:
          {projectId: $p, title: "x", labelIds: ["LA_1"]}) { projectItem { id } } }"""
        refused = _gql(api, labels, p=PROJECT_ID)
        assert "data" not in refused
        assert _error(refused)["extensions"]["code"] == "argumentLiteralsIncompatible"
        blank = _gql(api, CREATE, project=PROJECT_ID, title="  ")
        assert blank["data"] == {"addProjectV2DraftIssue": None}
        assert _error(blank)["message"] == "Title can't be blank"
        long_body = _gql(api, CREATE, project=PROJECT_ID, title="x", body="б" * 65537)
        assert _error(long_body)["message"] == "Body is too long (maximum is 65536 characters)"
        no_title = _gql(api, CREATE, project=PROJECT_ID)
        error = _error(no_title)
        assert error["message"] == "Variable $title of type String! was provided invalid value"
        assert error["extensions"]["problems"][0]["path"] == []
        assert fake.items == {}


class TestUpdate:
    def test_the_draft_is_edited_by_its_draft_id(
        self, fake: FakeGitHubProjects, api: httpx.Client
    ) -> None:
        item = _create(api, title="Старое имя", body="Бриф")
        by_item_id = _gql(api, UPDATE_DRAFT, d=item["id"], title="Новое имя")
        error = _error(by_item_id)
        assert error["type"] == "NOT_FOUND"
        assert error["message"] == (
            f"Could not resolve to a DraftIssue node with the global id of '{item['id']}'."
        )
        before = _read(api, item["id"])["updatedAt"]
        fake.advance(120)
        draft_id = item["content"]["id"]
        updated = _data(api, UPDATE_DRAFT, d=draft_id, title="Новое имя")[
            "updateProjectV2DraftIssue"
        ]
        assert updated["draftIssue"] == {"id": draft_id, "title": "Новое имя", "body": "Бриф"}
        read = _read(api, item["id"])
        assert read["content"]["title"] == "Новое имя"
        assert read["updatedAt"] > before

    def test_move_the_status_then_clear_it(
        self, fake: FakeGitHubProjects, api: httpx.Client
    ) -> None:
        item_id = fake.add_draft("Лид", fields={STATUS_FIELD: "Новые лиды"})
        _set(api, item_id, STATUS_FIELD_ID, singleSelectOptionId=STATUS_WON_ID)
        assert _read(api, item_id)["status"] == {"name": "Выиграны", "optionId": STATUS_WON_ID}
        cleared = _data(api, CLEAR_VALUE, p=PROJECT_ID, i=item_id, f=STATUS_FIELD_ID)
        assert cleared["clearProjectV2ItemFieldValue"]["projectV2Item"]["id"] == item_id
        assert _read(api, item_id)["status"] is None
        assert fake.item(item_id)["fields"] == {}


class TestComments:
    def test_drafts_take_no_comments_so_the_body_is_appended_to(
        self, fake: FakeGitHubProjects, api: httpx.Client
    ) -> None:
        item = _create(api, body="Бриф")
        for subject in (item["content"]["id"], item["id"]):
            refused = _gql(api, COMMENT, s=subject, body="Позвонил")
            assert refused["data"] == {"addComment": None}
            error = _error(refused)
            assert error["type"] == "UNPROCESSABLE"
            assert "drafts take no comments" in error["message"]
        body = _read(api, item["id"])["content"]["body"]
        note = body + "\n\n---\n**2026-05-01 12:00** Позвонил, ждёт КП"
        _data(api, UPDATE_DRAFT, d=item["content"]["id"], body=note)
        assert _read(api, item["id"])["content"]["body"] == (
            "Бриф\n\n---\n**2026-05-01 12:00** Позвонил, ждёт КП"
        )
        assert fake.comments == {}

    def test_a_draft_converted_to_an_issue_takes_comments(
        self, fake: FakeGitHubProjects, api: httpx.Client
    ) -> None:
        item_id = fake.add_draft("Лид", "Бриф", fields={LEAD_ID_FIELD: "lead-7"})
        draft_id = fake.items[item_id].content_id
        convert = """mutation($i: ID!, $r: ID!) {
          convertProjectV2DraftIssueItemToIssue(input: {itemId: $i, repositoryId: $r}) {
            item { id type content { ... on Issue { id number url } } } } }"""
        item = _data(api, convert, i=item_id, r=REPOSITORY_ID)[
            "convertProjectV2DraftIssueItemToIssue"
        ]["item"]
        assert (item["id"], item["type"]) == (item_id, "ISSUE")
        issue = item["content"]
        assert issue["id"].startswith("I_")
        assert issue["url"] == f"https://github.com/{ORG_LOGIN}/{REPOSITORY_NAME}/issues/1"
        gone = _gql(api, "query($d: ID!) { node(id: $d) { id } }", d=draft_id)
        assert _error(gone)["type"] == "NOT_FOUND"

        comment = _data(api, COMMENT, s=issue["id"], body="Позвонил, ждёт КП")
        node = comment["addComment"]["commentEdge"]["node"]
        assert node["id"].startswith("IC_")
        assert node["body"] == "Позвонил, ждёт КП"
        assert node["url"].startswith(issue["url"] + "#issuecomment-")
        view = fake.item(item_id)
        assert (view["comments"], view["fields"]) == (["Позвонил, ждёт КП"], {"Lead ID": "lead-7"})

    def test_an_issue_with_labels_is_linked_once(self, api: httpx.Client) -> None:
        create = """mutation($r: ID!, $l: [ID!]) {
          createIssue(input: {repositoryId: $r, title: "Лид", body: "Бриф", labelIds: $l}) { issue { id } } }"""
        issue = _data(api, create, r=REPOSITORY_ID, l=[LEAD_LABEL_ID, HOT_LABEL_ID])
        issue_id = issue["createIssue"]["issue"]["id"]
        link = """mutation($p: ID!, $c: ID!) {
          addProjectV2ItemById(input: {projectId: $p, contentId: $c}) { item { id } } }"""
        first = _data(api, link, p=PROJECT_ID, c=issue_id)["addProjectV2ItemById"]["item"]["id"]
        again = _data(api, link, p=PROJECT_ID, c=issue_id)["addProjectV2ItemById"]["item"]["id"]
        assert first == again
        values = _by_field(_read(api, first))
        assert values["Labels"] == {"labels": {"nodes": [{"name": "lead"}, {"name": "hot"}]}}
        labels_refused = _set(api, first, LABELS_FIELD_ID, text="hot")
        assert _error(labels_refused)["type"] == "UNPROCESSABLE"


class TestFindAgain:
    def test_items_page_by_cursor_and_carry_the_lead_id(
        self, fake: FakeGitHubProjects, api: httpx.Client
    ) -> None:
        ids = [fake.add_draft(f"Лид {n}", fields={LEAD_ID_FIELD: f"lead-{n}"}) for n in range(3)]
        first = _data(api, LIST_ITEMS, project=PROJECT_ID)["node"]["items"]
        assert first["pageInfo"]["hasNextPage"] is True
        rest = _data(api, LIST_ITEMS, project=PROJECT_ID, cursor=first["pageInfo"]["endCursor"])
        page = rest["node"]["items"]
        assert page["pageInfo"]["hasNextPage"] is False
        nodes = first["nodes"] + page["nodes"]
        assert [node["id"] for node in nodes] == ids
        found = [node["id"] for node in nodes if (node["lead"] or {}).get("text") == "lead-2"]
        assert found == [ids[2]]

    def test_an_unknown_id_is_the_notes_not_found(self, api: httpx.Client) -> None:
        body = _gql(api, "query($item: ID!) {\n  node(id: $item) { id }\n}", item="PVTI_x")
        assert body == {
            "data": {"node": None},
            "errors": [
                {
                    "type": "NOT_FOUND",
                    "path": ["node"],
                    "locations": [{"line": 2, "column": 3}],
                    "message": "Could not resolve to a node with the global id of 'PVTI_x'.",
                }
            ],
        }

    def test_redacted_and_archived_items(self, fake: FakeGitHubProjects, api: httpx.Client) -> None:
        hidden = fake.add_draft("Чужой лид", fields={LEAD_ID_FIELD: "lead-1"})
        archived = fake.add_draft("Старый лид")
        fake.redact(hidden)
        fake.archive(archived)
        read = _read(api, hidden)
        assert (read["type"], read["content"], read["fieldValues"]["nodes"]) == (
            "REDACTED",
            None,
            [],
        )
        assert _read(api, archived)["isArchived"] is True


class TestErrors:
    def test_a_bad_field_is_refused_before_execution(self, api: httpx.Client) -> None:
        body = _gql(
            api, "query($p: ID!) { node(id: $p) { ... on ProjectV2 { nmae } } }", p=PROJECT_ID
        )
        assert "data" not in body
        error = _error(body)
        assert error["message"] == "Field 'nmae' doesn't exist on type 'ProjectV2'"
        assert error["extensions"] == {
            "code": "undefinedField",
            "typeName": "ProjectV2",
            "fieldName": "nmae",
        }
        syntax = _error(_gql(api, "{ viewer { login "))
        assert syntax["locations"] == [{"line": 1, "column": 18}]

    def test_a_bad_variable_names_its_problems(
        self, fake: FakeGitHubProjects, api: httpx.Client
    ) -> None:
        item_id = fake.add_draft("Лид")
        body = _set(api, item_id, DUE_FIELD_ID, date="31.12.2026")
        assert "data" not in body
        error = _error(body)
        assert error["message"] == (
            "Variable $v of type ProjectV2FieldValue! was provided invalid value for date "
            f"({error['extensions']['problems'][0]['explanation']})"
        )
        assert error["extensions"]["value"] == {"date": "31.12.2026"}
        assert error["extensions"]["problems"][0]["path"] == ["date"]

    @pytest.mark.parametrize(
        ("arguments", "kind"),
        [
            ("", "MISSING_PAGINATION_BOUNDARIES"),
            ("(first: 101)", "EXCESSIVE_PAGINATION"),
            ("(first: 0)", "INVALID_PAGINATION"),
            ("(first: 1, last: 1)", "INVALID_PAGINATION"),
            ('(first: 1, after: "nope")', "INVALID_CURSOR_ARGUMENTS"),
        ],
    )
    def test_connections_want_first_or_last_up_to_100(
        self, api: httpx.Client, arguments: str, kind: str
    ) -> None:
        query = f"query($p: ID!) {{ node(id: $p) {{ ... on ProjectV2 {{ items{arguments} {{ nodes {{ id }} }} }} }} }}"
        body = _gql(api, query, p=PROJECT_ID)
        assert body["data"] == {"node": None}
        error = _error(body)
        assert (error["type"], error["path"]) == (kind, ["node", "items"])

    def test_bodies_that_are_not_graphql_requests(self, api: httpx.Client) -> None:
        broken = api.post("/graphql", content=b"{", headers={"Content-Type": "application/json"})
        assert broken.status_code == 400
        assert broken.json()["message"] == "Problems parsing JSON"
        no_query = api.post("/graphql", json={"variables": {}})
        assert no_query.status_code == 200
        assert _error(no_query.json())["message"] == (
            "A query attribute must be specified and must be a string."
        )
        assert api.get("/graphql").status_code == 404
        assert api.post("/v3/graphql", json={}).status_code == 404


class TestRateLimits:
    def test_headers_and_costs(self, fake: FakeGitHubProjects, api: httpx.Client) -> None:
        first = _post(api, PROJECT_QUERY, org=ORG_LOGIN, num=1)
        assert first.headers["x-ratelimit-limit"] == "5000"
        assert first.headers["x-ratelimit-remaining"] == "4999"
        assert first.headers["x-ratelimit-used"] == "1"
        assert first.headers["x-ratelimit-resource"] == "graphql"
        assert int(first.headers["x-ratelimit-reset"]) == pytest.approx(fake.now() + 3600, abs=5)
        heavy = """query($p: ID!) { node(id: $p) { ... on ProjectV2 { items(first: 100) { nodes {
          fieldValues(first: 100) { totalCount } } } } } rateLimit { cost nodeCount used remaining resetAt } }"""
        rate = _data(api, heavy, p=PROJECT_ID)["rateLimit"]
        assert (rate["cost"], rate["nodeCount"], rate["used"]) == (1, 10100, 2)  # 101 requests
        assert ISO.fullmatch(rate["resetAt"])
        _create(api)
        assert fake.rate_used == 3  # a mutation costs 1

    def test_out_of_points_is_a_200_rate_limited(
        self, fake: FakeGitHubProjects, api: httpx.Client
    ) -> None:
        fake.points_per_hour = 2
        _create(api)
        _create(api)
        limited = _post(api, CREATE, project=PROJECT_ID, title="третий")
        assert limited.status_code == 200
        assert limited.headers["x-ratelimit-remaining"] == "0"
        assert _error(limited.json())["type"] == "RATE_LIMITED"
        assert len(fake.items) == 2
        fake.advance(3600)
        assert (
            _post(api, CREATE, project=PROJECT_ID, title="третий").headers["x-ratelimit-remaining"]
            == "1"
        )
        assert len(fake.items) == 3

    def test_injected_primary_and_secondary_limits(
        self, fake: FakeGitHubProjects, api: httpx.Client
    ) -> None:
        fake.rate_limit_next()
        fake.rate_limit_next(secondary=True, retry_after=30)
        fake.rate_limit_next(secondary=True)
        primary = _post(api, CREATE, project=PROJECT_ID, title="x")
        assert (primary.status_code, primary.headers["x-ratelimit-remaining"]) == (200, "0")
        assert _error(primary.json())["message"].startswith("API rate limit exceeded")
        secondary = _post(api, CREATE, project=PROJECT_ID, title="x")
        assert secondary.status_code == 403
        assert secondary.headers["retry-after"] == "30"
        assert "secondary rate limit" in secondary.json()["message"]
        assert "retry-after" not in _post(api, CREATE, project=PROJECT_ID, title="x").headers
        assert fake.items == {}
        assert _post(api, CREATE, project=PROJECT_ID, title="x").status_code == 200

    def test_secondary_limits_on_points_and_content_creation(
        self, fake: FakeGitHubProjects, api: httpx.Client
    ) -> None:
        fake.content_per_minute = 2
        _create(api)
        _create(api)
        refused = _post(api, CREATE, project=PROJECT_ID, title="третий")
        assert refused.status_code == 403
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert _post(api, PROJECT_QUERY, org=ORG_LOGIN, num=1).status_code == 200  # reads pass
        fake.advance(60)
        _create(api)

        fake.secondary_status = 200
        fake.secondary_points_per_minute = 5 + 1  # the mutation above and one query
        assert _post(api, PROJECT_QUERY, org=ORG_LOGIN, num=1).status_code == 200
        over = _post(api, PROJECT_QUERY, org=ORG_LOGIN, num=1)
        assert over.status_code == 200
        error = _error(over.json())
        assert "secondary rate limit" in error["message"]
        assert int(over.headers["x-ratelimit-remaining"]) > 0
        assert "retry-after" in over.headers


class TestFailures:
    def test_a_timeout_after_the_mutation_ran(
        self, fake: FakeGitHubProjects, api: httpx.Client
    ) -> None:
        fake.fail_next(502)
        lost = _post(api, CREATE, project=PROJECT_ID, title="Лид")
        assert lost.status_code == 502
        assert lost.json()["message"].startswith("We couldn't respond to your request in time")
        assert len(fake.items) == 1  # a retry would make a second card: find it by Lead ID first
        assert _post(api, CREATE, project=PROJECT_ID, title="Лид").status_code == 200

    def test_unprocessed_failures_do_nothing(
        self, fake: FakeGitHubProjects, api: httpx.Client
    ) -> None:
        fake.fail_next(500, times=2)
        fake.fail_next(200)
        statuses = [_post(api, CREATE, project=PROJECT_ID, title="x") for _ in range(4)]
        assert [r.status_code for r in statuses] == [500, 500, 200, 200]
        went_wrong = statuses[2].json()
        assert went_wrong["data"] is None
        assert _error(went_wrong)["message"].startswith("Something went wrong")
        assert len(fake.items) == 1

    def test_down_is_a_503_page(self, fake: FakeGitHubProjects, api: httpx.Client) -> None:
        fake.down = True
        page = _post(api, PROJECT_QUERY, org=ORG_LOGIN, num=1)
        assert page.status_code == 503
        assert page.headers["content-type"].startswith("text/html")
        fake.down = False
        assert _post(api, PROJECT_QUERY, org=ORG_LOGIN, num=1).status_code == 200


def test_calls_record_the_operations(fake: FakeGitHubProjects, api: httpx.Client) -> None:
    item = _create(api, title="Лид")
    _set(api, item["id"], STATUS_FIELD_ID, singleSelectOptionId=STATUS_NEW_ID)
    [created] = fake.calls_with("addProjectV2DraftIssue")
    assert (created.method, created.path, created.status) == ("POST", "/graphql", 200)
    assert created.operation == "mutation"
    assert created.variables == {"project": PROJECT_ID, "title": "Лид", "body": ""}
    assert created.headers["authorization"] == f"Bearer {TOKEN}"
    assert [c.root_fields for c in fake.calls_with("*ProjectV2*")] == [
        ["addProjectV2DraftIssue"],
        ["updateProjectV2ItemFieldValue"],
    ]
    assert len(fake.calls_to("/graphql", "POST")) == 2
    assert fake.calls[-1].errors == []


def test_reset_restores_the_seeded_project(fake: FakeGitHubProjects, api: httpx.Client) -> None:
    _create(api)
    fake.rename_option(STATUS_FIELD, "Выиграны", "Won")
    fake.down = True
    fake.points_per_hour = 1
    fake.fail_next()
    fake.advance(600)
    fake.reset()
    assert (fake.items, fake.drafts, fake.issues, fake.calls) == ({}, {}, {}, [])
    assert (fake.down, fake.points_per_hour, fake.rate_used) == (False, 5000, 0)
    assert fake.option_id(STATUS_FIELD, "Выиграны") == STATUS_WON_ID
    assert fake.field_id(LEAD_ID_FIELD) == LEAD_ID_FIELD_ID
    response = _post(api, CREATE, project=PROJECT_ID, title="Лид")
    assert response.status_code == 200
    assert response.headers["x-ratelimit-remaining"] == "4999"
