"""The dashboard's numbers: the funnel, conversion, automation, reply times, NPS and the
daily chart of a period (definitions in docs/analytics.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics import export, repository
from salesbot.analytics.schemas import (
    Automation,
    ChannelRow,
    Conversion,
    DailyRow,
    FunnelStage,
    Nps,
    PeriodOut,
    ResponseTime,
    Revenue,
    Summary,
    Targets,
)
from salesbot.analytics.stages import FUNNEL
from salesbot.db.base import utcnow
from salesbot.errors import ValidationFailed
from salesbot.settings import Settings

DEFAULT_DAYS = 30
MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    """Days `first`…`last` inclusive in the time zone; `start`…`end` their UTC bounds."""

    first: date
    last: date
    start: datetime
    end: datetime

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def _rate(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def _whole(value: Decimal | float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percentile(counts: list[tuple[int, int]], share: float) -> int | None:
    """The `share` percentile of values given as sorted (value, how many), interpolated
    between neighbours like PostgreSQL's percentile_cont; None without values."""
    total = sum(count for _, count in counts)
    if total == 0:
        return None
    position = Decimal(str(share)) * (total - 1)
    low = int(position)

    def value_at(index: int) -> int:
        seen = 0
        for value, count in counts:
            seen += count
            if index < seen:
                return value
        return counts[-1][0]

    below, above = value_at(low), value_at(min(low + 1, total - 1))
    return _whole(below + (position - low) * (above - below))


class AnalyticsService:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.zone = ZoneInfo(settings.timezone)

    def today(self, now: datetime | None = None) -> date:
        return (now or utcnow()).astimezone(self.zone).date()

    def period(
        self, first: date | None, last: date | None, *, now: datetime | None = None
    ) -> Period:
        """The period asked for: `last` defaults to today (in TIMEZONE), `first` to 30 days
        before `last`."""
        if last is None:
            last = max(self.today(now), first or date.min)
        first = first or last - timedelta(days=DEFAULT_DAYS - 1)
        if first > last:
            raise ValidationFailed(
                f"Начало периода ({first:%d.%m.%Y}) позже его конца ({last:%d.%m.%Y}). "
                "Поменяйте даты местами.",
                code="invalid_period",
                details={"from": first.isoformat(), "to": last.isoformat()},
            )
        days = (last - first).days + 1
        if days > MAX_DAYS:
            raise ValidationFailed(
                f"Период слишком длинный: {days} дн. Выберите не больше {MAX_DAYS} дней.",
                code="period_too_long",
                details={"days": days, "max_days": MAX_DAYS},
            )
        return Period(first, last, self._midnight(first), self._midnight(last + timedelta(1)))

    def _midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(), self.zone).astimezone(UTC)

    async def summary(
        self, session: AsyncSession, period: Period, *, channel: str | None = None
    ) -> Summary:
        start, end = period.start, period.end
        channels = await repository.counts_by_channel(
            session, start=start, end=end, channel=channel
        )
        buckets = await repository.reply_times(
            session, first=period.first, last=period.last, channel=channel
        )
        nps = await repository.nps_counts(session, start=start, end=end, channel=channel)
        paid, payments = await repository.revenue(session, start=start, end=end, channel=channel)

        def total(field: str) -> int:
            return sum(getattr(row, field) for row in channels)

        conversations = total("conversations")
        stages = [conversations, *(total(stage) for stage in FUNNEL[1:])]
        leads, applications, handed_off = total("leads"), total("applications"), total("handed_off")
        answers = nps.promoters + nps.passives + nps.detractors
        s = self.settings
        return Summary(
            period=PeriodOut(from_=period.first, to=period.last),
            funnel=[
                FunnelStage(stage=stage, count=count)
                for stage, count in zip(FUNNEL, stages, strict=True)
            ],
            conversion=Conversion(
                leads=leads, applications=applications, rate=_rate(applications, leads)
            ),
            channels=[
                ChannelRow(
                    channel=row.channel,
                    conversations=row.conversations,
                    leads=row.leads,
                    applications=row.applications,
                    rate=_rate(row.applications, row.leads),
                )
                for row in channels
            ],
            automation=Automation(
                conversations=conversations,
                handed_off=handed_off,
                rate=_rate(conversations - handed_off, conversations),
            ),
            response_time=ResponseTime(
                p50_ms=percentile(buckets, 0.5),
                p95_ms=percentile(buckets, 0.95),
                replies=sum(count for _, count in buckets),
            ),
            nps=Nps(
                score=_whole(Decimal(100 * (nps.promoters - nps.detractors)) / answers)
                if answers
                else None,
                responses=answers,
                promoters=nps.promoters,
                passives=nps.passives,
                detractors=nps.detractors,
            ),
            revenue=Revenue(
                paid=paid,
                payments=payments,
                average=(paid / payments).quantize(Decimal("0.01")) if payments else None,
            ),
            targets=Targets(
                response_p95_ms=s.kpi_response_p95_ms,
                conversion=s.kpi_conversion,
                automation=s.kpi_automation,
                nps=s.kpi_nps,
            ),
        )

    async def daily(
        self, session: AsyncSession, period: Period, *, channel: str | None = None
    ) -> list[DailyRow]:
        rows = await repository.daily(
            session, first=period.first, last=period.last, channel=channel
        )
        return [
            DailyRow(
                day=row.day,
                conversations=row.conversations,
                customer=row.customer,
                bot=row.bot,
                manager=row.manager,
                leads=row.leads,
                handoffs=row.handoffs,
            )
            for row in rows
        ]

    async def export_csv(
        self,
        session: AsyncSession,
        report: export.Report,
        period: Period,
        *,
        channel_labels: Mapping[str, str],
        channel: str | None = None,
    ) -> tuple[str, bytes]:
        """(file name, CSV bytes) of one report: UTF-8 with a BOM, `;`, Russian headers;
        channels by the names their adapters give them."""
        name = f"analytics-{report}-{period.first.isoformat()}-{period.last.isoformat()}"
        if channel:
            name += f"-{channel}"
        if report == "daily":
            body = export.daily_csv(await self.daily(session, period, channel=channel))
        else:
            summary = await self.summary(session, period, channel=channel)
            body = (
                export.summary_csv(summary, channel_labels, channel=channel)
                if report == "summary"
                else export.channels_csv(summary, channel_labels)
            )
        return f"{name}.csv", body
