// The editable grids: base prices (product × package) and the five coefficient tables.
"use client";

import { Button } from "@/components/ui";
import { useT } from "@/lib/i18n";

import { field, rangeRows, type Draft, type DraftRow } from "./draft";
import { texts } from "./texts";
import { RANGE_TABLES, VALUE_TABLES, type PriceListData, type RangeTable, type ValueTable } from "./types";

type ErrorFor = (name: string) => string | undefined;

interface Props {
  draft: Draft;
  data: PriceListData;
  onChange?: (draft: Draft) => void; // absent: read only
  errorFor?: ErrorFor;
}

const CELL =
  "w-full min-w-[5rem] rounded border border-slate-300 bg-white px-2 py-1 text-right text-sm tabular-nums text-slate-900 focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 disabled:border-transparent disabled:bg-transparent dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:disabled:bg-transparent";

function Cell({ table, name, value, onChange, error, label, testId = "pricing-coef-input" }: { table: string; name: string; value: string; onChange?: (value: string) => void; error?: string; label: string; testId?: string }) {
  return (
    <div>
      <input
        className={`${CELL} ${error ? "border-red-500 dark:border-red-500" : ""}`}
        inputMode="decimal"
        aria-label={label}
        aria-invalid={error ? true : undefined}
        data-testid={testId}
        data-table={table}
        data-key={name}
        value={value}
        disabled={!onChange}
        onChange={(event) => onChange?.(event.target.value)}
      />
      {error && (
        <p role="alert" data-testid="pricing-field-error" data-field={field(table as RangeTable, name)} className="mt-0.5 text-left text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}

export function BasePriceGrid({ draft, data, onChange, errorFor }: Props) {
  const t = useT(texts);
  const set = (product: string, pkg: string, value: string) =>
    onChange?.({ ...draft, base: { ...draft.base, [product]: { ...draft.base[product], [pkg]: value } } });
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="text-left text-xs uppercase text-slate-500">
          <tr>
            <th className="py-1 pr-2 font-medium">{t("col_product")}</th>
            {data.packages.map((pkg) => (
              <th key={pkg.code} className="px-1 py-1 text-right font-medium">{pkg.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.products.map((product) => (
            <tr key={product.code} className="border-t border-slate-100 align-top dark:border-slate-800">
              <td className="py-1.5 pr-2 text-slate-800 dark:text-slate-100">{product.name}</td>
              {data.packages.map((pkg) => (
                <td key={pkg.code} className="px-1 py-1">
                  <Cell
                    table="base_prices"
                    name={`${product.code}.${pkg.code}`}
                    testId="pricing-base-input"
                    label={`${product.name} · ${pkg.name}`}
                    value={draft.base[product.code]?.[pkg.code] ?? ""}
                    error={errorFor?.(field("base_prices", `${product.code}.${pkg.code}`))}
                    onChange={onChange && ((value) => set(product.code, pkg.code, value))}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RangeEditor({ table, draft, onChange, errorFor }: { table: RangeTable } & Omit<Props, "data">) {
  const t = useT(texts);
  const rows = draft.ranges[table];
  const computed = rangeRows(table, rows);
  const write = (next: DraftRow[]) => onChange?.({ ...draft, ranges: { ...draft.ranges, [table]: next } });
  const set = (index: number, change: Partial<DraftRow>) => write(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const add = () => {
    // A new open row after the last: the old last row gets an end one above its start.
    const lastFrom = computed[computed.length - 1]?.from ?? 0;
    write([...rows.slice(0, -1), { ...rows[rows.length - 1]!, to: String(lastFrom) }, { to: "", multiplier: rows[rows.length - 1]?.multiplier ?? "1" }]);
  };
  const remove = (index: number) => write(rows.filter((_, i) => i !== index).map((row, i, all) => (i === all.length - 1 ? { ...row, to: "" } : row)));
  return (
    <table className="w-full text-sm">
      <thead className="text-left text-xs uppercase text-slate-500">
        <tr>
          <th className="py-1 font-medium">{t("col_from")}</th>
          <th className="px-1 py-1 font-medium">{t("col_to")}</th>
          <th className="px-1 py-1 text-right font-medium">{t("col_multiplier")}</th>
          {onChange && <th />}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => {
          const last = index === rows.length - 1;
          return (
            <tr key={index} className="border-t border-slate-100 align-top dark:border-slate-800">
              <td className="py-2 tabular-nums text-slate-700 dark:text-slate-300">{computed[index]?.from}</td>
              <td className="px-1 py-1">
                {last ? (
                  <span className="block py-1 text-slate-500">{t("open_end")}</span>
                ) : (
                  <Cell table={table} name={`${index}.to`} label={`${t(`table_${table}`)} · ${t("col_to")} ${index + 1}`} value={row.to} error={errorFor?.(field(table, `${index}.to`)) ?? errorFor?.(field(table, `${index}.from`))} onChange={onChange && ((to) => set(index, { to }))} />
                )}
              </td>
              <td className="px-1 py-1">
                <Cell table={table} name={`${index}.multiplier`} label={`${t(`table_${table}`)} · ${t("col_multiplier")} ${index + 1}`} value={row.multiplier} error={errorFor?.(field(table, `${index}.multiplier`)) ?? errorFor?.(field(table, `${index}`))} onChange={onChange && ((multiplier) => set(index, { multiplier }))} />
              </td>
              {onChange && (
                <td className="py-1 pl-1">
                  {rows.length > 1 && (
                    <Button variant="ghost" aria-label={t("remove_row")} title={t("remove_row")} onClick={() => remove(index)}>
                      ×
                    </Button>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
      {onChange && (
        <tfoot>
          <tr>
            <td colSpan={4} className="pt-1">
              <Button variant="ghost" onClick={add} data-testid={`pricing-add-row-${table}`}>
                + {t("add_row")}
              </Button>
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}

function ValueEditor({ table, draft, onChange, errorFor }: { table: ValueTable } & Omit<Props, "data">) {
  const t = useT(texts);
  const values = draft.values[table];
  const set = (key: string, value: string) => onChange?.({ ...draft, values: { ...draft.values, [table]: { ...values, [key]: value } } });
  return (
    <table className="w-full text-sm">
      <tbody>
        {Object.entries(values).map(([key, value]) => {
          const label = t(`${table}_${key}` as Parameters<typeof t>[0]);
          return (
            <tr key={key} className="border-t border-slate-100 align-top first:border-t-0 dark:border-slate-800">
              <td className="py-2 pr-2 text-slate-700 dark:text-slate-300">{label}</td>
              <td className="py-1">
                <Cell table={table} name={key} label={`${t(`table_${table}`)} · ${label}`} value={value} error={errorFor?.(field(table, key))} onChange={onChange && ((next) => set(key, next))} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function TableError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
      {message}
    </p>
  );
}

export function CoefficientTables(props: Props) {
  const t = useT(texts);
  return (
    <div className="grid grid-cols-[repeat(auto-fill,minmax(17rem,1fr))] gap-4">
      {RANGE_TABLES.map((table) => (
        <section key={table} data-testid={`pricing-table-${table}`} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
          <h3 className="mb-1 text-sm font-semibold text-slate-700 dark:text-slate-200">{t(`table_${table}`)}</h3>
          <RangeEditor table={table} {...props} />
          <TableError message={props.errorFor?.(field(table, ""))} />
        </section>
      ))}
      {VALUE_TABLES.map((table) => (
        <section key={table} data-testid={`pricing-table-${table}`} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
          <h3 className="mb-1 text-sm font-semibold text-slate-700 dark:text-slate-200">{t(`table_${table}`)}</h3>
          <ValueEditor table={table} {...props} />
          <TableError message={props.errorFor?.(field(table, ""))} />
        </section>
      ))}
    </div>
  );
}
