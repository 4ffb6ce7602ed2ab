/** The chat session in localStorage (`salesbot:<host>:session`) and small per-host preferences. */
import type { Session } from "./types";

/** localStorage, or nothing when the browser refuses it (privacy modes, sandboxed frames). */
export function safeStorage(): Storage | null {
  try {
    const s = window.localStorage;
    const probe = "salesbot:probe";
    s.setItem(probe, "1");
    s.removeItem(probe);
    return s;
  } catch {
    return null;
  }
}

export class SessionStore {
  private memory: Record<string, string> = {};

  constructor(
    private readonly host: string,
    private readonly storage: Storage | null,
  ) {}

  key(name: string): string {
    return `salesbot:${this.host}:${name}`;
  }

  get(name: string): string | null {
    const key = this.key(name);
    try {
      if (this.storage) return this.storage.getItem(key);
    } catch {
      /* fall back to memory */
    }
    return key in this.memory ? this.memory[key] : null;
  }

  set(name: string, value: string | null): void {
    const key = this.key(name);
    if (value === null) delete this.memory[key];
    else this.memory[key] = value;
    try {
      if (!this.storage) return;
      if (value === null) this.storage.removeItem(key);
      else this.storage.setItem(key, value);
    } catch {
      /* quota or privacy mode: the memory copy serves this page */
    }
  }

  load(): Session | null {
    const raw = this.get("session");
    if (!raw) return null;
    try {
      const v = JSON.parse(raw) as Partial<Session>;
      if (v && typeof v.session_id === "string" && v.session_id && typeof v.token === "string" && v.token) {
        return { session_id: v.session_id, token: v.token };
      }
    } catch {
      /* corrupted: treated as none */
    }
    this.set("session", null);
    return null;
  }

  save(session: Session): void {
    this.set("session", JSON.stringify({ session_id: session.session_id, token: session.token }));
  }

  /** Forget the session and everything tied to its conversation. */
  clear(): void {
    this.set("session", null);
    this.set("seen", null);
  }

  /** Highest seq the visitor has seen with the window open (drives the unread badge after a reload). */
  seenSeq(): number | null {
    const v = Number(this.get("seen"));
    return this.get("seen") !== null && isFinite(v) ? v : null;
  }

  saveSeenSeq(seq: number): void {
    this.set("seen", String(seq));
  }

  soundOn(): boolean {
    return this.get("sound") !== "off";
  }

  saveSound(on: boolean): void {
    this.set("sound", on ? "on" : "off");
  }
}

/** Error codes that mean the stored session is gone for good: drop it and start a new one. */
export const SESSION_GONE = ["invalid_chat_token", "chat_session_not_found"];

export function isSessionGone(code: string | undefined): boolean {
  return !!code && SESSION_GONE.indexOf(code) >= 0;
}
