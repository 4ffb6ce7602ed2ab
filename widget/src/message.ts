/** Turns whatever the server sent into a well-formed ChatMessage (or drops it). */
import type { Attachment, Author, Button, ChatMessage } from "./types";

const AUTHORS: readonly Author[] = ["customer", "bot", "manager", "system"];

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : null;
}

function buttons(v: unknown): Button[] {
  if (!Array.isArray(v)) return [];
  const out: Button[] = [];
  for (const b of v) {
    if (!isObject(b)) continue;
    const text = str(b.text);
    if (!text) continue;
    out.push({ text, payload: str(b.payload) ?? text });
  }
  return out;
}

function attachments(v: unknown): Attachment[] {
  if (!Array.isArray(v)) return [];
  const out: Attachment[] = [];
  for (const a of v) {
    if (!isObject(a)) continue;
    const item: Attachment = {
      name: str(a.name) || "file",
      content_type: str(a.content_type) || "application/octet-stream",
      url: str(a.url),
    };
    if (typeof a.size === "number") item.size = a.size;
    out.push(item);
  }
  return out;
}

export function normalizeMessage(raw: unknown, fallbackAuthor: Author = "bot"): ChatMessage | null {
  if (!isObject(raw)) return null;
  const id = str(raw.id);
  if (!id) return null;
  const author = AUTHORS.indexOf(raw.author as Author) >= 0 ? (raw.author as Author) : fallbackAuthor;
  const seq = typeof raw.seq === "number" && isFinite(raw.seq) ? raw.seq : null;
  const msg: ChatMessage = {
    id,
    seq,
    author,
    text: str(raw.text) ?? "",
    created_at: str(raw.created_at) ?? new Date().toISOString(),
    buttons: buttons(raw.buttons),
    attachments: attachments(raw.attachments),
  };
  const cmid = str(raw.client_message_id);
  if (cmid) msg.client_message_id = cmid;
  return msg;
}

export function normalizeList(raw: unknown, fallbackAuthor: Author = "bot"): ChatMessage[] {
  const list = Array.isArray(raw)
    ? raw
    : isObject(raw) && Array.isArray(raw.messages)
      ? raw.messages
      : isObject(raw) && Array.isArray(raw.replies)
        ? raw.replies
        : [];
  const out: ChatMessage[] = [];
  for (const item of list) {
    const m = normalizeMessage(item, fallbackAuthor);
    if (m) out.push(m);
  }
  return out;
}

/** A client_message_id: crypto.randomUUID where there is one. */
export function newClientId(): string {
  try {
    const c = (globalThis as { crypto?: Crypto }).crypto;
    if (c && typeof c.randomUUID === "function") return c.randomUUID();
  } catch {
    /* insecure context */
  }
  let s = "";
  for (let i = 0; i < 32; i++) {
    s += Math.floor(Math.random() * 16).toString(16);
    if (i === 7 || i === 11 || i === 15 || i === 19) s += "-";
  }
  return s;
}
