"""The LLM port: a provider turns settings into a pydantic-ai `Model`. The dialog brain only
ever sees that `Model` (usually the fallback chain of `chain.py`), never a vendor SDK."""

from __future__ import annotations

from typing import Protocol

from pydantic_ai.models import Model

from salesbot.integrations.base import Adapter
from salesbot.settings import LLMProvider, Settings


class LLMAdapter(Adapter, Protocol):
    @property
    def provider(self) -> LLMProvider:
        """The `LLM_PROVIDER` value that makes this provider the first of the chain."""
        ...

    def build(self, settings: Settings) -> Model:
        """The model, with the client's own retries off: the fallback chain moves to the
        next provider at once, and the board hears of every failure. Only called when
        `configured(settings)` is true."""
        ...
