"""LLM providers: one adapter each (`providers.py`, GigaChat's wire bridge in `gigachat.py`),
and the fallback chain the dialog brain talks to (`chain.py`)."""

from salesbot.integrations.llm.chain import build_model, estimate_cost, provider_chain

__all__ = ["build_model", "estimate_cost", "provider_chain"]
