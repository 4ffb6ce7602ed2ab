import { describe, expect, it, vi } from "vitest";
import { ApiError, HttpApi, toApiError } from "../src/api";

function response(status: number, body: unknown): Response {
  return new Response(body === undefined ? "" : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

describe("HTTP API", () => {
  it("parses the error shape into ApiError", async () => {
    const fetchFn = vi.fn(async () =>
      response(403, { error: { code: "origin_not_allowed", message: "Этот сайт не может встраивать чат.", details: { origin: "https://evil.ru" } } }),
    );
    const api = new HttpApi("https://api.x.ru", fetchFn as unknown as typeof fetch);
    const err = await api.config().catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 403, code: "origin_not_allowed", message: "Этот сайт не может встраивать чат.", details: { origin: "https://evil.ru" } });
    expect(fetchFn).toHaveBeenCalledWith("https://api.x.ru/api/v1/widget/config", expect.objectContaining({ method: "GET", credentials: "omit" }));
  });

  it("turns network failures and foreign bodies into typed errors", async () => {
    const down = new HttpApi("https://api.x.ru", (async () => {
      throw new TypeError("Failed to fetch");
    }) as unknown as typeof fetch);
    await expect(down.createSession()).rejects.toMatchObject({ status: 0, code: "network_error" });
    expect(toApiError(502, "<html>Bad gateway</html>")).toMatchObject({ status: 502, code: "http_502" });
  });

  it("fills missing config fields with defaults", async () => {
    const api = new HttpApi("", (async () => response(200, { allowed: true, max_message_length: 500 })) as unknown as typeof fetch);
    const cfg = await api.config();
    expect(cfg.max_message_length).toBe(500);
    expect(cfg.max_attachments).toBeGreaterThan(0);
    expect(cfg.attachment_types).toContain("application/pdf");
  });

  it("sends a message with the bearer token and normalizes the replies", async () => {
    const fetchFn = vi.fn(async (_url: string, _init: RequestInit) =>
      response(200, { replies: [{ id: "r1", text: "Ответ", buttons: [{ text: "Облако", payload: "облако" }], attachments: [] }] }),
    );
    const api = new HttpApi("https://api.x.ru", fetchFn as unknown as typeof fetch);
    const out = await api.send({ session_id: "s/1", token: "tok" }, { text: "Привет", client_message_id: "c1" });
    const [url, init] = fetchFn.mock.calls[0];
    expect(url).toBe("https://api.x.ru/api/v1/chat/sessions/s%2F1/messages");
    expect((init.headers as Record<string, string>).Authorization).toBe("Bearer tok");
    expect(JSON.parse(init.body as string)).toEqual({ text: "Привет", client_message_id: "c1" });
    expect(out).toEqual([
      expect.objectContaining({ id: "r1", author: "bot", seq: null, text: "Ответ", buttons: [{ text: "Облако", payload: "облако" }] }),
    ]);
  });

  it("reads the history as a list or as {messages}", async () => {
    const list = [{ id: "1", seq: 1, author: "customer", text: "a", created_at: "2026-11-22T10:00:00Z" }];
    for (const body of [list, { messages: list }]) {
      const api = new HttpApi("", (async () => response(200, body)) as unknown as typeof fetch);
      expect(await api.history({ session_id: "s", token: "t" })).toEqual([
        { id: "1", seq: 1, author: "customer", text: "a", created_at: "2026-11-22T10:00:00Z", buttons: [], attachments: [] },
      ]);
    }
  });

  it("maps 401 invalid_chat_token to its code", async () => {
    const api = new HttpApi("", (async () => response(401, { error: { code: "invalid_chat_token", message: "Нужен токен" } })) as unknown as typeof fetch);
    await expect(api.history({ session_id: "s", token: "bad" })).rejects.toMatchObject({ status: 401, code: "invalid_chat_token" });
  });
});
