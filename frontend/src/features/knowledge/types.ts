// The knowledge base API's shapes are the generated ones (src/lib/api-types.ts); only the
// upload result's status is narrowed by hand (the API types it as a free string).
import type { Schemas } from "@/lib/api-types";

/** A document of GET /api/v1/admin/kb/documents. */
export type KbDocument = Schemas["salesbot__knowledge__schemas__DocumentOut"];
export type IndexStatus = KbDocument["index_status"];
export type KbVersion = Schemas["VersionOut"];
export type KbChange = Schemas["ChangeOut"];
/** GET /api/v1/admin/kb/documents/{id}. */
export type KbHistory = Schemas["DocumentHistory"];

/**
 * What an upload did. The API types `IngestOut.status` as a free string; these are the values
 * salesbot/knowledge/service.py gives it ("failed" comes back as a 422 instead).
 */
export type IngestStatus = "added" | "updated" | "unchanged" | "reactivated" | "failed";

/** POST /api/v1/admin/kb/documents (201), with `status` narrowed. */
export type IngestResult = Omit<Schemas["IngestOut"], "status"> & { status: IngestStatus };

/** A hit of GET /api/v1/kb/search. */
export type KbHit = Schemas["HitOut"];
