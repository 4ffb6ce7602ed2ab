// The week the consultations page shows: Monday to Sunday in Moscow time, and how it travels
// between the URL (?week=&cancelled=) and the API (?from=&to= as moments with an offset).
import type { Query } from "@/lib/api";
import { isoDay, TIME_ZONE } from "@/lib/format";
import type { Language } from "@/lib/preferences";

import type { Booking, BookingFilters } from "./types";

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Moscow has kept UTC+3 all year round since 2014, so its midnight is always at this offset. */
export const MOSCOW_OFFSET = "+03:00";

/** A yyyy-mm-dd day `days` days later (or earlier): calendar arithmetic on the date alone. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The Monday of the week that holds `day`. */
export function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

/** The Monday of this week in Moscow. */
export const currentWeek = (now: Date = new Date()): string => mondayOf(isoDay(0, now));

/** The page's week and switch from the query string; a missing or malformed week is this one. */
export function readFilters(params: URLSearchParams, now: Date = new Date()): BookingFilters {
  const week = params.get("week") ?? "";
  const valid = ISO_DAY.test(week) && !Number.isNaN(Date.parse(`${week}T00:00:00Z`));
  return { week: valid ? mondayOf(week) : currentWeek(now), cancelled: params.get("cancelled") === "1" };
}

/** The URL's query for these filters: the switch only when it is on. */
export function filtersParams(filters: BookingFilters): Query {
  return { week: filters.week, cancelled: filters.cancelled ? 1 : undefined };
}

/** GET /bookings's query: from Monday's midnight to the next Monday's, Moscow time. */
export function weekQuery(filters: BookingFilters): Query {
  return {
    from: `${filters.week}T00:00:00${MOSCOW_OFFSET}`,
    to: `${addDays(filters.week, 7)}T00:00:00${MOSCOW_OFFSET}`,
    cancelled: filters.cancelled,
  };
}

/** The Moscow day a moment falls on (yyyy-mm-dd). */
export const moscowDay = (iso: string): string => isoDay(0, new Date(iso));

/** Bookings by their Moscow day, the days and the bookings in order of time. */
export function groupByDay(bookings: Booking[]): [string, Booking[]][] {
  const days = new Map<string, Booking[]>();
  const sorted = [...bookings].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  for (const booking of sorted) {
    const day = moscowDay(booking.starts_at);
    days.set(day, [...(days.get(day) ?? []), booking]);
  }
  return [...days.entries()];
}

const locale = (language: Language): string => (language === "en" ? "en-GB" : "ru-RU");
const noon = (day: string) => new Date(`${day}T12:00:00${MOSCOW_OFFSET}`);

/** «Понедельник, 23 ноября» / "Monday, 23 November". */
export function dayTitle(day: string, language: Language = "ru"): string {
  const text = new Intl.DateTimeFormat(locale(language), { timeZone: TIME_ZONE, weekday: "long", day: "numeric", month: "long" }).format(noon(day));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The week as the header shows it: its Monday and Sunday, as dates elsewhere read. */
export function weekDays(week: string): { first: string; last: string } {
  return { first: noon(week).toISOString(), last: noon(addDays(week, 6)).toISOString() };
}
