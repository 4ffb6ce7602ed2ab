"""Registering the bot's webhook with Telegram, and the secret token Telegram sends back."""

from __future__ import annotations

from salesbot.errors import ConfigurationError
from salesbot.security.webhook_secrets import derived_secret
from salesbot.settings import Settings

# The updates the assistant reads: messages and button presses.
ALLOWED_UPDATES = ["message", "callback_query"]


def webhook_secret(settings: Settings) -> str:
    """TELEGRAM_WEBHOOK_SECRET, or one derived from the bot token: the same in every process
    without one more setting to keep, 43 characters of the alphabet Telegram allows."""
    if settings.telegram_webhook_secret is not None:
        return settings.telegram_webhook_secret.get_secret_value()
    if settings.telegram_bot_token is None:
        raise ConfigurationError("TELEGRAM_BOT_TOKEN не задан: Telegram-бот не подключён.")
    return derived_secret(
        settings.telegram_bot_token.get_secret_value(), "salesbot telegram webhook"
    )


def webhook_url(settings: Settings) -> str:
    if not settings.telegram_webhook_url:
        raise ConfigurationError(
            "TELEGRAM_WEBHOOK_URL не задан: укажите публичный HTTPS-адрес вида "
            "https://bot.example.ru/api/v1/webhooks/telegram."
        )
    return settings.telegram_webhook_url
