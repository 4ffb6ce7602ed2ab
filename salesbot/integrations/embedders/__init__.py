"""Embedders, one adapter per provider (`use.py`, `openai.py`), chosen by name or by settings;
and the board's one "embedder" entry, which checks whichever is configured."""

from __future__ import annotations

from typing import Any

from salesbot.integrations.base import Kind, ProbeContext
from salesbot.integrations.embedders.base import Embedder
from salesbot.integrations.probes import bearer, http_probe
from salesbot.settings import Settings, secret_value

USE_NAME = "use-multilingual-v3"
OPENAI_NAME = "openai-text-embedding-3-small"


def configured_embedder_name(settings: Settings) -> str:
    choice = settings.embedder
    if choice == "auto":
        return OPENAI_NAME if settings.openai_api_key is not None else USE_NAME
    return OPENAI_NAME if choice == "openai" else USE_NAME


_instances: dict[str, Embedder] = {}


def get_embedder(name: str, settings: Settings) -> Embedder:
    """The process-wide instance (models load once)."""
    if name not in _instances:
        if name == USE_NAME:
            from salesbot.integrations.embedders.use import UseEmbedder

            _instances[name] = UseEmbedder(threads=settings.embedder_threads)
        elif name == OPENAI_NAME:
            from salesbot.integrations.embedders.openai import OpenAIEmbedder

            key = secret_value(settings.openai_api_key)
            if not key:
                raise RuntimeError("OPENAI_API_KEY is needed for the OpenAI embedder")
            _instances[name] = OpenAIEmbedder(
                api_key=key,
                base_url=settings.openai_base_url,
                timeout=settings.llm_timeout_seconds,
                max_retries=settings.max_retries,
            )
        else:
            raise ValueError(f"unknown embedder {name!r}")
    return _instances[name]


class EmbedderEntry:
    """The knowledge base's embedder on the board: one row, whichever model is in use (the
    board shows what the product depends on, not every model it could load)."""

    name = "embedder"
    title = "Эмбеддер базы знаний"
    kind: Kind = "knowledge"

    def configured(self, settings: Settings) -> bool:
        return True  # the local model needs no settings

    def details(self, settings: Settings) -> dict[str, Any]:
        model = configured_embedder_name(settings)
        return {"model": model, "local": model != OPENAI_NAME}

    async def probe(self, context: ProbeContext) -> None:
        # The local model has nothing outside to reach: it works if it loads, and the app
        # loads it at start.
        s = context.settings
        if configured_embedder_name(s) == OPENAI_NAME:
            url = f"{s.openai_base_url.rstrip('/')}/models"
            await http_probe(url, bearer(secret_value(s.openai_api_key)))
