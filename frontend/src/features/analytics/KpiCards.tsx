// The four KPIs the product reports about itself, each against its target.
"use client";

import { formatNumber, formatPercent } from "@/lib/format";
import type { Language } from "@/lib/preferences";

import type { AnalyticsT } from "./texts";
import type { Summary } from "./types";

export type KpiState = "good" | "bad" | "none";

/** Green when the value meets its target (≥ for shares and NPS, ≤ for response time). */
export function kpiState(value: number | null, target: number, direction: "min" | "max"): KpiState {
  if (value === null || !Number.isFinite(value)) return "none";
  return (direction === "min" ? value >= target : value <= target) ? "good" : "bad";
}

export function formatMs(ms: number | null, t: AnalyticsT, language: Language): string {
  if (ms === null) return "—";
  if (ms < 1000) return t("ms", { value: formatNumber(Math.round(ms), language) });
  const seconds = new Intl.NumberFormat(language === "en" ? "en-GB" : "ru-RU", { maximumFractionDigits: 1 }).format(ms / 1000);
  return t("seconds", { value: seconds });
}

const STATE_STYLE: Record<KpiState, string> = {
  good: "border-green-300 dark:border-green-800",
  bad: "border-red-300 dark:border-red-800",
  none: "border-slate-200 dark:border-slate-700",
};
const STATE_BADGE: Record<KpiState, string> = {
  good: "bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100",
  bad: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
  none: "bg-slate-100 text-slate-600 dark:bg-slate-700 dark:text-slate-200",
};

interface Kpi {
  id: string;
  title: string;
  value: string;
  sub: string;
  target: string;
  state: KpiState;
}

export function KpiCards({ summary, t, language }: { summary: Summary; t: AnalyticsT; language: Language }) {
  const { conversion, automation, response_time: response, nps, targets } = summary;
  const percent = (share: number) => formatPercent(share, language);
  const kpis: Kpi[] = [
    {
      id: "conversion",
      title: t("kpi_conversion"),
      value: percent(conversion.rate ?? NaN),
      sub: t("kpi_conversion_sub", { applications: conversion.applications, leads: conversion.leads }),
      target: t("target_at_least", { value: percent(targets.conversion) }),
      state: kpiState(conversion.rate, targets.conversion, "min"),
    },
    {
      id: "automation",
      title: t("kpi_automation"),
      value: percent(automation.rate ?? NaN),
      sub: t("kpi_automation_sub", { handed: automation.handed_off, total: automation.conversations }),
      target: t("target_at_least", { value: percent(targets.automation) }),
      state: kpiState(automation.rate, targets.automation, "min"),
    },
    {
      id: "response",
      title: t("kpi_response"),
      value: formatMs(response.p95_ms, t, language),
      sub: t("kpi_response_sub", { p50: formatMs(response.p50_ms, t, language), replies: response.replies }),
      target: t("target_at_most", { value: formatMs(targets.response_p95_ms, t, language) }),
      state: kpiState(response.p95_ms, targets.response_p95_ms, "max"),
    },
    {
      id: "nps",
      title: t("kpi_nps"),
      value: nps.score === null ? "—" : formatNumber(nps.score, language),
      sub: t("kpi_nps_sub", { responses: nps.responses }),
      target: t("target_at_least", { value: targets.nps }),
      state: kpiState(nps.score, targets.nps, "min"),
    },
  ];
  return (
    <div className="grid grid-cols-2 gap-3 xl:grid-cols-4">
      {kpis.map((kpi) => (
        <section
          key={kpi.id}
          data-testid={`kpi-${kpi.id}`}
          data-state={kpi.state}
          className={`rounded-lg border-2 bg-white p-4 shadow-sm dark:bg-slate-900 ${STATE_STYLE[kpi.state]}`}
        >
          <h2 className="text-sm text-slate-500 dark:text-slate-400">{kpi.title}</h2>
          <p data-testid={`kpi-${kpi.id}-value`} className="mt-1 text-2xl font-semibold text-slate-900 dark:text-slate-100">
            {kpi.value}
          </p>
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{kpi.sub}</p>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-xs">
            <span className={`rounded-full px-2 py-0.5 font-medium ${STATE_BADGE[kpi.state]}`}>{t(`state_${kpi.state}`)}</span>
            <span className="text-slate-500 dark:text-slate-400">{kpi.target}</span>
          </div>
        </section>
      ))}
    </div>
  );
}
