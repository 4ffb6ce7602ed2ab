"""The answer as amoCRM's continue call takes it
(https://developers.kommo.com/reference/salesbot-widget-block-execution-confirmation):
`{"data": {...}, "execute_handlers": [{"handler": "show", "params": {"type": "text",
"value": …}}, …]}`, at most 10 handlers, each `show` value at most 80 characters."""

from __future__ import annotations

from typing import Any

from salesbot.channels.split import split_text

MAX_HANDLERS = 10  # [doc] handlers in one continue call
SHOW_LIMIT = 80  # [doc] characters of a `show` handler's value
MORE = "…"


def show_parts(text: str) -> tuple[list[str], bool]:
    """The text in `show` values of at most 80 characters, cut between paragraphs, lines or
    words; at most 10 of them. True when the text did not fit and the last value ends in «…»."""
    parts = split_text(text, SHOW_LIMIT)
    if len(parts) <= MAX_HANDLERS:
        return parts, False
    kept = parts[:MAX_HANDLERS]
    last = split_text(kept[-1], SHOW_LIMIT - len(MORE))[0]
    kept[-1] = last + MORE
    return kept, True


def continue_body(text: str, *, show: bool) -> tuple[dict[str, Any], bool]:
    """The continue call's body: the whole answer in `data.text` (the Salesbot's next steps
    read it as `{{json.text}}`) and, when `show`, the answer in `show` handlers. True when
    the handlers had to cut it."""
    body: dict[str, Any] = {"data": {"text": text}}
    if not show:
        return body, False
    parts, cut = show_parts(text)
    body["execute_handlers"] = [
        {"handler": "show", "params": {"type": "text", "value": part}} for part in parts
    ]
    return body, cut
