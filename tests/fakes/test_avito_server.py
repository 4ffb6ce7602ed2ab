"""The fake Avito API keeps to the contract notes: tokens that expire, the real paths and
methods, both message-list shapes, echoes of own messages, limits and injected failures."""

from __future__ import annotations

import struct
import time
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import Request

from tests.fakes.avito_server import ACCOUNT, BUYER_ID, CLIENT_ID, CLIENT_SECRET, FakeAvito
from tests.fakes.threaded import ThreadedFake

USER = ACCOUNT["id"]
V1 = f"/messenger/v1/accounts/{USER}"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeAvito]:
    fake = FakeAvito().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(server: FakeAvito) -> FakeAvito:
    server.reset()
    return server


@pytest.fixture
def api(fake: FakeAvito) -> Iterator[httpx.Client]:
    """A client holding a fresh token."""
    with httpx.Client(base_url=fake.origin) as client:
        client.headers["Authorization"] = f"Bearer {_token(client)}"
        yield client


def _token(client: httpx.Client, secret: str = CLIENT_SECRET, path: str = "/token") -> str:
    form = {"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": secret}
    response = client.post(path, data=form)
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def _png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def _send(api: httpx.Client, chat_id: str, text: str) -> httpx.Response:
    return api.post(
        f"{V1}/chats/{chat_id}/messages", json={"message": {"text": text}, "type": "text"}
    )


class TestToken:
    def test_a_form_encoded_token_works_until_it_expires(self, fake: FakeAvito) -> None:
        with httpx.Client(base_url=fake.origin) as client:
            form = {"grant_type": "client_credentials", "client_id": CLIENT_ID}
            issued = client.post("/token/", data={**form, "client_secret": CLIENT_SECRET})
            assert issued.status_code == 200
            assert issued.json()["expires_in"] == 86400
            assert issued.json()["token_type"] == "Bearer"
            headers = {"Authorization": f"Bearer {issued.json()['access_token']}"}

            me = client.get("/core/v1/accounts/self", headers=headers)
            assert me.status_code == 200
            assert me.json()["id"] == USER

            fake.expire_tokens()
            stale = client.get("/core/v1/accounts/self", headers=headers)
            assert stale.status_code == 403
            assert stale.json() == {"error": {"code": 403, "message": "Forbidden"}}
            assert fake.tokens_issued == 1

    def test_a_token_outlives_its_ttl_by_nothing(self, fake: FakeAvito) -> None:
        fake.token_ttl = 1
        with httpx.Client(base_url=fake.origin) as client:
            headers = {"Authorization": f"Bearer {_token(client)}"}
            assert client.get("/core/v1/accounts/self", headers=headers).status_code == 200
            time.sleep(1.1)
            assert client.get("/core/v1/accounts/self", headers=headers).status_code == 403

    def test_no_or_unknown_token_is_unauthorized(self, fake: FakeAvito) -> None:
        with httpx.Client(base_url=fake.origin) as client:
            for headers in ({}, {"Authorization": "Bearer nonsense"}):
                response = client.get("/core/v1/accounts/self", headers=headers)
                assert response.status_code == 401
                assert response.json() == {"error": {"code": 401, "message": "Unauthorized"}}

    def test_a_wrong_secret_or_a_json_body_gets_no_token(self, fake: FakeAvito) -> None:
        with httpx.Client(base_url=fake.origin) as client:
            form = {"grant_type": "client_credentials", "client_id": CLIENT_ID}
            wrong = client.post("/token", data={**form, "client_secret": "wrong"})
            assert wrong.status_code == 401
            assert wrong.json()["error"] == "invalid_client"
            as_json = client.post("/token", json={**form, "client_secret": CLIENT_SECRET})
            assert as_json.status_code == 400
        assert fake.tokens_issued == 0

    def test_a_single_token_mode_revokes_the_older_token(self, fake: FakeAvito) -> None:
        fake.single_token = True
        with httpx.Client(base_url=fake.origin) as client:
            first, second = _token(client), _token(client)
            me = "/core/v1/accounts/self"
            assert client.get(me, headers={"Authorization": f"Bearer {second}"}).is_success
            old = client.get(me, headers={"Authorization": f"Bearer {first}"})
            assert old.status_code == 403


class TestMessages:
    def test_the_list_comes_in_both_shapes(self, fake: FakeAvito, api: httpx.Client) -> None:
        chat = fake.add_chat("u2i-shapes", item_id=1768287444)
        fake.add_message(chat.id, "Ещё продаёте?")
        path = f"/messenger/v3/accounts/{USER}/chats/{chat.id}/messages/"

        wrapped = api.get(path).json()
        assert [m["content"] for m in wrapped["messages"]] == [{"text": "Ещё продаёте?"}]
        assert wrapped["messages"][0]["direction"] == "in"
        assert wrapped["messages"][0]["author_id"] == BUYER_ID

        fake.messages_shape = "bare"
        bare = api.get(path).json()
        assert bare == wrapped["messages"]

    def test_a_sent_text_comes_back_as_the_accounts_own(
        self, fake: FakeAvito, api: httpx.Client
    ) -> None:
        chat = fake.add_chat("u2i-echo", item_id=1)
        fake.add_message(chat.id, "Здравствуйте")

        sent = _send(api, chat.id, "Да, продаём")
        assert sent.status_code == 200
        assert set(sent.json()) == {"id", "created", "direction", "type", "content"}
        assert sent.json()["direction"] == "out"

        listed = api.get(f"/messenger/v3/accounts/{USER}/chats/{chat.id}/messages/").json()
        newest = listed["messages"][0]
        assert newest["id"] == sent.json()["id"]
        assert newest["author_id"] == USER
        assert newest["content"] == {"text": "Да, продаём"}
        chats = api.get(f"/messenger/v2/accounts/{USER}/chats").json()["chats"]
        assert chats[0]["last_message"]["id"] == sent.json()["id"]

        echo = fake.echo_payload()["payload"]["value"]
        assert (echo["id"], echo["author_id"], echo["user_id"]) == (newest["id"], USER, USER)

    def test_text_over_the_limit_is_refused(self, fake: FakeAvito, api: httpx.Client) -> None:
        chat = fake.add_chat("u2i-long", item_id=1)
        assert _send(api, chat.id, "я" * 1000).status_code == 200
        too_long = _send(api, chat.id, "я" * 1001)
        assert too_long.status_code == 400
        assert too_long.json()["error"]["code"] == 400
        assert "message.text" in too_long.json()["error"]["fields"]
        assert len(fake.sent(chat.id)) == 1

    def test_a_missing_text_or_chat_is_refused(self, fake: FakeAvito, api: httpx.Client) -> None:
        chat = fake.add_chat("u2i-bad", item_id=1)
        assert api.post(f"{V1}/chats/{chat.id}/messages", json={}).status_code == 400
        unknown = _send(api, "u2i-nobody", "Привет")
        assert unknown.status_code == 404
        assert unknown.json() == {"error": {"code": 404, "message": "Not Found"}}

    def test_an_image_is_uploaded_then_sent(self, fake: FakeAvito, api: httpx.Client) -> None:
        chat = fake.add_chat("u2i-image", item_id=1)
        upload = api.post(f"{V1}/uploadImages", files={"uploadfile[]": ("a.png", _png(800, 600))})
        assert upload.status_code == 200
        ((image_id, sizes),) = upload.json().items()
        assert set(sizes) == {"1280x960", "140x105", "32x32"}

        sent = api.post(f"{V1}/chats/{chat.id}/messages/image", json={"image_id": image_id})
        assert sent.status_code == 200
        assert sent.json()["type"] == "image"
        assert sent.json()["author_id"] == USER
        assert sent.json()["content"] == {"image": {"sizes": sizes}}
        assert fake.messages(chat.id)[-1]["type"] == "image"

    def test_a_bad_upload_is_refused(self, fake: FakeAvito, api: httpx.Client) -> None:
        wrong_field = api.post(f"{V1}/uploadImages", files={"file": ("a.png", _png(8, 8))})
        huge = api.post(
            f"{V1}/uploadImages", files={"uploadfile[]": ("a.png", _png(10_000, 8_000))}
        )
        not_image = api.post(f"{V1}/uploadImages", files={"uploadfile[]": ("a.txt", b"hello")})
        assert [r.status_code for r in (wrong_field, huge, not_image)] == [400, 400, 400]
        assert fake.images == {}

    def test_reading_marks_the_chat_read(self, fake: FakeAvito, api: httpx.Client) -> None:
        chat = fake.add_chat("u2i-unread", item_id=1)
        fake.add_message(chat.id, "Алло")
        unread = {"unread_only": "true"}
        chats = f"/messenger/v2/accounts/{USER}/chats"
        assert [c["id"] for c in api.get(chats, params=unread).json()["chats"]] == [chat.id]
        assert api.post(f"{V1}/chats/{chat.id}/read").json() == {"ok": True}
        assert api.get(chats, params=unread).json()["chats"] == []

    def test_chats_default_to_u2i(self, fake: FakeAvito, api: httpx.Client) -> None:
        fake.add_chat("u2i-item", item_id=7)
        fake.add_chat("u2u-profile")
        chats = f"/messenger/v2/accounts/{USER}/chats"
        assert [c["id"] for c in api.get(chats).json()["chats"]] == ["u2i-item"]
        both = api.get(chats, params={"chat_types": "u2i,u2u"}).json()["chats"]
        assert {c["id"] for c in both} == {"u2i-item", "u2u-profile"}
        assert api.get(chats, params={"limit": 101}).status_code == 400

    def test_an_own_message_is_deleted_in_place(self, fake: FakeAvito, api: httpx.Client) -> None:
        chat = fake.add_chat("u2i-delete", item_id=1)
        theirs = fake.add_message(chat.id, "Их сообщение")
        mine = _send(api, chat.id, "Опечатка").json()
        assert api.post(f"{V1}/chats/{chat.id}/messages/{mine['id']}").json() == {}
        assert [m["type"] for m in fake.messages(chat.id)] == ["text", "deleted"]
        assert api.post(f"{V1}/chats/{chat.id}/messages/{theirs['id']}").status_code == 403

    def test_blacklist_and_voice_files(self, fake: FakeAvito, api: httpx.Client) -> None:
        user = {"user_id": BUYER_ID, "context": {"item_id": 1, "reason_id": 1}}
        assert api.post(
            f"/messenger/v2/accounts/{USER}/blacklist", json={"users": [user]}
        ).is_success
        assert fake.blacklist == [user]
        bad = {"users": [{"user_id": BUYER_ID, "context": {"reason_id": 9}}]}
        assert api.post(f"/messenger/v2/accounts/{USER}/blacklist", json=bad).status_code == 400

        fake.voices["v1"] = "https://voice.example/v1.mp4"
        urls = api.get(f"{V1}/getVoiceFiles", params={"voice_ids": ["v1", "v2"]}).json()
        assert urls == {"voices_urls": {"v1": "https://voice.example/v1.mp4"}}

    def test_an_account_without_the_tariff_is_refused(
        self, fake: FakeAvito, api: httpx.Client
    ) -> None:
        fake.messenger_denied_status = 402
        assert api.post("/messenger/v1/subscriptions").status_code == 402
        assert api.get("/core/v1/accounts/self").status_code == 200

    def test_another_accounts_path_is_forbidden(self, fake: FakeAvito, api: httpx.Client) -> None:
        response = api.get("/messenger/v2/accounts/1/chats")
        assert response.status_code == 403


class TestWebhooks:
    def test_subscribe_list_unsubscribe(self, fake: FakeAvito, api: httpx.Client) -> None:
        url = "https://example.com/avito/hook"
        assert api.post("/messenger/v3/webhook", json={"url": url}).json() == {"ok": True}
        listed = api.post("/messenger/v1/subscriptions").json()
        assert listed == {"subscriptions": [{"url": url, "version": "3"}]}
        assert api.post("/messenger/v1/webhook/unsubscribe", json={"url": url}).json() == {
            "ok": True
        }
        assert api.post("/messenger/v1/subscriptions").json() == {"subscriptions": []}
        assert api.post("/messenger/v3/webhook", json={}).status_code == 400

    def test_a_payload_has_the_v3_envelope(self, fake: FakeAvito) -> None:
        envelope = fake.webhook_payload("u2i-hook", "Ещё продаёте?", item_id=1768287444)
        value = envelope["payload"]["value"]
        assert envelope["payload"]["type"] == "message"
        assert set(envelope) == {"id", "version", "timestamp", "payload"}
        assert value["user_id"] == USER
        assert value["author_id"] == BUYER_ID
        assert value["chat_type"] == "u2i"
        assert value["item_id"] == 1768287444
        assert value["content"] == {"text": "Ещё продаёте?"}
        assert value["published_at"].endswith("Z")
        assert value["read"] is None
        assert fake.messages("u2i-hook")[-1]["id"] == value["id"]

        profile = fake.webhook_payload("u2u-hook", "", type="system")["payload"]["value"]
        assert (profile["chat_type"], profile["item_id"]) == ("u2u", None)

    def test_a_payload_is_delivered_to_the_subscription(self, fake: FakeAvito) -> None:
        received: list[tuple[dict[str, Any], str]] = []
        receiver = ThreadedFake()

        @receiver.app.post("/hook")
        async def hook(request: Request) -> dict[str, bool]:
            received.append((await request.json(), request.headers["x-avito-messenger-signature"]))
            return {"ok": True}

        receiver.start()
        try:
            fake.subscriptions.append({"url": f"{receiver.origin}/hook", "version": "3"})
            payload = fake.webhook_payload("u2i-deliver", "Привет", item_id=1)
            assert [r.status_code for r in fake.deliver(payload)] == [200]
        finally:
            receiver.stop()
        assert received[0][0] == payload
        assert len(received[0][1]) == 64


class TestFailures:
    def test_a_burst_of_429_then_success(self, fake: FakeAvito, api: httpx.Client) -> None:
        fake.rate_limit_next(2, retry_after=7)
        first, second, third = (api.get("/core/v1/accounts/self") for _ in range(3))
        for limited in (first, second):
            assert limited.status_code == 429
            assert limited.json() == {"error": {"code": 429, "message": "Too Many Requests"}}
            assert limited.headers["X-RateLimit-Remaining"] == "0"
            assert limited.headers["X-RateLimit-Limit"]
            assert limited.headers["Retry-After"] == "7"
        assert third.status_code == 200

        fake.rate_limit_next()
        items = api.get("/core/v1/items")
        assert items.headers["X-RateLimit-Limit"] == "25"
        assert "Retry-After" not in items.headers

    def test_injected_server_errors(self, fake: FakeAvito, api: httpx.Client) -> None:
        fake.fail_next(503)
        unavailable = api.post("/messenger/v1/subscriptions")
        assert unavailable.status_code == 503
        assert unavailable.json() == {"error": {"code": 503, "message": "Service Unavailable"}}
        fake.fail_next(502)
        assert api.get("/core/v1/items").json() == {"code": 502, "message": "Bad Gateway"}
        assert api.get("/core/v1/items").status_code == 200

    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("POST", "/messenger/v3/send"),
            ("GET", "/messenger/v3/chats"),
            ("GET", "/messenger/v1/subscriptions"),
            ("POST", "/messenger/v3/webhook/unsubscribe"),
            ("GET", f"/messenger/v3/accounts/{USER}/chats/u2i-x/messages"),  # no trailing slash
        ],
    )
    def test_endpoints_the_notes_rule_out_are_not_found(
        self, fake: FakeAvito, api: httpx.Client, method: str, path: str
    ) -> None:
        response = api.request(method, path, json={})
        assert response.status_code == 404
        assert response.json() == {"error": {"code": 404, "message": "Not Found"}}
        assert fake.calls_to(path, method)[0].status == 404


class TestItems:
    def test_listings_and_their_info(self, fake: FakeAvito, api: httpx.Client) -> None:
        fake.items[123] = {"title": "Mazda 3", "price": 300000, "status": "active"}
        fake.items[456] = {"title": "Чужое", "user_id": 1}
        listed = api.get("/core/v1/items").json()
        assert listed["meta"] == {"page": 1, "per_page": 25}
        assert [(r["id"], r["title"], r["price"]) for r in listed["resources"]] == [
            (123, "Mazda 3", 300000)
        ]

        info = f"/core/v1/accounts/{USER}/items/{{}}/"
        own = api.get(info.format(123)).json()
        assert own["status"] == "active"
        assert "title" not in own
        assert api.get(info.format(456)).json()["status"] == "another_user"
        assert api.get(info.format(789)).json()["status"] == "not_found"

    def test_a_chat_context_carries_the_listing(self, fake: FakeAvito, api: httpx.Client) -> None:
        fake.items[123] = {"title": "Mazda 3", "price": 300000}
        fake.add_chat("u2i-context", item_id=123)
        chat = api.get(f"/messenger/v2/accounts/{USER}/chats/u2i-context").json()
        item = chat["context"]["value"]
        assert (item["title"], item["price_string"]) == ("Mazda 3", "300 000 ₽")
        assert {u["id"] for u in chat["users"]} == {USER, BUYER_ID}
