// The admin API's shapes are the generated ones (src/lib/api-types.ts): requisites, integrations
// and operator accounts. Hand-written here: the requisites form's field order (UI).
import type { Schemas } from "@/lib/api-types";

/** The requisites form's fields, in the order shown. */
export const REQUISITE_FIELDS = [
  "name",
  "short_name",
  "inn",
  "kpp",
  "ogrn",
  "address",
  "bank",
  "bik",
  "account",
  "corr_account",
  "director",
  "director_short",
  "director_title",
  "accountant_short",
  "phone",
  "email",
  "website",
] as const satisfies readonly (keyof Schemas["Requisites"])[];

export type Requisites = Schemas["Requisites"];
export type RequisiteField = (typeof REQUISITE_FIELDS)[number];
type MissingField = Exclude<keyof Requisites, RequisiteField>;
/** Compile-time check: the form has a field for every requisite the API knows. */
export const REQUISITE_FIELDS_COMPLETE: [MissingField] extends [never] ? true : MissingField = true;

export type Integration = Schemas["IntegrationOut"];
export type UserAccount = Schemas["UserOut"];
export type UserCreate = Schemas["UserCreate"];

/** The server's password rule (salesbot/users/service.py, MIN_PASSWORD_LENGTH). */
export const MIN_PASSWORD_LENGTH = 8;

/** GET /admin/integrations/amocrm: the connection and the mapping in force. */
export type AmoConnection = Schemas["ConnectionOut"];
export type AmoConsent = Schemas["ConsentOut"];
export type AmoPipeline = Schemas["PipelineOut"];
export type AmoMapping = Schemas["MappingOut"];
export type AmoMappingIn = Schemas["MappingIn"];
/** `ConnectionOut.auth`, typed by the API as a plain string. */
export type AmoAuth = "oauth" | "long_lived" | "none";

/** Our statuses whose amoCRM stage an admin picks (salesbot/crm/mapping.py, MAPPED_STATUSES);
 * won and lost always go to amoCRM's 142 and 143. */
export const AMO_STATUSES = ["new", "qualified", "brief_completed", "quote_sent"] as const;
export type AmoStatus = (typeof AMO_STATUSES)[number];
export const AMO_WON = 142;
export const AMO_LOST = 143;

/** The card's fields an admin may map to amoCRM fields (salesbot/crm/cards.py, CARD_FIELDS). */
export const AMO_CARD_FIELDS = [
  "product",
  "channel",
  "source",
  "industry",
  "company_size",
  "goals",
  "users",
  "integrations",
  "systems",
  "security",
  "hosting",
  "sla",
  "deadline",
  "recommended_package",
  "dashboard_link",
] as const;
export type AmoCardField = (typeof AMO_CARD_FIELDS)[number];

/** GET /admin/integrations/trackers: a task tracker, what it misses and its status mapping. */
export type Tracker = Schemas["TrackerOut"];
/** A place on the tracker's board: a Trello list, a ClickUp status, a Shortcut workflow state
 * or an option of GitHub's Status field. */
export type TrackerStage = Schemas["TrackerStageOut"];
export type TrackerMapping = Schemas["TrackerMappingOut"];
export type TrackerMappingIn = Schemas["TrackerMappingIn"];

/** Our statuses, each of which may move the tracker's card (salesbot/models/lead.py, LEAD_STATUSES). */
export const TRACKER_STATUSES = ["new", "qualified", "brief_completed", "quote_sent", "won", "lost"] as const satisfies readonly Schemas["LeadStatusIn"]["status"][];
export type TrackerStatus = (typeof TRACKER_STATUSES)[number];
