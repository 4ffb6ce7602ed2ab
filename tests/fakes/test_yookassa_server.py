"""The fake YooKassa API keeps to the contract notes: Basic auth, the Idempotence-Key rules,
validation errors in YooKassa's format, a 500 whose retry with the same key finds the payment,
429s, the payment state machine with its expiry, refunds, and the notification bodies."""

from __future__ import annotations

import ipaddress
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fakes.yookassa_server import (
    CHECKOUT_PATH,
    GATEWAY_ID,
    NOTIFICATION_IPS,
    NOTIFICATION_SOURCE_IP,
    SECRET_KEY,
    SHOP_ID,
    FakeYooKassa,
)

ISO_MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
ERROR_KEYS = {"type", "id", "code", "description"}


@pytest.fixture(scope="module")
def server() -> Iterator[FakeYooKassa]:
    fake = FakeYooKassa().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(server: FakeYooKassa) -> FakeYooKassa:
    server.reset()
    return server


@pytest.fixture
def api(fake: FakeYooKassa) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake.origin, auth=(SHOP_ID, SECRET_KEY)) as client:
        yield client


def _body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "amount": {"value": "1490.00", "currency": "RUB"},
        "capture": True,
        "confirmation": {"type": "redirect", "return_url": "https://shop.example/return?o=42"},
        "description": "Заказ №42",
        "metadata": {"order_id": "42"},
    }
    body.update(changes)
    return body


def _receipt(**item_changes: Any) -> dict[str, Any]:
    item = {
        "description": "Подписка на 1 месяц",
        "quantity": "1.00",
        "amount": {"value": "1490.00", "currency": "RUB"},
        "vat_code": 1,
        "payment_mode": "full_payment",
        "payment_subject": "service",
    }
    item.update(item_changes)
    return {"customer": {"email": "buyer@example.com"}, "items": [item]}


def _create(
    api: httpx.Client, body: dict[str, Any] | None = None, key: str | None = None
) -> httpx.Response:
    headers = {"Idempotence-Key": key or str(uuid.uuid4())}
    return api.post("/v3/payments", json=_body() if body is None else body, headers=headers)


def _refund(api: httpx.Client, payment_id: str, value: str) -> httpx.Response:
    body = {"payment_id": payment_id, "amount": {"value": value, "currency": "RUB"}}
    return api.post("/v3/refunds", json=body, headers={"Idempotence-Key": str(uuid.uuid4())})


def _assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) >= ERROR_KEYS
    assert (body["type"], body["code"]) == ("error", code)
    uuid.UUID(body["id"])
    return body


class TestAuth:
    def test_every_route_wants_the_shop_credentials(self, fake: FakeYooKassa) -> None:
        with httpx.Client(base_url=fake.origin) as anonymous:
            bare = anonymous.get("/v3/payments/whatever")
            body = _assert_error(bare, 401, "invalid_credentials")
            assert body["description"] == "Authorization header not found"
            wrong = anonymous.post(
                "/v3/payments",
                json=_body(),
                headers={"Idempotence-Key": "k"},
                auth=(SHOP_ID, "test_wrong"),
            )
            body = _assert_error(wrong, 401, "invalid_credentials")
            assert body["description"] == "Basic authentication failed"
            bearer = anonymous.get("/v3/me", headers={"Authorization": "Bearer token"})
            _assert_error(bearer, 401, "invalid_credentials")
        assert fake.payments == {}

    def test_me_describes_the_test_shop(self, api: httpx.Client) -> None:
        me = api.get("/v3/me").json()
        assert me["account_id"] == SHOP_ID
        assert me["test"] is True
        assert me["status"] == "enabled"


class TestCreate:
    def test_the_payment_object(self, fake: FakeYooKassa, api: httpx.Client) -> None:
        response = _create(api)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        payment = response.json()
        assert re.fullmatch(r"[0-9a-f]{8}-000f-5000-[89ab]000-[0-9a-f]{12}", payment["id"])
        assert payment["status"] == "pending"
        assert payment["paid"] is False
        assert payment["amount"] == {"value": "1490.00", "currency": "RUB"}
        assert payment["description"] == "Заказ №42"
        assert payment["metadata"] == {"order_id": "42"}
        assert payment["recipient"] == {"account_id": SHOP_ID, "gateway_id": GATEWAY_ID}
        assert ISO_MS.fullmatch(payment["created_at"])
        assert (payment["test"], payment["refundable"]) == (True, False)
        assert "expires_at" not in payment
        confirmation = payment["confirmation"]
        assert confirmation["type"] == "redirect"
        assert confirmation["return_url"] == "https://shop.example/return?o=42"
        assert confirmation["confirmation_url"] == (
            f"{fake.origin}{CHECKOUT_PATH}?orderId={payment['id']}"
        )
        assert api.get(f"/v3/payments/{payment['id']}").json() == payment
        assert fake.payments[payment["id"]]["_capture"] is True

    def test_a_receipt_is_taken_and_registered_later(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        body = _body(receipt=_receipt(quantity=2, amount={"value": "745.00", "currency": "RUB"}))
        payment = _create(api, body).json()
        assert payment["receipt_registration"] == "pending"
        assert fake.payments[payment["id"]]["_receipt"]["customer"]["email"]
        assert fake.succeed(payment["id"])["receipt_registration"] == "succeeded"

    def test_with_fiscalization_enabled_a_receipt_is_required(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        fake.fiscalization_enabled = True
        assert api.get("/v3/me").json()["fiscalization_enabled"] is True
        refused = _assert_error(_create(api), 400, "invalid_request")
        assert refused["parameter"] == "receipt"
        assert _create(api, _body(receipt=_receipt())).status_code == 200

    @pytest.mark.parametrize(
        ("changes", "parameter"),
        [
            ({"amount": {"value": 1490.0, "currency": "RUB"}}, "amount.value"),
            ({"amount": {"value": "1490", "currency": "RUB"}}, "amount.value"),
            ({"amount": {"value": "0.00", "currency": "RUB"}}, "amount.value"),
            ({"amount": {"value": "10.00", "currency": "USD"}}, "amount.currency"),
            ({"amount": None}, "amount"),
            ({"capture": "yes"}, "capture"),
            ({"confirmation": None}, "confirmation"),
            ({"confirmation": {"type": "embedded"}}, "confirmation.type"),
            ({"confirmation": {"type": "redirect"}}, "confirmation.return_url"),
            ({"confirmation": {"type": "redirect", "return_url": "/x"}}, "confirmation.return_url"),
            ({"description": "x" * 129}, "description"),
            ({"metadata": {str(i): "v" for i in range(17)}}, "metadata"),
            ({"metadata": {"k" * 33: "v"}}, "metadata"),
            ({"metadata": {"order_id": 42}}, "metadata.order_id"),
            ({"metadata": {"note": "v" * 513}}, "metadata.note"),
            ({"merchant_customer_id": "c" * 201}, "merchant_customer_id"),
            ({"payment_method_data": {"type": "bitcoin"}}, "payment_method_data.type"),
            ({"payment_method_id": "unknown"}, "payment_method_id"),
            ({"client_ip": "not-an-ip"}, "client_ip"),
            ({"amout": {"value": "1.00", "currency": "RUB"}}, "amout"),
            ({"receipt": {"customer": {}, "items": []}}, "receipt.customer"),
            ({"receipt": {**_receipt(), "customer": {"phone": "+7900"}}}, "receipt.customer.phone"),
            ({"receipt": {**_receipt(), "items": []}}, "receipt.items"),
            ({"receipt": _receipt(vat_code=7)}, "receipt.items[0].vat_code"),
            ({"receipt": _receipt(payment_mode="full")}, "receipt.items[0].payment_mode"),
            ({"receipt": _receipt(payment_subject=None)}, "receipt.items[0].payment_subject"),
            ({"receipt": _receipt(quantity="0")}, "receipt.items[0].quantity"),
            ({"receipt": _receipt(description="d" * 129)}, "receipt.items[0].description"),
            (
                {"receipt": _receipt(amount={"value": "1490", "currency": "RUB"})},
                "receipt.items[0].amount.value",
            ),
            (
                {"receipt": _receipt(amount={"value": "1000.00", "currency": "RUB"})},
                "receipt.items",
            ),
        ],
    )
    def test_bad_requests_are_refused_in_yookassas_format(
        self, fake: FakeYooKassa, api: httpx.Client, changes: dict[str, Any], parameter: str
    ) -> None:
        body = {k: v for k, v in _body(**changes).items() if v is not None}
        error = _assert_error(_create(api, body), 400, "invalid_request")
        assert error["parameter"] == parameter
        assert error["description"]
        assert fake.payments == {}

    def test_limits_themselves_are_allowed(self, api: httpx.Client) -> None:
        body = _body(
            description="x" * 128,
            metadata={f"{i:02d}" + "k" * 30: "v" * 512 for i in range(16)},
            payment_method_data={"type": "sbp"},
            receipt={**_receipt(), "customer": {"phone": "79001234567"}},
        )
        payment = _create(api, body, key="k" * 64).json()
        assert payment["payment_method"] == {"type": "sbp", "id": payment["id"], "saved": False}

    def test_a_body_that_is_not_json(self, api: httpx.Client) -> None:
        headers = {"Idempotence-Key": "k1", "Content-Type": "application/json"}
        _assert_error(
            api.post("/v3/payments", content=b"{", headers=headers), 400, "invalid_request"
        )
        form = api.post("/v3/payments", data={"a": "b"}, headers={"Idempotence-Key": "k2"})
        assert form.status_code == 415


class TestIdempotence:
    def test_the_same_key_and_body_return_the_same_payment(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        first = _create(api, key="order-42")
        again = _create(api, key="order-42")
        assert again.status_code == 200
        assert again.json() == first.json()
        assert len(fake.payments) == 1
        other = _create(api, key="order-43")
        assert other.json()["id"] != first.json()["id"]

    def test_the_original_answer_even_after_the_payment_changed(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        payment = _create(api, key="k").json()
        fake.succeed(payment["id"])
        assert _create(api, key="k").json()["status"] == "pending"
        assert api.get(f"/v3/payments/{payment['id']}").json()["status"] == "succeeded"

    def test_a_key_reused_for_another_request_is_refused(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        _create(api, key="k")
        body = _body(amount={"value": "1500.00", "currency": "RUB"})
        error = _assert_error(_create(api, body, key="k"), 400, "invalid_request")
        assert error["description"] == "Duplicate idempotence key"
        assert error["parameter"] == "Idempotence-Key"
        refund = {"payment_id": "x", "amount": {"value": "1.00", "currency": "RUB"}}
        other_route = api.post("/v3/refunds", json=refund, headers={"Idempotence-Key": "k"})
        _assert_error(other_route, 400, "invalid_request")
        assert len(fake.payments) == 1

    def test_the_key_is_required_and_at_most_64_characters(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        missing = _assert_error(api.post("/v3/payments", json=_body()), 400, "invalid_request")
        assert missing["description"] == "Idempotence key is empty"
        assert missing["parameter"] == "Idempotence-Key"
        long = _assert_error(_create(api, key="k" * 65), 400, "invalid_request")
        assert long["description"].startswith("Idempotence key is too long")
        assert long["parameter"] == "Idempotence-Key"
        assert fake.payments == {}

    def test_a_refusal_is_remembered_too(self, fake: FakeYooKassa, api: httpx.Client) -> None:
        bad = _body(description="x" * 200)
        first = _create(api, bad, key="k").json()
        assert _create(api, bad, key="k").json() == first
        assert _create(api, _body(), key="k").status_code == 400  # fixed body needs a new key

    def test_keys_are_forgotten_after_24_hours(self, fake: FakeYooKassa, api: httpx.Client) -> None:
        first = _create(api, key="k").json()
        fake.pending_ttl = None
        fake.advance(24 * 3600 - 1)
        assert _create(api, key="k").json()["id"] == first["id"]
        fake.advance(1)
        assert _create(api, key="k").json()["id"] != first["id"]


class TestFailures:
    def test_a_500_creates_the_payment_and_the_retry_with_the_key_finds_it(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        fake.fail_next(500)
        lost = _create(api, key="order-42")
        error = _assert_error(lost, 500, "internal_server_error")
        assert "parameter" not in error
        assert len(fake.payments) == 1
        retry = _create(api, key="order-42")
        assert retry.status_code == 200
        assert retry.json()["id"] in fake.payments
        assert len(fake.payments) == 1
        assert [c.status for c in fake.calls_to("/v3/payments", "POST")] == [500, 200]
        assert {c.idempotence_key for c in fake.calls} == {"order-42"}

    def test_an_unprocessed_failure_does_nothing(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        fake.fail_next(500, times=2, processed=False)
        assert [_create(api, key="k").status_code for _ in range(3)] == [500, 500, 200]
        assert len(fake.payments) == 1

    def test_429_then_through(self, fake: FakeYooKassa, api: httpx.Client) -> None:
        fake.rate_limit_next(1)
        fake.rate_limit_next(1, retry_after_ms=1500)
        plain = _assert_error(_create(api, key="k"), 429, "too_many_requests")
        assert "retry_after" not in plain
        limited = _create(api, key="k")
        assert _assert_error(limited, 429, "too_many_requests")["retry_after"] == 1500
        assert "retry-after" not in limited.headers
        assert fake.payments == {}
        assert _create(api, key="k").status_code == 200

    def test_other_statuses_answer_html(self, fake: FakeYooKassa, api: httpx.Client) -> None:
        fake.fail_next(502)
        bad_gateway = api.get("/v3/me")
        assert bad_gateway.status_code == 502
        assert bad_gateway.headers["content-type"].startswith("text/html")
        assert api.get("/v3/me").status_code == 200

    def test_down_is_503_everywhere(self, fake: FakeYooKassa, api: httpx.Client) -> None:
        payment = fake.add_payment()
        fake.down = True
        assert _create(api).status_code == 503
        assert api.get("/v3/nothing").status_code == 503
        assert httpx.get(payment["confirmation"]["confirmation_url"]).status_code == 503
        fake.down = False
        assert api.get(f"/v3/payments/{payment['id']}").status_code == 200

    def test_unknown_ids_routes_and_methods(self, api: httpx.Client) -> None:
        missing = _assert_error(api.get("/v3/payments/nope"), 404, "not_found")
        assert missing["parameter"] == "payment_id"
        _assert_error(api.get("/v3/refunds/nope"), 404, "not_found")
        _assert_error(api.get("/v3/nothing"), 404, "not_found")
        _assert_error(api.delete("/v3/payments"), 405, "invalid_request")


class TestLifecycle:
    def test_pending_to_succeeded(self, fake: FakeYooKassa, api: httpx.Client) -> None:
        payment_id = _create(api).json()["id"]
        fake.succeed(payment_id)
        payment = api.get(f"/v3/payments/{payment_id}").json()
        assert (payment["status"], payment["paid"], payment["refundable"]) == (
            "succeeded",
            True,
            True,
        )
        assert ISO_MS.fullmatch(payment["captured_at"])
        assert payment["income_amount"] == {"value": "1437.85", "currency": "RUB"}
        assert payment["refunded_amount"] == {"value": "0.00", "currency": "RUB"}
        assert payment["payment_method"]["card"]["last4"] == "4444"
        assert "confirmation" not in payment
        with pytest.raises(ValueError, match="succeeded"):
            fake.cancel(payment_id)

    @pytest.mark.parametrize(
        ("reason", "party"),
        [
            ("expired_on_confirmation", "yoo_kassa"),
            ("insufficient_funds", "payment_network"),
            ("canceled_by_merchant", "merchant"),
        ],
    )
    def test_pending_to_canceled(
        self, fake: FakeYooKassa, api: httpx.Client, reason: str, party: str
    ) -> None:
        payment_id = _create(api).json()["id"]
        fake.cancel(payment_id, reason=reason)
        payment = api.get(f"/v3/payments/{payment_id}").json()
        assert (payment["status"], payment["paid"]) == ("canceled", False)
        assert payment["cancellation_details"] == {"party": party, "reason": reason}
        assert "confirmation" not in payment

    def test_unknown_reasons_are_refused(self, fake: FakeYooKassa) -> None:
        payment = fake.add_payment()
        with pytest.raises(ValueError):
            fake.cancel(payment["id"], reason="changed_mind")

    def test_an_unpaid_payment_expires_after_an_hour(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        payment_id = _create(api).json()["id"]
        fake.advance(3599)
        assert api.get(f"/v3/payments/{payment_id}").json()["status"] == "pending"
        fake.advance(1)
        payment = api.get(f"/v3/payments/{payment_id}").json()
        assert payment["status"] == "canceled"
        assert payment["cancellation_details"] == {
            "party": "yoo_kassa",
            "reason": "expired_on_confirmation",
        }

    def test_two_stage_payment_capture_and_cancel(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        first = _create(api, _body(capture=False)).json()
        key = {"Idempotence-Key": str(uuid.uuid4())}
        refused = api.post(f"/v3/payments/{first['id']}/cancel", json={}, headers=key)
        error = _assert_error(refused, 400, "invalid_request")
        assert error["description"] == "Payment can not be canceled in current status"

        waiting = fake.pay(first["id"])
        assert (waiting["status"], waiting["paid"]) == ("waiting_for_capture", True)
        assert ISO_MS.fullmatch(waiting["expires_at"])
        partial = {"amount": {"value": "1000.00", "currency": "RUB"}}
        captured = api.post(
            f"/v3/payments/{first['id']}/capture",
            json=partial,
            headers={"Idempotence-Key": str(uuid.uuid4())},
        ).json()
        assert captured["status"] == "succeeded"
        assert captured["amount"]["value"] == "1000.00"
        assert "expires_at" not in captured

        second = fake.add_payment(capture=False)
        fake.pay(second["id"])
        canceled = api.post(
            f"/v3/payments/{second['id']}/cancel",
            json={},
            headers={"Idempotence-Key": str(uuid.uuid4())},
        ).json()
        assert canceled["cancellation_details"] == {
            "party": "merchant",
            "reason": "canceled_by_merchant",
        }

    def test_waiting_for_capture_expires_at_its_deadline(self, fake: FakeYooKassa) -> None:
        payment = fake.add_payment(capture=False)
        fake.pay(payment["id"])
        fake.advance(7 * 86400)
        stored = fake.payments[payment["id"]]
        assert stored["cancellation_details"]["reason"] == "expired_on_capture"

    def test_the_checkout_page_pays_and_goes_back(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        payment = _create(api).json()
        url = payment["confirmation"]["confirmation_url"]
        page = httpx.get(url)
        assert page.status_code == 200
        assert "1490.00 RUB" in page.text
        paid = httpx.post(url, data={"outcome": "pay"})
        assert paid.status_code == 303
        assert paid.headers["location"] == "https://shop.example/return?o=42"
        assert fake.payments[payment["id"]]["status"] == "succeeded"

        declined = _create(api).json()
        httpx.post(declined["confirmation"]["confirmation_url"], data={"outcome": "card_expired"})
        assert fake.payments[declined["id"]]["cancellation_details"]["reason"] == "card_expired"

    def test_a_saved_card_pays_without_confirmation(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        first = _create(api, _body(save_payment_method=True)).json()
        method = fake.succeed(first["id"])["payment_method"]
        assert method["saved"] is True
        body = _body(payment_method_id=method["id"])
        del body["confirmation"]
        again = _create(api, body).json()
        assert (again["status"], again["payment_method"]["id"]) == ("succeeded", method["id"])

    def test_the_list_is_newest_first_with_filters_and_cursor(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        ids = [_create(api).json()["id"] for _ in range(3)]
        fake.succeed(ids[0])
        page = api.get("/v3/payments", params={"limit": 2}).json()
        assert page["type"] == "list"
        assert [p["id"] for p in page["items"]] == [ids[2], ids[1]]
        rest = api.get("/v3/payments", params={"limit": 2, "cursor": page["next_cursor"]})
        assert [p["id"] for p in rest.json()["items"]] == [ids[0]]
        assert "next_cursor" not in rest.json()
        done = api.get("/v3/payments", params={"status": "succeeded"}).json()
        assert [p["id"] for p in done["items"]] == [ids[0]]
        since = api.get("/v3/payments", params={"created_at.gte": "2000-01-01T00:00:00.000Z"})
        assert len(since.json()["items"]) == 3
        _assert_error(api.get("/v3/payments", params={"limit": 101}), 400, "invalid_request")


class TestRefunds:
    def test_partial_refunds_up_to_the_amount(self, fake: FakeYooKassa, api: httpx.Client) -> None:
        payment_id = _create(api).json()["id"]
        early = _assert_error(_refund(api, payment_id, "100.00"), 400, "invalid_request")
        assert early["description"] == "Payment can not be refunded in current status."
        fake.succeed(payment_id)

        refund = _refund(api, payment_id, "1000.00").json()
        assert (refund["status"], refund["payment_id"]) == ("succeeded", payment_id)
        assert refund["amount"] == {"value": "1000.00", "currency": "RUB"}
        assert api.get(f"/v3/refunds/{refund['id']}").json() == refund
        payment = api.get(f"/v3/payments/{payment_id}").json()
        assert payment["refunded_amount"]["value"] == "1000.00"

        exceeded = _assert_error(_refund(api, payment_id, "500.00"), 400, "invalid_request")
        assert exceeded["description"] == "Refund sum exceeded"
        _assert_error(_refund(api, payment_id, "489.50"), 400, "invalid_request")  # 0.50 left
        assert _refund(api, payment_id, "490.00").status_code == 200
        full = _assert_error(_refund(api, payment_id, "1.00"), 400, "invalid_request")
        assert full["description"] == "Payment is already completely refunded"
        assert api.get(f"/v3/payments/{payment_id}").json()["refundable"] is False
        listed = api.get("/v3/refunds", params={"payment_id": payment_id}).json()
        assert len(listed["items"]) == 2
        _assert_error(_refund(api, "unknown", "1.00"), 404, "not_found")

    def test_a_held_refund_settles_later(self, fake: FakeYooKassa, api: httpx.Client) -> None:
        payment = fake.add_payment()
        fake.succeed(payment["id"])
        fake.hold_refunds = True
        refund = _refund(api, payment["id"], "100.00").json()
        assert refund["status"] == "pending"
        fake.settle_refund(refund["id"], succeeded=False)
        assert fake.payments[payment["id"]]["refunded_amount"]["value"] == "0.00"
        assert api.get(f"/v3/refunds/{refund['id']}").json()["status"] == "canceled"


class TestNotifications:
    def test_the_body_carries_the_current_payment(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        payment_id = _create(api).json()["id"]
        fake.succeed(payment_id)
        body = fake.notification(payment_id, "payment.succeeded")
        assert set(body) == {"type", "event", "object"}
        assert (body["type"], body["event"]) == ("notification", "payment.succeeded")
        assert body["object"] == api.get(f"/v3/payments/{payment_id}").json()
        assert fake.notification(payment_id) == body  # the event follows the status

    def test_canceled_carries_the_details(self, fake: FakeYooKassa) -> None:
        payment = fake.add_payment()
        fake.cancel(payment["id"], reason="insufficient_funds")
        body = fake.notification(payment["id"], "payment.canceled")
        assert body["object"]["cancellation_details"]["reason"] == "insufficient_funds"

    def test_a_notification_ahead_of_the_state_changes_nothing(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        payment_id = _create(api, _body(capture=False)).json()["id"]
        body = fake.notification(payment_id, "payment.waiting_for_capture")
        assert (body["object"]["status"], body["object"]["paid"]) == ("waiting_for_capture", True)
        assert api.get(f"/v3/payments/{payment_id}").json()["status"] == "pending"
        with pytest.raises(ValueError):
            fake.notification(payment_id)  # pending has no event

    def test_refund_succeeded_carries_the_refund(
        self, fake: FakeYooKassa, api: httpx.Client
    ) -> None:
        payment = fake.add_payment()
        fake.succeed(payment["id"])
        refund = _refund(api, payment["id"], "50.00").json()
        body = fake.notification(refund["id"], "refund.succeeded")
        assert body["object"] == refund
        assert fake.notification(payment["id"], "refund.succeeded") == body

    def test_the_sender_ranges(self) -> None:
        networks = [ipaddress.ip_network(x) for x in NOTIFICATION_IPS]
        assert ipaddress.ip_address(NOTIFICATION_SOURCE_IP) in networks[0]
        assert any(ipaddress.ip_address("77.75.156.35") in n for n in networks)
        assert any(ipaddress.ip_address("2a02:5180:0:1509::1") in n for n in networks)
        assert not any(ipaddress.ip_address("8.8.8.8") in n for n in networks)


def test_calls_record_what_the_client_sent(fake: FakeYooKassa, api: httpx.Client) -> None:
    _create(api, key="order-42")
    [call] = fake.calls
    assert (call.method, call.path, call.status) == ("POST", "/v3/payments", 200)
    assert call.idempotence_key == "order-42"
    assert call.headers["authorization"].startswith("Basic ")
    assert call.body == _body()


def test_reset_restores_a_fresh_shop(fake: FakeYooKassa, api: httpx.Client) -> None:
    _create(api, key="k")
    fake.down = True
    fake.fail_next()
    fake.advance(10)
    fake.reset()
    assert (fake.payments, fake.refunds, fake.idempotence, fake.calls) == ({}, {}, {}, [])
    assert fake.down is False
    assert abs(fake.now() - time.time()) < 1
    assert _create(api, key="k").status_code == 200
