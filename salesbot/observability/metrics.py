"""Prometheus metrics at /metrics, plus Sentry and OpenTelemetry when configured."""

from __future__ import annotations

from fastapi import FastAPI
from loguru import logger
from prometheus_fastapi_instrumentator import Instrumentator

from salesbot.settings import Settings, secret_value


def instrument(app: FastAPI, settings: Settings) -> None:
    Instrumentator(
        excluded_handlers=["/metrics", "/health", "/ready"],
        should_group_status_codes=False,
    ).instrument(app).expose(app, include_in_schema=False)

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
