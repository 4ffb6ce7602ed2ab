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
