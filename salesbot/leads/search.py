"""How a search box's text finds contacts: through the keyed hashes of their details."""

from __future__ import annotations

import re
from typing import Any

from salesbot.security.pii import pii_hash

PHONE = re.compile(r"\+?[\d\s().\-]+")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def search_terms(q: str) -> dict[str, Any]:
    """What `q` is looked up as: a phone or an email goes through its keyed hash; anything
    else is a contact's name (keyed hash of the normalised name) or words of the messages."""
    q = q.strip()
    if EMAIL.fullmatch(q):
        return {"contact_hashes": {"email_hash": pii_hash("email", q)}}
    if PHONE.fullmatch(q) and sum(ch.isdigit() for ch in q) >= 7:
        return {"contact_hashes": {"phone_hash": pii_hash("phone", q)}}
    return {"contact_hashes": {"name_hash": pii_hash("name", q)}, "words": q}
