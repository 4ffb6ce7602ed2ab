// @vitest-environment node
// Builds the archive into a temporary folder and checks what amoCRM will unpack.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOGOS } from "../scripts/png.mjs";

const ROOT = join(__dirname, "..");
let out = "";
let zip: Record<string, Uint8Array> = {};

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "sbamo-build-"));
  execFileSync(process.execPath, ["build.mjs", "--out", out], { cwd: ROOT, stdio: "pipe" });
  zip = unzipSync(readFileSync(join(out, "salesbot-amocrm-widget.zip")));
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

function pngSize(bytes: Uint8Array): [number, number] {
  const b = Buffer.from(bytes);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(b.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe("the archive", () => {
  it("holds manifest.json, script.js, i18n/ and images/ at its root, nothing else", () => {
    expect(Object.keys(zip).sort()).toEqual(
      ["i18n/en.json", "i18n/ru.json", "manifest.json", "script.js", ...LOGOS.map(([name]) => `images/${name}`)].sort(),
    );
  });

  it("carries the same files as dist/", () => {
    for (const [name, bytes] of Object.entries(zip)) expect(Buffer.from(bytes).equals(readFileSync(join(out, name))), name).toBe(true);
    expect(JSON.parse(Buffer.from(zip["manifest.json"]).toString("utf8"))).toEqual(JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8")));
  });

  it("has every logo at amoCRM's size and under 300 KB", () => {
    for (const [name, w, h] of LOGOS) {
      const bytes = zip[`images/${name}`];
      expect(pngSize(bytes), name).toEqual([w, h]);
      expect(bytes.length).toBeLessThanOrEqual(300 * 1024);
    }
  });

  it("is the same zip when built twice", () => {
    const again = mkdtempSync(join(tmpdir(), "sbamo-build-"));
    try {
      execFileSync(process.execPath, ["build.mjs", "--out", again], { cwd: ROOT, stdio: "pipe" });
      expect(readFileSync(join(again, "salesbot-amocrm-widget.zip")).equals(readFileSync(join(out, "salesbot-amocrm-widget.zip")))).toBe(true);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("script.js", () => {
  const script = () => Buffer.from(zip["script.js"]).toString("utf8");

  it("is one AMD module asking for jquery and returning the widget's constructor", () => {
    const defined: Array<{ deps: string[]; factory: (...a: unknown[]) => unknown }> = [];
    const define = (deps: string[], factory: (...a: unknown[]) => unknown) => defined.push({ deps, factory });
    new Function("define", script())(define);
    expect(defined).toHaveLength(1);
    expect(defined[0].deps).toEqual(["jquery"]);
    const Widget = defined[0].factory({}) as new () => { callbacks: Record<string, () => boolean> };
    expect(typeof Widget).toBe("function");
    const widget = new Widget();
    expect(Object.keys(widget.callbacks).sort()).toEqual(["bind_actions", "destroy", "init", "onSave", "render", "settings"]);
    expect(widget.callbacks.settings()).toBe(true);
    expect(widget.callbacks.onSave()).toBe(true);
  });

  it("has no key, token or outside address in it", () => {
    const s = script();
    expect(s).not.toMatch(/X-Auth-Token|Authorization|api[_-]?key|Bearer/i);
    // only the SVG namespace and the example address in the bundled Russian strings
    const hosts = new Set(Array.from(s.matchAll(/https?:\/\/([a-z0-9.-]+[a-z0-9])/gi), (m) => m[1]));
    expect([...hosts].sort()).toEqual(["bot.example.ru", "www.w3.org"]);
    expect(s).not.toMatch(/\brequire\(/);
  });
});
