"""The dashboard's TypeScript types are generated from frontend/openapi.json; that copy must
match the API the code serves (`make api-types` refreshes both)."""

from __future__ import annotations

import json

from salesbot.app import openapi_json
from tests.conftest import ROOT


def test_the_dashboards_copy_of_the_openapi_schema_is_current() -> None:
    committed = json.loads((ROOT / "frontend" / "openapi.json").read_text("utf-8"))
    current = json.loads(openapi_json())
    stale = sorted(set(current["paths"]) ^ set(committed["paths"]))
    assert not stale, f"paths differ: {stale}; run `make api-types`"
    assert current == committed, "frontend/openapi.json is stale: run `make api-types`"
