// The summary's charts: the funnel, conversion by channel (with its target) and NPS answers.
"use client";

import { Bar, BarChart, CartesianGrid, Cell, LabelList, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { Card, Empty } from "@/components/ui";
import { formatPercent } from "@/lib/format";
import { useChannelLabel } from "@/lib/channels";
import type { Language } from "@/lib/preferences";

import { CHART_HEIGHT, SERIES, useChartTheme } from "./chartTheme";
import type { AnalyticsT } from "./texts";
import type { Summary } from "./types";

/** Each stage with its count and its share of the stage before it. */
export function funnelRows(summary: Summary, t: AnalyticsT, language: Language) {
  return summary.funnel.map((row, index) => {
    const previous = index > 0 ? summary.funnel[index - 1]!.count : null;
    const step = previous ? row.count / previous : null;
    const share = step === null ? "" : ` · ${t("step_of_previous", { share: formatPercent(step, language) })}`;
    return { label: t(`funnel_${row.stage}`), count: row.count, text: `${row.count}${share}` };
  });
}

export function FunnelChart({ summary, t, language }: { summary: Summary; t: AnalyticsT; language: Language }) {
  const theme = useChartTheme();
  const rows = funnelRows(summary, t, language);
  return (
    <Card title={t("chart_funnel")}>
      <div data-testid="chart-funnel" style={{ height: CHART_HEIGHT }}>
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: CHART_HEIGHT }}>
          <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 150 }}>
            <CartesianGrid horizontal={false} stroke={theme.grid} />
            <XAxis type="number" allowDecimals={false} stroke={theme.axis} tick={{ fill: theme.axis, fontSize: 12 }} />
            <YAxis type="category" dataKey="label" width={120} stroke={theme.axis} tick={{ fill: theme.axis, fontSize: 12 }} />
            <Tooltip contentStyle={theme.tooltip} cursor={{ fill: theme.cursor }} />
            <Bar dataKey="count" name={t("conversations")} fill={SERIES.brand} radius={[0, 4, 4, 0]} isAnimationActive={false}>
              <LabelList dataKey="text" position="right" fill={theme.label} fontSize={12} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}

export function ChannelChart({ summary, t, language }: { summary: Summary; t: AnalyticsT; language: Language }) {
  const theme = useChartTheme();
  const channelLabel = useChannelLabel();
  const rows = summary.channels.map((row) => ({
    label: channelLabel(row.channel),
    rate: row.rate === null ? 0 : Math.round(row.rate * 1000) / 10,
    leads: row.leads,
    applications: row.applications,
  }));
  const target = Math.round(summary.targets.conversion * 1000) / 10;
  const top = Math.max(target, ...rows.map((row) => row.rate)) * 1.15;
  return (
    <Card title={t("chart_channels")}>
      {rows.length === 0 ? (
        <Empty />
      ) : (
        <div data-testid="chart-channels" style={{ height: CHART_HEIGHT }}>
          <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 500, height: CHART_HEIGHT }}>
            <BarChart data={rows} margin={{ top: 16, right: 16 }}>
              <CartesianGrid vertical={false} stroke={theme.grid} />
              <XAxis dataKey="label" stroke={theme.axis} tick={{ fill: theme.axis, fontSize: 12 }} />
              <YAxis unit=" %" domain={[0, Math.ceil(top)]} stroke={theme.axis} tick={{ fill: theme.axis, fontSize: 12 }} />
              <Tooltip
                contentStyle={theme.tooltip}
                cursor={{ fill: theme.cursor }}
                formatter={(value) => formatPercent(Number(value) / 100, language)}
              />
              <Bar dataKey="rate" name={t("conversion_rate")} fill={SERIES.brand} radius={[4, 4, 0, 0]} isAnimationActive={false} />
              <ReferenceLine
                y={target}
                stroke={SERIES.target}
                strokeDasharray="6 4"
                label={{ value: t("target", { value: formatPercent(summary.targets.conversion, language) }), fill: SERIES.target, fontSize: 12, position: "insideTopRight" }}
              />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </Card>
  );
}

export function NpsChart({ summary, t }: { summary: Summary; t: AnalyticsT }) {
  const theme = useChartTheme();
  const { nps } = summary;
  const rows = [
    { label: t("promoters"), count: nps.promoters, color: SERIES.promoters },
    { label: t("passives"), count: nps.passives, color: SERIES.passives },
    { label: t("detractors"), count: nps.detractors, color: SERIES.detractors },
  ];
  return (
    <Card title={t("chart_nps")}>
      {nps.responses === 0 ? (
        <Empty>{t("no_answers")}</Empty>
      ) : (
        <div data-testid="chart-nps" style={{ height: CHART_HEIGHT }}>
          <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 500, height: CHART_HEIGHT }}>
            <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 40 }}>
              <CartesianGrid horizontal={false} stroke={theme.grid} />
              <XAxis type="number" allowDecimals={false} stroke={theme.axis} tick={{ fill: theme.axis, fontSize: 12 }} />
              <YAxis type="category" dataKey="label" width={130} stroke={theme.axis} tick={{ fill: theme.axis, fontSize: 12 }} />
              <Tooltip contentStyle={theme.tooltip} cursor={{ fill: theme.cursor }} />
              <Bar dataKey="count" radius={[0, 4, 4, 0]} isAnimationActive={false}>
                {rows.map((row) => (
                  <Cell key={row.label} fill={row.color} />
                ))}
                <LabelList dataKey="count" position="right" fill={theme.label} fontSize={12} />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </Card>
  );
}
