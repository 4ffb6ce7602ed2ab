// Pricing calls: the price list in force, its versions, the live preview and saving.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import type { Schemas } from "@/lib/api-types";
import { useDebounced } from "@/lib/useDebounced";

import { changes, type Draft, toEdits } from "./draft";
import type { PriceEdits, PriceListData, PriceListOut, PriceVersion, QuoteRequest, QuoteResult } from "./types";

export const PREVIEW_DELAY_MS = 300;

export function usePriceList() {
  return useQuery({ queryKey: ["pricing", "current"], queryFn: ({ signal }) => api<PriceListOut>("/admin/pricing", { signal }) });
}

export function usePriceVersions() {
  return useQuery({ queryKey: ["pricing", "versions"], queryFn: ({ signal }) => api<PriceVersion[]>("/admin/pricing/versions", { signal }) });
}

export function usePriceVersion(version: number | null) {
  return useQuery({
    queryKey: ["pricing", "version", version],
    queryFn: ({ signal }) => api<PriceListOut>(`/admin/pricing/versions/${version}`, { signal }),
    enabled: version !== null,
    staleTime: Infinity, // versions never change
  });
}

/** The quote with unsaved edits: asked 300 ms after the last keystroke; a newer question
 * cancels the older request (the query's signal); the last answer stays while the next loads. */
export function usePricePreview(edits: PriceEdits | null, request: QuoteRequest | null) {
  const settled = useDebounced({ edits, request }, PREVIEW_DELAY_MS);
  return useQuery({
    queryKey: ["pricing", "preview", settled],
    queryFn: ({ signal }) => {
      const { edits, request } = settled;
      // `enabled` keeps the query off until both are there.
      if (edits === null || request === null) throw new Error("preview without a price list or a sample");
      return api<QuoteResult>("/admin/pricing/preview", { json: { price_list: edits, request } satisfies Schemas["PricePreviewIn"], signal });
    },
    enabled: settled.edits !== null && settled.request !== null,
    placeholderData: keepPreviousData,
    staleTime: 0,
    retry: false,
  });
}

/** Where a failed PUT belongs when the server did not say: the table or price it wrote. */
export class SaveError extends Error {
  constructor(
    readonly original: unknown,
    readonly fallbackField: string,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/** One PUT per changed table and base price (each makes a price-list version). */
export function useSavePrices() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ draft, saved, note }: { draft: Draft; saved: PriceListData; note: string }) => {
      const edits = toEdits(draft);
      const { tables, prices } = changes(draft, saved);
      let last: PriceListOut | null = null;
      for (const table of tables) {
        const value = edits.coefficients[table];
        const body: Schemas["CoefficientsChange"] = Array.isArray(value) ? { rows: value, note } : { values: value, note };
        try {
          last = await api<PriceListOut>(`/admin/pricing/coefficients/${table}`, { method: "PUT", json: body });
        } catch (error) {
          throw new SaveError(error, `${table}:`);
        }
      }
      for (const [product, pkg] of prices) {
        const price = edits.base_prices[product]?.[pkg];
        if (price === undefined) continue; // `changes` names only prices the draft has
        try {
          last = await api<PriceListOut>(`/admin/pricing/base-prices/${product}/${pkg}`, {
            method: "PUT",
            json: { price, note } satisfies Schemas["BasePriceChange"],
          });
        } catch (error) {
          throw new SaveError(error, `base_prices:${product}.${pkg}`);
        }
      }
      return last;
    },
    onSettled: () => client.invalidateQueries({ queryKey: ["pricing"], refetchType: "active" }),
  });
}
