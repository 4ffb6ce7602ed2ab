import { afterEach, describe, expect, it, vi } from "vitest";

import { api, ApiError, apiPage, withQuery } from "@/lib/api";
import { useAuth } from "@/lib/auth";

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

afterEach(() => {
  vi.unstubAllGlobals();
  useAuth.getState().logout();
});

describe("withQuery", () => {
  it("drops empty values and encodes the rest", () => {
    expect(withQuery("/leads", { q: "Анна +7", status: "", channel: undefined, limit: 50, unread: false })).toBe(
      "/leads?q=%D0%90%D0%BD%D0%BD%D0%B0+%2B7&limit=50&unread=false",
    );
    expect(withQuery("/leads")).toBe("/leads");
  });
});

describe("api", () => {
  it("sends the token and parses JSON", async () => {
    useAuth.getState().login("secret-token", { id: "1", email: "a@b.ru", full_name: "", role: "admin", is_active: true });
    const fetchMock = vi.fn(async () => json({ ok: 1 }));
    vi.stubGlobal("fetch", fetchMock);
    await expect(api("/auth/me")).resolves.toEqual({ ok: 1 });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/v1/auth/me");
    expect((init.headers as Record<string, string>).Authorization).toBe("Bearer secret-token");
  });

  it("turns the error body into an ApiError with code and message", async () => {
    vi.stubGlobal("fetch", async () => json({ error: { code: "lead_not_found", message: "Лид не найден.", details: { id: 1 } } }, 404));
    const error = (await api("/leads/x").catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.code, error.message, error.details]).toEqual([404, "lead_not_found", "Лид не найден.", { id: 1 }]);
  });

  it("logs out on 401", async () => {
    useAuth.getState().login("old", { id: "1", email: "a@b.ru", full_name: "", role: "manager", is_active: true });
    vi.stubGlobal("fetch", async () => json({ error: { code: "not_authenticated", message: "Войдите снова." } }, 401));
    await expect(api("/auth/me")).rejects.toMatchObject({ code: "not_authenticated" });
    expect(useAuth.getState().token).toBeNull();
  });

  it("reports a network failure in Russian", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(api("/leads")).rejects.toMatchObject({ code: "network_error", status: 0 });
  });

  it("reads the total of a page from X-Total-Count", async () => {
    vi.stubGlobal("fetch", async () => json([{ id: 1 }, { id: 2 }], 200, { "X-Total-Count": "57" }));
    await expect(apiPage("/leads")).resolves.toEqual({ items: [{ id: 1 }, { id: 2 }], total: 57 });
  });
});
