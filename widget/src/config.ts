/** The <script> tag's data-* attributes → the widget's configuration. */
import { type Lang, strings } from "./i18n";

export interface WidgetConfig {
  title: string;
  color: string;
  greeting: string;
  position: "right" | "left";
  lang: Lang;
  /** Origin (and optional path prefix) of the API, without a trailing slash. */
  host: string;
}

export const DEFAULT_COLOR = "#2459e0";

const COLOR_RE = /^(#[0-9a-f]{3,4}|#[0-9a-f]{6}|#[0-9a-f]{8}|(rgb|hsl)a?\([0-9.,%\s/+-]{1,60}\)|[a-z]{3,24})$/i;

/** Only colours that cannot escape the CSS declaration they go into. */
export function safeColor(value: string | null | undefined): string {
  const v = (value || "").trim();
  return COLOR_RE.test(v) ? v : DEFAULT_COLOR;
}

export function pickLang(attr: string | null | undefined, htmlLang: string | null | undefined): Lang {
  const v = (attr || htmlLang || "").trim().toLowerCase();
  return v.slice(0, 2) === "en" ? "en" : "ru";
}

function stripSlash(s: string): string {
  return s.replace(/\/+$/, "");
}

export function resolveHost(dataHost: string | null | undefined, scriptSrc: string | null | undefined, pageUrl: string): string {
  if (dataHost && dataHost.trim()) {
    try {
      const u = new URL(dataHost.trim(), pageUrl);
      if (u.protocol === "http:" || u.protocol === "https:") return stripSlash(u.origin + u.pathname);
    } catch {
      /* fall through */
    }
  }
  if (scriptSrc) {
    try {
      const u = new URL(scriptSrc, pageUrl);
      if (u.protocol === "http:" || u.protocol === "https:") return u.origin;
    } catch {
      /* fall through */
    }
  }
  try {
    return new URL(pageUrl).origin;
  } catch {
    return "";
  }
}

export function readConfig(script: HTMLScriptElement | null, doc: Document): WidgetConfig {
  const attr = (name: string): string | null => (script ? script.getAttribute("data-" + name) : null);
  const lang = pickLang(attr("lang"), doc.documentElement ? doc.documentElement.getAttribute("lang") : null);
  const t = strings(lang);
  const title = (attr("title") || "").trim() || t.defaultTitle;
  const greetingAttr = attr("greeting");
  // An explicitly empty data-greeting turns the greeting off.
  const greeting = greetingAttr === null ? t.defaultGreeting : greetingAttr.trim();
  const position = (attr("position") || "").trim().toLowerCase() === "left" ? "left" : "right";
  return {
    title,
    color: safeColor(attr("color")),
    greeting,
    position,
    lang,
    host: resolveHost(attr("host"), script ? script.getAttribute("src") : null, doc.location ? doc.location.href : ""),
  };
}

/** document.currentScript, or the last <script> whose src ends in /widget.js. */
export function findScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript;
  if (current && current.tagName === "SCRIPT") return current as HTMLScriptElement;
  const scripts = doc.getElementsByTagName("script");
  for (let i = scripts.length - 1; i >= 0; i--) {
    const src = scripts[i].getAttribute("src") || "";
    if (/(^|\/)widget\.js([?#].*)?$/.test(src)) return scripts[i];
  }
  return null;
}
