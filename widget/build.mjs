// Bundles src/index.ts into ONE file, dist/widget.js (IIFE, minified, no source map).
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const outfile = "dist/widget.js";

// The widget asks socket.io for ["websocket", "polling"] only, so engine.io's WebTransport
// class is never created: a stub keeps it out of the bundle.
const noWebTransport = {
  name: "no-webtransport",
  setup(b) {
    b.onResolve({ filter: /\/webtransport\.js$/ }, (args) =>
      args.importer.includes("engine.io-client") ? { path: "webtransport-stub", namespace: "stub" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: "export class WT {}", loader: "js" }));
  },
};

await build({
  entryPoints: ["src/index.ts"],
  outfile,
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["es2019"],
  minify: true,
  sourcemap: false,
  legalComments: "none",
  charset: "utf8",
  define: { __SALESBOT_VERSION__: JSON.stringify(pkg.version) },
  banner: { js: `/*! Salesbot widget ${pkg.version} */` },
  logLevel: "warning",
  plugins: [noWebTransport],
});

const bytes = readFileSync(outfile);
const kb = (n) => (n / 1024).toFixed(1) + " KB";
console.log(`${outfile}: ${kb(bytes.length)} raw, ${kb(gzipSync(bytes, { level: 9 }).length)} gzipped`);
