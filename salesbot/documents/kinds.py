"""The documents a customer can receive, by kind, with the titles people read."""

from __future__ import annotations

DOCUMENT_TITLES = {"offer": "Коммерческое предложение", "contract": "Договор", "invoice": "Счёт"}
