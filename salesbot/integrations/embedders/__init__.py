"""Embedders, one adapter per provider, chosen by name or by settings."""

from __future__ import annotations

from salesbot.knowledge.embedding import Embedder
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
