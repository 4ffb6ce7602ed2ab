import type { Choice, Mode } from "./types";

export type Role = "user" | "bot" | "error";

export interface ChatEntry {
  role: Role;
  text: string;
  /** Buttons under a bot answer; only the last answer's are offered. */
  choices?: Choice[];
}

export interface SavedChat {
  conversation_id: string | null;
  mode: Mode | null;
  /** Questions and answers; errors are shown but not kept. */
  messages: ChatEntry[];
}

const VERSION = 1;
/** Older messages are dropped past this many, so localStorage stays small. */
export const MAX_MESSAGES = 200;

export function storageKey(subdomain: string | undefined, userId: number | string | undefined): string {
  return `salesbot-amocrm:v${VERSION}:${subdomain || "-"}:${userId ?? "-"}`;
}

function empty(): SavedChat {
  return { conversation_id: null, mode: null, messages: [] };
}

function isEntry(v: unknown): v is ChatEntry {
  const e = v as ChatEntry;
  return !!e && typeof e === "object" && (e.role === "user" || e.role === "bot") && typeof e.text === "string";
}

/** The history of one amoCRM user (per account and user id) in localStorage. */
export class HistoryStore {
  constructor(
    readonly key: string,
    private readonly storage: Storage | null,
  ) {}

  load(): SavedChat {
    let raw: string | null = null;
    try {
      raw = this.storage?.getItem(this.key) ?? null;
    } catch {
      return empty();
    }
    if (!raw) return empty();
    try {
      const d = JSON.parse(raw) as Partial<SavedChat>;
      return {
        conversation_id: typeof d.conversation_id === "string" && d.conversation_id ? d.conversation_id : null,
        mode: d.mode === "llm" || d.mode === "rules" ? d.mode : null,
        messages: Array.isArray(d.messages) ? d.messages.filter(isEntry).slice(-MAX_MESSAGES) : [],
      };
    } catch {
      return empty();
    }
  }

  save(chat: SavedChat): void {
    const messages = chat.messages.filter((m) => m.role !== "error").slice(-MAX_MESSAGES);
    try {
      this.storage?.setItem(this.key, JSON.stringify({ ...chat, messages }));
    } catch {
      // full or forbidden storage: the chat still works for this page
    }
  }

  clear(): void {
    try {
      this.storage?.removeItem(this.key);
    } catch {
      // as above
    }
  }
}

/** The history as plain text, for the clipboard. */
export function historyText(messages: ChatEntry[], names: Record<Role, string>): string {
  return messages.map((m) => `${names[m.role]}: ${m.text}`).join("\n\n");
}
