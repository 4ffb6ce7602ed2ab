// Settings calls: seller requisites, the integration board, the amoCRM connection, the task
// trackers and operator accounts.
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { api, ApiError } from "@/lib/api";
import type { Schemas } from "@/lib/api-types";

import {
  TRACKER_STATUSES,
  type AmoConnection,
  type AmoConsent,
  type AmoMapping,
  type AmoMappingIn,
  type AmoPipeline,
  type Integration,
  type Requisites,
  type Tracker,
  type TrackerMapping,
  type TrackerMappingIn,
  type TrackerStage,
  type UserAccount,
  type UserCreate,
} from "./types";

export const requisitesKey = ["admin", "requisites"] as const;
export const integrationsKey = ["admin", "integrations"] as const;
export const usersKey = ["admin", "users"] as const;
export const amoKey = ["admin", "amocrm"] as const;
export const amoConnectionKey = [...amoKey, "connection"] as const;
export const amoPipelinesKey = [...amoKey, "pipelines"] as const;
export const trackersKey = ["admin", "trackers"] as const;
export const trackerStagesKey = (name: string) => [...trackersKey, name, "stages"] as const;

export function useRequisites() {
  return useQuery({ queryKey: requisitesKey, queryFn: ({ signal }) => api<Requisites>("/admin/documents/requisites", { signal }) });
}

export function useSaveRequisites() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Requisites) => api<Requisites>("/admin/documents/requisites", { method: "PUT", json: body }),
    onSuccess: (saved) => client.setQueryData(requisitesKey, saved),
  });
}

export function useIntegrations() {
  return useQuery({ queryKey: integrationsKey, queryFn: ({ signal }) => api<Integration[]>("/admin/integrations", { signal }) });
}

export function useCheckIntegration() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<Integration>(`/admin/integrations/${encodeURIComponent(name)}/check`, { method: "POST" }),
    onSuccess: (checked) => {
      client.setQueryData<Integration[]>(integrationsKey, (rows) => rows?.map((row) => (row.name === checked.name ? checked : row)));
    },
  });
}

/** The amoCRM connection; read again when the admin comes back from amoCRM's consent tab.
 * `fresh`: the page was opened by amoCRM's redirect, so a cached answer is out of date. */
export function useAmoConnection({ fresh = false }: { fresh?: boolean } = {}) {
  return useQuery({
    queryKey: amoConnectionKey,
    queryFn: ({ signal }) => api<AmoConnection>("/admin/integrations/amocrm", { signal }),
    refetchOnWindowFocus: true,
    refetchOnMount: fresh ? "always" : true,
  });
}

/** The account's pipelines and stages; a 503 (amoCRM down or not connected) is shown, not retried. */
export function useAmoPipelines(enabled: boolean) {
  return useQuery({
    queryKey: amoPipelinesKey,
    queryFn: ({ signal }) => api<AmoPipeline[]>("/admin/integrations/amocrm/pipelines", { signal }),
    enabled,
    retry: false,
  });
}

export function useAmoConnect() {
  return useMutation({
    mutationFn: () => api<AmoConsent>("/admin/integrations/amocrm/connect", { method: "POST" }),
  });
}

export function useAmoDisconnect() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>("/admin/integrations/amocrm", { method: "DELETE" }),
    onSuccess: () => {
      client.removeQueries({ queryKey: amoPipelinesKey });
      return client.invalidateQueries({ queryKey: amoKey });
    },
  });
}

function keepMapping(client: QueryClient, mapping: AmoMapping) {
  client.setQueryData<AmoConnection>(amoConnectionKey, (connection) => connection && { ...connection, mapping });
}

export function useSaveAmoMapping() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AmoMappingIn) => api<AmoMapping>("/admin/integrations/amocrm/mapping", { method: "PUT", json: body }),
    onSuccess: (saved) => keepMapping(client, saved),
  });
}

/** Forget the admin's mapping: the settings' one (AMOCRM_PIPELINE_ID, …) is back in force. */
export function useResetAmoMapping() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<AmoMapping>("/admin/integrations/amocrm/mapping", { method: "DELETE" }),
    onSuccess: (settings) => keepMapping(client, settings),
  });
}

const trackerPath = (name: string) => `/admin/integrations/trackers/${encodeURIComponent(name)}`;

/** Every task tracker: switched on or not, what it misses, and its mapping. */
export function useTrackers() {
  return useQuery({ queryKey: trackersKey, queryFn: ({ signal }) => api<Tracker[]>("/admin/integrations/trackers", { signal }) });
}

/** The tracker's places to map our statuses to, once asked for; a 503 or 422 is shown, not retried. */
export function useTrackerStages(name: string, enabled: boolean) {
  return useQuery({
    queryKey: trackerStagesKey(name),
    queryFn: ({ signal }) => api<TrackerStage[]>(`${trackerPath(name)}/stages`, { signal }),
    enabled,
    retry: false,
  });
}

/** The new mapping at once; then the list again in the background, for the problems it fixed or made. */
function keepTrackerMapping(client: QueryClient, name: string, mapping: TrackerMapping) {
  const { statuses } = mapping;
  client.setQueryData<Tracker[]>(trackersKey, (rows) =>
    rows?.map((row) => (row.name === name ? { ...row, mapping: statuses, unmapped: TRACKER_STATUSES.filter((status) => !statuses[status]) } : row)),
  );
  void client.invalidateQueries({ queryKey: trackersKey, exact: true });
}

export function useSaveTrackerMapping(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TrackerMappingIn) => api<TrackerMapping>(`${trackerPath(name)}/mapping`, { method: "PUT", json: body }),
    onSuccess: (saved) => keepTrackerMapping(client, name, saved),
  });
}

/** Forget the admin's mapping: the settings' one (`<TRACKER>_STATUS_MAP`) is back in force. */
export function useResetTrackerMapping(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<TrackerMapping>(`${trackerPath(name)}/mapping`, { method: "DELETE" }),
    onSuccess: (settings) => keepTrackerMapping(client, name, settings),
  });
}

export function useUsers() {
  return useQuery({ queryKey: usersKey, queryFn: ({ signal }) => api<UserAccount[]>("/admin/users", { signal }) });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreate) => api<UserAccount>("/admin/users", { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useSetActive() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      api<UserAccount>(`/admin/users/${encodeURIComponent(id)}`, { method: "PATCH", json: { is_active: active } satisfies Schemas["UserActive"] }),
    onSuccess: () => client.invalidateQueries({ queryKey: usersKey }),
  });
}

/**
 * Field-level messages of a 422: the service's `{"field": …}` or FastAPI's list of
 * `{"loc": ["body", field], "message"}`; `codes` maps error codes to the field they concern.
 */
export function fieldErrors(error: unknown, codes: Record<string, string> = {}): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const found: Record<string, string> = {};
  const details = error.details;
  if (Array.isArray(details)) {
    for (const item of details as { loc?: unknown[]; message?: string }[]) {
      const field = item.loc?.at(-1);
      if (typeof field === "string" && item.message) found[field] = item.message;
    }
  } else if (details && typeof details === "object" && typeof (details as { field?: unknown }).field === "string") {
    found[(details as { field: string }).field] = error.message;
  }
  const byCode = codes[error.code];
  if (byCode && !found[byCode]) found[byCode] = error.message;
  return found;
}
