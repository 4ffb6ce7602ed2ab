// Pricing calls: the price list in force, its versions, the live preview and saving.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import type { Schemas } from "@/lib/api-types";
import { useDebounced } from "@/lib/useDebounced";

import { type Draft, toEdits } from "./draft";
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

/** Every edit saved at once: one price-list version (none if nothing changed); an invalid
 * table refuses the whole save, with the field in the error's details. */
export function useSavePrices() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ draft, note }: { draft: Draft; note: string }) =>
      api<PriceListOut>("/admin/pricing", { method: "PUT", json: { price_list: toEdits(draft), note } satisfies Schemas["PriceListSave"] }),
    onSettled: () => client.invalidateQueries({ queryKey: ["pricing"], refetchType: "active" }),
  });
}
