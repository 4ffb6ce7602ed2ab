"""One error body for every failure: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from loguru import logger
from sqlalchemy.exc import DataError as DBAPIDataError
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from salesbot.errors import SalesbotError

_HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}

# What FastAPI says of a body it cannot decode (not JSON, broken multipart).
BODY_UNPARSED = "There was an error parsing the body"


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": jsonable_encoder(details)}}
    return JSONResponse(body, status_code=status, headers=headers)


async def _salesbot_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SalesbotError)
    if exc.status_code >= 500:
        logger.opt(exception=exc).error("request failed: {}", exc.code)
    return error_response(exc.status_code, exc.code, exc.message, exc.details, exc.headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    return error_response(
        422, "validation_error", "Запрос заполнен неверно: проверьте поля в details.", errors
    )


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    """The safety net behind validation at the edge: a value the database cannot hold."""
    logger.warning("the database refused a value on {} {}", request.method, request.url.path)
    return error_response(
        422,
        "invalid_data",
        "Значение в запросе не подходит по формату или размеру: проверьте введённые данные.",
        None,
    )


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """A connection the database dropped (a restart, a failover): the transaction was rolled
    back whole, so the client may simply send again. Other database errors stay 500s."""
    assert isinstance(exc, DBAPIError)
    if not exc.connection_invalidated:
        raise exc
    logger.warning("database connection lost on {} {}", request.method, request.url.path)
    return error_response(
        503,
        "service_unavailable",
        "База данных перезапускается: ничего не сохранено, повторите через секунду.",
        {"retry_after": 1},
        {"Retry-After": "1"},
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else "Ошибка запроса."
    if exc.status_code == 404:
        message = "Такого адреса нет."
    elif exc.status_code == 400 and message == BODY_UNPARSED:
        message = "Тело запроса не удалось прочитать: пришлите корректный JSON или форму."
    return error_response(exc.status_code, code, message, None, dict(exc.headers or {}))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(SalesbotError, _salesbot_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DBAPIDataError, _data_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
