"""Message text at rest: the phones and e-mails a person typed are masked in the stored text,
the original is kept encrypted beside it, and each contact leaves a keyed hash for the search.

The masked text is what SQL sees (the inbox preview, the full-text index); managers, the
customer and the brain read the original (`Message.readable_text`).
"""

from __future__ import annotations

from dataclasses import dataclass

from salesbot.security.masking import CONTACTS
from salesbot.security.pii import KeyRing, get_keyring, normalise


@dataclass(frozen=True)
class Sealed:
    text: str  # contacts replaced by [email] / [phone]
    original: str | None  # the text as written, when masking changed it (encrypted on store)
    contact_hashes: list[str]  # keyed hashes of the contacts, for the inbox search

    def columns(self) -> dict[str, object]:
        return {
            "text": self.text,
            "sealed_text": self.original,
            "contact_hashes": self.contact_hashes,
        }


def seal(text: str, keyring: KeyRing | None = None) -> Sealed:
    hashes: list[str] = []
    masked = text
    for kind, pattern in CONTACTS:
        for found in pattern.findall(masked):
            if normalise(kind, found):
                hashes.append((keyring or get_keyring()).hash(kind, found))
        masked = pattern.sub(f"[{kind}]", masked)
    if masked == text:
        return Sealed(text, None, [])
    return Sealed(masked, text, list(dict.fromkeys(hashes)))
