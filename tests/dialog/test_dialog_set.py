"""The offline brain against customers as they write (tests/data/dialogs/, the dev split):
each slot of the brief read right, and the price right, in at least the floors below. The
holdout split is never looked at while developing; `make bench` reports it separately."""

from __future__ import annotations

import pytest

from salesbot.db.engine import Database
from salesbot.pricing.service import PricingService
from salesbot.settings import Settings
from tests.conftest import ingest_sample_kb
from tests.dialog import dialog_set

# Ratchets: what the offline brain reaches today, a point below the measured figure, raised
# with every fix and never lowered. Issue 14 asks for 0.95 per slot and 0.90 for the price.
SLOT_FLOORS = {
    "product": 0.99,
    "users": 0.97,
    "integrations": 0.97,
    "hosting": 0.99,
    "sla": 0.98,
    "deadline": 0.98,
}
PRICE_FLOOR = 0.94
# Knowledge questions asked mid-funnel answered on topic (the expected document quoted, or
# what it says), and long messages said twice word for word, over the whole dev split.
KNOWLEDGE_FLOOR = 0.66
REPEATED_CEILING = 2


@pytest.fixture
async def played(database: Database, settings: Settings, clean_db: None) -> list[dialog_set.Played]:
    await ingest_sample_kb(database, settings)
    engine = await dialog_set.offline_engine(settings)
    async with database.transaction() as session:
        price_list = await PricingService(settings).current(session)
    return [
        dialog_set.score(await dialog_set.play(engine, database, dialog), price_list)
        for dialog in dialog_set.load("dev")
    ]


async def test_the_dev_set_is_read_right(played: list[dialog_set.Played]) -> None:
    result = dialog_set.report(played)
    print("\n" + dialog_set.table(result) + "\n" + dialog_set.misread(played))
    assert result.dialogs >= 150
    assert result.stray_amounts == 0, "every amount the bot says comes from the engine"
    low = {s: a for s, a in result.slot_accuracy.items() if a < SLOT_FLOORS[s]}
    assert not low, dialog_set.table(result)
    assert result.price_accuracy >= PRICE_FLOOR, dialog_set.table(result)
    on_topic, asked = result.knowledge
    assert on_topic / asked >= KNOWLEDGE_FLOOR, dialog_set.table(result)
    assert result.repeated <= REPEATED_CEILING, dialog_set.table(result)
