// The daily charts: messages by author (stacked) and hand-offs with the day's automation.
"use client";

import { Area, AreaChart, Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { Card } from "@/components/ui";
import { formatPercent } from "@/lib/format";
import type { Language } from "@/lib/preferences";

import { CHART_HEIGHT, SERIES, useChartTheme } from "./chartTheme";
import type { AnalyticsT } from "./texts";
import type { DailyRow } from "./types";

/** "2026-11-20" → "20.11" (the days are already Moscow days). */
export const shortDay = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}`;

/** The share of the day's conversations never handed off, in percent; null on a day without any. */
export function dailyAutomation(row: DailyRow): number | null {
  if (row.conversations === 0) return null;
  return Math.round(Math.max(0, 1 - row.handoffs / row.conversations) * 1000) / 10;
}

export function MessagesChart({ rows, t }: { rows: DailyRow[]; t: AnalyticsT }) {
  const theme = useChartTheme();
  const data = rows.map((row) => ({ ...row, label: shortDay(row.day) }));
  return (
    <Card title={t("chart_messages")}>
      <div data-testid="chart-messages" style={{ height: CHART_HEIGHT }}>
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: CHART_HEIGHT }}>
          <AreaChart data={data} margin={{ top: 8, right: 16 }}>
            <CartesianGrid vertical={false} stroke={theme.grid} />
            <XAxis dataKey="label" stroke={theme.axis} tick={{ fill: theme.axis, fontSize: 12 }} minTickGap={16} />
            <YAxis allowDecimals={false} stroke={theme.axis} tick={{ fill: theme.axis, fontSize: 12 }} />
            <Tooltip contentStyle={theme.tooltip} />
            <Legend wrapperStyle={{ fontSize: 12, color: theme.axis }} />
            <Area type="monotone" stackId="messages" dataKey="customer" name={t("author_customer")} stroke={SERIES.customer} fill={SERIES.customer} fillOpacity={0.35} isAnimationActive={false} />
            <Area type="monotone" stackId="messages" dataKey="bot" name={t("author_bot")} stroke={SERIES.bot} fill={SERIES.bot} fillOpacity={0.35} isAnimationActive={false} />
            <Area type="monotone" stackId="messages" dataKey="manager" name={t("author_manager")} stroke={SERIES.manager} fill={SERIES.manager} fillOpacity={0.35} isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}

export function HandoffsChart({ rows, target, t, language }: { rows: DailyRow[]; target: number; t: AnalyticsT; language: Language }) {
  const theme = useChartTheme();
  const data = rows.map((row) => ({ label: shortDay(row.day), handoffs: row.handoffs, automation: dailyAutomation(row) }));
  return (
    <Card title={t("chart_handoffs")}>
      <div data-testid="chart-handoffs" style={{ height: CHART_HEIGHT }}>
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: CHART_HEIGHT }}>
          <ComposedChart data={data} margin={{ top: 8, right: 8 }}>
            <CartesianGrid vertical={false} stroke={theme.grid} />
            <XAxis dataKey="label" stroke={theme.axis} tick={{ fill: theme.axis, fontSize: 12 }} minTickGap={16} />
            <YAxis yAxisId="count" allowDecimals={false} stroke={theme.axis} tick={{ fill: theme.axis, fontSize: 12 }} />
            <YAxis yAxisId="rate" orientation="right" unit=" %" domain={[0, 100]} stroke={theme.axis} tick={{ fill: theme.axis, fontSize: 12 }} />
            <Tooltip
              contentStyle={theme.tooltip}
              formatter={(value, name) => (name === t("automation_rate") && value !== null ? formatPercent(Number(value) / 100, language) : value)}
            />
            <Legend wrapperStyle={{ fontSize: 12, color: theme.axis }} />
            <Bar yAxisId="count" dataKey="handoffs" name={t("handoffs")} fill={SERIES.handoffs} radius={[3, 3, 0, 0]} isAnimationActive={false} />
            <Line yAxisId="rate" type="monotone" dataKey="automation" name={t("automation_rate")} stroke={SERIES.automation} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
            <ReferenceLine
              yAxisId="rate"
              y={Math.round(target * 1000) / 10}
              stroke={SERIES.target}
              strokeDasharray="6 4"
              label={{ value: t("target", { value: formatPercent(target, language) }), fill: SERIES.target, fontSize: 12, position: "insideBottomRight" }}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}
