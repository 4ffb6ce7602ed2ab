"""The analytics reports as CSV for Excel: UTF-8 with a BOM, `;` between fields, Russian
headers, decimal commas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from salesbot.analytics.schemas import DailyRow, Summary

Report = Literal["summary", "daily", "channels"]

STAGE_NAMES = {
    "contacts": "Обращения",
    "qualified": "Квалифицированы",
    "brief_completed": "Бриф заполнен",
    "quote_sent": "Отправлен расчёт",
    "documents": "Получили документы",
    "won": "Сделка выиграна",
}


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def _percent(rate: float | None) -> float | None:
    return None if rate is None else rate * 100


def summary_csv(
    summary: Summary, channel_labels: Mapping[str, str], *, channel: str | None = None
) -> bytes:
    period = summary.period
    targets = summary.targets
    rows: list[tuple[object, object, object]] = [
        ("Период", f"{period.from_:%d.%m.%Y} – {period.to:%d.%m.%Y}", None),
        ("Канал", channel_labels.get(channel, channel) if channel else "Все каналы", None),
    ]
    rows += [(STAGE_NAMES[s.stage], s.count, None) for s in summary.funnel]
    conversion, automation = summary.conversion, summary.automation
    reply, nps = summary.response_time, summary.nps
    rows += [
        ("Лиды", conversion.leads, None),
        ("Заявки", conversion.applications, None),
        ("Конверсия лида в заявку, %", _percent(conversion.rate), _percent(targets.conversion)),
        ("Диалоги, переданные менеджеру", automation.handed_off, None),
        (
            "Диалоги без участия менеджера, %",
            _percent(automation.rate),
            _percent(targets.automation),
        ),
        ("Ответов бота", reply.replies, None),
        ("Время ответа бота, медиана, мс", reply.p50_ms, None),
        ("Время ответа бота, 95-й перцентиль, мс", reply.p95_ms, targets.response_p95_ms),
        ("Ответов на NPS", nps.responses, None),
        ("Промоутеры (9–10)", nps.promoters, None),
        ("Нейтральные (7–8)", nps.passives, None),
        ("Критики (0–6)", nps.detractors, None),
        ("NPS", nps.score, targets.nps),
    ]
    return _csv(("Показатель", "Значение", "Цель"), rows)


def daily_csv(rows: Sequence[DailyRow]) -> bytes:
    return _csv(
        (
            "Дата",
            "Новые диалоги",
            "Сообщения клиентов",
            "Сообщения бота",
            "Сообщения менеджеров",
            "Новые лиды",
            "Передано менеджеру",
        ),
        [
            (
                f"{r.day:%d.%m.%Y}",
                r.conversations,
                r.customer,
                r.bot,
                r.manager,
                r.leads,
                r.handoffs,
            )
            for r in rows
        ],
    )


def channels_csv(summary: Summary, channel_labels: Mapping[str, str]) -> bytes:
    return _csv(
        ("Канал", "Диалоги", "Лиды", "Заявки", "Конверсия лида в заявку, %"),
        [
            (
                channel_labels.get(r.channel, r.channel),
                r.conversations,
                r.leads,
                r.applications,
                _percent(r.rate),
            )
            for r in summary.channels
        ],
    )
