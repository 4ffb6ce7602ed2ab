// The amoCRM mapping form's draft: what the admin types (strings), what the API takes
// (numbers, only the filled rows) and which rows the API or the form refused.
import { ApiError } from "@/lib/api";

import type { SettingsT } from "./texts";
import { AMO_CARD_FIELDS, AMO_LOST, AMO_STATUSES, AMO_WON, type AmoCardField, type AmoMapping, type AmoMappingIn, type AmoPipeline, type AmoStatus } from "./types";

export interface MappingDraft {
  /** "" — the account's main pipeline. */
  pipeline: string;
  /** "" — the status leaves the deal's stage alone. */
  statuses: Record<AmoStatus, string>;
  /** "" — the field is not sent. */
  fields: Record<AmoCardField, string>;
}

/** Error keys of the form: `pipeline`, `status:<ours>`, `field:<card field>`. */
export type MappingErrors = Record<string, string>;

export function draftOf(mapping: AmoMapping): MappingDraft {
  const statuses = mapping.statuses ?? {};
  const fields = mapping.fields ?? {};
  return {
    pipeline: mapping.pipeline_id == null ? "" : String(mapping.pipeline_id),
    statuses: Object.fromEntries(AMO_STATUSES.map((status) => [status, statuses[status] == null ? "" : String(statuses[status])])) as Record<AmoStatus, string>,
    fields: Object.fromEntries(AMO_CARD_FIELDS.map((field) => [field, fields[field] ?? ""])) as Record<AmoCardField, string>,
  };
}

export function bodyOf(draft: MappingDraft): AmoMappingIn {
  const statuses: Record<string, number> = {};
  for (const status of AMO_STATUSES) {
    const value = draft.statuses[status].trim();
    if (value) statuses[status] = Number(value);
  }
  const fields: Record<string, string> = {};
  for (const field of AMO_CARD_FIELDS) {
    const value = draft.fields[field].trim();
    if (value) fields[field] = value;
  }
  const pipeline = draft.pipeline.trim();
  return { pipeline_id: pipeline ? Number(pipeline) : null, statuses, fields };
}

const ID = /^\d{1,12}$/;
/** The server's rule (salesbot/crm/mapping.py): digits, or letters, digits and underscores. */
const FIELD_SPEC = /^[\p{L}\p{N}_]+$/u;

export function checkDraft(draft: MappingDraft, t: SettingsT): MappingErrors {
  const errors: MappingErrors = {};
  const pipeline = draft.pipeline.trim();
  if (pipeline && !ID.test(pipeline)) errors.pipeline = t("amo_id_digits");
  for (const status of AMO_STATUSES) {
    const value = draft.statuses[status].trim();
    if (value && !ID.test(value)) errors[`status:${status}`] = t("amo_id_digits");
  }
  for (const field of AMO_CARD_FIELDS) {
    const value = draft.fields[field].trim();
    if (value && !(FIELD_SPEC.test(value) && /[\p{L}\p{N}]/u.test(value))) errors[`field:${field}`] = t("amo_field_spec");
  }
  return errors;
}

/** The rows a 422 `crm_mapping_invalid` names (its message is shown above the buttons). */
export function mappingErrors(error: unknown, t: SettingsT): MappingErrors {
  if (!(error instanceof ApiError) || error.code !== "crm_mapping_invalid") return {};
  const details = (error.details ?? {}) as Partial<Record<"unknown_statuses" | "unknown_fields" | "bad_field_ids", unknown>>;
  const names = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);
  const errors: MappingErrors = {};
  for (const status of names(details.unknown_statuses)) errors[`status:${status}`] = t("amo_unknown");
  for (const field of names(details.unknown_fields)) errors[`field:${field}`] = t("amo_unknown");
  for (const field of names(details.bad_field_ids)) errors[`field:${field}`] = t("amo_field_spec");
  return errors;
}

/** The pipeline the draft names: the chosen one, or the account's main one for "". */
export function pipelineOf(pipelines: AmoPipeline[], chosen: string): AmoPipeline | undefined {
  return chosen ? pipelines.find((pipeline) => String(pipeline.id) === chosen) : pipelines.find((pipeline) => pipeline.is_main);
}

/** The stages an admin may pick for our statuses: won and lost (142, 143) are fixed. */
export function stagesOf(pipeline: AmoPipeline | undefined) {
  return (pipeline?.stages ?? []).filter((stage) => stage.id !== AMO_WON && stage.id !== AMO_LOST);
}
