"""The offline brain's phrases exist in every language it answers in."""

from __future__ import annotations

from salesbot.dialog.offline import Phrases


def test_english_has_every_russian_phrase() -> None:
    phrases = Phrases().by_language
    russian = set(phrases["ru"])
    english = {k for k in phrases["en"] if not k.startswith(("button:", "product:", "package:"))}
    english -= {k for k in english if k.startswith(("hosting:", "sla:"))}
    assert russian <= set(phrases["en"]), russian - set(phrases["en"])
    assert english - russian <= {"recommend", "unavailable"}
