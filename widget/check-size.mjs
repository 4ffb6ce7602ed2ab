// Fails when dist/widget.js is larger than the budget once gzipped.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const LIMIT = 60 * 1024;
const file = "dist/widget.js";
let bytes;
try {
  bytes = readFileSync(file);
} catch {
  console.error(`${file} is missing: run npm run build first`);
  process.exit(1);
}
const gz = gzipSync(bytes, { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1) + " KB";
if (gz > LIMIT) {
  console.error(`${file}: ${kb(gz)} gzipped, over the ${kb(LIMIT)} budget`);
  process.exit(1);
}
console.log(`${file}: ${kb(gz)} gzipped (budget ${kb(LIMIT)})`);
