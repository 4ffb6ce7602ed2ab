"""The fake amoCRM API keeps to the contract notes: the OAuth grants with rotating refresh
tokens, bearer auth, HAL answers and bare 204s, the complex create's plain array, amoCRM's
validation errors, non-JSON 429s and the 7 rps limit, form-encoded webhooks, an outage."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import httpx
import jwt
import pytest
from fastapi import Request

from tests.fakes.amocrm_server import (
    CHANNEL_FIELD,
    CLIENT_ID,
    CLIENT_SECRET,
    FIRST_STATUS,
    LOST,
    MAIN_PIPELINE,
    PHONE_FIELD,
    REDIRECT_URI,
    SECOND_PIPELINE,
    SOURCE_FIELD,
    WON,
    FakeAmo,
)
from tests.fakes.threaded import ThreadedFake

PHONE = "+79161234567"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeAmo]:
    fake = FakeAmo().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(server: FakeAmo) -> FakeAmo:
    server.reset()
    return server


@pytest.fixture
def client(fake: FakeAmo) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake.origin) as client:
        yield client


@pytest.fixture
def api(fake: FakeAmo, client: httpx.Client) -> httpx.Client:
    """The client holding an access token from a code exchange."""
    pair = _exchange(client, fake.issue_code()).json()
    client.headers["Authorization"] = f"Bearer {pair['access_token']}"
    return client


def _exchange(client: httpx.Client, code: str) -> httpx.Response:
    return client.post(
        "/oauth2/access_token",
        json={
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
        },
    )


def _refresh(client: httpx.Client, refresh_token: str) -> httpx.Response:
    return client.post(
        "/oauth2/access_token",
        json={
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "redirect_uri": REDIRECT_URI,
        },
    )


def _complex(api: httpx.Client, **lead: Any) -> dict[str, Any]:
    contact = {
        "first_name": "Иван",
        "custom_fields_values": [
            {"field_code": "PHONE", "values": [{"value": PHONE, "enum_code": "WORK"}]},
            {"field_code": "EMAIL", "values": [{"value": "ivan@example.com"}]},
        ],
    }
    item = {
        "name": "Заявка с Авито",
        "price": 0,
        "pipeline_id": MAIN_PIPELINE,
        "_embedded": {
            "tags": [{"name": "avito"}],
            "contacts": [contact],
            "companies": [{"name": "ООО Ромашка"}],
        },
        **lead,
    }
    response = api.post("/api/v4/leads/complex", json=[item])
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()[0]
    return created


def _oauth_hint(response: httpx.Response) -> str:
    body = response.json()
    assert body["type"] == "https://developers.amocrm.ru/v3/errors/OAuthProblemJson"
    assert body["status"] == response.status_code
    hint: str = body["hint"]
    return hint


class TestOAuth:
    def test_a_code_buys_one_pair_whose_access_token_is_a_jwt(
        self, fake: FakeAmo, client: httpx.Client
    ) -> None:
        code = fake.issue_code()
        issued = _exchange(client, code)
        assert issued.status_code == 200
        pair = issued.json()
        assert pair["token_type"] == "Bearer"
        assert pair["expires_in"] == 86400
        assert pair["refresh_token"].startswith("def50200")
        claims = jwt.decode(pair["access_token"], options={"verify_signature": False})
        assert abs(claims["exp"] - (time.time() + 86400)) < 5
        assert claims["aud"] == CLIENT_ID

        again = _exchange(client, code)
        assert again.status_code == 400
        assert _oauth_hint(again) == "Authorization code has been revoked"
        unknown = _exchange(client, "def50200nonsense")
        assert _oauth_hint(unknown) == "Cannot decrypt the authorization code"
        assert fake.tokens_issued == 1

    def test_an_old_code_has_expired(self, fake: FakeAmo, client: httpx.Client) -> None:
        response = _exchange(client, fake.issue_code(ttl=-1))
        assert response.status_code == 400
        assert _oauth_hint(response) == "Authorization code has expired"

    def test_refresh_rotates_and_the_old_refresh_token_dies(
        self, fake: FakeAmo, client: httpx.Client
    ) -> None:
        first = _exchange(client, fake.issue_code()).json()
        second = _refresh(client, first["refresh_token"])
        assert second.status_code == 200
        assert second.json()["refresh_token"] != first["refresh_token"]

        reused = _refresh(client, first["refresh_token"])
        assert reused.status_code == 400
        assert _oauth_hint(reused) == "Invalid refresh token"
        third = _refresh(client, second.json()["refresh_token"])
        assert third.status_code == 200
        assert fake.tokens_issued == 3

        fake.oauth_error_status = 401
        fake.revoke_refresh_tokens()
        assert _refresh(client, third.json()["refresh_token"]).status_code == 401

    def test_a_wrong_secret_is_refused(self, fake: FakeAmo, client: httpx.Client) -> None:
        response = client.post(
            "/oauth2/access_token",
            json={
                "client_id": CLIENT_ID,
                "client_secret": "wrong",
                "grant_type": "authorization_code",
                "code": fake.issue_code(),
                "redirect_uri": REDIRECT_URI,
            },
        )
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
        assert fake.tokens_issued == 0

    def test_the_install_redirect_carries_the_referer(self, fake: FakeAmo) -> None:
        assert fake.install_redirect("s1")["referer"] == "example.amocrm.ru"
        assert fake.install_redirect()["from_widget"] == "1"


class TestAuth:
    def test_expired_or_missing_tokens_get_a_401_problem(
        self, fake: FakeAmo, api: httpx.Client
    ) -> None:
        assert api.get("/api/v4/leads/pipelines").status_code == 200
        fake.expire_tokens()
        stale = api.get("/api/v4/leads/pipelines")
        assert stale.status_code == 401
        assert stale.headers["content-type"].startswith("application/problem+json")
        assert stale.json()["title"] == "Unauthorized"
        assert stale.json()["type"] == "https://httpstatus.es/401"
        bare = httpx.get(f"{fake.origin}/api/v4/leads")
        assert bare.status_code == 401
        assert [c.status for c in fake.calls_to("/api/v4/*")] == [200, 401, 401]

    def test_a_short_token_ttl_really_runs_out(self, fake: FakeAmo, client: httpx.Client) -> None:
        fake.token_ttl = 1
        token = _exchange(client, fake.issue_code()).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/v4/users", headers=headers).status_code == 200
        time.sleep(1.05)
        assert client.get("/api/v4/users", headers=headers).status_code == 401

    def test_a_registered_long_lived_token_works_until_it_expires(
        self, fake: FakeAmo, client: httpx.Client
    ) -> None:
        fake.long_lived_token = "long-lived-token"
        headers = {"Authorization": "Bearer long-lived-token"}
        assert client.get("/api/v4/users", headers=headers).status_code == 200
        fake.long_lived_expires_at = time.time() - 1
        assert client.get("/api/v4/users", headers=headers).status_code == 401


class TestLeads:
    def test_complex_create_answers_a_plain_array_and_stores_all_three(
        self, fake: FakeAmo, api: httpx.Client
    ) -> None:
        created = _complex(api, request_id="r1")
        assert set(created) == {"id", "contact_id", "company_id", "request_id", "merged"}
        assert created["request_id"] == ["r1"]
        assert created["merged"] is False
        lead = fake.leads[created["id"]]
        assert lead["status_id"] == FIRST_STATUS
        assert fake.lead_contacts(created["id"])[0]["first_name"] == "Иван"
        assert fake.companies[created["company_id"]]["name"] == "ООО Ромашка"

        got = api.get(f"/api/v4/leads/{created['id']}", params={"with": "contacts"})
        assert got.headers["content-type"].startswith("application/hal+json")
        body = got.json()
        assert body["_embedded"]["tags"][0]["name"] == "avito"
        assert body["_embedded"]["contacts"][0]["id"] == created["contact_id"]
        assert body["_links"]["self"]["href"].endswith(f"/api/v4/leads/{created['id']}")
        plain = api.get(f"/api/v4/leads/{created['id']}").json()
        assert "contacts" not in plain["_embedded"]

    def test_the_new_contact_is_found_by_phone_and_email(
        self, fake: FakeAmo, api: httpx.Client
    ) -> None:
        created = _complex(api)
        for query in ("79161234567", PHONE, "ivan@example.com"):
            found = api.get("/api/v4/contacts", params={"query": query, "with": "leads"})
            assert found.status_code == 200, query
            contact = found.json()["_embedded"]["contacts"][0]
            assert contact["id"] == created["contact_id"]
            assert contact["_embedded"]["leads"][0]["id"] == created["id"]
            phone = contact["custom_fields_values"][0]
            assert (phone["field_id"], phone["field_code"]) == (PHONE_FIELD, "PHONE")

    def test_nothing_found_is_a_bare_204(self, fake: FakeAmo, api: httpx.Client) -> None:
        fake.add_contact("Пётр", phone="+79990000000")
        for path, params in [
            ("/api/v4/contacts", {"query": "+70000000000"}),
            ("/api/v4/leads", {}),
            ("/api/v4/leads/123", {}),
            ("/api/v4/contacts/123", {}),
        ]:
            response = api.get(path, params=params)
            assert response.status_code == 204, path
            assert response.content == b""

    def test_the_list_filters_and_pages(self, fake: FakeAmo, api: httpx.Client) -> None:
        first = fake.add_lead(name="Заявка A", custom_fields_values=[_source("req-42")])
        fake.add_lead(name="Заявка B", pipeline_id=SECOND_PIPELINE)
        third = fake.add_lead(name="Заявка C")

        by_query = api.get("/api/v4/leads", params={"query": "req-42"}).json()
        assert [x["id"] for x in by_query["_embedded"]["leads"]] == [first["id"]]
        by_status = api.get(
            "/api/v4/leads",
            params={
                "filter[statuses][0][pipeline_id]": MAIN_PIPELINE,
                "filter[statuses][0][status_id]": FIRST_STATUS,
                "order[id]": "desc",
            },
        ).json()
        assert [x["id"] for x in by_status["_embedded"]["leads"]] == [third["id"], first["id"]]
        by_ids = api.get("/api/v4/leads?filter[id][]=1&filter[id][]=" + str(third["id"]))
        assert [x["id"] for x in by_ids.json()["_embedded"]["leads"]] == [third["id"]]

        page = api.get("/api/v4/leads", params={"limit": 2}).json()
        assert page["_page"] == 1
        assert "_total_items" not in page
        following = api.get(page["_links"]["next"]["href"]).json()
        assert "next" not in following["_links"]
        assert len(following["_embedded"]["leads"]) == 1
        assert api.get("/api/v4/leads", params={"limit": 251}).status_code == 400

    def test_patch_moves_a_lead_and_won_needs_the_pipeline(
        self, fake: FakeAmo, api: httpx.Client
    ) -> None:
        lead_id = _complex(api)["id"]
        refused = api.patch(f"/api/v4/leads/{lead_id}", json={"status_id": WON})
        assert refused.status_code == 400
        assert refused.json()["validation-errors"][0]["errors"][0]["path"] == "pipeline_id"

        won = api.patch(
            f"/api/v4/leads/{lead_id}",
            json={"status_id": WON, "pipeline_id": MAIN_PIPELINE, "price": 25000},
        )
        assert won.status_code == 200
        assert set(won.json()) == {"id", "updated_at", "_links"}
        lead = api.get(f"/api/v4/leads/{lead_id}").json()
        assert (lead["status_id"], lead["price"]) == (WON, 25000)
        assert lead["closed_at"] is not None

        batch = api.patch(
            "/api/v4/leads",
            json=[
                {
                    "id": lead_id,
                    "status_id": LOST,
                    "pipeline_id": MAIN_PIPELINE,
                    "custom_fields_values": [
                        {"field_id": CHANNEL_FIELD, "values": [{"enum_id": 501}]}
                    ],
                    "request_id": "x",
                }
            ],
        )
        assert batch.status_code == 200
        assert batch.json()["_embedded"]["leads"][0]["request_id"] == "x"
        values = fake.leads[lead_id]["custom_fields_values"]
        assert values[0]["values"] == [{"value": "Авито", "enum_id": 501}]
        assert fake.leads[lead_id]["status_id"] == LOST

    def test_pipelines_list_their_statuses(self, api: httpx.Client) -> None:
        body = api.get("/api/v4/leads/pipelines").json()
        assert body["_total_items"] == 2
        main = body["_embedded"]["pipelines"][0]
        assert main["is_main"] is True
        ids = {s["id"] for s in main["_embedded"]["statuses"]}
        assert {FIRST_STATUS, WON, LOST} <= ids


class TestValidation:
    def test_an_unknown_field_is_refused_in_amocrms_shape_and_nothing_is_stored(
        self, fake: FakeAmo, api: httpx.Client
    ) -> None:
        bad = {"name": "x", "custom_fields_values": [{"field_id": 1, "values": [{"value": "x"}]}]}
        response = api.post("/api/v4/leads/complex", json=[{"name": "ok"}, bad])
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("application/problem+json")
        body = response.json()
        assert (body["title"], body["status"], body["type"]) == (
            "Bad Request",
            400,
            "https://httpstatus.es/400",
        )
        assert body["detail"] == "Request validation failed"
        [failure] = body["validation-errors"]
        assert failure["request_id"] == "1"
        [error] = failure["errors"]
        assert error["code"] == "NotSupportedChoice"
        assert error["path"] == "custom_fields_values.0.field_id"
        assert fake.leads == {}

    def test_complex_takes_one_contact_and_at_most_fifty_leads(self, api: httpx.Client) -> None:
        two = {"_embedded": {"contacts": [{"name": "a"}, {"name": "b"}]}}
        assert api.post("/api/v4/leads/complex", json=[two]).status_code == 400
        many = [{"name": str(i)} for i in range(51)]
        assert api.post("/api/v4/leads/complex", json=many).status_code == 400
        assert api.post("/api/v4/leads/complex", json={"name": "x"}).status_code == 400


class TestNotes:
    def test_common_notes_are_stored_on_the_lead(self, fake: FakeAmo, api: httpx.Client) -> None:
        lead_id = _complex(api)["id"]
        note = {"note_type": "common", "params": {"text": "Клиент спросил доставку"}}
        response = api.post(f"/api/v4/leads/{lead_id}/notes", json=[note])
        assert response.status_code == 200
        [answer] = response.json()["_embedded"]["notes"]
        assert (answer["entity_id"], answer["request_id"]) == (lead_id, "0")
        assert fake.notes[0]["params"]["text"] == "Клиент спросил доставку"

        batch = [{**note, "entity_id": lead_id}]
        assert api.post("/api/v4/leads/notes", json=batch).status_code == 200
        empty = [{"note_type": "common", "params": {"text": ""}}]
        assert api.post(f"/api/v4/leads/{lead_id}/notes", json=empty).status_code == 400
        assert len(fake.notes) == 2


class TestLimitsAndFailures:
    def test_an_injected_429_has_a_body_that_is_not_json(
        self, fake: FakeAmo, api: httpx.Client
    ) -> None:
        fake.rate_limit_next(1)
        fake.rate_limit_next(1, html=False)
        html = api.get("/api/v4/users")
        assert html.status_code == 429
        assert html.headers["content-type"].startswith("text/html")
        with pytest.raises(ValueError):
            html.json()
        empty = api.get("/api/v4/users")
        assert (empty.status_code, empty.content) == (429, b"")
        assert api.get("/api/v4/users").status_code == 200

    def test_the_enforced_limit_lets_seven_requests_a_second(
        self, fake: FakeAmo, api: httpx.Client
    ) -> None:
        fake.enforce_rate = True
        statuses = [api.get("/api/v4/users").status_code for _ in range(8)]
        assert statuses == [200] * 7 + [429]
        time.sleep(1.05)
        assert api.get("/api/v4/users").status_code == 200

    def test_injected_5xx_then_recovery(self, fake: FakeAmo, api: httpx.Client) -> None:
        fake.fail_next(502, times=2)
        assert [api.get("/api/v4/users").status_code for _ in range(3)] == [502, 502, 200]

    def test_an_outage_answers_503_everywhere_until_it_ends(
        self, fake: FakeAmo, api: httpx.Client
    ) -> None:
        fake.down = True
        assert api.get("/api/v4/leads").status_code == 503
        assert api.get("/api/v4/no-such-route").status_code == 503
        assert _exchange(api, fake.issue_code()).status_code == 503
        fake.down = False
        assert api.get("/api/v4/users").status_code == 200

    def test_a_ban_answers_403_html(self, fake: FakeAmo, api: httpx.Client) -> None:
        fake.blocked = True
        banned = api.get("/api/v4/users")
        assert banned.status_code == 403
        assert banned.text.startswith("<html>")

    def test_unknown_routes_are_404(self, api: httpx.Client) -> None:
        assert api.get("/api/v4/leads/complex").status_code == 404
        assert api.get("/api/v4/nothing").status_code == 404


class TestWebhooks:
    def test_a_status_change_is_form_encoded_with_bracketed_keys(
        self, fake: FakeAmo, api: httpx.Client
    ) -> None:
        lead_id = _complex(api)["id"]
        body = fake.status_webhook(lead_id, WON, MAIN_PIPELINE)
        assert body.startswith(f"leads[status][0][id]={lead_id}&")
        fields = {key: values[0] for key, values in parse_qs(body).items()}
        assert fields == {
            "leads[status][0][id]": str(lead_id),
            "leads[status][0][status_id]": str(WON),
            "leads[status][0][pipeline_id]": str(MAIN_PIPELINE),
            "leads[status][0][old_status_id]": str(FIRST_STATUS),
            "leads[status][0][old_pipeline_id]": str(MAIN_PIPELINE),
            "account[subdomain]": "example",
            "account[id]": "115135",
        }
        assert fake.leads[lead_id]["status_id"] == WON  # a re-fetch agrees with the hook

    def test_deliver_posts_the_form(self, fake: FakeAmo) -> None:
        receiver = _Receiver().start()
        try:
            body = fake.status_webhook(17657, LOST, MAIN_PIPELINE)
            assert fake.deliver(f"{receiver.origin}/hook", body).status_code == 200
        finally:
            receiver.stop()
        content_type, form = receiver.received[0]
        assert content_type == "application/x-www-form-urlencoded"
        assert form["leads[status][0][status_id]"] == str(LOST)
        assert fake.deliveries[0][2] == 200

    def test_subscriptions_are_registered_listed_and_removed(
        self, fake: FakeAmo, api: httpx.Client
    ) -> None:
        hook = {"destination": "https://bot.example.com/amo", "settings": ["status_lead"]}
        assert api.post("/api/v4/webhooks", json=hook).status_code == 200
        listed = api.get("/api/v4/webhooks", params={"filter[destination]": hook["destination"]})
        assert listed.json()["_total_items"] == 1
        removed = api.request(
            "DELETE", "/api/v4/webhooks", json={"destination": hook["destination"]}
        )
        assert removed.status_code == 204
        assert api.get("/api/v4/webhooks").status_code == 204


def test_reset_restores_a_fresh_account(fake: FakeAmo, api: httpx.Client) -> None:
    _complex(api)
    fake.down = True
    fake.reset()
    assert (fake.leads, fake.contacts, fake.calls, fake.tokens_issued) == ({}, {}, [], 0)
    assert fake.down is False
    assert api.get("/api/v4/users").status_code == 401  # the old token is gone too


def _source(value: str) -> dict[str, Any]:
    return {"field_id": SOURCE_FIELD, "values": [{"value": value}]}


class _Receiver(ThreadedFake):
    """A webhook endpoint that records what arrives."""

    name = "webhook receiver"

    def __init__(self) -> None:
        super().__init__()
        self.received: list[tuple[str, dict[str, str]]] = []
        self.app.add_api_route("/hook", self._hook, methods=["POST"])

    async def _hook(self, request: Request) -> dict[str, bool]:
        async with request.form() as form:
            fields = {k: v for k, v in form.items() if isinstance(v, str)}
        self.received.append((request.headers["content-type"], fields))
        return {"ok": True}


class TestSalesbot:
    """The Salesbot's widget_request and the continue call that answers it."""

    @staticmethod
    def _path(request: dict[str, Any]) -> str:
        return httpx.URL(request["return_url"]).path

    def test_a_widget_request_carries_an_hs512_bot_token_the_data_and_a_return_url(
        self, fake: FakeAmo
    ) -> None:
        request = fake.widget_request("Здравствуйте", contact_id=501, lead_id=7001)
        claims = jwt.decode(request["token"], CLIENT_SECRET, algorithms=["HS512"])
        assert (claims["entity_id"], claims["entity_type"], claims["bot_type"]) == (
            501,
            "contacts",
            "salesbot",
        )
        assert request["data"] == {
            "message_text": "Здравствуйте",
            "contact_id": 501,
            "lead_id": 7001,
        }
        assert (
            "/api/v4/salesbot/" in request["return_url"] and "/continue/" in request["return_url"]
        )

    def test_the_continue_call_is_accepted_once(self, fake: FakeAmo, api: httpx.Client) -> None:
        request = fake.widget_request("Добрый день", contact_id=502)
        body = {
            "data": {"text": "Здравствуйте!"},
            "execute_handlers": [
                {"handler": "show", "params": {"type": "text", "value": "Здравствуйте!"}}
            ],
        }
        assert api.post(self._path(request), json=body).status_code == 200
        assert fake.shown(502) == ["Здравствуйте!"] and fake.answers(502) == ["Здравствуйте!"]
        again = api.post(self._path(request), json=body)
        assert again.status_code == 404  # the bot has moved on
        assert api.post("/api/v4/salesbot/1/continue/unknown", json=body).status_code == 404

    @pytest.mark.parametrize(
        "handlers",
        [
            [{"handler": "show", "params": {"type": "text", "value": "ы" * 81}}],
            [{"handler": "show", "params": {"type": "text", "value": "да"}}] * 11,
            [
                {
                    "handler": "show",
                    "params": {"type": "buttons", "value": "Выберите", "buttons": ["x"] * 26},
                }
            ],
        ],
        ids=["show-value-over-80", "eleven-handlers", "twenty-six-buttons"],
    )
    def test_the_documented_limits_are_refused_with_a_400(
        self, fake: FakeAmo, api: httpx.Client, handlers: list[dict[str, Any]]
    ) -> None:
        request = fake.widget_request("Привет", contact_id=503)
        refused = api.post(self._path(request), json={"execute_handlers": handlers})
        assert refused.status_code == 400 and refused.json()["validation-errors"]
        assert fake.continued == {}  # nothing taken; the call may be made again within limits
        assert api.post(self._path(request), json={"data": {}}).status_code == 200

    def test_only_an_administrator_may_continue(self, fake: FakeAmo, api: httpx.Client) -> None:
        fake.users[0]["rights"]["is_admin"] = False
        request = fake.widget_request("Привет", contact_id=504)
        refused = api.post(self._path(request), json={"data": {}})
        assert refused.status_code == 403 and refused.json()["status"] == 403
        assert fake.continued == {}
