// Analytics: the KPIs against their targets, the funnel, channels, daily activity and NPS for
// a period kept in the URL (?from=&to=&channel=), with CSV exports.
"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

import { Icon } from "@/components/Icon";
import { Button, ErrorNotice, Empty, PageHeader, Spinner } from "@/components/ui";
import { withQuery } from "@/lib/api";
import { useT } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { exportReport, useDaily, useSummary } from "./api";
import { HandoffsChart, MessagesChart } from "./DailyCharts";
import { Filters } from "./Filters";
import { ChannelChart, FunnelChart, NpsChart } from "./FunnelCharts";
import { KpiCards } from "./KpiCards";
import { RevenueCard } from "./RevenueCard";
import { filtersQuery, readFilters } from "./period";
import { texts } from "./texts";
import type { AnalyticsFilters, Report, Summary } from "./types";

const REPORTS: Report[] = ["summary", "daily", "channels"];

/** The period has nothing to show: no conversations, no NPS answers. */
export function isEmpty(summary: Summary): boolean {
  return (summary.funnel[0]?.count ?? 0) === 0 && summary.automation.conversations === 0 && summary.nps.responses === 0;
}

function useUrlFilters(): [AnalyticsFilters, (next: AnalyticsFilters) => void] {
  const params = useSearchParams();
  const search = params.toString();
  const [filters, setFilters] = useState(() => readFilters(new URLSearchParams(search)));
  // Back and forward change the URL: follow it.
  useEffect(() => setFilters(readFilters(new URLSearchParams(search))), [search]);
  const change = (next: AnalyticsFilters) => {
    setFilters(next);
    window.history.replaceState(null, "", withQuery(window.location.pathname, filtersQuery(next)));
  };
  return [filters, change];
}

export function AnalyticsPage() {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const [filters, setFilters] = useUrlFilters();
  const summary = useSummary(filters);
  const daily = useDaily(filters);
  const [exporting, setExporting] = useState<Report | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);

  const runExport = async (report: Report) => {
    setExporting(report);
    setExportError(null);
    try {
      await exportReport(report, filters);
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(null);
    }
  };

  const actions = REPORTS.map((report) => (
    <Button key={report} busy={exporting === report} disabled={exporting !== null} onClick={() => void runExport(report)} data-testid={`export-${report}`}>
      <span className="inline-flex items-center gap-1.5">
        <Icon name="download" />
        {t(`export_${report}`)}
      </span>
    </Button>
  ));

  return (
    <div>
      <PageHeader title={t("nav_analytics")} actions={actions} />
      <Filters filters={filters} onChange={setFilters} t={t} />
      {exportError !== null && (
        <div className="mb-4">
          <ErrorNotice error={exportError} onRetry={() => setExportError(null)} />
        </div>
      )}
      {summary.isPending ? (
        <div className="p-6">
          <Spinner />
        </div>
      ) : summary.isError ? (
        <ErrorNotice error={summary.error} onRetry={() => void summary.refetch()} />
      ) : isEmpty(summary.data) ? (
        <div data-testid="analytics-empty" className="rounded-lg border border-dashed border-slate-300 dark:border-slate-700">
          <Empty>{t("empty_period")}</Empty>
        </div>
      ) : (
        <div className="space-y-4">
          <KpiCards summary={summary.data} t={t} language={language} />
          <RevenueCard summary={summary.data} t={t} language={language} />
          <div className="grid gap-4 lg:grid-cols-2">
            <FunnelChart summary={summary.data} t={t} language={language} />
            <ChannelChart summary={summary.data} t={t} language={language} />
          </div>
          {daily.isPending ? (
            <Spinner />
          ) : daily.isError ? (
            <ErrorNotice error={daily.error} onRetry={() => void daily.refetch()} />
          ) : (
            <div className="grid gap-4 lg:grid-cols-2">
              <MessagesChart rows={daily.data} t={t} />
              <HandoffsChart rows={daily.data} target={summary.data.targets.automation} t={t} language={language} />
            </div>
          )}
          <div className="grid gap-4 lg:grid-cols-2">
            <NpsChart summary={summary.data} t={t} />
          </div>
        </div>
      )}
    </div>
  );
}
