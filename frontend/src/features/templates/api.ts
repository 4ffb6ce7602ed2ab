// Template calls: names, the text in force, saved versions, saving, and a preview rendered
// for a sample lead, of the saved text or of the editor's draft.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, readError, API_PREFIX } from "@/lib/api";
import type { Schemas } from "@/lib/api-types";
import { useAuth } from "@/lib/auth";
import { useDebounced } from "@/lib/useDebounced";

export type TemplateOut = Schemas["TemplateOut"]; // version 0 = the file shipped with the installation
export type TemplateVersion = Schemas["TemplateVersionOut"];
export type DocumentKind = Schemas["DocumentIn"]["kind"];

/** The document a template shows in: the base layout previews in the offer. */
export const kindOf = (name: string): DocumentKind => (name.startsWith("contract") ? "contract" : name.startsWith("invoice") ? "invoice" : "offer");

export const SAMPLE_QUOTE: Schemas["QuoteRequest"] = { product: "ai-manager", users: 30, integrations: 4, hosting: "cloud", sla: "99.5", deadline_days: null };

export const SAMPLE_CLIENT: Schemas["ClientIn"] = {
  name: "ООО «Мебельный Дом»",
  contact_name: "Анна Ковалёва",
  representative: "Петров Алексей Викторович",
  representative_title: "Генеральный директор",
  inn: "7701234567",
  kpp: "770101001",
  ogrn: "1157746000000",
  address: "119019, г. Москва, ул. Новый Арбат, д. 15, офис 40",
  bank: "ПАО «Банк Образец»",
  bik: "044525001",
  account: "40702810100000000002",
  corr_account: "30101810200000000001",
  email: "a.kovaleva@mebeldom.example",
  phone: "+7 495 111-22-33",
};

export const SAMPLE_BRIEF: Schemas["BriefLine"][] = [
  { label: "Задача", value: "Отвечать клиентам в чатах и передавать сделки в CRM" },
  { label: "Пользователи", value: "30" },
];

export const templateKey = (name: string) => ["templates", "body", name] as const;
export const versionsKey = (name: string) => ["templates", "versions", name] as const;

export function useTemplateNames() {
  return useQuery({ queryKey: ["templates", "names"], queryFn: ({ signal }) => api<string[]>("/admin/documents/templates", { signal }) });
}

export function useTemplate(name: string | null) {
  return useQuery({
    queryKey: templateKey(name ?? ""),
    queryFn: ({ signal }) => api<TemplateOut>(`/admin/documents/templates/${name}`, { signal }),
    enabled: Boolean(name),
  });
}

export function useTemplateVersions(name: string | null) {
  return useQuery({
    queryKey: versionsKey(name ?? ""),
    queryFn: ({ signal }) => api<TemplateVersion[]>(`/admin/documents/templates/${name}/versions`, { signal }),
    enabled: Boolean(name),
  });
}

export function useSaveTemplate(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api<TemplateVersion>(`/admin/documents/templates/${name}`, { method: "PUT", json: { body } satisfies Schemas["TemplateIn"] }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["templates"] }),
  });
}

/** A sample document as HTML (the endpoint answers text/html, not JSON), priced from the
 * sample quote (computed, not stored): with the saved templates, or with `draft`, the
 * template's unsaved text, in its place. */
export async function previewHtml(name: string, signal?: AbortSignal, draft?: string): Promise<string> {
  const token = useAuth.getState().token;
  const body: Schemas["TemplatePreviewIn"] = {
    kind: kindOf(name),
    quote: SAMPLE_QUOTE,
    client: SAMPLE_CLIENT,
    brief: SAMPLE_BRIEF,
    contract_number: "Д-ОБРАЗЕЦ",
    invoice_stage: "prepayment", // the server's default, stated: the generated type makes defaulted fields required
    body: draft ?? null,
  };
  let response: Response;
  try {
    response = await fetch(`${API_PREFIX}/admin/documents/templates/${name}/preview`, {
      method: "POST",
      headers: { Accept: "text/html", "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw await readError(new Response(null, { status: 503 }));
  }
  if (!response.ok) throw await readError(response);
  return response.text();
}

export const DRAFT_PREVIEW_DELAY_MS = 700;

/** The preview of `name`'s document: with `draft` (the editor's unsaved text) as it would
 * look once saved, asked when the typing pauses; else as the saved templates render it
 * (`version` in the key makes a save refresh it). The last picture stays while the next loads. */
export function useTemplatePreview(name: string | null, version: number | undefined, draft: string | null = null) {
  const settled = useDebounced(draft, DRAFT_PREVIEW_DELAY_MS);
  const pending = draft !== null ? settled : null; // back to the saved text at once
  const preview = useQuery({
    queryKey: ["templates", "preview", name, version, pending],
    queryFn: ({ signal }) => previewHtml(name!, signal, pending ?? undefined),
    enabled: Boolean(name),
    placeholderData: keepPreviousData,
    retry: false,
  });
  return { preview, isDraft: pending !== null };
}
