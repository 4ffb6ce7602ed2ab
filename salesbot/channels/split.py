"""Text too long for one message, in parts: outgoing (a channel's length limit) and incoming
(a messenger lets a customer send more than the chat takes at a time)."""

from __future__ import annotations


def split_text(text: str, limit: int) -> list[str]:
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
