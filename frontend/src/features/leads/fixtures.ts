// Test data for the leads pages.
import type { Lead, LeadBooking, LeadDetail, Payment, TrackerCard } from "./types";

export function lead(id: string, overrides: Partial<Lead> = {}): Lead {
  return {
    id,
    conversation_id: `conv-${id}`,
    status: "qualified",
    source: "web",
    product: "ai-manager",
    quote_id: null,
    amount: "350000.00",
    tags: [],
    created_at: "2026-11-20T09:00:00Z",
    updated_at: "2026-11-21T12:30:00Z",
    channel: "web",
    contact: { name: "Анна Петрова", phone: "+79990001122", email: "anna@example.ru" },
    ...overrides,
  };
}

export function leadDetail(id: string): LeadDetail {
  return {
    lead: lead(id, { status: "quote_sent" }),
    brief: { industry: "Ритейл", users: 30, hosting: "onprem" },
    quotes: [
      {
        id: "q1",
        created_at: "2026-11-20T10:00:00Z",
        product: "ai-manager",
        recommended: "optimum",
        total: "350000",
        valid_until: "2026-12-20",
        packages: [
          { code: "start", name: "Старт", total: "150000" },
          { code: "optimum", name: "Оптимум", total: "350000" },
          { code: "enterprise", name: "Enterprise", total: "900000" },
        ],
      },
    ],
    documents: [{ id: "d1", kind: "offer", number: "КП-2026-0042", created_at: "2026-11-20T10:05:00Z", url: "/api/v1/files/d1?signature=abc" }],
    timeline: [
      { at: "2026-11-20T09:00:00Z", kind: "lead_created", actor: null, summary: "Лид создан (сайт)", data: {} },
      { at: "2026-11-20T10:00:00Z", kind: "quote", actor: null, summary: "Расчёт: ИИ-Менеджер, рекомендуемый пакет — 350 000 ₽", data: {} },
      { at: "2026-11-20T11:00:00Z", kind: "lead_status", actor: "olga@example.ru", summary: "Статус: квалифицирован → расчёт отправлен", data: {} },
    ],
  };
}

export function payment(id: string, overrides: Partial<Payment> = {}): Payment {
  return {
    id,
    provider: "yookassa",
    attempt: 1,
    amount: "350000.00",
    package: "Оптимум",
    status: "pending",
    cancellation_reason: null,
    created_at: "2026-11-21T10:00:00Z",
    paid_at: null,
    ...overrides,
  };
}

export function booking(id: string, overrides: Partial<LeadBooking> = {}): LeadBooking {
  return {
    id,
    starts_at: "2026-11-25T11:00:00Z",
    ends_at: "2026-11-25T12:00:00Z",
    manager: "olga@example.ru",
    status: "booked",
    confirmed_at: null,
    ...overrides,
  };
}

export function trackerCard(service: string, overrides: Partial<TrackerCard> = {}): TrackerCard {
  return {
    service,
    url: null,
    synced_at: null,
    error: null,
    ...overrides,
  };
}
