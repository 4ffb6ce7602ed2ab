// Analytics calls: the summary, the daily rows and the CSV exports, all for one period.
import { useQuery } from "@tanstack/react-query";

import { api, download } from "@/lib/api";

import { filtersQuery } from "./period";
import type { AnalyticsFilters, DailyRow, Report, Summary } from "./types";

export const summaryKey = (filters: AnalyticsFilters) => ["analytics", "summary", filters] as const;
export const dailyKey = (filters: AnalyticsFilters) => ["analytics", "daily", filters] as const;

export function useSummary(filters: AnalyticsFilters) {
  return useQuery({
    queryKey: summaryKey(filters),
    queryFn: ({ signal }) => api<Summary>("/analytics/summary", { query: filtersQuery(filters), signal }),
  });
}

export function useDaily(filters: AnalyticsFilters) {
  return useQuery({
    queryKey: dailyKey(filters),
    queryFn: ({ signal }) => api<DailyRow[]>("/analytics/daily", { query: filtersQuery(filters), signal }),
  });
}

export function exportReport(report: Report, filters: AnalyticsFilters): Promise<void> {
  return download("/analytics/export.csv", { report, ...filtersQuery(filters) }, `analytics-${report}-${filters.from}-${filters.to}.csv`);
}
