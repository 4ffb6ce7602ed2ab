"""The fake AnythingLLM answers as the real developer API does (paths, Bearer key, the shapes
of answers and refusals), spoken to with plain httpx, not with our adapter."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.fakes.anythingllm_server import API_KEY, DEFAULT_REFUSAL, WORKSPACE, FakeAnythingLLM

PRICES = "Оплата картой или по счёту, для юрлиц с НДС.\n\nСкидки обсуждаются с менеджером."
SUPPORT = "Техническая поддержка отвечает круглосуточно, без выходных."


@pytest.fixture(scope="module")
def server() -> Iterator[FakeAnythingLLM]:
    fake = FakeAnythingLLM().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(server: FakeAnythingLLM) -> FakeAnythingLLM:
    server.reset()
    return server


@pytest.fixture
def api(fake: FakeAnythingLLM) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=f"{fake.origin}/api/v1", headers={"Authorization": f"Bearer {API_KEY}"}
    ) as client:
        yield client


def query(api: httpx.Client, message: str, slug: str = WORKSPACE) -> httpx.Response:
    return api.post(f"/workspace/{slug}/chat", json={"message": message, "mode": "query"})


class TestKey:
    def test_a_known_key_is_authenticated(self, api: httpx.Client) -> None:
        answer = api.get("/auth")
        assert answer.status_code == 200 and answer.json() == {"authenticated": True}

    @pytest.mark.parametrize("header", [None, "Bearer wrong", "Bearer", API_KEY])
    def test_a_missing_or_wrong_key_is_403_on_every_route(
        self, fake: FakeAnythingLLM, header: str | None
    ) -> None:
        headers = {"Authorization": header} if header else {}
        with httpx.Client(base_url=f"{fake.origin}/api/v1", headers=headers) as client:
            for answer in (
                client.get("/auth"),
                client.post(f"/workspace/{WORKSPACE}/chat", json={"message": "x"}),
                client.post("/document/upload", files={"file": ("a.txt", b"x")}),
            ):
                assert answer.status_code == 403
                assert answer.json() == {"error": "No valid api key found."}
        assert not fake.store  # nothing was uploaded


class TestQueryMode:
    def test_a_matching_passage_comes_back_as_a_source(
        self, fake: FakeAnythingLLM, api: httpx.Client
    ) -> None:
        fake.add_document("prices.md", PRICES)
        fake.add_document("support.md", SUPPORT)
        answer = query(api, "Можно оплатить картой?")
        body = answer.json()
        assert answer.status_code == 200 and body["type"] == "textResponse"
        assert body["error"] is None and body["close"] is True
        [source] = body["sources"]
        # one passage of the document (its paragraph), not the whole of it
        assert source["title"] == "prices.md" and source["text"] == PRICES.split("\n\n")[0]
        assert 0 < source["score"] <= 1 and source["chunkSource"] == "prices.md"
        assert "картой" in body["textResponse"]

    def test_nothing_relevant_is_the_refusal_with_no_sources(
        self, fake: FakeAnythingLLM, api: httpx.Client
    ) -> None:
        fake.add_document("support.md", SUPPORT)
        body = query(api, "Какая завтра погода в Сочи?").json()
        assert body["sources"] == [] and body["textResponse"] == DEFAULT_REFUSAL
        assert body["type"] == "textResponse" and body["error"] is None

    def test_an_empty_workspace_refuses_with_its_own_text(
        self, fake: FakeAnythingLLM, api: httpx.Client
    ) -> None:
        fake.add_workspace("empty", query_refusal="Нет данных.")
        body = query(api, "Сколько стоит?", slug="empty").json()
        assert body == {**body, "sources": [], "textResponse": "Нет данных."}

    def test_chat_mode_answers_without_sources(
        self, fake: FakeAnythingLLM, api: httpx.Client
    ) -> None:
        answer = api.post(
            f"/workspace/{WORKSPACE}/chat", json={"message": "погода?", "mode": "chat"}
        )
        assert answer.json()["sources"] == [] and answer.json()["textResponse"] != DEFAULT_REFUSAL

    def test_best_passages_first_and_at_most_top_n(
        self, fake: FakeAnythingLLM, api: httpx.Client
    ) -> None:
        fake.add_workspace("small", top_n=2)
        for i in range(4):
            fake.add_document(f"d{i}.md", f"оплата картой {'счёт ' * i}", workspace="small")
        sources = query(api, "оплата картой счёт", slug="small").json()["sources"]
        # d1–d3 hold every word (score 1), d0 two of three; ties keep the upload order
        assert [(s["title"], s["score"]) for s in sources] == [("d1.md", 1.0), ("d2.md", 1.0)]


class TestChatErrors:
    def test_an_unknown_workspace_is_a_400_abort(self, api: httpx.Client) -> None:
        answer = query(api, "вопрос", slug="nope")
        assert answer.status_code == 400
        body = answer.json()
        assert body["type"] == "abort" and body["sources"] == [] and body["textResponse"] is None
        assert body["error"] == "Workspace nope is not a valid workspace."

    def test_an_empty_message_or_a_bad_mode_is_a_400(self, api: httpx.Client) -> None:
        empty = query(api, "")
        assert empty.status_code == 400 and empty.json()["error"] == "Message is empty"
        bad = api.post(f"/workspace/{WORKSPACE}/chat", json={"message": "x", "mode": "vector"})
        assert bad.status_code == 400 and bad.json()["error"] == "vector is not a valid mode."

    def test_an_unknown_slug_is_an_empty_list_not_a_404(self, api: httpx.Client) -> None:
        assert api.get("/workspace/nope").json() == {"workspace": []}
        [found] = api.get(f"/workspace/{WORKSPACE}").json()["workspace"]
        assert found["slug"] == WORKSPACE


class TestDocuments:
    def test_upload_then_embed_makes_the_document_answer(
        self, fake: FakeAnythingLLM, api: httpx.Client
    ) -> None:
        uploaded = api.post(
            "/document/upload", files={"file": ("prices.md", PRICES.encode(), "text/markdown")}
        ).json()
        assert uploaded["success"] is True and uploaded["error"] is None
        location = uploaded["documents"][0]["location"]
        assert location.startswith("custom-documents/prices.md-")
        assert query(api, "оплата картой").json()["sources"] == []  # uploaded, not embedded
        updated = api.post(
            f"/workspace/{WORKSPACE}/update-embeddings", json={"adds": [location], "deletes": []}
        )
        assert [d["docpath"] for d in updated.json()["workspace"]["documents"]] == [location]
        assert query(api, "оплата картой").json()["sources"][0]["title"] == "prices.md"

    def test_an_unparsable_file_is_a_500_with_success_false(self, api: httpx.Client) -> None:
        answer = api.post("/document/upload", files={"file": ("scan.xyz", b"\x00\x01")})
        assert answer.status_code == 500
        assert answer.json()["success"] is False and answer.json()["documents"] == []

    def test_no_file_part_is_a_bare_500(self, api: httpx.Client) -> None:
        answer = api.post("/document/upload", files={"other": ("a.txt", b"x")})
        assert answer.status_code == 500 and answer.text == "Internal Server Error"

    def test_update_embeddings_of_an_unknown_workspace_is_a_bare_400(
        self, api: httpx.Client
    ) -> None:
        answer = api.post("/workspace/nope/update-embeddings", json={"adds": []})
        assert answer.status_code == 400 and answer.text == "Bad Request"

    def test_an_unknown_location_is_skipped_silently(self, api: httpx.Client) -> None:
        answer = api.post(
            f"/workspace/{WORKSPACE}/update-embeddings", json={"adds": ["custom-documents/x.json"]}
        )
        assert answer.status_code == 200 and answer.json()["workspace"]["documents"] == []


class TestLimitsAndFailures:
    def test_rate_limit_answers_429_with_retry_after_then_recovers(
        self, fake: FakeAnythingLLM, api: httpx.Client
    ) -> None:
        fake.rate_limit, fake.rate_window = 2, 0.5
        assert [api.get("/auth").status_code for _ in range(2)] == [200, 200]
        limited = api.get("/auth")
        assert limited.status_code == 429 and limited.headers["retry-after"] == "1"
        assert limited.json() == {"error": "Too many requests"}
        fake.rate_window = 0.0  # the window has passed
        assert api.get("/auth").status_code == 200

    def test_steered_failures_come_once_each_and_do_nothing(
        self, fake: FakeAnythingLLM, api: httpx.Client
    ) -> None:
        fake.fail_next(503, times=2)
        statuses = [
            api.post("/document/upload", files={"file": ("a.txt", b"x")}).status_code
            for _ in range(3)
        ]
        assert statuses == [503, 503, 200] and len(fake.store) == 1

    def test_an_abort_inside_a_200_comes_once(
        self, fake: FakeAnythingLLM, api: httpx.Client
    ) -> None:
        fake.abort_next("No text completion could be completed with this input.")
        first, second = query(api, "оплата"), query(api, "оплата")
        assert first.status_code == 200 and first.json()["type"] == "abort"
        assert first.json()["error"].startswith("No text completion")
        assert second.json()["type"] == "textResponse"

    def test_down_is_a_502_from_the_proxy(self, fake: FakeAnythingLLM, api: httpx.Client) -> None:
        fake.down = True
        assert api.get("/auth").status_code == 502

    def test_calls_are_recorded_with_their_bodies(
        self, fake: FakeAnythingLLM, api: httpx.Client
    ) -> None:
        query(api, "оплата")
        [call] = fake.calls_to("/chat")
        assert call.body == {"message": "оплата", "mode": "query"} and call.status == 200
        assert call.headers["authorization"] == f"Bearer {API_KEY}"
