// The editor's unsaved price list: strings as typed, checked here as the server would, and
// turned back into the API's shape. A field is named `table:key` — `users:1.to`,
// `hosting:hybrid`, `base_prices:ai-manager.optimum` — as in the inputs' data attributes.
import { RANGE_START, RANGE_TABLES, VALUE_TABLES, type PriceEdits, type PriceListData, type RangeRow, type RangeTable, type Table, type ValueTable } from "./types";

export interface DraftRow {
  to: string; // "" on the last row: no upper bound
  multiplier: string;
}

export interface Draft {
  base: Record<string, Record<string, string>>;
  ranges: Record<RangeTable, DraftRow[]>;
  values: Record<ValueTable, Record<string, string>>;
}

export type ClientError = "positive_decimal" | "price" | "to_integer" | "to_order";
export type FieldErrors = Record<string, string>; // field → a server message
export type ClientErrors = Record<string, ClientError>;

export const field = (table: Table | "base_prices", key: string) => `${table}:${key}`;

export function fromData(data: PriceListData): Draft {
  const ranges = {} as Draft["ranges"];
  for (const table of RANGE_TABLES) {
    ranges[table] = data.coefficients[table].map((row) => ({ to: row.to === null ? "" : String(row.to), multiplier: row.multiplier }));
  }
  const values = {} as Draft["values"];
  for (const table of VALUE_TABLES) values[table] = { ...data.coefficients[table] };
  const base: Draft["base"] = {};
  for (const [product, prices] of Object.entries(data.base_prices)) base[product] = { ...prices };
  return { base, ranges, values };
}

const decimal = (text: string) => text.trim().replace(",", ".");
const DECIMAL = /^\d+(\.\d+)?$/;
const PRICE = /^\d+(\.\d{1,2})?$/;

/** Rows of a range table with `from` following the previous row's `to` (no gaps, no overlaps). */
export function rangeRows(table: RangeTable, rows: DraftRow[]): RangeRow[] {
  let from = RANGE_START[table];
  return rows.map((row, index) => {
    const last = index === rows.length - 1;
    const to = last || row.to.trim() === "" ? null : Number(row.to);
    const out = { from, to, multiplier: decimal(row.multiplier) };
    from = to === null || !Number.isFinite(to) ? from : to + 1;
    return out;
  });
}

export function validate(draft: Draft): ClientErrors {
  const errors: ClientErrors = {};
  const multiplier = (name: string, text: string) => {
    const value = decimal(text);
    if (!DECIMAL.test(value) || Number(value) <= 0) errors[name] = "positive_decimal";
  };
  for (const table of RANGE_TABLES) {
    rangeRows(table, draft.ranges[table]).forEach((row, index, rows) => {
      multiplier(field(table, `${index}.multiplier`), draft.ranges[table][index]!.multiplier);
      if (index === rows.length - 1) return;
      const to = draft.ranges[table][index]!.to.trim();
      if (!/^\d+$/.test(to)) errors[field(table, `${index}.to`)] = "to_integer";
      else if (Number(to) < row.from) errors[field(table, `${index}.to`)] = "to_order";
    });
  }
  for (const table of VALUE_TABLES) {
    for (const [key, value] of Object.entries(draft.values[table])) multiplier(field(table, key), value);
  }
  for (const [product, prices] of Object.entries(draft.base)) {
    for (const [pkg, price] of Object.entries(prices)) {
      const value = decimal(price);
      if (!PRICE.test(value) || Number(value) <= 0) errors[field("base_prices", `${product}.${pkg}`)] = "price";
    }
  }
  return errors;
}

export function toEdits(draft: Draft): PriceEdits {
  const coefficients: PriceEdits["coefficients"] = {};
  for (const table of RANGE_TABLES) coefficients[table] = rangeRows(table, draft.ranges[table]);
  for (const table of VALUE_TABLES) {
    coefficients[table] = Object.fromEntries(Object.entries(draft.values[table]).map(([key, value]) => [key, decimal(value)]));
  }
  const base_prices = Object.fromEntries(
    Object.entries(draft.base).map(([product, prices]) => [product, Object.fromEntries(Object.entries(prices).map(([pkg, price]) => [pkg, decimal(price)]))]),
  );
  return { base_prices, coefficients };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
// Built key by key: the stored list comes back from JSONB with its keys reordered.
const normalRows = (rows: RangeRow[]) => rows.map((row) => ({ from: row.from, to: row.to, multiplier: String(Number(row.multiplier)) }));

/** What a save must write: the changed tables and base prices (each is one PUT). */
export function changes(draft: Draft, saved: PriceListData): { tables: Table[]; prices: [string, string][] } {
  const edits = toEdits(draft);
  const tables: Table[] = [];
  for (const table of RANGE_TABLES) {
    if (!same(normalRows(edits.coefficients[table] as RangeRow[]), normalRows(saved.coefficients[table]))) tables.push(table);
  }
  for (const table of VALUE_TABLES) {
    const now = edits.coefficients[table] as Record<string, string>;
    if (Object.keys(now).some((key) => Number(now[key]) !== Number(saved.coefficients[table][key]))) tables.push(table);
  }
  const prices: [string, string][] = [];
  for (const [product, row] of Object.entries(edits.base_prices)) {
    for (const [pkg, price] of Object.entries(row)) {
      if (Number(price) !== Number(saved.base_prices[product]?.[pkg])) prices.push([product, pkg]);
    }
  }
  return { tables, prices };
}

/** The server's 422 details (`[{loc, message}]`) as messages by field. `loc` may start with
 * "body" and "price_list"; range rows are `[…, table, index, "to"]`. */
export function serverErrors(details: unknown, fallback?: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!Array.isArray(details)) return errors;
  for (const detail of details as { loc?: unknown[]; message?: string }[]) {
    const loc = (detail.loc ?? []).filter((part) => part !== "body" && part !== "price_list").map(String);
    const message = detail.message ?? "";
    if (loc[0] === "coefficients" && loc[1]) errors[field(loc[1] as Table, loc.slice(2).join("."))] = message;
    else if (loc[0] === "base_prices" && loc[1]) errors[field("base_prices", loc.slice(1).join("."))] = message;
    else if (fallback) errors[fallback] = message;
  }
  return errors;
}
