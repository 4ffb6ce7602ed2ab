"""How an outside service failed us, in the two kinds a caller acts on.

* `RetryableError`: the same call may well succeed later (timeout, refused connection,
  408/425/429, 5xx). A job retries it with back-off and parks it as dead only at the end.
* `PermanentError`: retrying the same call cannot help (a refused key, a 4xx about our
  request). A job gives up at once and shows the error to managers.

Both are `OutsideServiceError`, so code that does not care catches that one class.
"""

from __future__ import annotations

# HTTP answers worth another try: the server asks for one (408, 425, 429) or is in trouble.
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class OutsideServiceError(Exception):
    """An outside service did not do what we asked. `service` is the adapter's board name."""

    retryable = False

    def __init__(self, service: str, message: str, *, status: int | None = None) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service
        self.status = status


class RetryableError(OutsideServiceError):
    retryable = True


class PermanentError(OutsideServiceError):
    retryable = False


def error_for_status(service: str, status: int, message: str | None = None) -> OutsideServiceError:
    """The error to raise for an HTTP answer we cannot use, of the right kind for `status`."""
    kind = RetryableError if status in RETRYABLE_STATUS else PermanentError
    return kind(service, message or f"HTTP {status}", status=status)
