import ru from "../i18n/ru.json";

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

function walk(value: unknown, path: string[]): unknown {
  let v = value;
  for (const part of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function fill(text: string, vars: Record<string, string | number> | undefined): string {
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

/**
 * Strings from amoCRM's `self.i18n` (the i18n/<lang>.json of the archive, in the manager's
 * language). `self.i18n('chat')` gives the `chat` object, so a dotted key is walked from its
 * first part. The Russian file is bundled too: a key amoCRM does not give falls back to it.
 */
export function makeTranslator(i18n: ((key: string) => unknown) | undefined): Translate {
  return (key, vars) => {
    const parts = key.split(".");
    let found: unknown;
    try {
      found = i18n ? walk(i18n(parts[0]), parts.slice(1)) : undefined;
      if (typeof found !== "string" && i18n) found = i18n(key);
    } catch {
      found = undefined;
    }
    const text = typeof found === "string" && found ? found : walk(ru, parts);
    return fill(typeof text === "string" ? text : key, vars);
  };
}
