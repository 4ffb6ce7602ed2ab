"""The dashboard's analytics: summary, daily chart and CSV exports (operators)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from loguru import logger
from sqlalchemy.exc import SQLAlchemyError

from salesbot.analytics.export import Report
from salesbot.analytics.fold import fold
from salesbot.analytics.schemas import DailyRow, Summary
from salesbot.analytics.service import AnalyticsService
from salesbot.api.deps import (
    ChannelLabelsDep,
    DatabaseDep,
    OperatorUser,
    SessionDep,
    SettingsDep,
)


async def messages_counted(database: DatabaseDep, settings: SettingsDep, _: OperatorUser) -> None:
    """Count the messages stored since the worker's last fold, so the numbers are current
    (for operators only: a stranger's request folds nothing). A failed fold (a conversation
    deleted meanwhile, a lost connection) leaves the numbers at most a minute behind, until
    the worker's next fold; the page still answers."""
    try:
        await fold(database, timezone=settings.timezone)
    except (SQLAlchemyError, OSError):
        logger.exception("the analytics fold failed; the numbers are as of the last fold")


router = APIRouter(
    prefix="/api/v1/analytics", tags=["analytics"], dependencies=[Depends(messages_counted)]
)

ChannelName = Literal["web", "telegram", "avito", "amocrm_widget"]
From = Annotated[
    date | None,
    Query(alias="from", description="First day, inclusive (Europe/Moscow); default to − 29 days."),
]
To = Annotated[date | None, Query(description="Last day, inclusive; default today.")]
ChannelFilter = Annotated[ChannelName | None, Query(description="Only this channel.")]


@router.get("/summary", response_model=Summary, summary="Funnel, conversion, automation, KPIs")
async def summary(
    session: SessionDep,
    settings: SettingsDep,
    _: OperatorUser,
    first: From = None,
    to: To = None,
    channel: ChannelFilter = None,
) -> Summary:
    service = AnalyticsService(settings)
    return await service.summary(session, service.period(first, to), channel=channel)


@router.get("/daily", response_model=list[DailyRow], summary="One row per day of the period")
async def daily(
    session: SessionDep,
    settings: SettingsDep,
    _: OperatorUser,
    first: From = None,
    to: To = None,
    channel: ChannelFilter = None,
) -> list[DailyRow]:
    service = AnalyticsService(settings)
    return await service.daily(session, service.period(first, to), channel=channel)


@router.get(
    "/export.csv",
    response_class=Response,
    summary="A report as CSV for Excel (UTF-8 with BOM, `;`)",
    responses={200: {"content": {"text/csv": {}}}},
)
async def export_csv(
    session: SessionDep,
    settings: SettingsDep,
    channel_labels: ChannelLabelsDep,
    _: OperatorUser,
    report: Annotated[Report, Query(description="summary, daily or channels.")] = "summary",
    first: From = None,
    to: To = None,
    channel: ChannelFilter = None,
) -> Response:
    service = AnalyticsService(settings)
    filename, body = await service.export_csv(
        session,
        report,
        service.period(first, to),
        channel_labels=channel_labels,
        channel=channel,
    )
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
