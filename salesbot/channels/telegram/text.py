"""Telegram's text rules: a message holds at most 4,096 characters, callback data at most
64 bytes, and HTML must be escaped."""

from __future__ import annotations

import html

MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """`text` in parts of at most `limit` characters, cut between paragraphs where it can,
    else between lines, else between words, else anywhere."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = max(window.rfind("\n\n"), 0) or max(window.rfind("\n"), 0) or window.rfind(" ")
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


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
