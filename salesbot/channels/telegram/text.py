"""Telegram's text rules: a message holds at most 4,096 characters (cut by
`salesbot.channels.split`), callback data at most 64 bytes, and HTML must be escaped."""

from __future__ import annotations

import html

MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64


def as_html(text: str) -> str:
    """Plain text made safe for `parse_mode=HTML`: nothing the customer or the knowledge base
    wrote is read as markup."""
    return html.escape(text, quote=False)


def callback_data(payload: str) -> str:
    """A button's payload as callback data: cut to 64 bytes on a character boundary. The
    payloads are phrases the assistant reads ("всё верно"), so a cut one still reads."""
    encoded = payload.encode("utf-8")
    if len(encoded) <= MAX_CALLBACK_BYTES:
        return payload
    return encoded[:MAX_CALLBACK_BYTES].decode("utf-8", errors="ignore").rstrip()
