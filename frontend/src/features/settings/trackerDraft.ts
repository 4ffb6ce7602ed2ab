// A task tracker's mapping form: the draft (a place per status, "" for none), what the API
// takes (only the chosen rows), and what a refusal of the tracker's API means in words.
import { ApiError, errorMessage } from "@/lib/api";

import type { SettingsT } from "./texts";
import { TRACKER_STATUSES, type Tracker, type TrackerMappingIn, type TrackerStage, type TrackerStatus } from "./types";

/** "" — the card stays where it is for that status. */
export type TrackerDraft = Record<TrackerStatus, string>;

export function trackerDraftOf(statuses: Record<string, string>): TrackerDraft {
  return Object.fromEntries(TRACKER_STATUSES.map((status) => [status, statuses[status] ?? ""])) as TrackerDraft;
}

export function trackerBodyOf(draft: TrackerDraft): TrackerMappingIn {
  const statuses: Record<string, string> = {};
  for (const status of TRACKER_STATUSES) {
    if (draft[status]) statuses[status] = draft[status];
  }
  return { statuses };
}

/** The same mapping gives the same text whatever the order of its keys. */
export function mappingSignature(statuses: Record<string, string>): string {
  return TRACKER_STATUSES.map((status) => statuses[status] ?? "").join("\u0000");
}

export function isTrackerStatus(value: string): value is TrackerStatus {
  return (TRACKER_STATUSES as readonly string[]).includes(value);
}

const quoted = (texts: readonly string[], t: SettingsT): string => texts.map((text) => t("tracker_quote", { text })).join(", ");

/** «Новый», «Выигран»: our statuses by their names; one this version does not know, as sent. */
export function statusList(statuses: readonly string[], t: SettingsT): string {
  return quoted(
    statuses.map((status) => (isTrackerStatus(status) ? t(`status_${status}`) : status)),
    t,
  );
}

export function stageLabel(stage: TrackerStage, t: SettingsT): string {
  return stage.group ? t("tracker_stage_option", { name: stage.name, group: stage.group }) : stage.name;
}

/** A tracker's note ("не задана доска: TRELLO_BOARD_ID") as a sentence. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

export type TrackerState = { tone: "green" | "amber" | "gray"; key: "tracker_ready" | "tracker_not_ready" | "tracker_off" };

export function trackerState(tracker: Tracker): TrackerState {
  if (!tracker.configured) return { tone: "gray", key: "tracker_off" };
  return tracker.problems.length > 0 ? { tone: "amber", key: "tracker_not_ready" } : { tone: "green", key: "tracker_ready" };
}

/** A refusal in words: what happened, and the server's own message when it adds something. */
export interface TrackerProblem {
  text: string;
  details?: string;
  /** Messages at the rows the refusal names. */
  fields: Partial<Record<TrackerStatus, string>>;
  /** The board changed under the form: its places should be read again. */
  stale?: boolean;
}

function apiCode(error: unknown): string | null {
  return error instanceof ApiError ? error.code : null;
}

/** Why the board's places could not be read: a 503 (the tracker is down), a 422 (not configured) or anything else. */
export function stagesProblem(error: unknown, title: string, t: SettingsT): TrackerProblem {
  const details = t("tracker_details", { message: errorMessage(error) });
  switch (apiCode(error)) {
    case "tracker_unavailable":
      return { text: t("tracker_unavailable", { title }), details, fields: {} };
    case "tracker_not_configured":
      return { text: t("tracker_not_configured", { title }), details, fields: {} };
    default:
      return { text: errorMessage(error), fields: {} };
  }
}

/** Why the mapping was not saved; a 422 `tracker_mapping_invalid` names the statuses and places it refused. */
export function saveProblem(error: unknown, draft: TrackerDraft, stages: TrackerStage[], title: string, t: SettingsT): TrackerProblem {
  const code = apiCode(error);
  if (code === "tracker_unavailable") return { text: t("tracker_save_unavailable", { title }), details: t("tracker_details", { message: errorMessage(error) }), fields: {} };
  if (code === "tracker_not_configured") return { text: t("tracker_not_configured", { title }), details: t("tracker_details", { message: errorMessage(error) }), fields: {} };
  if (code !== "tracker_mapping_invalid") return { text: errorMessage(error), fields: {} };

  const raw = ((error as ApiError).details ?? {}) as Partial<Record<"unknown_statuses" | "unknown_places", unknown>>;
  const names = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);
  const unknownStatuses = names(raw.unknown_statuses);
  const unknownPlaces = new Set(names(raw.unknown_places));
  const fields: TrackerProblem["fields"] = {};

  const gone = TRACKER_STATUSES.filter((status) => draft[status] && unknownPlaces.has(draft[status]));
  for (const status of gone) fields[status] = t("tracker_place_gone");
  for (const status of unknownStatuses) {
    if (isTrackerStatus(status)) fields[status] = t("tracker_status_unknown");
  }
  // One sentence: the places the admin can choose again first; statuses the server does not
  // know mean this page is older than the server.
  if (gone.length > 0) {
    const places = [...new Set(gone.map((status) => draft[status]))].map((id) => stages.find((stage) => stage.id === id)?.name ?? id);
    const chosenFor = t(gone.length === 1 ? "tracker_for_status" : "tracker_for_statuses", { statuses: statusList(gone, t) });
    return { text: t(places.length === 1 ? "tracker_places_gone_one" : "tracker_places_gone_many", { title, places: quoted(places, t), for: chosenFor }), fields, stale: true };
  }
  if (unknownStatuses.length > 0) {
    return { text: t(unknownStatuses.length === 1 ? "tracker_statuses_unknown_one" : "tracker_statuses_unknown_many", { statuses: statusList(unknownStatuses, t) }), fields };
  }
  // Details this version cannot read: the server's own words.
  return { text: errorMessage(error), fields, stale: unknownPlaces.size > 0 };
}
