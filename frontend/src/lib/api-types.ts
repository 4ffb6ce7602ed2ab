// Short names for the generated API types (src/lib/api-schema.ts, written by `make api-types`
// from the back end's OpenAPI schema). Features alias these; they never restate a DTO by hand.
import type { components } from "./api-schema";

export type Schemas = components["schemas"];
