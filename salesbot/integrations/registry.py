"""Every adapter the product has, in the board's order. A service appears on the admins'
integration board only once its adapter exists and is listed here."""

from __future__ import annotations

from salesbot.integrations.avito import AvitoAccount
from salesbot.integrations.base import Adapter
from salesbot.integrations.calendar.google import GoogleCalendar
from salesbot.integrations.crm.amocrm.adapter import AmoCrm
from salesbot.integrations.embedders import EmbedderEntry
from salesbot.integrations.infrastructure import PostgreSQL, Redis, Worker
from salesbot.integrations.knowledge.anythingllm import AnythingLLMEntry
from salesbot.integrations.llm.providers import LLM_ADAPTERS
from salesbot.integrations.mail.smtp import SmtpMailer
from salesbot.integrations.payments.yookassa import YooKassa
from salesbot.integrations.telegram import TelegramBot
from salesbot.integrations.trackers.factory import TRACKERS

ADAPTERS: tuple[Adapter, ...] = (
    PostgreSQL(),
    Redis(),
    Worker(),
    *LLM_ADAPTERS,
    EmbedderEntry(),
    AnythingLLMEntry(),
    SmtpMailer(),
    TelegramBot(),
    AvitoAccount(),
    AmoCrm(),
    *TRACKERS,
    YooKassa(),
    GoogleCalendar(),
)
_BY_NAME = {adapter.name: adapter for adapter in ADAPTERS}


def get(name: str) -> Adapter | None:
    return _BY_NAME.get(name)
