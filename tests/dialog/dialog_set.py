"""The conversation set of tests/data/dialogs/: customers written from their side before any
run, played through the dialog engine with the offline brain, and scored slot by slot.

Used by `tests/dialog/test_dialog_set.py` (floors in `make test`) and `bench/dialog_set.py`
(the per-slot table in `make bench`). Every dialog is played on Monday 7 December 2026, the
"today" its author counted deadlines from. Where the customer's turns run out while the bot
asks to confirm the brief, the customer presses «Всё верно».
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from salesbot.conversations.state import DialogState
from salesbot.conversations.types import InboundMessage
from salesbot.db.engine import Database
from salesbot.dialog.engine import DialogEngine
from salesbot.dialog.offline import OfflineBrain
from salesbot.documents.service import DocumentService
from salesbot.knowledge.service import KnowledgeService
from salesbot.models import Channel, Contact, Conversation, QuoteRecord
from salesbot.pricing.domain import Brief, Hosting, PriceList, Sla, compute
from salesbot.pricing.service import PricingService
from salesbot.settings import Settings

DIALOGS = Path(__file__).resolve().parents[1] / "data" / "dialogs"
TODAY = date(2026, 12, 7)
SLOTS = ("product", "users", "integrations", "hosting", "sla", "deadline")
CONFIRM = "всё верно"  # the payload of the «Всё верно» button
# A number with the rouble sign, as the bot writes amounts: "1 350 000 ₽".
AMOUNT = re.compile(r"(\d[\d\s\u00a0\u202f]*\d|\d)(?:[,.]\d{2})?\s*₽")
# A bot message this long said twice word for word is repetition (a quote, a passage), not a
# short question asked again.
REPEAT_LENGTH = 120
OFFER_QUESTION = "коммерческое предложение в PDF?"
# The days a deadline band stands for when the expected price is computed.
BAND_DAYS = {"week": 3, "two_weeks": 10, "standard": None}


@dataclass(frozen=True)
class Dialog:
    id: str
    kind: str
    split: str
    lang: str
    turns: tuple[str, ...]
    expect: dict[str, Any]
    note: str = ""

    @property
    def wants_quote(self) -> bool:
        return self.expect.get("outcome") in ("quote", "documents") or bool(
            self.expect.get("quote")
        )


@dataclass
class Played:
    dialog: Dialog
    state: DialogState
    owner: str
    replies: list[list[str]]  # the bot's messages after each customer turn
    cited: list[set[str]]  # the knowledge documents the replies to each turn quote
    quote: QuoteRecord | None  # the last one
    quoted: set[Decimal] = field(default_factory=set)  # package totals of every quote made
    name: str | None = None  # the contact's name the assistant saved
    slots: dict[str, bool] = field(default_factory=dict)
    price_right: bool | None = None  # None: the dialog expects no price
    stray_amounts: list[str] = field(default_factory=list)  # ₽ amounts not from the engine
    on_topic: list[bool] = field(default_factory=list)  # per knowledge question expected
    repeated: int = 0  # long bot messages said again word for word
    offers: int = 0  # times the bot offered the PDF offer

    @property
    def all_right(self) -> bool:
        return all(self.slots.values()) and self.price_right is not False


class PricingOnTheDay(PricingService):
    """Prices and deadlines counted from the day the dialogs were written for."""

    def today(self) -> date:
        return TODAY


async def offline_engine(settings: Settings) -> DialogEngine:
    pricing = PricingOnTheDay(settings)
    brain = OfflineBrain(settings)
    await brain.warm_up()
    return DialogEngine(
        settings,
        brain=brain,
        knowledge=KnowledgeService(settings),
        pricing=pricing,
        documents=DocumentService(settings, pricing),
    )


def load(split: str | None = None) -> list[Dialog]:
    dialogs = []
    for path in sorted(DIALOGS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                data = json.loads(line)
                data["turns"] = tuple(data["turns"])
                dialog = Dialog(**data)
                if split is None or dialog.split == split:
                    dialogs.append(dialog)
    return dialogs


def deadline_band(days: int | None) -> str:
    if days is None or days >= 14:
        return "standard"
    return "week" if days <= 6 else "two_weeks"


def expected_brief(dialog: Dialog) -> Brief | None:
    e = dialog.expect
    if not all(k in e for k in ("product", "users", "integrations", "hosting", "sla")):
        return None
    return Brief(
        e["product"],
        e["users"],
        e["integrations"],
        Hosting(e["hosting"]),
        Sla(e["sla"]),
        BAND_DAYS[e.get("deadline", "standard")],
    )


async def play(engine: DialogEngine, database: Database, dialog: Dialog) -> Played:
    chat = f"set-{dialog.id}-{uuid.uuid4().hex[:6]}"
    replies: list[list[str]] = []
    cited: list[set[str]] = []
    turns = list(dialog.turns)
    confirmed = False
    while turns:
        text = turns.pop(0)
        async with database.transaction() as session:
            result = await engine.handle(session, InboundMessage(Channel.web, chat, text))
        replies.append([m.readable_text for m in result.replies])
        cited.append({s["document"] for m in result.replies for s in m.meta.get("sources", [])})
        # a pressed button sends its payload (as the widget does), whatever its label's language
        buttons = [b.get("payload") for m in result.replies for b in m.meta.get("buttons", [])]
        if not turns and not confirmed and CONFIRM in buttons:
            confirmed = True
            turns.append(CONFIRM)
    async with database.transaction() as session:
        row = await session.scalar(
            select(Conversation).where(Conversation.external_chat_id == chat)
        )
        assert row is not None
        state = DialogState.load(row.state)
        quote = (
            await session.get(QuoteRecord, uuid.UUID(state.quote_id)) if state.quote_id else None
        )
        owner = row.owner
        results = await session.scalars(
            select(QuoteRecord.result).where(QuoteRecord.conversation_id == row.id)
        )
        quoted = {Decimal(p["total"]).quantize(Decimal(1)) for r in results for p in r["packages"]}
        contact = await session.get(Contact, row.contact_id) if row.contact_id else None
        name = contact.name if contact else None
    return Played(dialog, state, owner, replies, cited, quote, quoted, name)


def score(played: Played, price_list: PriceList) -> Played:
    e, state = played.dialog.expect, played.state
    brief = state.brief
    read = {
        "product": state.product,
        "users": brief.users,
        "integrations": brief.integrations,
        "hosting": brief.hosting,
        "sla": brief.sla,
        "deadline": deadline_band(brief.deadline_days),
    }
    played.slots = {slot: read[slot] == e[slot] for slot in SLOTS if slot in e}
    expected = expected_brief(played.dialog)
    if played.dialog.wants_quote and expected is not None:
        right = compute(price_list, expected, today=TODAY)
        totals = {p.code: p.total for p in right.packages}
        got = (
            {p["code"]: Decimal(p["total"]) for p in played.quote.result["packages"]}
            if played.quote
            else {}
        )
        played.price_right = got == totals
    allowed = _engine_amounts(played, price_list)
    played.stray_amounts = [
        amount
        for message in played.replies
        for text in message
        for amount in _amounts(text)
        if Decimal(amount) not in allowed
    ]
    played.on_topic = [_on_topic(played, asked) for asked in e.get("knowledge", [])]
    said = [text for message in played.replies for text in message]
    played.repeated = sum(
        len(text) >= REPEAT_LENGTH and text in said[:i] for i, text in enumerate(said)
    )
    played.offers = sum(OFFER_QUESTION in text for text in said)
    return played


def _on_topic(played: Played, asked: dict[str, Any]) -> bool:
    """The reply to a knowledge question quotes the document that answers it, or says what
    that document says (every topic word of the expectation)."""
    turn = asked["turn"]
    if turn >= len(played.replies):
        return False
    if asked["source"] in played.cited[turn]:
        return True
    text = "\n".join(played.replies[turn]).lower()
    return all(word.lower() in text for word in asked["topic"])


def _amounts(text: str) -> list[str]:
    return [re.sub(r"\D", "", m.group(1)) for m in AMOUNT.finditer(text)]


def _engine_amounts(played: Played, price_list: PriceList) -> set[Decimal]:
    """Amounts the bot may say: package totals of the quotes it made (a corrected brief
    leaves earlier ones in the transcript), and base prices."""
    allowed = {price.quantize(Decimal(1)) for price in price_list.base_prices.values()}
    return allowed | played.quoted


@dataclass(frozen=True)
class Report:
    dialogs: int
    slot_accuracy: dict[str, float]
    slot_counts: dict[str, tuple[int, int]]
    prices: tuple[int, int]
    all_right: int
    stray_amounts: int
    by_kind: dict[str, tuple[int, int]]
    names: tuple[int, int]  # names given by customers, and saved as given
    knowledge: tuple[int, int]  # knowledge questions answered on topic, of those asked
    repeated: int  # long bot messages said again word for word, in all dialogs
    offers: float  # PDF offers made per dialog that reached a quote

    @property
    def price_accuracy(self) -> float:
        right, total = self.prices
        return right / total if total else 1.0


def report(played: list[Played]) -> Report:
    right: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for p in played:
        for slot, ok in p.slots.items():
            seen[slot] += 1
            right[slot] += ok
    priced = [p for p in played if p.price_right is not None]
    kinds: dict[str, tuple[int, int]] = {}
    for p in played:
        good, total = kinds.get(p.dialog.kind, (0, 0))
        kinds[p.dialog.kind] = (good + p.all_right, total + 1)
    return Report(
        dialogs=len(played),
        slot_accuracy={s: right[s] / seen[s] for s in SLOTS if seen[s]},
        slot_counts={s: (right[s], seen[s]) for s in SLOTS if seen[s]},
        prices=(sum(bool(p.price_right) for p in priced), len(priced)),
        all_right=sum(p.all_right for p in played),
        stray_amounts=sum(len(p.stray_amounts) for p in played),
        by_kind=kinds,
        names=(
            sum(p.name == p.dialog.expect["name"] for p in played if "name" in p.dialog.expect),
            sum("name" in p.dialog.expect for p in played),
        ),
        knowledge=(sum(sum(p.on_topic) for p in played), sum(len(p.on_topic) for p in played)),
        repeated=sum(p.repeated for p in played),
        offers=sum(p.offers for p in quoted) / len(quoted) if (quoted := _quoted(played)) else 0,
    )


def _quoted(played: list[Played]) -> list[Played]:
    return [p for p in played if p.quote is not None]


def table(result: Report) -> str:
    head = "| slot | " + " | ".join(result.slot_accuracy) + " | price |"
    line = "|---" * (len(result.slot_accuracy) + 2) + "|"
    right, total = result.prices
    cells = " | ".join(f"{a:.0%}" for a in result.slot_accuracy.values())
    return "\n".join(
        [
            head,
            line,
            f"| correct | {cells} | {result.price_accuracy:.0%} ({right}/{total}) |",
            "",
            f"dialogs right in every slot and price: {result.all_right} of {result.dialogs}; "
            f"amounts not from the engine: {result.stray_amounts}; "
            f"names saved: {result.names[0]} of {result.names[1]}",
            f"knowledge questions answered on topic: {result.knowledge[0]} of "
            f"{result.knowledge[1]}; long messages repeated word for word: {result.repeated}; "
            f"PDF offers per quoted dialog: {result.offers:.1f}",
            "by kind: " + ", ".join(f"{k} {g}/{t}" for k, (g, t) in sorted(result.by_kind.items())),
        ]
    )


def misread(played: list[Played]) -> str:
    """One line per dialog that went wrong: what was expected and what was read."""
    lines = []
    for p in played:
        wrong = [s for s, ok in p.slots.items() if not ok]
        if wrong or p.price_right is False:
            b = p.state.brief
            got = {
                "product": p.state.product,
                "users": b.users,
                "integrations": b.integrations,
                "hosting": b.hosting,
                "sla": b.sla,
                "deadline": deadline_band(b.deadline_days),
            }
            detail = ", ".join(f"{s}: {p.dialog.expect[s]!r}≠{got[s]!r}" for s in wrong)
            lines.append(f"{p.dialog.id}: {detail or 'price'}")
        if p.stray_amounts:
            lines.append(f"{p.dialog.id}: amounts not from the engine {p.stray_amounts}")
        if not all(p.on_topic):
            lines.append(f"{p.dialog.id}: knowledge answers on topic {p.on_topic}")
        if p.repeated:
            lines.append(f"{p.dialog.id}: {p.repeated} long messages repeated")
    return "\n".join(lines)
