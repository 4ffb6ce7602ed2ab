// The period (two dates and the 7/30/90-day presets) and the channel.
"use client";

import { ChannelSelect } from "@/components/Channel";
import { Button, TextInput } from "@/components/ui";
import { isoDay } from "@/lib/format";

import { activePreset, PRESETS, presetPeriod } from "./period";
import type { AnalyticsT } from "./texts";
import type { AnalyticsFilters } from "./types";

export function Filters({ filters, onChange, t }: { filters: AnalyticsFilters; onChange: (next: AnalyticsFilters) => void; t: AnalyticsT }) {
  const preset = activePreset(filters);
  const today = isoDay(0);
  const setFrom = (from: string) => from && onChange({ ...filters, from, to: from > filters.to ? from : filters.to });
  const setTo = (to: string) => to && onChange({ ...filters, to, from: to < filters.from ? to : filters.from });
  return (
    <div className="mb-4 flex flex-wrap items-end gap-3" data-testid="analytics-filters">
      <div className="flex rounded-md shadow-sm" role="group">
        {PRESETS.map((days) => (
          <Button
            key={days}
            variant={preset === days ? "primary" : "secondary"}
            aria-pressed={preset === days}
            data-testid={`preset-${days}`}
            className="rounded-none first:rounded-l-md last:rounded-r-md"
            onClick={() => onChange({ ...filters, ...presetPeriod(days) })}
          >
            {t("preset_days", { days })}
          </Button>
        ))}
      </div>
      <div className="w-40">
        <TextInput type="date" label={t("period_from")} value={filters.from} max={today} onChange={(event) => setFrom(event.target.value)} data-testid="period-from" />
      </div>
      <div className="w-40">
        <TextInput type="date" label={t("period_to")} value={filters.to} max={today} onChange={(event) => setTo(event.target.value)} data-testid="period-to" />
      </div>
      <div className="w-44">
        <ChannelSelect
          label={t("channel")}
          allLabel={t("all_channels")}
          value={filters.channel}
          onChange={(event) => onChange({ ...filters, channel: event.target.value })}
          data-testid="channel-filter"
        />
      </div>
    </div>
  );
}
