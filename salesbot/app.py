"""create_app(): the FastAPI application with its routers, middleware and background worker."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from loguru import logger
from pydantic import SecretStr

from salesbot import __version__
from salesbot.admin.integrations import router as integrations_router
from salesbot.admin.jobs import router as jobs_router
from salesbot.admin.mail import router as mails_router
from salesbot.admin.privacy import router as privacy_router
from salesbot.admin.webhooks import router as webhooks_router
from salesbot.analytics.endpoints import router as analytics_router
from salesbot.api import openapi
from salesbot.api.errors import install_error_handlers
from salesbot.assistant.endpoints import AssistantCors
from salesbot.assistant.endpoints import router as assistant_router
from salesbot.auth.endpoints import router as auth_router
from salesbot.booking.endpoints import router as bookings_router
from salesbot.bootstrap import init_process, prepare_database
from salesbot.channels.endpoints import router as channels_router
from salesbot.channels.web.chat_socket import ChatNamespace
from salesbot.channels.web.endpoints import leads_router as contact_form_router
from salesbot.channels.web.endpoints import router as chat_router
from salesbot.channels.web.files import router as files_router
from salesbot.channels.web.operator_socket import OperatorNamespace
from salesbot.channels.web.realtime import Realtime
from salesbot.channels.web.site import mount_site
from salesbot.channels.webhooks import router as channel_webhooks_router
from salesbot.conversations.endpoints import documents_router as conversation_documents_router
from salesbot.conversations.endpoints import router as conversations_router
from salesbot.crm.endpoints import admin_router as amocrm_admin_router
from salesbot.crm.endpoints import public_router as amocrm_router
from salesbot.db.engine import Database
from salesbot.db.runtime import set_database
from salesbot.dialog.endpoints import router as dialog_router
from salesbot.documents.endpoints import admin_router as documents_admin_router
from salesbot.documents.endpoints import router as documents_router
from salesbot.health.endpoints import router as health_router
from salesbot.integrations import outcomes
from salesbot.jobs.app import jobs_connected
from salesbot.jobs.worker import run_worker
from salesbot.knowledge.endpoints import router as kb_router
from salesbot.knowledge.endpoints import search_router as kb_search_router
from salesbot.knowledge.watcher import watch_folder
from salesbot.leads.endpoints import router as leads_router
from salesbot.observability.metrics import count_sql, instrument
from salesbot.observability.request_id import RequestContextMiddleware
from salesbot.payments.endpoints import router as payments_router
from salesbot.pricing.endpoints import admin_router as pricing_admin_router
from salesbot.pricing.endpoints import router as quotes_router
from salesbot.runtime import Runtime
from salesbot.security.body_limit import BodyLimit
from salesbot.security.headers import SecurityHeaders
from salesbot.security.ratelimit import create_counter_store
from salesbot.settings import Environment, Settings, get_settings, use_settings
from salesbot.trackers.endpoints import router as trackers_router
from salesbot.users.endpoints import router as users_router

API_DESCRIPTION = """
Salesbot API. Operator and admin routes need a bearer token from `POST /api/v1/auth/token`.
Every error has the body `{"error": {"code", "message", "details"}}`; codes are listed in
docs/api.md.
"""


def create_app(settings: Settings | None = None, *, configure_process: bool = True) -> FastAPI:
    settings = settings or get_settings()
    realtime = Realtime(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        use_settings(settings)
        if configure_process:
            init_process(settings)
        url = await asyncio.to_thread(prepare_database, settings)
        database = Database(url, pool_size=settings.database_pool_size)
        count_sql(database.engine)
        set_database(database)
        counters = create_counter_store(settings.redis_url)
        runtime = Runtime.build(settings, database, counters, realtime)
        app.state.runtime, app.state.services, app.state.web = (
            runtime,
            runtime.services,
            runtime.web,
        )
        runtime.start()
        try:
            async with jobs_connected(url):
                async with database.transaction() as session:
                    await runtime.services.knowledge.schedule_reembedding(
                        session, settings.kb_collection
                    )
                background: list[asyncio.Task[None]] = [
                    asyncio.create_task(
                        _warm_up(runtime, freeze=configure_process), name="dialog-warm-up"
                    )
                ]
                if settings.runs_embedded_worker:
                    background.append(
                        asyncio.create_task(
                            run_worker(settings, in_process=True), name="job-worker"
                        )
                    )
                if settings.kb_watch_dir is not None:
                    background.append(
                        asyncio.create_task(
                            watch_folder(
                                database,
                                runtime.services.knowledge,
                                settings.kb_watch_dir,
                                settings.kb_collection,
                            ),
                            name="kb-watcher",
                        )
                    )
                logger.info(
                    "salesbot {} ready ({} environment)", __version__, settings.environment.value
                )
                try:
                    yield
                finally:
                    await runtime.web.chat_flow.drain()
                    await runtime.web.inbox_feed.flush()
                    await realtime.close()
                    await runtime.channels.close()
                    for task in background:
                        task.cancel()
                        with contextlib.suppress(asyncio.CancelledError):
                            await task
        finally:
            runtime.stop()
            await counters.close()
            await outcomes.recorder.flush()  # the board's writes use this database
            await database.dispose()
            set_database(None)

    app = FastAPI(
        title="Salesbot",
        version=__version__,
        description=API_DESCRIPTION,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    openapi.install(app)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(
        CORSMiddleware,
        # Sites embedding the widget call the chat API from the browser too.
        allow_origins=_browser_origins(settings),
        # Bearer tokens, never cookies: no origin (least of all `*`) gets credentialed calls.
        allow_credentials=False,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
        expose_headers=["X-Request-ID", "Retry-After", "X-Total-Count"],
    )
    app.add_middleware(AssistantCors, settings=settings)  # outside the site-wide CORS
    app.add_middleware(BodyLimit, limit_for=_body_limits(settings))
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(SecurityHeaders, settings=settings)  # outermost: every response
    for router in (
        health_router,
        auth_router,
        users_router,
        jobs_router,
        mails_router,
        privacy_router,
        webhooks_router,
        conversations_router,
        conversation_documents_router,
        kb_router,
        kb_search_router,
        quotes_router,
        pricing_admin_router,
        documents_router,
        documents_admin_router,
        chat_router,
        contact_form_router,
        payments_router,  # before the channels' /webhooks/{channel}
        channel_webhooks_router,
        channels_router,
        files_router,
        leads_router,
        bookings_router,
        dialog_router,
        analytics_router,
        integrations_router,
        amocrm_admin_router,
        amocrm_router,
        trackers_router,
        assistant_router,
    ):
        app.include_router(router)
    mount_site(app)
    realtime.server.register_namespace(ChatNamespace(lambda: app.state.web))
    realtime.server.register_namespace(OperatorNamespace(lambda: app.state.web))
    app.mount("/socket.io", realtime.asgi_app())
    instrument(app, settings)
    return app


async def _warm_up(runtime: Runtime, *, freeze: bool) -> None:
    """Fit the dialog's models, then (in a server process, not in tests that build many
    apps) freeze what start-up built: the garbage collector no longer walks those objects,
    so full collections under load stay short."""
    await runtime.dialog.warm_up()
    if freeze:
        gc.collect()
        gc.freeze()


def _body_limits(settings: Settings) -> Callable[[str], int]:
    """File uploads may be as large as their file limit (plus the form's framing); every
    other body MAX_BODY_KB."""
    framing = 64 * 1024
    attachment = settings.max_attachment_bytes + framing
    knowledge = settings.kb_max_file_mb * 1024 * 1024 + framing
    default = settings.max_body_kb * 1024

    def limit_for(path: str) -> int:
        if path.startswith("/api/v1/chat/sessions/") and path.endswith("/attachments"):
            return attachment
        if path.startswith("/api/v1/admin/kb/"):
            return knowledge
        return default

    return limit_for


def _browser_origins(settings: Settings) -> list[str]:
    if "*" in settings.widget_allowed_origins:
        return ["*"]
    return list(dict.fromkeys([*settings.cors_origins, *settings.widget_allowed_origins]))


def openapi_json() -> str:
    """The OpenAPI schema as a stable text, of an app built with default settings (no
    environment, no .env file): the dashboard's TypeScript types are generated from the
    copy in frontend/openapi.json, and a test fails when that copy falls behind the code."""
    settings = Settings(
        _env_file=None,
        environment=Environment.development,
        jwt_secret_key=SecretStr("schema-only-" + "x" * 32),
    )
    schema = create_app(settings, configure_process=False).openapi()
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
