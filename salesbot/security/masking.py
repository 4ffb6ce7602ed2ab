"""Masks personal data and credentials in text bound for logs, and finds the contacts that
messages seal (`security/sealing.py`)."""

from __future__ import annotations

import re
from typing import Any

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # JSON Web Tokens (three base64url parts, the first always starts with eyJ).
    (re.compile(r"eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{5,}"), "[jwt]"),
    # Bearer / Basic credentials in headers.
    (re.compile(r"(?i)\b(bearer|basic)\s+[\w\-.~+/=]{8,}"), r"\1 [token]"),
    # Telegram bot tokens: 123456789:AA... (35 chars).
    (re.compile(r"(?<!\d)\d{6,12}:[\w-]{30,}"), "[bot-token]"),
    # key=value secrets in URLs and text.
    (
        re.compile(
            r"(?i)\b(password|passwd|secret|token|api_key|apikey|access_token)=([^\s&\"']+)"
        ),
        r"\1=[secret]",
    ),
]

# Contacts people type in messages: found to be masked in logs and sealed in storage.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Russian phones: +7 (999) 123-45-67, 8 999 123 45 67, 89991234567, 999-123-45-67.
RUSSIAN_PHONE = re.compile(
    r"(?<![\w-])(?:\+7|8|7)?[\s(-]*[3-9]\d{2}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?![\w-])"
)
# Other international numbers written with a plus.
PLUS_PHONE = re.compile(r"(?<![\w])\+\d[\d\s().-]{8,16}\d(?![\w])")
CONTACTS: list[tuple[str, re.Pattern[str]]] = [
    ("email", EMAIL),
    ("phone", RUSSIAN_PHONE),
    ("phone", PLUS_PHONE),
]
_PATTERNS += [(pattern, f"[{kind}]") for kind, pattern in CONTACTS]


def mask_text(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: mask_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(mask_value(item) for item in value)
    return value
