// One week's consultations, day by day: the time (Moscow), whether the customer confirmed,
// the manager, the customer's own time when they live elsewhere, and links to the lead and chat.
"use client";

import Link from "next/link";

import { Icon } from "@/components/Icon";
import { Badge } from "@/components/ui";
import { formatTime, isoDay, TIME_ZONE } from "@/lib/format";
import { useT } from "@/lib/i18n";
import { usePreferences, type Language } from "@/lib/preferences";

import { texts } from "./texts";
import type { Booking } from "./types";
import { dayTitle, groupByDay } from "./week";

const LINK = "inline-flex items-center gap-1 text-brand-700 hover:underline dark:text-blue-300";

/** The start in the customer's own zone, when it is not Moscow (and the browser knows the zone). */
export function customerTime(booking: Booking, language: Language = "ru"): string | null {
  if (!booking.customer_zone || booking.customer_zone === TIME_ZONE) return null;
  try {
    return formatTime(booking.starts_at, language, booking.customer_zone);
  } catch {
    return null; // a zone name this browser does not know
  }
}

function BookingRow({ booking }: { booking: Booking }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const cancelled = booking.status === "cancelled";
  const theirs = customerTime(booking, language);
  return (
    <li
      className={`flex flex-wrap items-center gap-x-4 gap-y-1 py-2 text-sm ${cancelled ? "text-slate-400 dark:text-slate-500" : "text-slate-900 dark:text-slate-100"}`}
      data-testid="booking"
      data-status={booking.status}
    >
      <time dateTime={booking.starts_at} className={`w-28 font-medium tabular-nums ${cancelled ? "line-through" : ""}`} data-testid="booking-time">
        {formatTime(booking.starts_at, language)}–{formatTime(booking.ends_at, language)}
      </time>
      {cancelled ? (
        <Badge>{t("cancelled")}</Badge>
      ) : booking.confirmed_at ? (
        <Badge tone="green">{t("confirmed")}</Badge>
      ) : (
        <Badge tone="amber">{t("unconfirmed")}</Badge>
      )}
      <span className="inline-flex min-w-0 items-center gap-1 break-all">
        <Icon name="user" className="h-3.5 w-3.5 text-slate-400" />
        {t("manager", { manager: booking.manager })}
      </span>
      {theirs && (
        <span className="text-xs text-slate-500 dark:text-slate-400" data-testid="booking-customer-time">
          {t("customer_time", { time: theirs, zone: booking.customer_zone })}
        </span>
      )}
      <span className="ml-auto flex flex-wrap items-center gap-3">
        {booking.lead_id && (
          <Link href={`/leads/view/?id=${booking.lead_id}`} className={LINK} data-testid="booking-lead">
            <Icon name="user" className="h-3.5 w-3.5" />
            {t("open_lead")}
          </Link>
        )}
        <Link href={`/inbox/?c=${booking.conversation_id}`} className={LINK} data-testid="booking-conversation">
          <Icon name="chat" className="h-3.5 w-3.5" />
          {t("open_conversation")}
        </Link>
      </span>
    </li>
  );
}

export function BookingList({ bookings }: { bookings: Booking[] }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const today = isoDay(0);
  return (
    <div className="space-y-4">
      {groupByDay(bookings).map(([day, items]) => (
        <section
          key={day}
          className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900"
          data-testid="bookings-day"
          data-day={day}
        >
          <h2 className="mb-1 flex items-center gap-2 text-sm font-semibold text-slate-700 dark:text-slate-200" data-testid="bookings-day-title">
            {dayTitle(day, language)}
            {day === today && <Badge tone="blue">{t("today_mark")}</Badge>}
          </h2>
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {items.map((booking) => (
              <BookingRow key={booking.id} booking={booking} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
