/** Client-side checks of attachments against GET /api/v1/widget/config. */
import type { ServerConfig } from "./types";

const EXT_TO_TYPE: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

/** attachment_types may list MIME types or extensions ("pdf", ".pdf"): both become MIME types. */
export function allowedTypes(types: string[]): string[] {
  const out: string[] = [];
  for (const raw of types) {
    const v = raw.trim().toLowerCase();
    const mime = v.indexOf("/") >= 0 ? v : EXT_TO_TYPE[v.replace(/^\./, "")];
    if (mime && out.indexOf(mime) < 0) out.push(mime);
  }
  return out;
}

/** The file input's accept attribute: MIME types and their usual extensions. */
export function acceptAttr(types: string[]): string {
  const mimes = allowedTypes(types);
  const exts = Object.keys(EXT_TO_TYPE)
    .filter((e) => mimes.indexOf(EXT_TO_TYPE[e]) >= 0)
    .map((e) => "." + e);
  return mimes.concat(exts).join(",");
}

function typeOf(file: { name: string; type: string }): string {
  if (file.type) return file.type.toLowerCase();
  const ext = (/\.([a-z0-9]+)$/i.exec(file.name) || [])[1];
  return ext ? EXT_TO_TYPE[ext.toLowerCase()] || "" : "";
}

export type FileProblem = "type" | "size" | "count" | null;

/** What is wrong with adding this file (the server checks again, from the content). */
export function checkFile(file: { name: string; type: string; size: number }, config: ServerConfig, alreadyAttached: number): FileProblem {
  if (alreadyAttached >= config.max_attachments) return "count";
  if (allowedTypes(config.attachment_types).indexOf(typeOf(file)) < 0) return "type";
  if (file.size > config.max_attachment_bytes) return "size";
  return null;
}

export function isImage(contentType: string): boolean {
  return /^image\//i.test(contentType);
}

/** An attachment URL relative to the API host made absolute; null unless it is http(s). */
export function resolveUrl(url: string | null, host: string): string | null {
  if (!url) return null;
  try {
    const u = new URL(url, host + "/");
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

export function formatSize(bytes: number, lang: "ru" | "en"): string {
  const unit = lang === "en" ? ["B", "KB", "MB"] : ["Б", "КБ", "МБ"];
  if (bytes < 1024) return `${bytes} ${unit[0]}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} ${unit[1]}`;
  const mb = (bytes / 1024 / 1024).toFixed(1);
  return `${lang === "en" ? mb : mb.replace(".", ",")} ${unit[2]}`;
}

/** Megabytes for the "larger than N MB" hint: "10", "2,5" (ru) or "2.5" (en). */
export function formatMb(bytes: number, lang: "ru" | "en"): string {
  const v = String(Math.round((bytes / 1024 / 1024) * 10) / 10);
  return lang === "en" ? v : v.replace(".", ",");
}
