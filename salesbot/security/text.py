"""Text that PostgreSQL can store: no NUL character, no lone UTF-16 surrogate (JSON may
carry both). At the edge such text is refused with a 422; text a channel hands over is
cleaned instead, since a customer's message must never be lost for one bad character."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

BIGINT_MAX = 2**63 - 1  # sequences, offsets and versions are PostgreSQL bigints


def storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("текст содержит нулевой символ (NUL): уберите его")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("текст содержит недопустимый символ (одиночный суррогат UTF-16)") from None
    return value


def cleaned(value: str) -> str:
    """The text without NUL, a lone surrogate replaced by «?»."""
    return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


# A str field or parameter that must be storable as it is.
StorableStr = Annotated[str, AfterValidator(storable)]
