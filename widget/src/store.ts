/**
 * The conversation as the widget knows it: server messages merged without duplicates and in
 * seq order, the visitor's own messages while they are being sent, local system lines, and
 * the unread count.
 */
import type { Attachment, Author, ChatMessage } from "./types";

export type LocalStatus = "pending" | "sent" | "failed";

export interface Entry extends ChatMessage {
  /** Only for messages that exist in this browser alone (being sent, failed, local notices). */
  local?: { status: LocalStatus; error?: string; attachment_ids: string[]; client_message_id: string };
  /** Sort key: the seq, or for messages without one the highest seq when they were added… */
  anchor: number;
  /** …then the order they were added in (0 for messages with a seq). */
  order: number;
  /** Bumped on every change, so the UI redraws only what changed. */
  version: number;
}

const INCOMING: readonly Author[] = ["bot", "manager"];

export function isIncoming(m: { author: Author }): boolean {
  return INCOMING.indexOf(m.author) >= 0;
}

export class MessageStore {
  private items = new Map<string, Entry>();
  private counter = 0;
  private versions = 0;
  /** Highest server seq seen. */
  lastSeq = 0;
  /** Highest seq the visitor has seen with the window open. */
  seenSeq = 0;
  /** The company has read the conversation up to this seq. */
  readSeq = 0;

  constructor(seenSeq = 0) {
    this.seenSeq = seenSeq;
  }

  private put(m: ChatMessage, local?: Entry["local"], keepPlaceOf?: Entry): Entry {
    const hasSeq = m.seq !== null;
    const entry: Entry = {
      ...m,
      anchor: hasSeq ? (m.seq as number) : keepPlaceOf ? keepPlaceOf.anchor : this.lastSeq,
      order: hasSeq ? 0 : keepPlaceOf ? keepPlaceOf.order : ++this.counter,
      version: ++this.versions,
    };
    if (local) entry.local = local;
    this.items.set(m.id, entry);
    if (hasSeq && (m.seq as number) > this.lastSeq) this.lastSeq = m.seq as number;
    return entry;
  }

  /** A local copy of the visitor's message that the server will confirm by client_message_id or text. */
  private findLocalTwin(m: ChatMessage): Entry | undefined {
    let best: Entry | undefined;
    this.items.forEach((e) => {
      if (!e.local || e.author !== "customer") return;
      const same = m.client_message_id
        ? e.local.client_message_id === m.client_message_id
        : e.text.trim() === m.text.trim();
      if (same && (!best || e.order < best.order)) best = e;
    });
    return best;
  }

  /** Merges server messages; returns those that were new to this browser. */
  merge(messages: ChatMessage[]): ChatMessage[] {
    const added: ChatMessage[] = [];
    for (const m of messages) {
      const known = this.items.get(m.id);
      if (known) {
        if (known.text !== m.text || known.seq !== m.seq || known.attachments.length !== m.attachments.length || known.buttons.length !== m.buttons.length) {
          this.put({ ...m, seq: m.seq ?? known.seq }, known.local, known);
        }
        continue;
      }
      if (m.author === "customer") {
        const twin = this.findLocalTwin(m);
        if (twin) {
          this.items.delete(twin.id);
          this.put(m);
          continue;
        }
      }
      this.put(m);
      added.push(m);
    }
    return added;
  }

  /** The visitor's message, shown at once while it is being sent. */
  addPending(text: string, client_message_id: string, attachments: Attachment[] = [], attachment_ids: string[] = []): Entry {
    return this.put(
      {
        id: `local:${client_message_id}`,
        seq: null,
        author: "customer",
        text,
        created_at: new Date().toISOString(),
        buttons: [],
        attachments,
      },
      { status: "pending", attachment_ids, client_message_id },
    );
  }

  /** The server stored the message: it replaces the local copy (or the copy stays, marked sent). */
  confirm(localId: string, server: ChatMessage | null): void {
    const local = this.items.get(localId);
    if (server) {
      if (local) this.items.delete(localId);
      if (this.items.has(server.id)) {
        this.versions++;
        return;
      }
      this.put(server, undefined, local);
      return;
    }
    if (local && local.local) this.put(local, { ...local.local, status: "sent", error: undefined }, local);
  }

  fail(localId: string, error: string): void {
    const e = this.items.get(localId);
    if (e && e.local) this.put(e, { ...e.local, status: "failed", error }, e);
  }

  retrying(localId: string): Entry | undefined {
    const e = this.items.get(localId);
    if (e && e.local) return this.put(e, { ...e.local, status: "pending", error: undefined }, e);
    return undefined;
  }

  /** A line from the widget itself (manager joined, an error event…), never sent anywhere. */
  addSystem(text: string): Entry {
    const id = `local:system:${++this.counter}`;
    return this.put(
      { id, seq: null, author: "system", text, created_at: new Date().toISOString(), buttons: [], attachments: [] },
      { status: "sent", attachment_ids: [], client_message_id: id },
    );
  }

  get(id: string): Entry | undefined {
    return this.items.get(id);
  }

  list(): Entry[] {
    const all: Entry[] = [];
    this.items.forEach((e) => all.push(e));
    return all.sort((a, b) => a.anchor - b.anchor || a.order - b.order);
  }

  /** Incoming messages with a seq the visitor has not seen yet. */
  unreadCount(): number {
    let n = 0;
    this.items.forEach((e) => {
      if (isIncoming(e) && e.seq !== null && e.seq > this.seenSeq) n++;
    });
    return n;
  }

  /** The visitor looked at everything; returns true if that changed anything. */
  markSeen(): boolean {
    if (this.seenSeq >= this.lastSeq) return false;
    this.seenSeq = this.lastSeq;
    return true;
  }

  setReadSeq(seq: number): void {
    if (seq > this.readSeq) {
      this.readSeq = seq;
      this.items.forEach((e) => {
        if (e.author === "customer" && e.seq !== null && e.seq <= seq) e.version = ++this.versions;
      });
    }
  }

  reset(): void {
    this.items.clear();
    this.lastSeq = this.seenSeq = this.readSeq = 0;
  }

  get size(): number {
    return this.items.size;
  }
}
