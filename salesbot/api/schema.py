"""The OpenAPI schema as a stable text: the dashboard's TypeScript types are generated from
the copy in frontend/openapi.json, and a test fails when that copy falls behind the code."""

from __future__ import annotations

import json

from pydantic import SecretStr

from salesbot.settings import Environment, Settings


def openapi_json() -> str:
    """The schema of an app built with default settings (no environment, no .env file)."""
    from salesbot.app import create_app

    settings = Settings(
        _env_file=None,
        environment=Environment.development,
        jwt_secret_key=SecretStr("schema-only-" + "x" * 32),
    )
    schema = create_app(settings, configure_process=False).openapi()
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
