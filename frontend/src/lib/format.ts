// How numbers, money and times read for people: Russian formats, Moscow time by default.
import type { Language } from "@/lib/preferences";

export const TIME_ZONE = "Europe/Moscow";

const locale = (language: Language): string => (language === "en" ? "en-GB" : "ru-RU");

/** Money arrives as a decimal string ("125000.00"); it is shown, never computed, here. */
export function formatMoney(value: string | number | null | undefined, language: Language = "ru"): string {
  if (value === null || value === undefined || value === "") return "—";
  const amount = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(amount)) return String(value);
  return new Intl.NumberFormat(locale(language), {
    style: "currency",
    currency: "RUB",
    maximumFractionDigits: amount % 1 === 0 ? 0 : 2,
  }).format(amount);
}

export function formatNumber(value: number | null | undefined, language: Language = "ru"): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(locale(language)).format(value);
}

export function formatPercent(share: number | null | undefined, language: Language = "ru"): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "—";
  return new Intl.NumberFormat(locale(language), { style: "percent", maximumFractionDigits: 1 }).format(share);
}

export function formatDateTime(iso: string | null | undefined, language: Language = "ru"): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale(language), {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined, language: Language = "ru"): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale(language), {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(new Date(iso));
}

/** "14:05": the time of day in Moscow, or in another IANA zone (a customer's); throws a
 * RangeError for a zone the browser does not know. */
export function formatTime(iso: string | null | undefined, language: Language = "ru", timeZone: string = TIME_ZONE): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale(language), { timeZone, hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

/** "14:05" for today, "20.11" for this year, the full date otherwise: for dense lists. */
export function formatShortTime(iso: string, now: Date = new Date(), language: Language = "ru"): string {
  const date = new Date(iso);
  const day = (value: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(value);
  if (day(date) === day(now)) {
    return new Intl.DateTimeFormat(locale(language), { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit" }).format(date);
  }
  const sameYear = day(date).slice(0, 4) === day(now).slice(0, 4);
  return new Intl.DateTimeFormat(locale(language), {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    ...(sameYear ? {} : { year: "numeric" }),
  }).format(date);
}

/** An ISO date (yyyy-mm-dd) in Moscow, `daysAgo` days before `now`: the period pickers' default. */
export function isoDay(daysAgo = 0, now: Date = new Date()): string {
  const shifted = new Date(now.getTime() - daysAgo * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(shifted);
}
