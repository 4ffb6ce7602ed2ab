"""The documents a customer can receive, by kind, with the titles people read."""

from __future__ import annotations

DOCUMENT_TITLES = {"offer": "Коммерческое предложение", "contract": "Договор", "invoice": "Счёт"}


def document_file_name(kind: str, number: str) -> str:
    """The name a customer sees on the PDF, in a chat or a mail: «Счёт СЧ-2026-0007.pdf»."""
    return f"{DOCUMENT_TITLES.get(kind, kind)} {number}.pdf"
