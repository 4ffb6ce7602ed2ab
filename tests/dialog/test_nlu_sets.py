"""Floors on the labelled Russian NLU sets in tests/data/nlu (written as customers write).

The specification's targets, intent accuracy ≥ 0.9 and slot F1 ≥ 0.9, are the floors. The
intent set is held out: the classifier's training examples
(salesbot/dialog/resources/intent_examples.jsonl) must not contain its utterances, which a
test below checks, and the classifier's settings were chosen by cross-validation on the
training examples, not on this set. Measured: intent accuracy 0.93 (docs/dialog.md).
"""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources
from typing import Any

from salesbot.dialog.nlu import slots
from salesbot.dialog.nlu.deadline import parse_deadline
from salesbot.dialog.nlu.intents import IntentClassifier
from salesbot.integrations.embedders import get_embedder
from salesbot.settings import Settings
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "nlu"
TODAY = date(2026, 11, 21)


def extract(text: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if (users := slots.users(text)) is not None:
        found["users"] = users
    if (size := slots.company_size(text)) is not None:
        found["company_size"] = size
    if (goals := slots.goals(text)) is not None:
        found["goals"] = goals
    count, systems = slots.integrations(text)
    if count is not None:
        found["integrations"] = count
    if systems:
        found["systems"] = sorted(systems)
    if hosting := slots.hosting(text):
        found["hosting"] = hosting
    if sla := slots.sla(text):
        found["sla"] = sla
    deadline = parse_deadline(text, TODAY)
    if deadline is not None:
        if deadline.days is not None:
            found["deadline_days"] = deadline.days
        else:
            found["urgent"] = True
    if product := slots.product_direction(text):
        found["product"] = product
    contacts = slots.contacts(text)
    if contacts.phone:
        found["phone"] = contacts.phone
    if contacts.email:
        found["email"] = contacts.email
    return found


def test_slot_f1_on_the_labelled_set() -> None:
    rows = [
        json.loads(line)
        for line in (DATA / "slots.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    assert len(rows) >= 150
    assert sum("company_size" in row["slots"] for row in rows) >= 15
    assert sum("goals" in row["slots"] for row in rows) >= 15
    tp = fp = fn = 0
    for row in rows:
        gold = {
            k: sorted(v) if isinstance(v, list) else v
            for k, v in row["slots"].items()
            if k != "name"
        }
        predicted = extract(row["text"])
        tp += sum(1 for k, v in predicted.items() if gold.get(k) == v)
        fp += sum(1 for k, v in predicted.items() if gold.get(k) != v)
        fn += sum(1 for k, v in gold.items() if predicted.get(k) != v)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.9, (precision, recall, f1)


async def test_intent_accuracy_on_the_labelled_set(settings: Settings) -> None:
    rows = [
        json.loads(line)
        for line in (DATA / "intents.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    assert len(rows) >= 300
    classifier = IntentClassifier(get_embedder("use-multilingual-v3", settings))
    correct = 0
    for row in rows:
        intent, _, _ = await classifier.classify(row["text"])
        correct += intent == row["intent"]
    accuracy = correct / len(rows)
    assert accuracy >= 0.90, accuracy


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower().replace("ё", "е")).split())


def test_training_examples_do_not_contain_test_utterances() -> None:
    """Guards the accuracy above against overfitting: the held-out set stays held out."""
    path = resources.files("salesbot.dialog.resources").joinpath("intent_examples.jsonl")
    training = {
        _normalised(json.loads(line)["text"])
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    }
    held_out = [
        json.loads(line)["text"]
        for line in (DATA / "intents.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    leaked = [text for text in held_out if _normalised(text) in training]
    assert not leaked, leaked
