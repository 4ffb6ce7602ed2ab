// The period and channel of the analytics page, kept in the URL (?from=&to=&channel=).
import { isoDay } from "@/lib/format";

import type { AnalyticsFilters } from "./types";

export const PRESETS = [7, 30, 90] as const;
export const DEFAULT_DAYS = 30;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** What a channel code looks like; which channels exist is the server's list (GET /channels). */
const CHANNEL_CODE = /^[a-z][a-z0-9_]{0,31}$/;

/** The last `days` days up to today (Moscow), both ends inclusive. */
export function presetPeriod(days: number, now: Date = new Date()): { from: string; to: string } {
  return { from: isoDay(days - 1, now), to: isoDay(0, now) };
}

/** Filters from the query string; anything missing or malformed falls back to the default. */
export function readFilters(params: URLSearchParams, now: Date = new Date()): AnalyticsFilters {
  const fallback = presetPeriod(DEFAULT_DAYS, now);
  let from = params.get("from") ?? "";
  let to = params.get("to") ?? "";
  if (!ISO_DAY.test(from)) from = fallback.from;
  if (!ISO_DAY.test(to)) to = fallback.to;
  if (from > to) [from, to] = [to, from];
  const channel = params.get("channel") ?? "";
  return { from, to, channel: CHANNEL_CODE.test(channel) ? channel : "" };
}

/** The query of every analytics call: the period, and the channel only when one is chosen. */
export function filtersQuery(filters: AnalyticsFilters) {
  return { from: filters.from, to: filters.to, channel: filters.channel || undefined };
}

/** Which preset the period is, if it is one (ending today). */
export function activePreset(filters: AnalyticsFilters, now: Date = new Date()): number | null {
  return PRESETS.find((days) => {
    const period = presetPeriod(days, now);
    return period.from === filters.from && period.to === filters.to;
  }) ?? null;
}
