// The pricing API's shapes are the generated ones (src/lib/api-types.ts). Hand-written here: the
// price list's `data` and the preview's edits, which the API types as free-form objects, and the
// editor's table names (UI).
import type { Schemas } from "@/lib/api-types";

export type RangeTable = "users" | "integrations" | "deadline";
export type ValueTable = "hosting" | "sla";
export type Table = RangeTable | ValueTable;

export const RANGE_TABLES: RangeTable[] = ["users", "integrations", "deadline"];
export const VALUE_TABLES: ValueTable[] = ["hosting", "sla"];
/** The smallest valid input of each range table: its first row starts there. */
export const RANGE_START: Record<RangeTable, number> = { users: 1, integrations: 0, deadline: 0 };
export const HOSTING = ["cloud", "hybrid", "onprem"] as const satisfies readonly Schemas["Hosting"][];
export const SLA = ["standard", "99.5", "99.9"] as const satisfies readonly Schemas["Sla"][];

/** A row of a range table in the stored price list (multipliers as decimal strings). */
export interface RangeRow {
  from: number;
  to: number | null;
  multiplier: string;
}

/** The price list itself: the API types `PriceListOut.data` as a free-form object (stored JSON). */
export interface PriceListData {
  validity_days?: number;
  products: { code: string; name: string; description?: string }[];
  packages: { code: string; name: string }[];
  base_prices: Record<string, Record<string, string>>;
  coefficients: Record<RangeTable, RangeRow[]> & Record<ValueTable, Record<string, string>>;
}

/** GET /api/v1/admin/pricing (and a version, and what a PUT returns), with `data` narrowed. */
export type PriceListOut = Omit<Schemas["PriceListOut"], "data"> & { data: PriceListData };
export type PriceVersion = Schemas["PriceListVersionOut"];

/** The editable part sent to the preview: the API types `PriceListEdits` as free-form objects. */
export interface PriceEdits {
  base_prices: Record<string, Record<string, string>>;
  coefficients: Record<string, RangeRow[] | Record<string, string>>;
}

export type QuoteRequest = Schemas["QuoteRequest"];
export type PackageQuote = Schemas["PackageOut"];
/** POST /api/v1/admin/pricing/preview. */
export type QuoteResult = Schemas["QuoteResultOut"];
