// The lead's consultations: when (Moscow time), with whom, confirmed or not; cancelled ones greyed.
"use client";

import { Badge, Card } from "@/components/ui";
import { formatDateTime, formatTime } from "@/lib/format";
import { useT } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { texts } from "./texts";
import type { LeadBooking } from "./types";

function BookingRow({ booking }: { booking: LeadBooking }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const cancelled = booking.status === "cancelled";
  return (
    <li
      className={`border-b border-slate-100 py-2 text-sm last:border-0 dark:border-slate-800 ${cancelled ? "text-slate-400 dark:text-slate-500" : "text-slate-900 dark:text-slate-100"}`}
      data-testid="lead-booking"
      data-status={booking.status}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <span className={cancelled ? "line-through" : "font-medium"}>
          <time dateTime={booking.starts_at}>
            {t("booking_time", { date: formatDateTime(booking.starts_at, language), end: formatTime(booking.ends_at, language) })}
          </time>
          <span className="ml-1 font-normal text-slate-500">{t("booking_moscow")}</span>
        </span>
        {cancelled ? (
          <Badge>{t("booking_cancelled")}</Badge>
        ) : booking.confirmed_at ? (
          <Badge tone="green" title={formatDateTime(booking.confirmed_at, language)}>
            {t("booking_confirmed")}
          </Badge>
        ) : (
          <Badge tone="amber">{t("booking_unconfirmed")}</Badge>
        )}
      </div>
      <p className={`mt-0.5 text-xs ${cancelled ? "" : "text-slate-500 dark:text-slate-400"}`}>{t("booking_manager", { manager: booking.manager })}</p>
    </li>
  );
}

/** «Консультация»: nothing when no consultation was ever booked. */
export function BookingsCard({ bookings }: { bookings: LeadBooking[] }) {
  const t = useT(texts);
  if (bookings.length === 0) return null;
  return (
    <Card title={t("section_booking")}>
      <ul data-testid="lead-bookings">
        {bookings.map((booking) => (
          <BookingRow key={booking.id} booking={booking} />
        ))}
      </ul>
    </Card>
  );
}
