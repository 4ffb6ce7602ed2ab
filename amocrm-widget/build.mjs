// Builds the amoCRM widget archive: dist/{manifest.json, script.js, i18n/, images/} and
// dist/salesbot-amocrm-widget.zip with those files at the zip's root (amoCRM refuses an
// archive whose files sit in a folder). `node build.mjs --out DIR` builds elsewhere (tests).
import { build } from "esbuild";
import { zipSync } from "fflate";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LOGOS, logo } from "./scripts/png.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const outArg = process.argv.indexOf("--out");
const out = resolve(outArg > 0 ? process.argv[outArg + 1] : join(here, "dist"));
export const ZIP_NAME = "salesbot-amocrm-widget.zip";
const pkg = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "i18n"), { recursive: true });
mkdirSync(join(out, "images"), { recursive: true });

// script.js: the bundle (an IIFE setting a local `SalesbotAmo`) inside amoCRM's AMD module.
const result = await build({
  entryPoints: [join(here, "src/index.ts")],
  bundle: true,
  write: false,
  format: "iife",
  globalName: "SalesbotAmo",
  platform: "browser",
  target: ["es2019"],
  minify: false,
  legalComments: "none",
  charset: "utf8",
  logLevel: "warning",
});
const bundle = result.outputFiles[0].text.trimEnd();
const script = [
  `/*! Salesbot amoCRM widget ${pkg.version} */`,
  `define(["jquery"], function ($) {`,
  bundle,
  `return function () { return SalesbotAmo.createWidget(this); };`,
  `});`,
  ``,
].join("\n");
writeFileSync(join(out, "script.js"), script);

// manifest.json: its version must be the package's.
const manifest = JSON.parse(readFileSync(join(here, "manifest.json"), "utf8"));
if (manifest.widget.version !== pkg.version) {
  throw new Error(`manifest.json version ${manifest.widget.version} != package.json version ${pkg.version}`);
}
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");

for (const lang of manifest.widget.locale) {
  const text = readFileSync(join(here, "i18n", `${lang}.json`), "utf8");
  JSON.parse(text); // fails the build on a broken file
  writeFileSync(join(out, "i18n", `${lang}.json`), text);
}
for (const [name, w, h] of LOGOS) writeFileSync(join(out, "images", name), logo(w, h));

// The zip: every file above, at the root, with a fixed date so the same sources give the same zip.
const files = {};
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name !== ZIP_NAME) files[relative(out, path).split("\\").join("/")] = readFileSync(path);
  }
};
walk(out);
const zip = zipSync(files, { level: 9, mtime: new Date(2026, 0, 1) });
writeFileSync(join(out, ZIP_NAME), zip);

const kb = (n) => (n / 1024).toFixed(1) + " KB";
console.log(`${relative(process.cwd(), join(out, ZIP_NAME)) || ZIP_NAME}: ${Object.keys(files).length} files, ${kb(zip.length)} (script.js ${kb(Buffer.byteLength(script))})`);
