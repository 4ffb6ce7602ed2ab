"""Which brain answers: the LLM brain when a provider is configured (with the offline brain
as its last resort), otherwise the offline brain."""

from __future__ import annotations

from salesbot.dialog.brain import Brain
from salesbot.dialog.llm import LLMBrain
from salesbot.dialog.offline import OfflineBrain
from salesbot.integrations.llm import build_model
from salesbot.settings import LLMProvider, Settings


def choose_brain(settings: Settings) -> Brain:
    """The LLM brain when a provider is configured (with the offline brain as its last
    resort), otherwise the offline brain."""
    offline = OfflineBrain(settings)
    if settings.llm_provider is LLMProvider.offline:
        return offline
    model = build_model(settings)
    return LLMBrain(settings, model, offline) if model is not None else offline
