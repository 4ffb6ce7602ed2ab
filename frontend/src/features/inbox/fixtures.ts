// Test data for the inbox: rows, a conversation and a fake socket.
import type { Emitter } from "./useInboxLive";
import type { ConversationDetail, ConversationItem } from "./types";

export function row(id: string, overrides: Partial<ConversationItem> = {}): ConversationItem {
  return {
    id,
    channel: "web",
    owner: "bot",
    language: "ru",
    created_at: "2026-11-22T07:00:00Z",
    last_message_at: "2026-11-22T08:00:00Z",
    closed_at: null,
    close_reason: null,
    external_chat_id: `chat-${id}`,
    stage: "brief",
    product: "ai-manager",
    contact_name: null,
    last_message: { author: "customer", text: "Здравствуйте", created_at: "2026-11-22T08:00:00Z" },
    unread: 0,
    handoff_requested: false,
    handoff_reason: null,
    lead_id: null,
    lead_status: null,
    read_seq: 0,
    undelivered: 0,
    ...overrides,
  };
}

export function detail(id: string, overrides: Partial<ConversationDetail> = {}): ConversationDetail {
  return {
    id,
    channel: "web",
    owner: "bot",
    stage: "quote",
    product: "ai-manager",
    brief: { industry: "Ритейл", users: 30, integrations: 2, hosting: "cloud", sla: "99.5", systems: ["1С", "amoCRM"] },
    contact: { name: "Анна", phone: "+79990001122", email: null },
    quote: {
      id: "q1",
      recommended: "optimum",
      packages: [
        { code: "start", name: "Старт", total: "150000" },
        { code: "optimum", name: "Оптимум", total: "350000" },
        { code: "enterprise", name: "Enterprise", total: "900000" },
      ],
    },
    documents: [],
    lead_id: "lead-1",
    lead_status: "qualified",
    handoff: null,
    messages: [
      { id: "m1", seq: 10, author: "customer", text: "Сколько стоит?", created_at: "2026-11-22T08:00:00Z" },
      {
        id: "m2",
        seq: 11,
        author: "bot",
        text: "Старт — от 150 000 ₽.",
        created_at: "2026-11-22T08:00:05Z",
        metadata: { sources: [{ document: "faq/pricing.md", title: "Цены", score: 0.71, excerpt: "Пакет Старт стоит 150 000 ₽." }] },
      },
    ],
    ...overrides,
  };
}

/** A socket stand-in: `emit` calls the listeners the hook registered. */
export class FakeSocket implements Emitter {
  listeners = new Map<string, Set<(...args: never[]) => void>>();

  on(event: string, listener: (...args: never[]) => void) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)?.add(listener);
    return this;
  }

  off(event: string, listener: (...args: never[]) => void) {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  emit(event: string, payload?: unknown) {
    for (const listener of this.listeners.get(event) ?? []) (listener as (value: unknown) => void)(payload);
  }
}
