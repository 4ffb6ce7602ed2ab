import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import en from "../i18n/en.json";
import ru from "../i18n/ru.json";
import manifest from "../manifest.json";
import pkg from "../package.json";
import { makeTranslator } from "../src/i18n";

const ROOT = join(__dirname, "..");

/** The locations amoCRM knows (shared/api/amocrm.md §8.1); card and list areas carry -0/-1. */
const KNOWN_LOCATIONS = new Set([
  "lcard-0", "lcard-1", "ccard-0", "ccard-1", "comcard-0", "comcard-1", "cucard", "cucard-0", "cucard-1",
  "llist-0", "llist-1", "clist-0", "clist-1", "tlist", "tlist-0", "tlist-1", "settings", "advanced_settings",
  "card_sdk", "catalogs", "digital_pipeline", "lead_sources", "everywhere", "sms", "mobile_card", "salesbot_designer",
]);

function leaves(obj: unknown, prefix = ""): string[] {
  if (typeof obj === "string") return [prefix];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

function lookup(dict: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), dict);
}

const LANGS = { ru, en } as Record<string, unknown>;

describe("manifest.json", () => {
  it("has the widget keys amoCRM reads", () => {
    const w = manifest.widget;
    expect(w.version).toBe(pkg.version);
    expect(w.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(w.interface_version).toBe(2);
    expect(w.init_once).toBe(true);
    expect(w.locale).toEqual(["ru", "en"]);
    expect(w.installation).toBe(true);
    expect(w.support.link).toMatch(/^https:\/\//);
    expect(w.support.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
  });

  it("lists only locations amoCRM knows, everywhere included", () => {
    expect(manifest.locations).toEqual(["everywhere", "lcard-1", "ccard-1", "comcard-1", "llist-0", "clist-0", "settings"]);
    for (const loc of manifest.locations) expect(KNOWN_LOCATIONS.has(loc), loc).toBe(true);
  });

  it("asks for backend_url as a required text setting", () => {
    expect(manifest.settings).toEqual({ backend_url: { name: "settings.backend_url", type: "text", required: true } });
  });

  it("every i18n key it uses exists, non-empty, in both languages", () => {
    const keys = [manifest.widget.name, manifest.widget.description, manifest.widget.short_description, ...Object.values(manifest.settings).map((s) => s.name)];
    for (const key of keys)
      for (const lang of manifest.widget.locale) {
        const value = lookup(LANGS[lang], key);
        expect(typeof value === "string" && value.trim().length > 0, `${lang}: ${key}`).toBe(true);
      }
  });
});

describe("i18n", () => {
  it("both languages have the same keys, all non-empty", () => {
    expect(leaves(en).sort()).toEqual(leaves(ru).sort());
    for (const dict of [ru, en]) for (const key of leaves(dict)) expect((lookup(dict, key) as string).trim(), key).not.toBe("");
  });

  it("every key the code asks for exists in both languages", () => {
    const src = readdirSync(join(ROOT, "src"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .map((f) => readFileSync(join(ROOT, "src", f), "utf8"))
      .join("\n");
    const literal = Array.from(src.matchAll(/\bt\("([a-z_]+\.[a-z_]+)"/g), (m) => m[1]);
    expect(literal.length).toBeGreaterThan(15);
    const built = [
      ...["waiting", "thinking", "answering"].map((s) => `status.${s}`),
      ...["llm", "rules"].map((m) => `mode.${m}`),
      ...["no_backend", "bad_backend", "network", "timeout", "bad_response", "status"].map((e) => `error.${e}`),
    ];
    for (const key of [...literal, ...built]) for (const [lang, dict] of Object.entries(LANGS)) expect(typeof lookup(dict, key), `${lang}: ${key}`).toBe("string");
  });

  it("the status line and the mode badge say what the product promises", () => {
    const t = makeTranslator(undefined);
    expect([t("status.waiting"), t("status.thinking"), t("status.answering")]).toEqual(["Жду вашего вопроса", "Думаю…", "Отвечаю…"]);
    expect([t("mode.llm"), t("mode.rules")]).toEqual(["ИИ-режим", "Без ИИ: понимаю простые запросы"]);
    expect([t("chat.copy"), t("chat.clear")]).toEqual(["Копировать", "Очистить"]);
  });

  it("the translator takes amoCRM's strings first, walks dotted keys and falls back to Russian", () => {
    const amo = (key: string) => (en as Record<string, unknown>)[key];
    expect(makeTranslator(amo)("status.thinking")).toBe("Thinking…");
    expect(makeTranslator(() => undefined)("status.thinking")).toBe("Думаю…");
    expect(makeTranslator((k) => (k === "chat.send" ? "Go" : undefined))("chat.send")).toBe("Go");
    expect(makeTranslator(() => { throw new Error("x"); })("chat.send")).toBe("Отправить");
    expect(makeTranslator(undefined)("error.status", { status: 503 })).toContain("код 503");
    expect(makeTranslator(undefined)("no.such_key")).toBe("no.such_key");
  });
});
