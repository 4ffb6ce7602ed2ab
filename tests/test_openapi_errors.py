"""The schema documents the failures operations answer with, in the body they really have."""

from __future__ import annotations

import json

from salesbot.app import openapi_json


def test_every_failure_is_documented_with_the_error_body() -> None:
    schema = json.loads(openapi_json())
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    error = {"$ref": "#/components/schemas/ErrorBody"}
    operations = [
        (path, method, op) for path, item in schema["paths"].items() for method, op in item.items()
    ]
    assert len(operations) > 60
    for path, method, op in operations:
        responses = op["responses"]
        where = f"{method.upper()} {path}"
        for status, response in responses.items():
            if status.startswith(("4", "5")) and "content" in response:
                assert response["content"]["application/json"]["schema"] == error, where
        if op.get("security"):
            assert {"401", "403"} <= set(responses), where
        if "{" in path:
            assert "404" in responses, where
        if op.get("parameters") or op.get("requestBody"):
            assert "422" in responses, where

    chat = schema["paths"]["/api/v1/chat/sessions/{session_id}/messages"]["post"]["responses"]
    assert {"404", "409", "413", "422", "429"} <= set(chat)
