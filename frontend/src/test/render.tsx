// Renders a component the way the app does: a fresh query cache, no retries.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, type RenderResult } from "@testing-library/react";
import type { ReactElement } from "react";
import { vi } from "vitest";

import { useAuth, type Role } from "@/lib/auth";
import type { ChannelInfo } from "@/lib/channels";

export function renderWithClient(ui: ReactElement): RenderResult & { client: QueryClient } {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const result = render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);
  return { ...result, client };
}

export function loginAs(role: Role = "admin"): void {
  useAuth.getState().login("test-token", { id: "u1", email: `${role}@example.com`, full_name: "", role, is_active: true });
}

export interface FakeRoute {
  method?: string;
  path: string | RegExp;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The channels of a server with the website, Telegram and Avito adapters, in its order. */
export const CHANNEL_LIST: ChannelInfo[] = [
  { name: "web", label: "Сайт", label_en: "Website", buttons: true, files: true, typing: true, max_text_length: 4000 },
  { name: "telegram", label: "Telegram", label_en: "Telegram", buttons: true, files: true, typing: true, max_text_length: 4096 },
  { name: "avito", label: "Авито", label_en: "Avito", buttons: false, files: false, typing: false, max_text_length: 1000 },
];

/** GET /api/v1/channels: every stub answers it unless the test gives its own. */
export const CHANNELS_ROUTE: FakeRoute = { path: "/api/v1/channels", body: CHANNEL_LIST };

/** A fetch stub that answers by method and path and records every call (the test's routes first, then CHANNELS_ROUTE). */
export function stubApi(testRoutes: FakeRoute[]) {
  const routes = [...testRoutes, CHANNELS_ROUTE];
  const calls: { method: string; url: string; body: unknown }[] = [];
  const fetchMock = vi.fn(async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    const body = typeof init.body === "string" ? JSON.parse(init.body) : init.body;
    calls.push({ method, url, body });
    const path = url.split("?")[0] ?? url;
    const route = routes.find(
      (r) => (r.method ?? "GET") === method && (typeof r.path === "string" ? r.path === path : r.path.test(path)),
    );
    if (!route) return new Response(JSON.stringify({ error: { code: "not_found", message: "Нет такого адреса." } }), { status: 404 });
    const status = route.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(route.body ?? null), {
      status,
      headers: { "Content-Type": "application/json", ...route.headers },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { calls, fetchMock };
}
