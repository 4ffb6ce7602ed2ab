// The leads API's shapes are the generated ones (src/lib/api-types.ts). Hand-written here: the
// quote packages the API types as free-form objects, and the list's sorting and filters (UI state).
import type { Schemas } from "@/lib/api-types";

export type LeadStatus = Schemas["LeadStatusIn"]["status"];
export const STATUSES = ["new", "qualified", "brief_completed", "quote_sent", "won", "lost"] as const satisfies readonly LeadStatus[];
export const isLeadStatus = (value: string): value is LeadStatus => (STATUSES as readonly string[]).includes(value);

export type LeadContact = Schemas["LeadContact"];
/** A row of GET /api/v1/leads, and what PATCH /leads/{id} returns. */
export type Lead = Schemas["LeadItem"];

/** A package of a lead's quote: the API types `packages` as free-form objects (the stored quote's). */
export type QuotePackage = Pick<Schemas["PackageOut"], "code" | "name" | "total"> &
  Partial<Pick<Schemas["PackageOut"], "available" | "unavailable_reason">>;

export type QuoteSummary = Omit<Schemas["QuoteSummary"], "packages"> & { packages: QuotePackage[] };
export type LeadDocument = Schemas["DocumentSummary"];
export type TimelineEntry = Schemas["TimelineEntry"];
/** The lead's deal in the CRM (`LeadDetail.crm`); the detail has none while the lead is not there. */
export type CrmState = Schemas["CrmState"];
/** The lead's card on a task tracker (`LeadDetail.trackers`), as the last sync left it. */
export type TrackerCard = Schemas["TrackerCard"];

/** A payment of the lead's quote (`LeadDetail.payments`), and what POST …/payments/invoice returns. */
export type Payment = Schemas["PaymentSummary"];
/** A consultation booked in the lead's conversation (`LeadDetail.bookings`). */
export type LeadBooking = Schemas["BookingSummary"];

/** GET /api/v1/leads/{id}, with the quotes' packages narrowed. */
export type LeadDetail = Omit<Schemas["LeadDetail"], "quotes"> & { quotes: QuoteSummary[] };

export type SortColumn = "updated_at" | "created_at" | "amount" | "status";

/** The list's filters as kept in the URL. */
export interface LeadFilters {
  status?: string;
  channel?: string;
  product?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: string;
  offset?: number;
}
