// The bookings API's shapes are the generated ones (src/lib/api-types.ts); only the page's
// week and switch (UI state) are hand-written.
import type { Schemas } from "@/lib/api-types";

/** A row of GET /api/v1/bookings: a consultation with its conversation, lead and the customer's zone. */
export type Booking = Schemas["BookingOut"];

/** What the page shows, kept in the URL (?week=2026-11-23&cancelled=1). */
export interface BookingFilters {
  /** The week's Monday (yyyy-mm-dd, Moscow). */
  week: string;
  /** Cancelled consultations too. */
  cancelled: boolean;
}
