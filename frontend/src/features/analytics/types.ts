// The analytics API's shapes are the generated ones (src/lib/api-types.ts); only the page's
// filters (UI state) are hand-written.
import type { operations } from "@/lib/api-schema";
import type { Schemas } from "@/lib/api-types";

export type FunnelStageName = Schemas["FunnelStage"]["stage"];
/** The CSV reports of GET /analytics/export.csv. */
export type Report = NonNullable<NonNullable<operations["export_csv_api_v1_analytics_export_csv_get"]["parameters"]["query"]>["report"]>;

/** GET /api/v1/analytics/summary. */
export type Summary = Schemas["Summary"];
/** A row of GET /api/v1/analytics/daily. */
export type DailyRow = Schemas["DailyRow"];

/** What the page shows: a period (ISO days, both inclusive) and maybe one channel ("" = all). */
export interface AnalyticsFilters {
  from: string;
  to: string;
  /** A channel's code as the server names it (GET /channels); "" for every channel. */
  channel: string;
}
