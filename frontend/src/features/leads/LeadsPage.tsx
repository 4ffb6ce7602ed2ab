// The leads table: filters, search, sorting and paging kept in the URL, status changed in
// place, CSV export of what the filters select.
"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { ChannelBadge, ChannelSelect } from "@/components/Channel";
import { Icon } from "@/components/Icon";
import { Button, ErrorNotice, PageHeader, Pagination, Select, Spinner, TextInput } from "@/components/ui";
import { errorMessage } from "@/lib/api";
import { formatDateTime, formatMoney } from "@/lib/format";
import { useT } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { DEFAULT_SORT, exportLeads, filtersFromParams, nextSort, PAGE_SIZE, paramsFromFilters, useLeads } from "./api";
import { StatusSelect } from "./StatusSelect";
import { PRODUCTS, texts, type LeadsText } from "./texts";
import { STATUSES, type Lead, type LeadFilters, type SortColumn } from "./types";

export const SEARCH_DELAY_MS = 400;

const COLUMNS: { key: LeadsText; sort?: SortColumn; className?: string }[] = [
  { key: "col_contact" },
  { key: "col_channel" },
  { key: "col_product", className: "hidden lg:table-cell" },
  { key: "col_status", sort: "status" },
  { key: "col_amount", sort: "amount", className: "text-right" },
  { key: "col_created", sort: "created_at", className: "hidden lg:table-cell" },
  { key: "col_updated", sort: "updated_at" },
];

function ContactCell({ lead }: { lead: Lead }) {
  const t = useT(texts);
  const contact = lead.contact;
  return (
    <div className="min-w-0">
      <Link href={`/leads/view/?id=${lead.id}`} className="font-medium text-brand-700 hover:underline dark:text-blue-300" data-testid="lead-link">
        {contact?.name || t("no_name")}
      </Link>
      {contact?.phone && <p className="text-xs text-slate-500 dark:text-slate-400">{contact.phone}</p>}
      {contact?.email && <p className="break-all text-xs text-slate-500 dark:text-slate-400">{contact.email}</p>}
    </div>
  );
}

export function LeadsView({ filters, onChange }: { filters: LeadFilters; onChange: (filters: LeadFilters) => void }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const leads = useLeads(filters);
  const [search, setSearch] = useState(filters.q ?? "");
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);

  // The search the box last sent: when the URL's differs (the back button), the box follows.
  const sent = useRef(filters.q ?? "");
  useEffect(() => {
    const q = filters.q ?? "";
    if (q === sent.current) return;
    sent.current = q;
    setSearch(q);
  }, [filters.q]);
  useEffect(() => {
    const value = search.trim();
    if (value === (filters.q ?? "")) return;
    const timer = setTimeout(() => {
      sent.current = value;
      onChange({ ...filters, q: value || undefined, offset: undefined });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, filters, onChange]);

  const set = (patch: LeadFilters) => onChange({ ...filters, ...patch, offset: undefined });
  const sort = filters.sort ?? DEFAULT_SORT;
  const runExport = () => {
    setExporting(true);
    setExportError(null);
    exportLeads(filters)
      .catch(setExportError)
      .finally(() => setExporting(false));
  };
  const anyFilter = Boolean(filters.status || filters.channel || filters.product || filters.from || filters.to || filters.q);

  return (
    <div>
      <PageHeader
        title={t("nav_leads")}
        actions={
          <Button onClick={runExport} busy={exporting} data-testid="leads-export">
            <Icon name="download" />
            {t("export_csv")}
          </Button>
        }
      />
      {exportError ? (
        <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-300">
          {t("export_failed")}: {errorMessage(exportError)}
        </p>
      ) : null}
      <div className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900 lg:grid-cols-6">
        <div className="col-span-2">
          <TextInput
            type="search"
            label={t("search")}
            data-testid="leads-search"
            placeholder={t("search_placeholder")}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            aria-describedby="leads-search-hint"
          />
          <p id="leads-search-hint" className="mt-1 text-xs text-slate-500 dark:text-slate-400" data-testid="leads-search-hint">
            {t("search_hint")}
          </p>
        </div>
        <Select label={t("filter_status")} value={filters.status ?? ""} onChange={(e) => set({ status: e.target.value || undefined })} data-testid="leads-filter-status">
          <option value="">{t("all")}</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`status_${status}`)}
            </option>
          ))}
        </Select>
        <ChannelSelect
          label={t("filter_channel")}
          allLabel={t("all")}
          value={filters.channel ?? ""}
          onChange={(e) => set({ channel: e.target.value || undefined })}
          data-testid="leads-filter-channel"
        />
        <Select label={t("filter_product")} value={filters.product ?? ""} onChange={(e) => set({ product: e.target.value || undefined })} data-testid="leads-filter-product">
          <option value="">{t("all")}</option>
          {PRODUCTS.map((product) => (
            <option key={product} value={product}>
              {t(`product_${product}`)}
            </option>
          ))}
        </Select>
        <div className="grid grid-cols-2 gap-2">
          <TextInput type="date" label={t("period_from")} value={filters.from ?? ""} max={filters.to} onChange={(e) => set({ from: e.target.value || undefined })} data-testid="leads-filter-from" />
          <TextInput type="date" label={t("period_to")} value={filters.to ?? ""} min={filters.from} onChange={(e) => set({ to: e.target.value || undefined })} data-testid="leads-filter-to" />
        </div>
        {anyFilter && (
          <div className="col-span-2 lg:col-span-6">
            <Button
              variant="ghost"
              onClick={() => {
                setSearch("");
                onChange({ sort: filters.sort });
              }}
              data-testid="leads-reset"
            >
              <Icon name="close" />
              {t("reset")}
            </Button>
          </div>
        )}
      </div>

      {leads.isError ? (
        <ErrorNotice error={leads.error} onRetry={() => void leads.refetch()} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900">
          <table className="w-full min-w-[34rem] text-left text-sm" data-testid="leads-table" aria-busy={leads.isFetching || undefined}>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-400">
              <tr>
                {COLUMNS.map((column) => {
                  const active = column.sort && (sort === column.sort || sort === `-${column.sort}`);
                  const descending = sort.startsWith("-");
                  return (
                    <th
                      key={column.key}
                      scope="col"
                      className={`px-3 py-2 font-medium ${column.className ?? ""}`}
                      aria-sort={active ? (descending ? "descending" : "ascending") : undefined}
                    >
                      {column.sort ? (
                        <button
                          type="button"
                          className="inline-flex items-center gap-1 uppercase hover:text-slate-800 dark:hover:text-slate-100"
                          onClick={() => onChange({ ...filters, sort: nextSort(filters.sort, column.sort!), offset: undefined })}
                          data-testid={`sort-${column.sort}`}
                          title={active ? t(descending ? "sort_desc" : "sort_asc") : undefined}
                        >
                          {t(column.key)}
                          <span aria-hidden="true" className={active ? "" : "opacity-30"}>
                            {active ? (descending ? "↓" : "↑") : "↕"}
                          </span>
                        </button>
                      ) : (
                        t(column.key)
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {leads.isPending ? (
                <tr>
                  <td colSpan={COLUMNS.length} className="p-4">
                    <Spinner />
                  </td>
                </tr>
              ) : leads.data.items.length === 0 ? (
                <tr>
                  <td colSpan={COLUMNS.length} className="p-6 text-center text-slate-500">
                    {t("no_leads")}
                  </td>
                </tr>
              ) : (
                leads.data.items.map((lead) => (
                  <tr key={lead.id} data-testid="lead-row" data-lead-id={lead.id} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
                    <td className="px-3 py-2">
                      <ContactCell lead={lead} />
                    </td>
                    <td className="px-3 py-2">
                      <ChannelBadge code={lead.channel} />
                    </td>
                    <td className="hidden whitespace-nowrap px-3 py-2 text-slate-700 dark:text-slate-200 lg:table-cell">{lead.product ? t(`product_${lead.product}` as LeadsText) : "—"}</td>
                    <td className="px-3 py-2">
                      <StatusSelect id={lead.id} status={lead.status} compact />
                    </td>
                    <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums text-slate-900 dark:text-slate-100">{formatMoney(lead.amount, language)}</td>
                    <td className="hidden whitespace-nowrap px-3 py-2 text-slate-600 dark:text-slate-300 lg:table-cell">{formatDateTime(lead.created_at, language)}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-slate-600 dark:text-slate-300">{formatDateTime(lead.updated_at, language)}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          {leads.data && (
            <Pagination offset={filters.offset ?? 0} limit={PAGE_SIZE} total={leads.data.total} onChange={(offset) => onChange({ ...filters, offset: offset || undefined })} />
          )}
        </div>
      )}
    </div>
  );
}

/** The page: filters live in the URL, so a reload or a shared link keeps them. */
export function LeadsPage() {
  const router = useRouter();
  const params = useSearchParams();
  const search = params.toString();
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(search)), [search]);
  const onChange = useCallback(
    (next: LeadFilters) => {
      const query = paramsFromFilters(next);
      router.replace(query ? `/leads/?${query}` : "/leads/", { scroll: false });
    },
    [router],
  );
  return <LeadsView filters={filters} onChange={onChange} />;
}
