// Leads calls, and how the list's filters travel between the URL and the API.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, apiPage, download, type Page, type Query } from "@/lib/api";

import type { Schemas } from "@/lib/api-types";

import type { Lead, LeadDetail, LeadFilters, LeadStatus, Payment, SortColumn } from "./types";

export const PAGE_SIZE = 50;
export const DEFAULT_SORT = "-updated_at";
const TEXT_KEYS = ["status", "channel", "product", "from", "to", "q", "sort"] as const;

/** The filters a URL carries (`/leads/?status=won&sort=-amount&offset=50`). */
export function filtersFromParams(params: URLSearchParams): LeadFilters {
  const filters: LeadFilters = {};
  for (const key of TEXT_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const offset = Number(params.get("offset"));
  if (Number.isInteger(offset) && offset > 0) filters.offset = offset;
  return filters;
}

/** The URL's query string for these filters: defaults left out, so a plain list has none. */
export function paramsFromFilters(filters: LeadFilters): string {
  const params = new URLSearchParams();
  for (const key of TEXT_KEYS) {
    const value = filters[key]?.trim();
    if (value && !(key === "sort" && value === DEFAULT_SORT)) params.set(key, value);
  }
  if (filters.offset && filters.offset > 0) params.set("offset", String(filters.offset));
  return params.toString();
}

/** What the export asks for: the same filters and order, every row. */
export function exportQuery(filters: LeadFilters): Query {
  return {
    status: filters.status,
    channel: filters.channel,
    product: filters.product,
    from: filters.from,
    to: filters.to,
    q: filters.q?.trim(),
    sort: filters.sort ?? DEFAULT_SORT,
  };
}

export function leadsQuery(filters: LeadFilters): Query {
  return { ...exportQuery(filters), limit: PAGE_SIZE, offset: filters.offset ?? 0 };
}

/** A click on a column header: the same column flips its order, another starts descending
 * (newest, largest first) — status starts ascending, in the funnel's order. */
export function nextSort(current: string | undefined, column: SortColumn): string {
  const sort = current ?? DEFAULT_SORT;
  if (sort === column) return `-${column}`;
  if (sort === `-${column}`) return column;
  return column === "status" ? column : `-${column}`;
}

export const leadsKey = (filters: LeadFilters) => ["leads", filters] as const;
export const leadKey = (id: string) => ["lead", id] as const;

export function useLeads(filters: LeadFilters) {
  return useQuery({
    queryKey: leadsKey(filters),
    queryFn: ({ signal }) => apiPage<Lead>("/leads", { query: leadsQuery(filters), signal }),
    placeholderData: keepPreviousData,
  });
}

export function useLead(id: string | null) {
  return useQuery({
    queryKey: leadKey(id ?? ""),
    queryFn: ({ signal }) => api<LeadDetail>(`/leads/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

export interface StatusChange {
  id: string;
  status: LeadStatus;
  reason?: string;
}

/** PATCH /leads/{id}; the rows on screen show the new status at once. */
export function useSetStatus() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status, reason }: StatusChange) =>
      api<Lead>(`/leads/${id}`, { method: "PATCH", json: (reason ? { status, reason } : { status }) satisfies Schemas["LeadStatusIn"] }),
    onMutate: ({ id, status }) => {
      client.setQueriesData<Page<Lead>>({ queryKey: ["leads"] }, (page) =>
        page && { ...page, items: page.items.map((lead) => (lead.id === id ? { ...lead, status } : lead)) },
      );
      client.setQueryData<LeadDetail>(leadKey(id), (detail) => detail && { ...detail, lead: { ...detail.lead, status } });
    },
    onSettled: (_lead, _error, { id }) => {
      void client.invalidateQueries({ queryKey: ["leads"] });
      void client.invalidateQueries({ queryKey: leadKey(id) });
    },
  });
}

/** POST /documents/{id}/resend (202); the lead's timeline then shows the resend. */
export function useResend(leadId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (documentId: string) => api<Schemas["ChatMessageOut"]>(`/documents/${documentId}/resend`, { method: "POST" }),
    onSuccess: () => void client.invalidateQueries({ queryKey: leadKey(leadId) }),
  });
}

/** POST /conversations/{id}/payments/invoice (201): a manager confirms the invoice was paid.
 * The lead is then won and its card shows the payment; 409 `no_quote` when there is nothing to pay. */
export function useConfirmInvoice(leadId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (conversationId: string) => api<Payment>(`/conversations/${conversationId}/payments/invoice`, { method: "POST" }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: leadKey(leadId) });
      void client.invalidateQueries({ queryKey: ["leads"] });
    },
  });
}

export function exportLeads(filters: LeadFilters): Promise<void> {
  return download("/leads/export.csv", exportQuery(filters), "leads.csv");
}
