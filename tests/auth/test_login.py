from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest

from salesbot.db.engine import Database
from salesbot.models import Role
from salesbot.settings import Settings
from tests.conftest import create_user, login


async def _attempt(
    client: httpx.AsyncClient, email: str, password: str, ip: str | None = None
) -> httpx.Response:
    headers = {}
    return await client.post(
        "/api/v1/auth/token", data={"username": email, "password": password}, headers=headers
    )


class TestToken:
    async def test_login_returns_a_working_bearer_token(
        self, client: httpx.AsyncClient, database: Database, settings: Settings
    ) -> None:
        email, password = await create_user(database, role=Role.manager)
        response = await _attempt(client, email.upper(), password)
        assert response.status_code == 200
        body = response.json()
        assert body["token_type"] == "bearer"
        claims = jwt.decode(
            body["access_token"],
            settings.jwt_secret_key.get_secret_value(),  # type: ignore[union-attr]
            algorithms=["HS256"],
            audience="salesbot-api",
        )
        assert claims["role"] == "manager"
        lifetime = datetime.fromtimestamp(claims["exp"], UTC) - datetime.now(UTC)
        assert timedelta(minutes=1435) < lifetime <= timedelta(minutes=1440)
        me = await client.get(
            "/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        assert me.json()["email"] == email

    async def test_wrong_password_is_401(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        email, _ = await create_user(database)
        response = await _attempt(client, email, "wrong-password")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_credentials"

    async def test_unknown_email_gets_the_same_answer(self, client: httpx.AsyncClient) -> None:
        response = await _attempt(client, "nobody@example.com", "whatever-password")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_credentials"

    async def test_deactivated_user_cannot_use_an_old_token(
        self, client: httpx.AsyncClient, database: Database, admin_headers: dict[str, str]
    ) -> None:
        email, password = await create_user(database, role=Role.manager)
        token = await login(client, email, password)
        users = (await client.get("/api/v1/admin/users", headers=admin_headers)).json()
        user_id = next(u["id"] for u in users if u["email"] == email)
        patched = await client.patch(
            f"/api/v1/admin/users/{user_id}", json={"is_active": False}, headers=admin_headers
        )
        assert patched.json()["is_active"] is False
        response = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "account_disabled"


class TestProtectedRoutes:
    @pytest.mark.parametrize(
        "path", ["/api/v1/admin/users", "/api/v1/admin/jobs", "/api/v1/conversations"]
    )
    async def test_no_token_is_401(self, client: httpx.AsyncClient, path: str) -> None:
        response = await client.get(path)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["error"]["code"] == "not_authenticated"

    async def test_garbage_and_expired_tokens_are_401(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        garbage = await client.get(
            "/api/v1/conversations", headers={"Authorization": "Bearer abc.def.ghi"}
        )
        assert garbage.json()["error"]["code"] == "invalid_token"
        past = datetime.now(UTC) - timedelta(minutes=5)
        expired = jwt.encode(
            {
                "sub": "00000000-0000-0000-0000-000000000000",
                "role": "admin",
                "aud": "salesbot-api",
                "exp": past,
            },
            settings.jwt_secret_key.get_secret_value(),  # type: ignore[union-attr]
            algorithm="HS256",
        )
        response = await client.get(
            "/api/v1/conversations", headers={"Authorization": f"Bearer {expired}"}
        )
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "token_expired"

    async def test_token_signed_with_another_key_is_401(self, client: httpx.AsyncClient) -> None:
        forged = jwt.encode(
            {
                "sub": "00000000-0000-0000-0000-000000000000",
                "role": "admin",
                "aud": "salesbot-api",
                "exp": datetime.now(UTC) + timedelta(hours=1),
            },
            "not-our-key-but-long-enough-for-hs256-ok",
            algorithm="HS256",
        )
        response = await client.get(
            "/api/v1/admin/users", headers={"Authorization": f"Bearer {forged}"}
        )
        assert response.status_code == 401

    async def test_manager_is_403_on_admin_routes_but_reads_conversations(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        email, password = await create_user(database, role=Role.manager)
        headers = {"Authorization": f"Bearer {await login(client, email, password)}"}
        admin_only = await client.get("/api/v1/admin/users", headers=headers)
        assert admin_only.status_code == 403
        assert admin_only.json()["error"]["code"] == "forbidden_role"
        assert (await client.get("/api/v1/conversations", headers=headers)).status_code == 200


class TestLockout:
    async def test_account_locks_after_repeated_failures_with_growing_wait(
        self, client: httpx.AsyncClient, database: Database, settings: Settings
    ) -> None:
        email, password = await create_user(database)
        for _ in range(settings.login_max_failures):
            assert (await _attempt(client, email, "wrong-password")).status_code == 401
        locked = await _attempt(client, email, password)  # even the right password waits
        assert locked.status_code == 429
        assert locked.json()["error"]["code"] == "login_locked"
        first_wait = int(locked.headers["retry-after"])
        assert 1 <= first_wait <= settings.login_lockout_seconds + 1

        guard = client._transport.app.state.services.login_guard  # type: ignore[attr-defined]
        await guard.store.delete(
            *[k for k in list(guard.store._data) if k.startswith("login:lock")]
        )
        assert (await _attempt(client, email, "wrong-again")).status_code == 401
        second = await _attempt(client, email, password)
        assert second.status_code == 429
        assert int(second.headers["retry-after"]) > first_wait

    async def test_success_resets_the_account_counter(
        self, client: httpx.AsyncClient, database: Database, settings: Settings
    ) -> None:
        email, password = await create_user(database)
        for _ in range(settings.login_max_failures - 1):
            await _attempt(client, email, "wrong-password")
        assert (await _attempt(client, email, password)).status_code == 200
        for _ in range(settings.login_max_failures - 1):
            assert (await _attempt(client, email, "wrong-password")).status_code == 401
        assert (await _attempt(client, email, password)).status_code == 200

    async def test_ip_locks_after_failures_across_accounts(
        self, client: httpx.AsyncClient, database: Database, settings: Settings
    ) -> None:
        email, password = await create_user(database)
        for i in range(settings.login_max_failures_per_ip):
            await _attempt(client, f"guess{i}@example.com", "wrong-password")
        response = await _attempt(client, email, password)
        assert response.status_code == 429
        assert response.json()["error"]["details"]["scope"] == "ip"
