// Generates src/lib/api-schema.ts from openapi.json (written by `salesbot openapi`).
// `--check` fails when the committed file differs from what the schema gives.
import { readFile, writeFile } from "node:fs/promises";

import openapiTS, { astToString } from "openapi-typescript";

const SCHEMA = new URL("../openapi.json", import.meta.url);
const TARGET = new URL("../src/lib/api-schema.ts", import.meta.url);
const HEADER = "// Generated from openapi.json by `make api-types` (scripts/api-types.mjs). Do not edit.\n\n";

export async function generate() {
  const schema = JSON.parse(await readFile(SCHEMA, "utf-8"));
  return HEADER + astToString(await openapiTS(schema));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const text = await generate();
  if (process.argv.includes("--check")) {
    const current = await readFile(TARGET, "utf-8").catch(() => "");
    if (current !== text) {
      console.error("src/lib/api-schema.ts is stale: run `make api-types`.");
      process.exit(1);
    }
  } else {
    await writeFile(TARGET, text);
    console.log("src/lib/api-schema.ts written.");
  }
}
