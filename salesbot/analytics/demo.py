"""Synthetic sales history for the dashboard's demo and the analytics benchmark.

Conversations on the website, Telegram and Avito over the last `days` days, each with its
messages (customer, bot, manager), a lead at the stage it got to, documents, hand-offs and
NPS answers; bot answers take about a second (log-normal, p95 ≈ 2.4 s). Rows go in with
COPY, batch by batch, each batch in its own transaction together with its analytics (the
set-based rebuild of backfill.py), so an interrupted run leaves only whole batches.

Contacts are stored like real ones: names, phones and emails encrypted by the
`EncryptedString` column type, with keyed hashes for look-ups. Demo documents are rows
without files (their PDFs were never rendered), so downloading one answers 404.
Demo conversations are recognised by `external_chat_id` starting with `demo:`.
"""

from __future__ import annotations

import json
import math
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics import backfill
from salesbot.db.base import utcnow
from salesbot.db.engine import Database
from salesbot.security.pii import EncryptedString, pii_hash
from salesbot.settings import Settings

PREFIX = "demo:"
BATCH = 5_000
CHANNELS = (("web", 0.55), ("telegram", 0.3), ("avito", 0.15))
PRODUCTS = ("ai-manager", "ai-lawyer", "ai-analyst")
HOURS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.5, 3, 5, 6, 6, 5.5, 6, 6, 5.5, 5, 4.5, 4, 3.5, 3, 2]
HOURS += [1.5, 0.8]
# Chance to go one stage further: qualified, brief completed, quote sent, documents, won.
FURTHER = (0.62, 0.72, 0.85, 0.6, 0.42)
HANDOFF_REASONS = (
    "customer_request",
    "negative_emotion",
    "large_deal",
    "repeated_misunderstanding",
)
NAMES = ("Анна", "Иван", "Мария", "Алексей", "Ольга", "Дмитрий", "Елена", "Сергей", "Наталья")
SURNAMES = ("Иванова", "Петров", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева")

CUSTOMER = {
    0: ("Здравствуйте!", "Добрый день, что вы умеете?", "А сколько это стоит?"),
    1: ("Нужен бот для продаж", "Интересует ИИ-Юрист", "Хотим аналитику по продажам"),
    2: ("У нас 30 менеджеров", "Интеграция с амо и 1С", "Облако подойдёт", "SLA 99,5"),
    3: ("Спасибо, посмотрим расчёт", "А можно дешевле?", "Какие сроки внедрения?"),
    4: ("Пришлите КП", "Пришлите договор и счёт", "Отправьте документы на почту"),
    5: ("Оплатили, ждём запуска", "Договор подписан"),
}
BOT = {
    0: ("Здравствуйте! Я ассистент «Нейрокода». Какой продукт вас интересует?",),
    1: ("Отлично. Сколько сотрудников будет работать с системой?",),
    2: ("Записал. Какие системы нужно подключить?", "Понял. Где разместить: облако или у вас?"),
    3: ("Расчёт готов: рекомендуем пакет «Оптимум».",),
    4: ("Коммерческое предложение во вложении.",),
    5: ("Спасибо! Менеджер свяжется с вами для запуска.",),
}
MANAGER = ("Добрый день! Подключаюсь к диалогу.", "Отправил детали на почту.", "Созвонимся?")


@dataclass
class _Batch:
    contacts: list[tuple[Any, ...]] = field(default_factory=list)
    conversations: list[tuple[Any, ...]] = field(default_factory=list)
    messages: list[tuple[Any, ...]] = field(default_factory=list)
    leads: list[tuple[Any, ...]] = field(default_factory=list)
    documents: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    ids: list[uuid.UUID] = field(default_factory=list)


@dataclass(frozen=True)
class DemoReport:
    created: int
    existing: int


class _Generator:
    def __init__(self, rng: random.Random, now: datetime, days: int, name_hash: bool) -> None:
        self.rng, self.now, self.days, self.name_hash = rng, now, days, name_hash
        self.encrypted = EncryptedString()
        self.channels = [c for c, _ in CHANNELS]
        self.channel_weights = [w for _, w in CHANNELS]

    def _pii(self, value: str) -> str | None:
        return self.encrypted.process_bind_param(value, None)  # type: ignore[arg-type]

    def _start(self) -> datetime:
        rng = self.rng
        # More conversations lately (the product grows), fewer at weekends and at night.
        age = self.days * (1 - math.sqrt(rng.random()) * 0.999)
        day = (self.now - timedelta(days=age)).date()
        if day.weekday() >= 5 and rng.random() < 0.4:
            day -= timedelta(days=2)
        hour = rng.choices(range(24), HOURS)[0]
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
            hours=hour - 3, seconds=rng.randrange(3600)
        )
        return min(moment, self.now - timedelta(minutes=rng.randrange(5, 600)))

    def _reply_ms(self) -> int:
        return max(150, int(self.rng.lognormvariate(math.log(900), 0.6)))

    def conversation(self, batch: _Batch) -> None:
        rng = self.rng
        conversation_id = uuid.uuid4()
        channel = rng.choices(self.channels, self.channel_weights)[0]
        started = self._start()
        stage = 0
        while stage < 5 and rng.random() < FURTHER[stage]:
            stage += 1
        lost = 3 <= stage <= 4 and rng.random() < 0.35
        contact_left = stage >= 3 or rng.random() < 0.18
        handed_off = rng.random() < 0.06 + 0.035 * stage
        takeover = handed_off and rng.random() < 0.3
        nps = None
        if stage >= 3 and rng.random() < 0.4:
            nps = rng.choices(range(11), [1, 0.5, 0.5, 1, 1, 1.5, 2, 5, 9, 15, 14])[0]

        # Messages: a greeting, then exchanges that walk the stages reached.
        at = started
        messages: list[tuple[str, str, datetime]] = [("bot", BOT[0][0], at)]
        steps = [s for s in range(min(stage, 4) + 1) for _ in range(1 if s != 2 else 3)]
        steps += [3] * rng.randrange(0, 3) if stage >= 3 else []
        if stage == 5:
            steps.append(5)
        for step in steps:
            at += timedelta(seconds=rng.randrange(15, 180))
            messages.append(("customer", rng.choice(CUSTOMER[step]), at))
            at += timedelta(milliseconds=self._reply_ms())
            messages.append(("bot", rng.choice(BOT[min(step + 1, 5)]), at))
        handoff_at = None
        if handed_off:
            handoff_at = at + timedelta(seconds=rng.randrange(5, 60))
            at = handoff_at
            for _ in range(rng.randrange(1, 4)):
                at += timedelta(seconds=rng.randrange(30, 900))
                messages.append(("manager", rng.choice(MANAGER), at))
                if rng.random() < 0.6:
                    at += timedelta(seconds=rng.randrange(20, 300))
                    messages.append(("customer", "Спасибо!", at))
        if nps is not None:
            at += timedelta(seconds=rng.randrange(20, 120))
            messages.append(("customer", str(nps), at))
            at += timedelta(milliseconds=self._reply_ms())
            messages.append(("bot", "Спасибо за оценку!", at))
        last = min(at, self.now)
        for author, body, moment in messages:
            batch.messages.append(
                (uuid.uuid4(), conversation_id, channel, author, body, min(moment, self.now))
            )

        contact_id = None
        if contact_left:
            contact_id = uuid.uuid4()
            name = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}"
            phone = f"+7 9{rng.randrange(10**8, 10**9)}"
            email = f"client{rng.randrange(10**6)}@example.com"
            row: tuple[Any, ...] = (
                contact_id,
                self._pii(name),
                self._pii(phone),
                self._pii(email),
                pii_hash("phone", phone),
                pii_hash("email", email),
                started,
                started,
            )
            batch.contacts.append(row + ((pii_hash("name", name),) if self.name_hash else ()))

        expired = last < self.now - timedelta(days=30)
        owner = "closed" if expired else ("human" if handed_off else "bot")
        state: dict[str, Any] = {
            "stage": ("handed_off" if handed_off else _STATE_STAGES[stage]),
            "product": rng.choice(PRODUCTS) if stage >= 1 else None,
        }
        if nps is not None:
            state["nps"] = nps
        if handed_off:
            reason = "manager_takeover" if takeover else rng.choice(HANDOFF_REASONS)
            state["handoff_reason"] = reason
            batch.events.append(
                (
                    uuid.uuid4(),
                    conversation_id,
                    "takeover" if takeover else "handoff",
                    "demo-manager@example.com" if takeover else "bot",
                    json.dumps({} if takeover else {"reason": reason}),
                    handoff_at,
                )
            )
        batch.conversations.append(
            (
                conversation_id,
                channel,
                f"{PREFIX}{conversation_id.hex}",
                owner,
                contact_id,
                json.dumps(state, ensure_ascii=False),
                last,
                last + timedelta(days=30) if expired else None,
                "expired" if expired else None,
                started,
                last,
            )
        )
        batch.ids.append(conversation_id)

        if stage >= 1 or contact_left:
            status = ("won" if stage == 5 else "lost") if lost or stage == 5 else None
            status = status or _LEAD_STATUS[min(stage, 3)]
            amount = rng.randrange(150, 4000) * 1000 if stage >= 3 else None
            batch.leads.append(
                (
                    uuid.uuid4(),
                    conversation_id,
                    status,
                    channel,
                    state["product"],
                    contact_id,
                    amount,
                    started + timedelta(seconds=90),
                    last,
                )
            )
        if stage >= 4:
            kinds = ["offer"] + (["contract", "invoice"] if rng.random() < 0.5 else [])
            for kind in kinds:
                document_id = uuid.uuid4()
                batch.documents.append(
                    (
                        document_id,
                        kind,
                        f"DEMO-{document_id.hex[:12].upper()}",
                        conversation_id,
                        f"demo/{document_id.hex}.pdf",
                        min(at, self.now),
                    )
                )


_STATE_STAGES = ("greeting", "qualification", "brief", "quote", "documents", "finished")
_LEAD_STATUS = ("new", "qualified", "brief_completed", "quote_sent")

_COPIES = (
    (
        "contacts",
        "contacts (id, name, phone, email, phone_hash, email_hash, created_at, updated_at{extra})",
    ),
    (
        "conversations",
        "conversations (id, channel, external_chat_id, owner, contact_id, state,"
        " last_message_at, closed_at, close_reason, created_at, updated_at, language)",
    ),
    (
        "messages",
        # xact NULL: the rebuild below counts them, the fold must not count them again
        "messages (id, conversation_id, channel, author, text, created_at, attachments, metadata,"
        " xact)",
    ),
    (
        "leads",
        "leads (id, conversation_id, status, source, product, contact_id, amount, created_at,"
        " updated_at, tags, details)",
    ),
    (
        "documents",
        "documents (id, kind, number, conversation_id, path, created_at, sha256, size_bytes,"
        " template_version)",
    ),
    ("events", "conversation_events (id, conversation_id, kind, actor, data, created_at)"),
)
_CONSTANT_TAILS = {
    "conversations": ("ru",),
    "messages": ("[]", "{}", None),
    "leads": ("[]", "{}"),
    "documents": ("0" * 64, 0, 0),
}


async def _copy(session: AsyncSession, batch: _Batch, name_hash: bool) -> None:
    connection = await session.connection()
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None
    async with raw.cursor() as cursor:
        for attribute, target in _COPIES:
            rows = getattr(batch, attribute)
            if not rows:
                continue
            tail = _CONSTANT_TAILS.get(attribute, ())
            columns = target.format(extra=", name_hash" if name_hash else "")
            statement = f"COPY {columns} FROM STDIN"
            async with cursor.copy(statement) as copy:
                for row in rows:
                    await copy.write_row((*row, *tail))


# Copied rows skip the inbox's bookkeeping: the newest customer message (answered: the demo
# holds the bot's replies), and a team that has read all but about one open conversation in
# ten.
_INBOX_MARKERS = text(
    "UPDATE conversations c SET last_customer_seq = m.seq,"
    " state = c.state || jsonb_build_object('answered_through', m.seq),"
    " operator_read_seq = CASE WHEN c.closed_at IS NULL AND random() < 0.1 THEN 0 ELSE m.seq END"
    " FROM (SELECT conversation_id, max(seq) AS seq FROM messages"
    "       WHERE author = 'customer' AND conversation_id = ANY(:ids) GROUP BY conversation_id) m"
    " WHERE c.id = m.conversation_id"
)


async def _inbox_markers(session: AsyncSession, ids: list[uuid.UUID]) -> None:
    await session.execute(_INBOX_MARKERS, {"ids": ids})


async def existing(session: AsyncSession) -> int:
    count = await session.scalar(
        text("SELECT count(*) FROM conversations WHERE external_chat_id LIKE 'demo:%'")
    )
    return int(count or 0)


async def generate(
    database: Database,
    settings: Settings,
    *,
    conversations: int,
    days: int = 90,
    seed: int | None = None,
    now: datetime | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> DemoReport:
    """Top the demo history up to `conversations` conversations (a second run with the same
    number adds nothing). `on_progress(done, total)` hears of the start and of each batch."""
    async with database.transaction() as session:
        have = await existing(session)
        name_hash = bool(
            await session.scalar(
                text(
                    "SELECT count(*) FROM information_schema.columns"
                    " WHERE table_name = 'contacts' AND column_name = 'name_hash'"
                )
            )
        )
    wanted = max(0, conversations - have)
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    generator = _Generator(rng, now or utcnow(), days, name_hash)
    done = 0
    if on_progress is not None:
        on_progress(0, wanted)
    while done < wanted:
        size = min(BATCH, wanted - done)
        batch = _Batch()
        for _ in range(size):
            generator.conversation(batch)
        async with database.transaction() as session:
            await _copy(session, batch, name_hash)
            await _inbox_markers(session, batch.ids)
            await backfill.rebuild(
                session,
                timezone=settings.timezone,
                scope="c.id = ANY(:ids)",
                params={"ids": batch.ids},
            )
        done += size
        if on_progress is not None:
            on_progress(done, wanted)
    return DemoReport(created=wanted, existing=have)
