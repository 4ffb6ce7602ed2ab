"""Prometheus metrics at /metrics, plus Sentry and OpenTelemetry when configured."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from loguru import logger
from prometheus_client import Counter
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from salesbot.observability.http_metrics import HttpMetrics, expose
from salesbot.settings import Settings, secret_value

SQL_STATEMENTS = Counter(
    "salesbot_sql_statements_total", "SQL statements sent to the database (each a round trip)"
)
SQL_TRANSACTIONS = Counter("salesbot_sql_transactions_total", "Database transactions begun")


def count_sql(engine: AsyncEngine) -> None:
    """Count the engine's statements and transactions (what a turn costs the database)."""

    def statement(*_: Any) -> None:
        SQL_STATEMENTS.inc()

    def transaction(*_: Any) -> None:
        SQL_TRANSACTIONS.inc()

    event.listen(engine.sync_engine, "before_cursor_execute", statement)
    event.listen(engine.sync_engine, "begin", transaction)


def instrument(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(HttpMetrics)
    expose(app)

    dsn = secret_value(settings.sentry_dsn)
    if dsn:
        import sentry_sdk

        # send_default_pii=False keeps customer data out of Sentry events.
        sentry_sdk.init(dsn=dsn, environment=settings.environment.value, send_default_pii=False)
        logger.info("sentry enabled")

    if settings.otel_enabled:
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

        FastAPIInstrumentor.instrument_app(app, excluded_urls="health,ready,metrics")
        logger.info("opentelemetry instrumentation enabled")
