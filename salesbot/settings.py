"""All configuration of Salesbot, read from the environment and an optional `.env` file.

Every variable is documented by its `description`; `docs/configuration.md` is generated
from this module (`salesbot config docs`) and a test keeps the two in sync.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import fasteners
from email_validator import EmailNotValidError, validate_email
from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from salesbot.errors import ConfigurationError


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class LLMProvider(StrEnum):
    offline = "offline"
    openai = "openai"
    anthropic = "anthropic"
    openrouter = "openrouter"
    openai_compatible = "openai-compatible"
    yandexgpt = "yandexgpt"
    gigachat = "gigachat"


# The templates shipped with the installation (documents, and mail/ for the mails).
DEFAULT_TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

# Secrets the product can make for itself in development; in production they must be set.
GENERATED_SECRETS = ("jwt_secret_key", "pii_encryption_key", "pii_hash_key")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_ignore_empty=True,  # `KEY=` in .env means "not set", as in .env.example
    )

    # --- general -------------------------------------------------------------------
    environment: Environment = Field(
        Environment.development,
        description="development, test or production. Production refuses to start "
        "without its secrets.",
    )
    log_level: str = Field("INFO", description="Log level: DEBUG, INFO, WARNING, ERROR.")
    salesbot_data_dir: Path = Field(
        Path("data"),
        description="Where the embedded database, generated secrets, logs and documents "
        "live by default.",
    )
    public_url: str = Field(
        "http://127.0.0.1:8000",
        description="The address customers and managers use to reach the service "
        "(links in emails and documents).",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["http://127.0.0.1:8000", "http://localhost:8000"],
        description="Comma-separated origins allowed to call the API from a browser.",
    )
    widget_allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["http://127.0.0.1:8000", "http://localhost:8000"],
        description="Comma-separated sites allowed to embed the chat widget; `*` allows any. "
        "The service's own origin (PUBLIC_URL) is always allowed.",
    )
    internal_allowed_ips: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.1/32", "::1/128"],
        description="Comma-separated addresses or networks (CIDR) that may read /metrics and "
        "the API docs in production; others get 404.",
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated addresses of reverse proxies whose X-Forwarded-For "
        "is believed when finding the client IP.",
    )
    documents_path: Path | None = Field(
        None,
        description="Folder for generated PDF documents; default <SALESBOT_DATA_DIR>/documents.",
    )
    log_file: Path | None = Field(
        None,
        description="JSON log file (rotated at 500 MB, kept 10 days); default "
        "<SALESBOT_DATA_DIR>/logs/salesbot.log.",
    )
    log_to_file: bool = Field(True, description="Also write logs to LOG_FILE (stdout always).")

    # --- database and cache ---------------------------------------------------------
    database_url: str | None = Field(
        None,
        description="PostgreSQL URL (with the pgvector extension available). Empty: an "
        "embedded PostgreSQL is started under <SALESBOT_DATA_DIR>/postgres.",
    )
    supabase_url: str | None = Field(
        None,
        description="Accepted for compatibility with the specification: a Supabase "
        "project's Postgres connection string (postgresql://...) is used as DATABASE_URL "
        "when DATABASE_URL is empty.",
    )
    supabase_key: SecretStr | None = Field(
        None, description="Accepted for compatibility; not used (the database URL carries auth)."
    )
    supabase_service_key: SecretStr | None = Field(
        None, description="Accepted for compatibility; not used (the database URL carries auth)."
    )
    database_pool_size: int = Field(10, ge=1, le=200, description="SQLAlchemy pool size.")
    redis_url: str | None = Field(
        None,
        validation_alias=AliasChoices("REDIS_URL", "UPSTASH_REDIS_URL"),
        description="Redis URL (UPSTASH_REDIS_URL accepted). Shares rate limits, login "
        "lock-outs and realtime events between instances. Empty: in-process.",
    )

    # --- LLM ----------------------------------------------------------------------
    llm_provider: LLMProvider = Field(
        LLMProvider.offline,
        description="offline (no LLM, rule-based brain), openai, anthropic, openrouter, "
        "openai-compatible, yandexgpt or gigachat; the other configured providers follow as "
        "fallbacks.",
    )
    openai_api_key: SecretStr | None = Field(None, description="OpenAI API key.")
    anthropic_api_key: SecretStr | None = Field(None, description="Anthropic API key.")
    openrouter_api_key: SecretStr | None = Field(None, description="OpenRouter API key.")
    llm_base_url: str | None = Field(
        None, description="Base URL of an OpenAI-compatible server (Ollama, vLLM)."
    )
    llm_model: str = Field("gpt-4o-mini", description="Primary model name.")
    yandex_api_key: SecretStr | None = Field(
        None, description="Yandex AI Studio API key (YandexGPT keeps data in Russia)."
    )
    yandex_folder_id: str | None = Field(None, description="Yandex Cloud folder of the model.")
    yandex_model: str = Field("yandexgpt/latest", description="YandexGPT model within the folder.")
    yandex_base_url: str = Field(
        "https://llm.api.cloud.yandex.net/v1",
        description="Yandex AI Studio's OpenAI-compatible API address.",
    )
    gigachat_auth_key: SecretStr | None = Field(
        None,
        description="GigaChat authorization key (Base64 of Client ID:Client Secret from the "
        "Sber developer cabinet); the OAuth access token is fetched and refreshed from it.",
    )
    gigachat_scope: str = Field(
        "GIGACHAT_API_PERS",
        description="GigaChat API scope: GIGACHAT_API_PERS, GIGACHAT_API_B2B or GIGACHAT_API_CORP.",
    )
    gigachat_model: str = Field("GigaChat", description="GigaChat model name.")
    gigachat_base_url: str = Field(
        "https://gigachat.devices.sberbank.ru/api/v1", description="GigaChat API address."
    )
    gigachat_oauth_url: str = Field(
        "https://ngw.devices.sberbank.ru:9443/api/v2/oauth",
        description="GigaChat OAuth address that issues 30-minute access tokens.",
    )
    openai_base_url: str = Field(
        "https://api.openai.com/v1",
        description="OpenAI API base URL (a proxy or compatible server).",
    )

    # --- knowledge base ---------------------------------------------------------------------
    embedder: Literal["auto", "use", "openai"] = Field(
        "auto",
        description="Embeddings: use (offline multilingual USE, 512-d), openai "
        "(text-embedding-3-small, 1536-d), or auto (openai when OPENAI_API_KEY is set). "
        "Changing it re-embeds in the background while the old index keeps serving.",
    )
    embedder_threads: int = Field(
        1,
        ge=1,
        le=64,
        description="CPU threads of the local embedder. 1 serves chat best (idle BLAS threads "
        "spin); 2 or more speeds up bulk `kb ingest` by ~15 % per extra core.",
    )
    kb_collection: str = Field("company", description="Collection the assistant answers from.")
    kb_watch_dir: Path | None = Field(
        None,
        description="Folder re-ingested automatically when its files change (hot reload). "
        "`make run` sets it to ./knowledge_base.",
    )
    kb_max_file_mb: int = Field(20, ge=1, le=500, description="Largest knowledge file accepted.")
    kb_chunk_chars: int = Field(
        500,
        ge=200,
        le=8000,
        description="Target chunk size in characters (the USE embedder works best on short texts).",
    )
    kb_chunk_overlap_chars: int = Field(
        150,
        ge=0,
        le=2000,
        description="Text repeated between consecutive chunks of a long section.",
    )
    knowledge_backend: Literal["own", "anythingllm"] = Field(
        "own",
        description="Where answers' passages come from: own (our hybrid retrieval over the "
        "ingested documents) or anythingllm (an AnythingLLM workspace the team already runs).",
    )
    anythingllm_url: str | None = Field(
        None, description="AnythingLLM base URL, e.g. http://anythingllm:3001 (no /api)."
    )
    anythingllm_api_key: SecretStr | None = Field(
        None, description="AnythingLLM developer API key (Settings → Developer API)."
    )
    anythingllm_workspace: str = Field(
        "salesbot", description="Slug of the AnythingLLM workspace answers come from."
    )

    # --- sales -------------------------------------------------------------------------------
    timezone: str = Field(
        "Europe/Moscow",
        description="Time zone of dates people read (quotes, documents) and of the days of the "
        "analytics.",
    )
    handoff_deal_amount: int = Field(
        5_000_000,
        ge=0,
        description="A recommended package above this many roubles alerts the managers (the "
        "assistant goes on serving the customer until one takes over).",
    )
    working_hours: str = Field(
        "09:00-19:00",
        pattern=r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$",
        description="When managers answer, in TIMEZONE (HH:MM-HH:MM): a customer handed to a "
        "person is told when to expect the answer.",
    )
    working_days: str = Field(
        "1-5",
        pattern=r"^[1-7](-[1-7])?(,[1-7](-[1-7])?)*$",
        description="Days managers work, ISO numbers (1 = Monday): ranges and commas, e.g. "
        "1-5 or 1-5,6.",
    )
    extra_days_off: Annotated[list[date], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated dates (YYYY-MM-DD) nobody works besides Russia's public "
        "holidays: a decree not yet in the calendar, the company's own days off.",
    )
    extra_working_days: Annotated[list[date], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated weekend dates (YYYY-MM-DD) that are worked (a decree's "
        "transfer not yet in the calendar).",
    )
    booking_slot_minutes: int = Field(
        30, ge=10, le=240, description="Length of a consultation, in minutes."
    )
    booking_buffer_minutes: int = Field(
        0, ge=0, le=120, description="Free minutes a manager keeps between two consultations."
    )
    booking_min_notice_minutes: int = Field(
        60, ge=0, le=7 * 24 * 60, description="The earliest a consultation may start from now."
    )
    booking_days_ahead: int = Field(
        14, ge=1, le=90, description="How far ahead customers may book, in days."
    )
    booking_slots_offered: int = Field(
        3, ge=1, le=10, description="Free slots the assistant offers at a time."
    )
    booking_managers: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated e-mails of the managers who take consultations (as many "
        "calls at once as there are managers). Empty: one team calendar, one call at a time.",
    )
    team_alerts_off_hours: Literal["hold", "send"] = Field(
        "hold",
        description="Managers' alerts (Telegram group, mail) outside WORKING_HOURS: hold them "
        "until work starts, or send at once. The dashboard shows everything at once either way.",
    )
    handoff_timeout_minutes: int = Field(
        15,
        ge=1,
        le=10_080,
        description="Working minutes a hand-off may wait for a manager; then the assistant says "
        "so, goes on helping and asks for a contact.",
    )
    max_quote_recalculations: int = Field(
        10,
        ge=0,
        le=1000,
        description="Recalculations of a quote in one conversation before a manager is offered.",
    )

    # --- analytics: the targets the dashboard compares the product's own numbers with -------
    kpi_response_p95_ms: int = Field(
        3000, ge=1, description="Target: the bot answers 95 % of messages within this many ms."
    )
    kpi_conversion: float = Field(
        0.25, ge=0, le=1, description="Target share of leads that become applications (0–1)."
    )
    kpi_automation: float = Field(
        0.8, ge=0, le=1, description="Target share of conversations never handed to a manager."
    )
    kpi_nps: int = Field(60, ge=-100, le=100, description="Target NPS (−100…100).")

    # --- documents (seller requisites: defaults here, admins may override them in the dashboard)
    templates_path: Path | None = Field(
        None,
        description="Folder of the document templates (version 0; admins save newer versions in "
        "the database); default ./templates of the installation.",
    )
    vat_mode: Literal["none", "included", "on_top"] = Field(
        "none",
        description="VAT on documents: none (УСН, «НДС не облагается»), included (in prices) "
        "or on_top.",
    )
    vat_rate: int = Field(22, ge=0, le=50, description="VAT rate, percent.")
    prepayment_percent: int = Field(
        50, ge=0, le=100, description="Share of the price paid before work starts, percent."
    )
    invoice_due_days: int = Field(5, ge=1, le=90, description="Days to pay an invoice.")
    document_link_ttl_hours: int = Field(
        72, ge=1, le=24 * 90, description="Lifetime of a signed document download link."
    )
    seller_name: str = Field(
        "Общество с ограниченной ответственностью «Нейрокод»",
        description="Seller's full legal name.",
    )
    seller_short_name: str = Field("ООО «Нейрокод»", description="Seller's short name.")
    seller_inn: str = Field("7700000000", description="Seller's ИНН.")
    seller_kpp: str = Field("770001001", description="Seller's КПП.")
    seller_ogrn: str = Field("1197700000000", description="Seller's ОГРН.")
    seller_address: str = Field(
        "123112, г. Москва, Пресненская наб., д. 10, офис 1201",
        description="Seller's legal address.",
    )
    seller_bank: str = Field("АО «Банк Пример», г. Москва", description="Seller's bank.")
    seller_bik: str = Field("044525000", description="Bank БИК.")
    seller_account: str = Field("40702810000000000001", description="Расчётный счёт.")
    seller_corr_account: str = Field("30101810000000000000", description="Корреспондентский счёт.")
    seller_director: str = Field("Иванов Сергей Петрович", description="Director's full name.")
    seller_director_short: str = Field(
        "С. П. Иванов", description="Director's name for signatures."
    )
    seller_director_title: str = Field("Генеральный директор", description="Director's title.")
    seller_accountant_short: str = Field(
        "А. В. Смирнова", description="Chief accountant for invoices."
    )
    seller_phone: str = Field("+7 (495) 000-00-00", description="Seller's phone in documents.")
    seller_email: str = Field("sales@neurocode.example", description="Seller's email in documents.")
    seller_website: str = Field("neurocode.example", description="Seller's website in documents.")

    # --- channels and integrations -------------------------------------------------
    avito_client_id: str | None = Field(None, description="Avito API client id.")
    avito_client_secret: SecretStr | None = Field(None, description="Avito API client secret.")
    avito_user_id: str | None = Field(
        None, description="Avito account (user) id; asked of Avito when not set."
    )
    avito_api_base: str = Field(
        "https://api.avito.ru", description="Avito API server (a fake one in tests)."
    )
    avito_timeout_seconds: float = Field(
        10.0, gt=0, description="Timeout of one Avito API call, in seconds."
    )
    avito_webhook_secret: SecretStr | None = Field(
        None, description="Secret path segment of the Avito webhook URL we register."
    )
    telegram_bot_token: SecretStr | None = Field(None, description="Telegram bot token.")
    telegram_webhook_url: str | None = Field(
        None, description="Public HTTPS URL Telegram posts updates to."
    )
    telegram_webhook_secret: SecretStr | None = Field(
        None, description="X-Telegram-Bot-Api-Secret-Token expected on Telegram webhooks."
    )
    telegram_api_base: str = Field(
        "https://api.telegram.org",
        description="Bot API server (a local Bot API server, or a fake one in tests).",
    )
    telegram_timeout_seconds: float = Field(
        15.0, gt=0, description="Timeout of one Bot API call, in seconds."
    )
    telegram_managers_chat_id: int | None = Field(
        None,
        description="The managers' Telegram group: new leads and calls for a person are posted "
        "there, with a button to take the conversation over (the bot must be a member).",
    )
    telegram_messages_per_second: float = Field(
        30,
        gt=0,
        le=1000,
        description="Messages the bot sends per second at most, all chats together.",
    )
    telegram_chat_seconds_between: float = Field(
        1.0, ge=0, le=60, description="Seconds between two messages to one customer's chat."
    )
    telegram_group_seconds_between: float = Field(
        3.0, ge=0, le=600, description="Seconds between two messages to one group (20 a minute)."
    )
    channel_pacing_max_wait_seconds: float = Field(
        2.0,
        ge=0,
        le=60,
        description="A delivery waits in its job this long at most for a channel's limits to "
        "allow it; a longer wait puts it back in the queue.",
    )
    amocrm_domain: str | None = Field(
        None,
        description="amoCRM account domain, e.g. example.amocrm.ru (the `referer` of the "
        "consent redirect). Empty: leads stay in Salesbot.",
    )
    amocrm_access_token: SecretStr | None = Field(
        None,
        description="amoCRM long-lived token of a private integration; used instead of OAuth "
        "when set.",
    )
    amocrm_client_id: str | None = Field(
        None, description="amoCRM integration id (OAuth client id, a UUID)."
    )
    amocrm_client_secret: SecretStr | None = Field(
        None, description="amoCRM integration secret key (OAuth client secret)."
    )
    amocrm_redirect_uri: str | None = Field(
        None,
        description="Redirect URI registered with the amoCRM integration. Empty: "
        "<PUBLIC_URL>/api/v1/integrations/amocrm/callback.",
    )
    amocrm_api_base: str | None = Field(
        None,
        description="amoCRM API server. Empty: https://<AMOCRM_DOMAIN> (a fake one in tests).",
    )
    amocrm_timeout_seconds: float = Field(
        10.0, gt=0, description="Timeout of one amoCRM API call, in seconds."
    )
    amocrm_requests_per_second: float = Field(
        7.0,
        gt=0,
        le=50,
        description="amoCRM calls per second at most, all processes together (amoCRM allows "
        "7 per integration and bans an account that keeps exceeding it).",
    )
    amocrm_pipeline_id: int | None = Field(
        None, description="amoCRM pipeline new leads go to. Empty: the account's main one."
    )
    amocrm_status_map: dict[str, int] = Field(
        default_factory=dict,
        description="JSON: our lead status → amoCRM status id in the pipeline, e.g. "
        '{"new": 2030, "quote_sent": 2031}. Unmapped statuses leave the stage alone; won and '
        "lost are always 142 and 143. Admins can also set it in the admin API.",
    )
    amocrm_field_map: dict[str, str] = Field(
        default_factory=dict,
        description="JSON: brief field → amoCRM lead custom field id or code, e.g. "
        '{"industry": "700101", "users": "700105"}. Admins can also set it in the admin API.',
    )
    amocrm_responsible_user_id: int | None = Field(
        None, description="amoCRM user new leads are assigned to. Empty: amoCRM decides."
    )
    amocrm_assistant_answer_seconds: float = Field(
        15.0,
        gt=0,
        le=60,
        description="The assistant inside amoCRM answers within this many seconds, or says it "
        "could not (the specification's limit is 15).",
    )
    amocrm_chats_enabled: bool = Field(
        False,
        description="Answer customers in amoCRM's chats through a Salesbot whose widget_request "
        "step posts to <PUBLIC_URL>/api/v1/webhooks/amocrm-chats/<secret> (needs "
        "AMOCRM_CLIENT_SECRET and a connected account). See docs/amocrm-chats.md.",
    )
    amocrm_chats_webhook_secret: SecretStr | None = Field(
        None,
        description="The secret in the amoCRM chats webhook's path (the widget_request URL). "
        "Empty: derived from AMOCRM_CLIENT_SECRET (docs/amocrm-chats.md prints the URL).",
    )
    amocrm_chats_show_text: bool = Field(
        True,
        description="Answers shown by the continue call's `show` handlers (80 characters each, "
        "10 at most: longer answers are cut). False: only `{{json.text}}` is returned, for a "
        "«send message» step after the widget_request.",
    )
    trello_api_key: str | None = Field(
        None, description="Trello API key (trello.com/power-ups/admin). Empty: no Trello cards."
    )
    trello_token: SecretStr | None = Field(None, description="Trello user token for the key.")
    trello_board_id: str | None = Field(
        None, description="Trello board of the leads (its id, or the short link from its URL)."
    )
    trello_status_map: dict[str, str] = Field(
        default_factory=dict,
        description="JSON: our lead status → Trello list id on the board, e.g. "
        '{"new": "65f0…01", "won": "65f0…05"}; "new" is the list new cards go to. '
        "`salesbot trackers stages trello` lists the board's lists.",
    )
    trello_api_base: str = Field(
        "https://api.trello.com/1", description="Trello API server (a fake one in tests)."
    )
    clickup_token: SecretStr | None = Field(
        None, description="ClickUp personal token (pk_…) or OAuth token. Empty: no ClickUp tasks."
    )
    clickup_list_id: str | None = Field(None, description="ClickUp list the lead tasks live in.")
    clickup_status_map: dict[str, str] = Field(
        default_factory=dict,
        description="JSON: our lead status → a status name of the ClickUp list, e.g. "
        '{"new": "new lead", "won": "won"}. Unmapped: the list\'s first status.',
    )
    clickup_api_base: str = Field(
        "https://api.clickup.com/api/v2", description="ClickUp API server (a fake one in tests)."
    )
    shortcut_token: SecretStr | None = Field(
        None, description="Shortcut API token. Empty: no Shortcut stories."
    )
    shortcut_status_map: dict[str, str] = Field(
        default_factory=dict,
        description="JSON: our lead status → Shortcut workflow state id, e.g. "
        '{"new": "500000011", "won": "500000013"}.',
    )
    shortcut_project_id: int | None = Field(
        None,
        description="Shortcut project for new stories when the status has no workflow state "
        "(Shortcut takes one of the two, never both).",
    )
    shortcut_group_id: str | None = Field(None, description="Shortcut team (group) of the stories.")
    shortcut_api_base: str = Field(
        "https://api.app.shortcut.com/api/v3",
        description="Shortcut API server (a fake one in tests).",
    )
    github_token: SecretStr | None = Field(
        None,
        description="GitHub token with the `project` scope. Empty: no GitHub Projects cards.",
    )
    github_project_id: str | None = Field(
        None,
        description="GitHub Projects v2 project node id (PVT_…); `salesbot trackers stages "
        "github` shows how to find it.",
    )
    github_status_field: str = Field(
        "Status", description="The project's single-select field that holds the stage."
    )
    github_status_map: dict[str, str] = Field(
        default_factory=dict,
        description="JSON: our lead status → option id of the Status field, e.g. "
        '{"new": "f75ad846", "won": "98236657"}.',
    )
    github_api_url: str = Field(
        "https://api.github.com/graphql", description="GitHub GraphQL endpoint (a fake in tests)."
    )
    tracker_timeout_seconds: float = Field(
        10.0, gt=0, description="Timeout of one task-tracker API call, in seconds."
    )
    tracker_follow_up_hours: int = Field(
        24,
        ge=1,
        le=720,
        description="A card's due date when no consultation is booked: this many hours after "
        "the lead last moved.",
    )
    google_calendar_credentials: str | None = Field(
        None, description="Path to (or JSON of) a Google service-account key."
    )
    google_calendar_id: str | None = Field(
        None,
        description="Google calendar of consultations (shared with the service account); its "
        "busy time is kept free and each booking becomes an event there.",
    )
    google_calendar_api_base: str = Field(
        "https://www.googleapis.com", description="Google Calendar API server (a fake in tests)."
    )
    google_calendar_timeout_seconds: float = Field(
        10.0, gt=0, description="Timeout of one Google Calendar call, in seconds."
    )
    yookassa_shop_id: str | None = Field(
        None, description="YooKassa shop id. Empty: customers pay by invoice (the PDF)."
    )
    yookassa_secret_key: SecretStr | None = Field(None, description="YooKassa secret key.")
    yookassa_api_base: str = Field(
        "https://api.yookassa.ru", description="YooKassa API server (a fake one in tests)."
    )
    yookassa_timeout_seconds: float = Field(
        15.0, gt=0, description="Timeout of one YooKassa call, in seconds."
    )
    yookassa_receipts: bool = Field(
        False,
        description="Send 54-FZ receipt data with each payment (when the shop's receipts are "
        "made by YooKassa).",
    )
    yookassa_vat_code: int = Field(
        1, ge=1, le=6, description="VAT code of the receipt's item (1: without VAT, 4: 20 %)."
    )
    yookassa_notification_ips: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: [
            "185.71.76.0/27",
            "185.71.77.0/27",
            "77.75.153.0/25",
            "77.75.154.128/25",
            "77.75.156.11",
            "77.75.156.35",
            "2a02:5180::/32",
        ],
        description="Addresses YooKassa posts notifications from (its published ranges); "
        "others are refused.",
    )

    # --- mail -------------------------------------------------------------------------
    smtp_host: str | None = Field(None, description="SMTP server host. Empty: mail disabled.")
    smtp_port: int = Field(587, ge=1, le=65535, description="SMTP server port.")
    smtp_username: str | None = Field(None, description="SMTP user name.")
    smtp_password: SecretStr | None = Field(None, description="SMTP password.")
    smtp_use_tls: bool = Field(
        False,
        description="Connect with implicit TLS (port 465). Otherwise STARTTLS when the server "
        "offers it, and always before a login (SMTP_USERNAME).",
    )
    smtp_from: str = Field(
        "Salesbot <noreply@example.com>",
        description="Sender of every mail, with a display name (may be Cyrillic), e.g. "
        "«Нейрокод <noreply@neurocode.ru>». Its domain also ends each Message-ID.",
    )
    smtp_timeout_seconds: float = Field(
        10.0, gt=0, description="Timeout of each step of an SMTP conversation, in seconds."
    )
    smtp_ca_file: Path | None = Field(
        None,
        description="PEM file of a certificate authority to trust for the SMTP server "
        "(an internal relay with a private CA). Empty: the system's trusted CAs.",
    )
    manager_emails: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated addresses that get the managers' mails (new lead, hand-off, "
        "booking, payment, a failed job). Empty: every active manager and admin.",
    )
    mail_give_up_hours: int = Field(
        24,
        ge=1,
        le=24 * 30,
        description="A mail that could not be sent because the SMTP server was away is tried "
        "again every few minutes until it is this old.",
    )

    # --- observability ----------------------------------------------------------------
    sentry_dsn: SecretStr | None = Field(None, description="Sentry DSN. Empty: Sentry is off.")
    otel_enabled: bool = Field(
        False, description="Instrument FastAPI with OpenTelemetry (exporter from OTEL_* vars)."
    )

    # --- security -----------------------------------------------------------------------
    jwt_secret_key: SecretStr | None = Field(
        None,
        description="HS256 signing key for operator tokens. Development: generated once "
        "into <SALESBOT_DATA_DIR>/secrets.json.",
    )
    jwt_algorithm: str = Field("HS256", description="JWT algorithm; only HS256 is supported.")
    jwt_expire_minutes: int = Field(1440, ge=1, le=60 * 24 * 30, description="Token lifetime.")
    pii_encryption_key: SecretStr | None = Field(
        None,
        description="Secret (any long random string) from which the AES-256-GCM key for personal "
        "data is derived. "
        "Development: generated once.",
    )
    pii_encryption_old_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated previous PII keys, still accepted for reading during "
        "key rotation (`salesbot pii rotate` re-encrypts with the current key).",
    )
    pii_hash_key: SecretStr | None = Field(
        None,
        description="Key of the HMAC used for exact look-ups of phones and emails. "
        "Development: generated once. Never change it without re-hashing.",
    )
    login_max_failures: int = Field(
        5, ge=1, description="Failed logins per account before it is locked with back-off."
    )
    login_max_failures_per_ip: int = Field(
        20, ge=1, description="Failed logins per client IP before the IP is locked."
    )
    login_lockout_seconds: int = Field(
        30, ge=1, description="First lock-out; each further failure doubles it."
    )
    login_lockout_max_seconds: int = Field(
        900, ge=1, description="Upper bound of a login lock-out."
    )
    demo_admin_email: str = Field("admin@example.com", description="Seeded demo admin login.")
    demo_admin_password: SecretStr = Field(
        SecretStr("salesbot-demo"),
        description="Seeded demo admin password (development only; never seeded in production).",
    )

    # --- limits of the specification ----------------------------------------------------
    max_pdf_size_mb: int = Field(10, ge=1, le=100, description="Largest PDF produced or accepted.")
    session_ttl_days: int = Field(
        30, ge=1, le=3650, description="A conversation idle this long is closed; a new one opens."
    )
    max_concurrent_users: int = Field(
        100, ge=1, description="Concurrent chat users the deployment is sized for (a floor)."
    )
    rate_limit_per_minute: int = Field(
        60, ge=1, le=100_000, description="Requests per minute per client IP on public routes."
    )
    max_message_length: int = Field(
        4000, ge=1, le=100_000, description="Longest customer message accepted, in characters."
    )
    max_context_messages: int = Field(
        20, ge=1, le=500, description="Messages of history given to the dialog brain."
    )
    llm_timeout_seconds: float = Field(30, gt=0, le=600, description="Timeout of one LLM call.")
    max_retries: int = Field(
        3, ge=0, le=20, description="Retries of an outside call or job before it is parked."
    )
    max_payment_attempts: int = Field(
        3, ge=1, le=20, description="Payment links a customer may request per order."
    )
    payment_link_ttl_hours: int = Field(
        24, ge=1, le=24 * 30, description="Lifetime of a payment link."
    )
    max_attachments: int = Field(5, ge=0, le=50, description="Attachments per message.")
    max_attachment_mb: float = Field(
        10, gt=0, le=100, description="Largest file a visitor may attach, in megabytes."
    )
    max_uploads_per_session_mb: float = Field(
        50, gt=0, le=10_000, description="Files a visitor may upload to one chat, in megabytes."
    )
    orphan_upload_hours: int = Field(
        24, ge=1, le=24 * 90, description="Uploads never attached to a message are deleted after."
    )
    max_body_kb: int = Field(
        1024,
        ge=16,
        le=100_000,
        description="Largest request body, in kilobytes, except file uploads (which may be as "
        "large as MAX_ATTACHMENT_MB or KB_MAX_FILE_MB).",
    )
    chat_max_messages_per_session: int = Field(
        300, ge=1, le=100_000, description="Messages a visitor may send in one conversation."
    )
    chat_max_messages_per_day: int = Field(
        500, ge=1, le=1_000_000, description="Messages one visitor IP may send per day."
    )

    # --- jobs and server -----------------------------------------------------------------
    worker_concurrency: int = Field(4, ge=1, le=100, description="Jobs a worker runs at once.")
    worker_poll_seconds: float = Field(
        1.0,
        gt=0,
        le=60,
        description="How often an idle worker looks for jobs that came due (retries, paced "
        "deliveries); new jobs wake it at once.",
    )
    embedded_worker: bool | None = Field(
        None,
        description="Run a job worker inside `salesbot serve`. Default: on with the embedded "
        "database, off when DATABASE_URL is set (run `salesbot worker`).",
    )
    worker_heartbeat_seconds: float = Field(
        10.0, gt=0, description="How often a worker reports that it is alive."
    )
    worker_stalled_after_seconds: float = Field(
        60.0,
        gt=0,
        description="A worker silent this long is presumed dead; its running jobs are run again.",
    )
    job_retry_base_seconds: float = Field(
        2.0, gt=0, description="First retry delay of a failed job; doubles on each retry."
    )
    webhook_catch_up_hours: int = Field(
        24,
        ge=0,
        le=720,
        description="Inbound webhook events that failed because a service was away (past "
        "their job's retries) are queued again every 10 minutes while younger than this; "
        "0 leaves them to an admin's replay.",
    )
    job_retention_hours: int = Field(
        72, ge=1, le=24 * 365, description="Succeeded jobs are deleted after this many hours."
    )
    # --- personal data (152-FZ) --------------------------------------------------------------
    retention_conversation_days: int = Field(
        1095,
        ge=0,
        le=36500,
        description="A conversation silent this many days loses its personal data (see "
        "RETENTION_CONVERSATION_ACTION). 0 keeps conversations for ever.",
    )
    retention_conversation_action: Literal["anonymise", "delete"] = Field(
        "anonymise",
        description="anonymise: messages, files and documents are erased, the conversation's "
        "numbers stay for analytics; delete: the conversation goes with its lead and payments.",
    )
    retention_contact_days: int = Field(
        1095,
        ge=0,
        le=36500,
        description="A contact none of whose conversations moved for this many days is "
        "erased (name, phone, e-mail). 0 keeps contacts for ever.",
    )
    consent_text: str = Field(
        "Согласен на обработку персональных данных в соответствии с политикой обработки "
        "персональных данных",
        min_length=20,
        max_length=4000,
        description="The words of the contact form's consent box, as the customer sees them; "
        "stored with the contact. Change it together with the form.",
    )
    answer_backstop_seconds: float = Field(
        30.0,
        gt=0,
        le=3600,
        description="A website message is answered in process at once; a periodic job answers "
        "it if it is still unanswered after this many seconds (the process died first).",
    )

    # ------------------------------------------------------------------------------------
    @field_validator("internal_allowed_ips", "yookassa_notification_ips")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"not an address or network (CIDR): {item!r}") from None
        return value

    @field_validator(
        "cors_origins",
        "widget_allowed_origins",
        "trusted_proxies",
        "internal_allowed_ips",
        "manager_emails",
        "extra_days_off",
        "extra_working_days",
        "booking_managers",
        "yookassa_notification_ips",
        mode="before",
    )
    @classmethod
    def _split_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("manager_emails")
    @classmethod
    def _mail_addresses(cls, value: list[str]) -> list[str]:
        try:
            return [validate_email(v, check_deliverability=False).normalized for v in value]
        except EmailNotValidError as exc:
            raise ValueError(f"not an e-mail address: {exc}") from None

    @field_validator("pii_encryption_old_keys", mode="before")
    @classmethod
    def _split_secrets(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [SecretStr(part.strip()) for part in value.split(",") if part.strip()]
        return value

    @field_validator("jwt_algorithm")
    @classmethod
    def _only_hs256(cls, value: str) -> str:
        if value != "HS256":
            raise ValueError("only HS256 is supported")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}, e.g. Europe/Moscow") from exc
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"TRACE", "DEBUG", "INFO", "SUCCESS", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"unknown log level {value!r}")
        return level

    @field_validator(
        "database_url", "supabase_url", "redis_url", "smtp_host", "llm_base_url", mode="before"
    )
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if value == "" else value

    @model_validator(mode="after")
    def _map_supabase(self) -> Settings:
        if self.database_url is None and self.supabase_url:
            if not self.supabase_url.startswith(("postgres://", "postgresql://")):
                raise ValueError(
                    "SUPABASE_URL must be the project's Postgres connection string "
                    "(postgresql://...), not its REST address; or set DATABASE_URL"
                )
            self.database_url = self.supabase_url
        return self

    # --- derived ---------------------------------------------------------------------------
    @property
    def is_production(self) -> bool:
        return self.environment is Environment.production

    @property
    def uses_embedded_database(self) -> bool:
        return self.database_url is None

    @property
    def runs_embedded_worker(self) -> bool:
        if self.embedded_worker is not None:
            return self.embedded_worker
        return self.uses_embedded_database

    @property
    def data_dir(self) -> Path:
        return self.salesbot_data_dir.resolve()

    @property
    def templates_dir(self) -> Path:
        if self.templates_path is not None:
            return self.templates_path.resolve()
        return DEFAULT_TEMPLATES_DIR

    @property
    def documents_dir(self) -> Path:
        return (self.documents_path or self.data_dir / "documents").resolve()

    @property
    def uploads_dir(self) -> Path:
        """Files visitors attach; stored under random names, served through signed links."""
        return (self.data_dir / "uploads").resolve()

    @property
    def max_attachment_bytes(self) -> int:
        return int(self.max_attachment_mb * 1024 * 1024)

    def embedding_allowed(self, origin: str | None) -> bool:
        """May a page on `origin` use the chat? No Origin header means same-site or a server."""
        return self._origin_listed(origin, self.widget_allowed_origins)

    def dashboard_allowed(self, origin: str | None) -> bool:
        """May a page on `origin` open the managers' socket?"""
        return self._origin_listed(origin, self.cors_origins)

    def _origin_listed(self, origin: str | None, listed: list[str]) -> bool:
        # The service's own address is always allowed; `*` allows any.
        if origin is None:
            return True
        allowed = {o.rstrip("/") for o in listed}
        return "*" in allowed or origin.rstrip("/") in allowed | {self.public_url.rstrip("/")}

    def missing_production_secrets(self) -> list[str]:
        missing = [name.upper() for name in GENERATED_SECRETS if getattr(self, name) is None]
        if self.database_url is None:
            missing.append("DATABASE_URL")
        return missing


def secret_value(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def generate_secret() -> str:
    return secrets.token_urlsafe(32)


_active: Settings | None = None


def use_settings(settings: Settings | None) -> None:
    """Make `settings` the process's settings (an app or worker built from explicit settings)."""
    global _active
    _active = settings


def get_settings() -> Settings:
    """The process-wide settings, with development secrets filled in (`complete_secrets`)."""
    if _active is not None:
        return _active
    return _load_settings()


@lru_cache
def _load_settings() -> Settings:
    return complete_secrets(Settings())


# --- secrets the product makes itself ------------------------------------------------------------
# Here rather than in `security/`, which builds on these settings: loading settings must not
# depend on a layer that depends on them.
def complete_secrets(settings: Settings) -> Settings:
    """Fill in the GENERATED_SECRETS (JWT key, PII keys) that are not set.

    In production a missing secret is a start-up error; in development and tests it is
    generated on first use and kept in `<data dir>/secrets.json` (mode 0600), so tokens and
    encrypted data survive restarts.
    """
    if settings.is_production:
        _refuse_unsafe_production(settings)
    missing = [name for name in GENERATED_SECRETS if getattr(settings, name) is None]
    if not missing:
        return settings
    stored = _load_or_create_secrets(settings.data_dir / "secrets.json", missing)
    return settings.model_copy(update={name: SecretStr(stored[name]) for name in missing})


MIN_JWT_SECRET_BYTES = 32  # HS256 keys shorter than the hash are guessable offline


def _refuse_unsafe_production(settings: Settings) -> None:
    """Production never runs on the embedded database, generated secrets or a short key."""
    missing = settings.missing_production_secrets()
    if missing:
        raise ConfigurationError(
            "Production start refused: set "
            + ", ".join(missing)
            + " (see .env.example and docs/configuration.md)."
        )
    jwt_key = secret_value(settings.jwt_secret_key) or ""
    if len(jwt_key.encode()) < MIN_JWT_SECRET_BYTES:
        raise ConfigurationError(
            f"Production start refused: JWT_SECRET_KEY must be at least {MIN_JWT_SECRET_BYTES} "
            "bytes of random data; make one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`."
        )


def _load_or_create_secrets(path: Path, names: list[str]) -> dict[str, str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Two processes starting at once must agree on one key, hence the file lock.
    with fasteners.InterProcessLock(str(path) + ".lock"):
        stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
        added = {name: generate_secret() for name in names if name not in stored}
        if added:
            stored.update(added)
            tmp = path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as handle:
                json.dump(stored, handle, indent=2)
            tmp.replace(path)
    return stored
