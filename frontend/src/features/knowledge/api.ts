// Knowledge-base calls: documents, a document's history, delete/restore, upload, search.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, upload } from "@/lib/api";

import type { IngestResult, KbDocument, KbHistory, KbHit } from "./types";

export const documentsKey = (includeInactive: boolean) => ["kb", "documents", includeInactive] as const;
export const historyKey = (id: string) => ["kb", "history", id] as const;

export function useDocuments(includeInactive: boolean) {
  return useQuery({
    queryKey: documentsKey(includeInactive),
    queryFn: ({ signal }) =>
      api<KbDocument[]>("/admin/kb/documents", { query: { include_inactive: includeInactive || undefined }, signal }),
  });
}

export function useHistory(id: string | null) {
  return useQuery({
    queryKey: historyKey(id ?? ""),
    queryFn: ({ signal }) => api<KbHistory>(`/admin/kb/documents/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

export function useDeleteDocument() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/admin/kb/documents/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["kb"] }),
  });
}

export function useRestoreVersion(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (number: number) =>
      api<KbDocument>(`/admin/kb/documents/${id}/versions/${number}/restore`, { method: "POST" }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["kb"] }),
  });
}

/** Sends one file; `onProgress` gets the uploaded share (0…1). Swappable in tests. */
export type Uploader = (file: File, category: string, onProgress: (share: number) => void) => Promise<IngestResult>;

export const uploadDocument: Uploader = (file, category, onProgress) => {
  const form = new FormData();
  form.append("file", file);
  form.append("category", category);
  return upload<IngestResult>("/admin/kb/documents", form, onProgress);
};

export interface SearchParams {
  q: string;
  k: number;
  category: string;
}

export function useSearch(params: SearchParams | null) {
  return useQuery({
    queryKey: ["kb", "search", params],
    queryFn: ({ signal }) =>
      api<KbHit[]>("/kb/search", {
        query: { q: params?.q, k: params?.k, category: params?.category || undefined },
        signal,
      }),
    enabled: Boolean(params?.q),
    staleTime: 0,
  });
}
