// The period's payments: roubles paid (YooKassa and invoices), how many, the average.
"use client";

import { formatMoney } from "@/lib/format";
import type { Language } from "@/lib/preferences";

import type { AnalyticsT } from "./texts";
import type { Summary } from "./types";

export function RevenueCard({ summary, t, language }: { summary: Summary; t: AnalyticsT; language: Language }) {
  const { paid, payments, average } = summary.revenue;
  return (
    <section
      data-testid="revenue"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900"
    >
      <h2 className="text-sm text-slate-500 dark:text-slate-400">{t("revenue")}</h2>
      <p data-testid="revenue-paid" className="mt-1 text-2xl font-semibold text-slate-900 dark:text-slate-100">
        {formatMoney(paid, language)}
      </p>
      <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
        {payments === 0
          ? t("revenue_none")
          : t("revenue_sub", { payments, average: formatMoney(average ?? "0", language) })}
      </p>
    </section>
  );
}
