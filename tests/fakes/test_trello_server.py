"""The fake Trello API keeps to the contract notes: key + token auth (query, body or OAuth
header), cards created, read back by id or shortLink, moved and labelled, comments, custom
field values set through their own endpoint, discovery of lists/labels/fields, search,
plain-text errors, JSON 429s with the rate headers, injected failures and `reset`."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fakes.trello_server import (
    API_KEY,
    BOARD_ID,
    FIELD_BUDGET,
    FIELD_LEAD_ID,
    FIELD_NEXT_CONTACT,
    FIELD_PAID,
    FIELD_PRIORITY,
    FOREIGN_BOARD_ID,
    FOREIGN_LIST_ID,
    LABEL_COLD,
    LABEL_HOT,
    LABEL_SITE,
    LIST_ARCHIVED,
    LIST_IN_PROGRESS,
    LIST_LOST,
    LIST_NEW,
    LIST_WON,
    MANAGER_ID,
    MEMBER_ID,
    NOT_FOUND,
    OPTION_HIGH,
    OTHER_BOARD_ID,
    OTHER_LABEL_ID,
    OTHER_LIST_ID,
    TOKEN,
    FakeTrello,
)

ISO_MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
HEX24 = re.compile(r"[0-9a-f]{24}")
UNKNOWN_ID = "0123456789abcdef01234567"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeTrello]:
    fake = FakeTrello().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(server: FakeTrello) -> FakeTrello:
    server.reset()
    return server


@pytest.fixture
def api(fake: FakeTrello) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake.base_url, params=fake.auth_params) as client:
        yield client


@pytest.fixture
def anon(fake: FakeTrello) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake.base_url) as client:
        yield client


def _create(api: httpx.Client, **params: Any) -> httpx.Response:
    body: dict[str, Any] = {
        "idList": LIST_NEW,
        "name": "ООО «Ромашка» – заявка с сайта",
        "desc": "**Контакт:** Иван, +7 916 123-45-67\n\nlead:L-1001",
    }
    body.update(params)
    return api.post("/cards", json=body)


def _card(api: httpx.Client, **params: Any) -> dict[str, Any]:
    response = _create(api, **params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _assert_text(response: httpx.Response, status: int, text: str) -> None:
    assert response.status_code == status
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text == text


def _item(api: httpx.Client, card_id: str, field_id: str, body: Any) -> httpx.Response:
    return api.put(f"/cards/{card_id}/customField/{field_id}/item", json=body)


class TestAuth:
    def test_missing_or_wrong_credentials(self, fake: FakeTrello, anon: httpx.Client) -> None:
        _assert_text(anon.get(f"/boards/{BOARD_ID}/lists"), 401, "invalid key")
        wrong_key = anon.get(f"/boards/{BOARD_ID}/lists", params={"key": "0" * 32, "token": TOKEN})
        _assert_text(wrong_key, 401, "invalid key")
        no_token = anon.get(f"/boards/{BOARD_ID}/lists", params={"key": API_KEY})
        _assert_text(no_token, 401, "invalid token")
        bad_token = anon.get(f"/boards/{BOARD_ID}/lists", params={"key": API_KEY, "token": "x"})
        _assert_text(bad_token, 401, "invalid token")
        assert "x-rate-limit-api-key-remaining" not in bad_token.headers
        assert not fake.cards
        assert [c.status for c in fake.calls] == [401, 401, 401, 401]

    def test_revoked_token(self, fake: FakeTrello, api: httpx.Client) -> None:
        assert api.get(f"/boards/{BOARD_ID}/lists").status_code == 200
        fake.revoke_token()
        _assert_text(api.get(f"/boards/{BOARD_ID}/lists"), 401, "invalid token")

    def test_oauth_header_and_body_credentials(self, fake: FakeTrello, anon: httpx.Client) -> None:
        header = {"Authorization": f'OAuth oauth_consumer_key="{API_KEY}", oauth_token="{TOKEN}"'}
        assert anon.get(f"/boards/{BOARD_ID}/lists", headers=header).status_code == 200
        in_json = anon.post(
            "/cards", json={"idList": LIST_NEW, "name": "A", "key": API_KEY, "token": TOKEN}
        )
        assert in_json.status_code == 200
        in_form = anon.post(
            "/cards", data={"idList": LIST_NEW, "name": "B", "key": API_KEY, "token": TOKEN}
        )
        assert in_form.status_code == 200
        assert sorted(c["name"] for c in fake.cards.values()) == ["A", "B"]
        assert fake.calls[0].key == API_KEY
        assert fake.calls[0].token == TOKEN

    def test_unknown_route_is_a_plain_404(self, anon: httpx.Client, api: httpx.Client) -> None:
        _assert_text(anon.get("/nothing"), 404, NOT_FOUND)
        _assert_text(api.delete(f"/boards/{BOARD_ID}/lists"), 404, NOT_FOUND)

    def test_a_board_of_someone_else(self, api: httpx.Client) -> None:
        no_access = "unauthorized permission requested"
        _assert_text(api.get(f"/boards/{FOREIGN_BOARD_ID}/lists"), 401, no_access)
        _assert_text(_create(api, idList=FOREIGN_LIST_ID), 401, no_access)


class TestCards:
    def test_create_and_read_back(self, fake: FakeTrello, api: httpx.Client) -> None:
        card = _card(
            api,
            idLabels=f"{LABEL_HOT},{LABEL_SITE}",
            idMembers=[MANAGER_ID],
            due="2026-09-01T13:00:00+03:00",
        )
        assert HEX24.fullmatch(card["id"])
        assert re.fullmatch(r"[A-Za-z0-9]{8}", card["shortLink"])
        assert card["shortUrl"] == f"https://trello.com/c/{card['shortLink']}"
        assert card["url"].startswith(f"{card['shortUrl']}/1-ооо-ромашка")
        assert (card["idBoard"], card["idList"], card["closed"]) == (BOARD_ID, LIST_NEW, False)
        assert card["idLabels"] == [LABEL_HOT, LABEL_SITE]
        assert [(x["name"], x["color"]) for x in card["labels"]] == [
            ("Горячий", "red"),
            ("С сайта", "green"),
        ]
        assert card["idMembers"] == [MANAGER_ID]
        assert card["due"] == "2026-09-01T10:00:00.000Z"
        assert card["badges"] == {
            "comments": 0,
            "attachments": 0,
            "due": "2026-09-01T10:00:00.000Z",
            "dueComplete": False,
        }
        assert card["start"] is None
        assert ISO_MS.fullmatch(card["dateLastActivity"])
        assert card["pos"] == 65535

        assert api.get(f"/cards/{card['id']}").json() == card
        assert api.get(f"/cards/{card['shortLink']}").json() == card
        assert api.get(f"/cards/{card['id']}", params={"fields": "name,idList"}).json() == {
            "id": card["id"],
            "name": card["name"],
            "idList": LIST_NEW,
        }
        assert fake.cards[card["id"]]["desc"].endswith("lead:L-1001")

    def test_cards_of_a_list_by_position(self, api: httpx.Client) -> None:
        first = _card(api, name="first")
        second = _card(api, name="second")
        top = _card(api, name="top", pos="top")
        assert (first["pos"], second["pos"], top["pos"]) == (65535, 131071, 32767.5)
        names = [c["name"] for c in api.get(f"/lists/{LIST_NEW}/cards").json()]
        assert names == ["top", "first", "second"]

    def test_update_text_and_move(self, fake: FakeTrello, api: httpx.Client) -> None:
        card = _card(api, idLabels=LABEL_HOT)
        moved = api.put(
            f"/cards/{card['id']}",
            data={"idList": LIST_IN_PROGRESS, "desc": "new *text*", "idLabels": LABEL_COLD},
        ).json()
        assert (moved["idList"], moved["desc"]) == (LIST_IN_PROGRESS, "new *text*")
        assert [x["name"] for x in moved["labels"]] == ["Холодный"]
        assert moved["pos"] == 65535
        [action] = api.get(f"/cards/{card['id']}/actions").json()
        assert action["type"] == "updateCard"
        assert action["data"]["old"] == {"idList": LIST_NEW}
        assert action["data"]["listAfter"] == {"id": LIST_IN_PROGRESS, "name": "В работе"}

        closed = api.put(f"/cards/{card['id']}", json={"closed": True, "due": None}).json()
        assert (closed["closed"], closed["due"]) == (True, None)
        assert api.get(f"/lists/{LIST_IN_PROGRESS}/cards").json() == []

        fake.move_card(card["id"], LIST_WON)
        assert api.get(f"/cards/{card['id']}").json()["idList"] == LIST_WON
        seeded = fake.add_card(LIST_LOST, name="Старый лид", idLabels=[LABEL_COLD])
        assert api.get(f"/lists/{LIST_LOST}/cards").json() == [seeded]
        with pytest.raises(ValueError, match="invalid value for pos"):
            fake.add_card(pos="side")

    def test_moves_across_boards_need_idboard(self, api: httpx.Client) -> None:
        card = _card(api, idLabels=LABEL_HOT)
        same_board_only = api.put(f"/cards/{card['id']}", params={"idList": OTHER_LIST_ID})
        _assert_text(same_board_only, 400, "invalid value for idList")
        moved = api.put(f"/cards/{card['id']}", params={"idBoard": OTHER_BOARD_ID}).json()
        assert (moved["idBoard"], moved["idList"], moved["idLabels"]) == (
            OTHER_BOARD_ID,
            OTHER_LIST_ID,
            [],
        )

    def test_add_and_remove_one_label(self, api: httpx.Client) -> None:
        card = _card(api)
        added = api.post(f"/cards/{card['id']}/idLabels", params={"value": LABEL_HOT})
        assert added.json() == [LABEL_HOT]
        again = api.post(f"/cards/{card['id']}/idLabels", params={"value": LABEL_HOT})
        _assert_text(again, 400, "that label is already on the card")
        assert api.delete(f"/cards/{card['id']}/idLabels/{LABEL_HOT}").json() == {"_value": None}
        assert api.get(f"/cards/{card['id']}").json()["labels"] == []


class TestComments:
    def test_comment_read_edit_delete(self, fake: FakeTrello, api: httpx.Client) -> None:
        card = _card(api)
        action = api.post(
            f"/cards/{card['id']}/actions/comments", params={"text": "Позвонил, демо во вторник"}
        ).json()
        assert action["type"] == "commentCard"
        assert action["idMemberCreator"] == MEMBER_ID
        assert action["data"]["text"] == "Позвонил, демо во вторник"
        assert action["data"]["card"] == {
            "id": card["id"],
            "name": card["name"],
            "idShort": card["idShort"],
            "shortLink": card["shortLink"],
        }
        assert action["data"]["board"]["id"] == BOARD_ID
        assert action["data"]["list"] == {"id": LIST_NEW, "name": "Новые лиды"}
        assert action["memberCreator"]["username"] == "salesbot"
        assert ISO_MS.fullmatch(action["date"])

        fake.add_comment(card["id"], "Клиент просит скидку")
        comments = api.get(f"/cards/{card['id']}/actions", params={"filter": "commentCard"})
        assert [a["data"]["text"] for a in comments.json()] == [
            "Клиент просит скидку",
            "Позвонил, демо во вторник",
        ]
        assert api.get(f"/cards/{card['id']}").json()["badges"]["comments"] == 2
        with_actions = api.get(f"/cards/{card['id']}", params={"actions": "commentCard"}).json()
        assert len(with_actions["actions"]) == 2

        edited = api.put(f"/actions/{action['id']}", params={"text": "Демо в среду"}).json()
        assert edited["data"]["text"] == "Демо в среду"
        managers = comments.json()[0]["id"]
        _assert_text(
            api.put(f"/actions/{managers}", params={"text": "x"}),
            401,
            "unauthorized permission requested",
        )
        assert api.delete(f"/actions/{action['id']}").json() == {"_value": None}
        assert fake.comments_on(card["id"]) == ["Клиент просит скидку"]

    def test_comment_text_is_required(self, api: httpx.Client) -> None:
        card = _card(api)
        url = f"/cards/{card['id']}/actions/comments"
        _assert_text(api.post(url, params={"text": ""}), 400, "invalid value for text")
        _assert_text(api.post(url, json={"text": "x" * 16385}), 400, "invalid value for text")
        _assert_text(api.post(f"/cards/{UNKNOWN_ID}/actions/comments"), 404, NOT_FOUND)


class TestDiscovery:
    def test_boards_and_lists(self, api: httpx.Client) -> None:
        boards = api.get("/members/me/boards", params={"fields": "name,url"}).json()
        assert [b["name"] for b in boards] == ["Продажи", "Маркетинг"]
        assert set(boards[0]) == {"id", "name", "url"}
        lists = api.get(f"/boards/{BOARD_ID}/lists").json()
        assert [x["id"] for x in lists] == [LIST_NEW, LIST_IN_PROGRESS, LIST_WON, LIST_LOST]
        assert [x["name"] for x in lists] == ["Новые лиды", "В работе", "Выиграны", "Проиграны"]
        assert set(lists[0]) == {"id", "name", "closed", "pos", "idBoard", "subscribed"}
        every = api.get(f"/boards/{BOARD_ID}/lists", params={"filter": "all"}).json()
        assert every[-1]["id"] == LIST_ARCHIVED
        assert every[-1]["closed"] is True
        _assert_text(
            api.get(f"/boards/{BOARD_ID}/lists", params={"filter": "some"}),
            400,
            "invalid value for filter",
        )

    def test_labels(self, api: httpx.Client) -> None:
        _card(api, idLabels=LABEL_HOT)
        labels = {x["name"]: x for x in api.get(f"/boards/{BOARD_ID}/labels").json()}
        assert set(labels) == {"Горячий", "Холодный", "С сайта"}
        assert labels["Горячий"] == {
            "id": LABEL_HOT,
            "idBoard": BOARD_ID,
            "name": "Горячий",
            "color": "red",
            "uses": 1,
        }
        made = api.post(f"/boards/{BOARD_ID}/labels", json={"name": "VIP", "color": "purple"})
        assert made.json()["color"] == "purple"
        plain = api.post("/labels", params={"idBoard": BOARD_ID, "name": "Без цвета"}).json()
        assert plain["color"] is None
        bad = api.post("/labels", params={"idBoard": BOARD_ID, "name": "x", "color": "teal"})
        _assert_text(bad, 400, "invalid value for color")
        assert len(api.get(f"/boards/{BOARD_ID}/labels").json()) == 5

    def test_custom_field_definitions(self, api: httpx.Client) -> None:
        fields = api.get(f"/boards/{BOARD_ID}/customFields").json()
        assert [(f["id"], f["type"]) for f in fields] == [
            (FIELD_LEAD_ID, "text"),
            (FIELD_BUDGET, "number"),
            (FIELD_NEXT_CONTACT, "date"),
            (FIELD_PAID, "checkbox"),
            (FIELD_PRIORITY, "list"),
        ]
        assert all((f["idModel"], f["modelType"]) == (BOARD_ID, "board") for f in fields)
        options = fields[-1]["options"]
        assert [o["value"]["text"] for o in options] == ["Высокий", "Средний", "Низкий"]
        assert options[0]["idCustomField"] == FIELD_PRIORITY
        assert api.get(f"/boards/{OTHER_BOARD_ID}/customFields").json() == []


class TestCustomFields:
    def test_set_each_kind_and_read_back(self, fake: FakeTrello, api: httpx.Client) -> None:
        card = _card(api)
        values: list[tuple[str, dict[str, Any]]] = [
            (FIELD_LEAD_ID, {"value": {"text": "L-1001"}}),
            (FIELD_BUDGET, {"value": {"number": "150000.50"}}),
            (FIELD_NEXT_CONTACT, {"value": {"date": "2026-09-01T10:00:00Z"}}),
            (FIELD_PAID, {"value": {"checked": "true"}}),
            (FIELD_PRIORITY, {"idValue": OPTION_HIGH}),
        ]
        for field_id, body in values:
            item = _item(api, card["id"], field_id, body)
            assert item.status_code == 200, item.text
            assert (item.json()["idModel"], item.json()["modelType"]) == (card["id"], "card")
        items = {
            x["idCustomField"]: x for x in api.get(f"/cards/{card['id']}/customFieldItems").json()
        }
        assert items[FIELD_LEAD_ID]["value"] == {"text": "L-1001"}
        assert items[FIELD_BUDGET]["value"] == {"number": "150000.50"}
        assert items[FIELD_NEXT_CONTACT]["value"] == {"date": "2026-09-01T10:00:00.000Z"}
        assert items[FIELD_PAID]["value"] == {"checked": "true"}
        assert items[FIELD_PRIORITY]["idValue"] == OPTION_HIGH
        assert "value" not in items[FIELD_PRIORITY]
        read = api.get(f"/cards/{card['id']}", params={"customFieldItems": "true"}).json()
        assert len(read["customFieldItems"]) == 5
        assert "customFieldItems" not in api.get(f"/cards/{card['id']}").json()

        cleared = _item(api, card["id"], FIELD_BUDGET, {"value": ""}).json()
        assert cleared["value"] is None
        _item(api, card["id"], FIELD_PRIORITY, {"idValue": ""})
        assert set(fake.items_of(card["id"])) == {FIELD_LEAD_ID, FIELD_NEXT_CONTACT, FIELD_PAID}

    @pytest.mark.parametrize(
        ("field_id", "body"),
        [
            (FIELD_BUDGET, {"value": {"number": 42}}),
            (FIELD_BUDGET, {"value": {"number": "сорок"}}),
            (FIELD_LEAD_ID, {"value": {"number": "1"}}),
            (FIELD_NEXT_CONTACT, {"value": {"date": "завтра"}}),
            (FIELD_PAID, {"value": {"checked": True}}),
            (FIELD_PRIORITY, {"idValue": "65f0c0ffee00000000000099"}),
            (FIELD_PRIORITY, {"value": {"text": "Высокий"}}),
            (FIELD_LEAD_ID, ["L-1"]),
        ],
    )
    def test_invalid_values_are_refused(
        self, fake: FakeTrello, api: httpx.Client, field_id: str, body: Any
    ) -> None:
        card = _card(api)
        _assert_text(
            _item(api, card["id"], field_id, body), 400, "Invalid custom field item value."
        )
        assert fake.items_of(card["id"]) == {}

    def test_json_only_and_fields_of_the_board(self, api: httpx.Client) -> None:
        card = _card(api)
        form = api.put(
            f"/cards/{card['id']}/customField/{FIELD_LEAD_ID}/item", data={"value": "L-1"}
        )
        _assert_text(form, 400, "Invalid custom field item value.")
        _assert_text(_item(api, card["id"], UNKNOWN_ID, {"value": ""}), 404, NOT_FOUND)
        _assert_text(_item(api, card["id"], "nope", {"value": ""}), 400, "invalid id")

    def test_set_many_is_all_or_nothing(self, fake: FakeTrello, api: httpx.Client) -> None:
        card = _card(api)
        url = f"/cards/{card['id']}/customFields"
        good = {"idCustomField": FIELD_LEAD_ID, "value": {"text": "L-7"}}
        bad = {"idCustomField": FIELD_PAID, "value": {"checked": "yes"}}
        refused = api.put(url, json={"customFieldItems": [good, bad]})
        _assert_text(refused, 400, "Invalid custom field item value.")
        assert fake.items_of(card["id"]) == {}
        both = [good, {"idCustomField": FIELD_PRIORITY, "idValue": OPTION_HIGH}]
        items = api.put(url, json={"customFieldItems": both}).json()
        assert {x["idCustomField"] for x in items} == {FIELD_LEAD_ID, FIELD_PRIORITY}


class TestSearch:
    def test_find_by_external_id(self, api: httpx.Client) -> None:
        card = _card(api)
        _card(api, name="Другой лид", desc="lead:L-2002")
        found = api.get(
            "/search",
            params={
                "query": "lead:L-1001",
                "modelTypes": "cards",
                "idBoards": BOARD_ID,
                "cards_limit": 10,
            },
        ).json()
        assert [c["id"] for c in found["cards"]] == [card["id"]]
        assert found["options"]["modelTypes"] == ["cards"]
        api.put(f"/cards/{card['id']}", params={"closed": "true"})
        again = api.get("/search", params={"query": "L-1001", "modelTypes": "cards"}).json()
        assert again["cards"] == []
        _assert_text(api.get("/search", params={"query": " "}), 400, "invalid value for query")


class TestValidation:
    @pytest.mark.parametrize(
        ("params", "text"),
        [
            ({"idList": None}, "invalid value for idList"),
            ({"idList": "nope"}, "invalid value for idList"),
            ({"idList": UNKNOWN_ID}, "invalid value for idList"),
            ({"name": "x" * 16385}, "invalid value for name"),
            ({"desc": 5}, "invalid value for desc"),
            ({"pos": "middle"}, "invalid value for pos"),
            ({"pos": -1}, "invalid value for pos"),
            ({"due": "next friday"}, "invalid value for due"),
            ({"dueComplete": "yes"}, "invalid value for dueComplete"),
        ],
    )
    def test_create_refusals_are_plain_text(
        self, fake: FakeTrello, api: httpx.Client, params: dict[str, Any], text: str
    ) -> None:
        body = {k: v for k, v in params.items() if v is not None}
        if "idList" in params and params["idList"] is None:
            response = api.post("/cards", json={"name": "A"})
        else:
            response = _create(api, **body)
        _assert_text(response, 400, text)
        assert fake.cards == {}

    def test_bad_label_and_member_ids_are_json(self, fake: FakeTrello, api: httpx.Client) -> None:
        for params in (
            {"idLabels": "nope"},
            {"idLabels": OTHER_LABEL_ID},
            {"idMembers": UNKNOWN_ID},
        ):
            response = _create(api, **params)
            assert response.status_code == 400
            assert response.json() == {"message": "Invalid objectId", "error": "ERROR"}
        assert fake.cards == {}

    def test_ids_in_the_path(self, api: httpx.Client) -> None:
        _assert_text(api.get("/cards/not-an-id"), 400, "invalid id")
        _assert_text(api.get(f"/cards/{UNKNOWN_ID}"), 404, NOT_FOUND)
        _assert_text(api.get("/cards/Zz9Zz9Zz"), 404, NOT_FOUND)
        _assert_text(api.get(f"/lists/{UNKNOWN_ID}/cards"), 404, NOT_FOUND)
        _assert_text(api.get("/boards/123/labels"), 400, "invalid id")

    def test_update_refusals_change_nothing(self, fake: FakeTrello, api: httpx.Client) -> None:
        card = _card(api)
        refused = api.put(f"/cards/{card['id']}", json={"name": "new", "pos": "side"})
        _assert_text(refused, 400, "invalid value for pos")
        assert fake.cards[card["id"]]["name"] == card["name"]

    def test_malformed_json(self, api: httpx.Client) -> None:
        bad = api.post("/cards", content=b"{", headers={"Content-Type": "application/json"})
        _assert_text(bad, 400, "invalid json")


class TestRateLimits:
    def test_headers_count_down(self, api: httpx.Client) -> None:
        first = api.get(f"/boards/{BOARD_ID}/lists")
        second = api.get(f"/boards/{BOARD_ID}/lists")
        assert first.headers["x-rate-limit-api-key-interval-ms"] == "10000"
        assert first.headers["x-rate-limit-api-key-max"] == "300"
        assert first.headers["x-rate-limit-api-token-max"] == "100"
        assert first.headers["x-rate-limit-api-key-remaining"] == "299"
        assert first.headers["x-rate-limit-api-token-remaining"] == "99"
        assert second.headers["x-rate-limit-api-token-remaining"] == "98"

    def test_token_window(self, fake: FakeTrello, api: httpx.Client) -> None:
        fake.token_limit = 2
        assert [api.get(f"/boards/{BOARD_ID}/lists").status_code for _ in range(2)] == [200, 200]
        limited = _create(api)
        assert limited.status_code == 429
        assert limited.json() == {
            "error": "API_TOKEN_LIMIT_EXCEEDED",
            "message": "Rate limit exceeded",
        }
        assert limited.headers["x-rate-limit-api-token-remaining"] == "0"
        assert "retry-after" not in limited.headers
        assert fake.cards == {}
        other = fake.add_token()
        assert api.get(f"/boards/{BOARD_ID}/lists", params={"token": other}).status_code == 200
        fake.advance(10)
        assert _create(api).status_code == 200

    def test_key_window_and_lockout(self, fake: FakeTrello, api: httpx.Client) -> None:
        fake.key_limit = 1
        fake.key_429_limit = 2
        other = fake.add_token()
        assert api.get(f"/boards/{BOARD_ID}/lists").status_code == 200
        limited = api.get(f"/boards/{BOARD_ID}/lists", params={"token": other})
        assert limited.status_code == 429
        assert limited.json()["error"] == "API_KEY_LIMIT_EXCEEDED"
        assert limited.headers["x-rate-limit-api-key-remaining"] == "0"
        for _ in range(2):
            api.get(f"/boards/{BOARD_ID}/lists")
        fake.advance(9)
        fake.key_limit = 300  # the window has room again, but the key is locked out
        assert api.get(f"/boards/{BOARD_ID}/lists").json()["error"] == "API_KEY_LIMIT_EXCEEDED"
        fake.advance(1.5)
        assert api.get(f"/boards/{BOARD_ID}/lists").status_code == 200

    def test_members_routes(self, fake: FakeTrello, api: httpx.Client) -> None:
        fake.members_limit = 1
        assert api.get("/members/me/boards").status_code == 200
        limited = api.get("/members/me/boards")
        assert limited.status_code == 429
        assert limited.json() == {
            "message": "Exceeded rate limit to /1/member",
            "error": "RATE_LIMIT_EXCEEDED",
        }
        assert api.get(f"/boards/{BOARD_ID}/lists").status_code == 200

    def test_rate_limit_next(self, fake: FakeTrello, api: httpx.Client) -> None:
        fake.rate_limit_next(1)
        fake.rate_limit_next(1, kind="key")
        assert _create(api).json()["error"] == "API_TOKEN_LIMIT_EXCEEDED"
        key_limited = _create(api)
        assert key_limited.json()["error"] == "API_KEY_LIMIT_EXCEEDED"
        assert key_limited.headers["x-rate-limit-api-key-remaining"] == "0"
        assert fake.cards == {}
        assert _create(api).status_code == 200
        with pytest.raises(ValueError):
            fake.rate_limit_next(kind="daily")


class TestFailures:
    def test_fail_next_does_nothing(self, fake: FakeTrello, api: httpx.Client) -> None:
        fake.fail_next(500, times=2)
        first = _create(api)
        _assert_text(first, 500, "Internal Server Error")
        assert _create(api).status_code == 500
        assert fake.cards == {}
        assert _create(api).status_code == 200
        assert [c.status for c in fake.calls_to("/1/cards", "POST")] == [500, 500, 200]

    def test_a_processed_failure_creates_the_card(
        self, fake: FakeTrello, api: httpx.Client
    ) -> None:
        fake.fail_next(504, processed=True)
        lost = _create(api)
        assert lost.status_code == 504
        assert lost.headers["content-type"].startswith("text/html")
        assert len(fake.cards) == 1  # a blind retry would make a duplicate
        found = api.get("/search", params={"query": "lead:L-1001", "modelTypes": "cards"})
        assert len(found.json()["cards"]) == 1

    def test_down(self, fake: FakeTrello, api: httpx.Client, anon: httpx.Client) -> None:
        fake.down = True
        assert api.get(f"/boards/{BOARD_ID}/lists").status_code == 503
        assert anon.get("/nothing").status_code == 503
        fake.down = False
        assert api.get(f"/boards/{BOARD_ID}/lists").status_code == 200


def test_calls_record_what_the_client_sent(fake: FakeTrello, api: httpx.Client) -> None:
    card = _card(api, idLabels=[LABEL_HOT])
    _item(api, card["id"], FIELD_LEAD_ID, {"value": {"text": "L-1001"}})
    [create] = fake.calls_to("/1/cards", "POST")
    assert create.query == {"key": API_KEY, "token": TOKEN}
    assert create.body["idLabels"] == [LABEL_HOT]
    assert create.params["idList"] == LIST_NEW
    assert create.status == 200
    [put] = fake.calls_to("/1/cards/*/customField/*/item", "PUT")
    assert put.body == {"value": {"text": "L-1001"}}
    assert put.headers["content-type"] == "application/json"


def test_reset_restores_a_fresh_workspace(fake: FakeTrello, api: httpx.Client) -> None:
    card = _card(api)
    api.post(f"/cards/{card['id']}/actions/comments", params={"text": "hi"})
    fake.add_list("Новый статус")
    fake.revoke_token()
    fake.down = True
    fake.fail_next()
    fake.token_limit = 1
    fake.advance(100)
    fake.reset()
    assert (fake.cards, fake.actions, fake.calls) == ({}, {}, [])
    assert fake.down is False
    assert fake.token_limit == 100
    assert abs(fake.now() - time.time()) < 1
    assert len(fake.lists) == 7
    assert _create(api).status_code == 200
    assert api.get(f"/cards/{card['id']}").status_code == 404
