// Consultations: a week at a time (Monday to Sunday, Moscow time), grouped by day; the week
// and the «show cancelled» switch are kept in the URL (?week=2026-11-23&cancelled=1).
"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

import { Button, Empty, ErrorNotice, PageHeader, Spinner } from "@/components/ui";
import { withQuery } from "@/lib/api";
import { formatDate } from "@/lib/format";
import { useT } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { useBookings } from "./api";
import { BookingList } from "./BookingList";
import { texts } from "./texts";
import type { BookingFilters } from "./types";
import { addDays, currentWeek, filtersParams, readFilters, weekDays } from "./week";

function useUrlFilters(): [BookingFilters, (next: BookingFilters) => void] {
  const params = useSearchParams();
  const search = params.toString();
  const [filters, setFilters] = useState(() => readFilters(new URLSearchParams(search)));
  // Back and forward change the URL: follow it.
  useEffect(() => setFilters(readFilters(new URLSearchParams(search))), [search]);
  const change = (next: BookingFilters) => {
    setFilters(next);
    window.history.replaceState(null, "", withQuery(window.location.pathname, filtersParams(next)));
  };
  return [filters, change];
}

export function BookingsPage() {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const [filters, setFilters] = useUrlFilters();
  const bookings = useBookings(filters);
  const { first, last } = weekDays(filters.week);
  const thisWeek = currentWeek();
  const goTo = (week: string) => setFilters({ ...filters, week });

  const cancelledSwitch = (
    <label className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-300">
      <input type="checkbox" checked={filters.cancelled} onChange={(event) => setFilters({ ...filters, cancelled: event.target.checked })} data-testid="bookings-show-cancelled" />
      {t("show_cancelled")}
    </label>
  );

  return (
    <div>
      <PageHeader title={t("nav_bookings")} actions={cancelledSwitch} />
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="text-base font-medium text-slate-900 dark:text-slate-100" data-testid="bookings-week">
            {t("week_title", { first: formatDate(first, language), last: formatDate(last, language) })}
          </p>
          <p className="text-xs text-slate-500 dark:text-slate-400">{t("moscow_time")}</p>
        </div>
        <div className="flex flex-wrap items-center gap-2" role="group">
          <Button onClick={() => goTo(addDays(filters.week, -7))} data-testid="bookings-previous">
            ← {t("previous_week")}
          </Button>
          <Button variant={filters.week === thisWeek ? "primary" : "secondary"} aria-pressed={filters.week === thisWeek} onClick={() => goTo(thisWeek)} data-testid="bookings-today">
            {t("today")}
          </Button>
          <Button onClick={() => goTo(addDays(filters.week, 7))} data-testid="bookings-next">
            {t("next_week")} →
          </Button>
        </div>
      </div>
      {bookings.isPending ? (
        <Spinner />
      ) : bookings.isError ? (
        <ErrorNotice error={bookings.error} onRetry={() => void bookings.refetch()} />
      ) : bookings.data.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 dark:border-slate-700" data-testid="bookings-empty">
          <Empty>{t("empty_week")}</Empty>
        </div>
      ) : (
        <BookingList bookings={bookings.data} />
      )}
    </div>
  );
}
