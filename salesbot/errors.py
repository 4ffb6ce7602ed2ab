"""The error tree. Services raise these; one handler renders `{"error": {...}}`.

Codes are stable strings documented in docs/api.md.
"""

from __future__ import annotations

from typing import Any


class SalesbotError(Exception):
    status_code = 500
    code = "internal_error"

    def __init__(
        self,
        message: str,
        *,
        details: Any = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        self.headers = headers or {}
        if code is not None:
            self.code = code


class ConfigurationError(SalesbotError):
    code = "configuration_error"


class BadRequest(SalesbotError):
    status_code = 400
    code = "bad_request"


class ValidationFailed(SalesbotError):
    status_code = 422
    code = "validation_error"


class NotAuthenticated(SalesbotError):
    status_code = 401
    code = "not_authenticated"

    def __init__(self, message: str = "Требуется вход в систему.", **kwargs: Any) -> None:
        kwargs.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(message, **kwargs)


class Forbidden(SalesbotError):
    status_code = 403
    code = "forbidden"


class NotFound(SalesbotError):
    status_code = 404
    code = "not_found"


class Conflict(SalesbotError):
    status_code = 409
    code = "conflict"


class PayloadTooLarge(SalesbotError):
    status_code = 413
    code = "payload_too_large"


class TooManyRequests(SalesbotError):
    status_code = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int, **kwargs: Any) -> None:
        self.retry_after = max(1, int(retry_after))
        kwargs.setdefault("headers", {"Retry-After": str(self.retry_after)})
        kwargs.setdefault("details", {"retry_after": self.retry_after})
        super().__init__(message, **kwargs)


class ServiceUnavailable(SalesbotError):
    status_code = 503
    code = "service_unavailable"


class TimedOut(SalesbotError):
    status_code = 504
    code = "timed_out"
