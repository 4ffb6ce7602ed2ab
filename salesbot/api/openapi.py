"""The OpenAPI schema tells the truth about failures: every error has the body
`{"error": {"code", "message", "details"}}`, and each operation lists the statuses it can
answer with (FastAPI alone documents only a 422 of a shape we never send)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

ERROR_BODY = {
    "title": "ErrorBody",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "description": "Stable code, listed in docs/api.md"},
                "message": {"type": "string", "description": "What happened and what to do"},
                "details": {"description": "Fields, limits or ids that explain the error"},
            },
        }
    },
}
REF = {"$ref": "#/components/schemas/ErrorBody"}
WHY = {
    "400": "The body cannot be parsed (not JSON, or a broken form)",
    "401": "Not logged in, or the token expired",
    "403": "The role may not do this",
    "404": "Nothing there",
    "409": "The state does not allow it now",
    "413": "The body is too large",
    "422": "The request is malformed",
    "429": "Too many requests; see Retry-After",
}


def install(app: FastAPI) -> None:
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorBody"] = ERROR_BODY
    for name in ("HTTPValidationError", "ValidationError"):  # FastAPI's, never sent
        components.pop(name, None)
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            declared = [s for s in responses if s.startswith("4")]  # by the route itself
            for status in dict.fromkeys([*_statuses(path, method, operation), *declared]):
                responses[status] = {
                    "description": responses.get(status, {}).get("description") or WHY.get(status),
                    "content": {"application/json": {"schema": REF}},
                }
    return schema


def _statuses(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    statuses = []
    if operation.get("requestBody"):
        statuses.append("400")
    if operation.get("parameters") or operation.get("requestBody"):
        statuses.append("422")
    if operation.get("security"):
        statuses += ["401", "403"]
    elif path.startswith("/api/v1/"):
        statuses.append("429")  # public routes are rate limited per address
        if _checks_a_session_token(operation):
            statuses.append("401")
    if "{" in path or method != "get":
        statuses.append("404")
    if method in ("post", "put", "patch", "delete"):
        statuses += ["409", "413"]
    return statuses


def _checks_a_session_token(operation: dict[str, Any]) -> bool:
    """Public operations that check a token of their own: the website chat's, in the
    `Authorization` header parameter."""
    headers = {
        p["name"].lower() for p in operation.get("parameters", []) if p.get("in") == "header"
    }
    return "authorization" in headers
