import { afterEach, describe, expect, it, vi } from "vitest";
import { AssistantError, backendRoot, errorText, failure, MESSAGES_PATH, parseReply, postMessage, REQUEST_TIMEOUT_MS } from "../src/api";
import { makeTranslator } from "../src/i18n";
import { REPLY, stubHost } from "./helpers";

const t = makeTranslator(undefined);
const BODY = { text: "Что по сделке?", context: { area: "lcard", entity_type: "leads" as const, entity_id: 17657 }, conversation_id: null };

afterEach(() => {
  vi.useRealTimers();
});

describe("backend_url", () => {
  it("becomes the API root without a trailing slash", () => {
    expect(backendRoot("https://bot.example.ru")).toBe("https://bot.example.ru");
    expect(backendRoot(" https://bot.example.ru/ ")).toBe("https://bot.example.ru");
    expect(backendRoot("https://example.ru/salesbot//")).toBe("https://example.ru/salesbot");
    expect(backendRoot("bot.example.ru")).toBe("https://bot.example.ru");
    expect(backendRoot("http://127.0.0.1:8000")).toBe("http://127.0.0.1:8000");
  });

  it("is refused when empty or not a plain web address", () => {
    for (const v of [undefined, null, "", "  ", 42]) expect(() => backendRoot(v)).toThrow(expect.objectContaining({ kind: "no_backend" }));
    for (const v of ["ftp://bot.example.ru", "https://user:pw@bot.example.ru", "https://bot.example.ru/?a=1", "https://bot.example.ru/#x", "https://exa mple.ru"]) {
      expect(() => backendRoot(v)).toThrow(expect.objectContaining({ kind: "bad_backend" }));
    }
  });
});

describe("the request", () => {
  it("goes through $authorizedAjax as JSON, adding no token of its own", async () => {
    const host = stubHost();
    const { promise } = postMessage(host, "https://bot.example.ru", BODY);
    expect(host.$authorizedAjax).toHaveBeenCalledTimes(1);
    const { options, xhr } = host.last();
    expect(options).toEqual({
      url: "https://bot.example.ru/api/v1/amocrm-assistant/messages",
      type: "POST",
      contentType: "application/json",
      dataType: "json",
      data: JSON.stringify(BODY),
      timeout: REQUEST_TIMEOUT_MS,
    });
    expect(MESSAGES_PATH).toBe("/api/v1/amocrm-assistant/messages");
    expect(JSON.stringify(options)).not.toMatch(/X-Auth-Token|Authorization|headers/i);
    xhr.resolve(REPLY);
    await expect(promise).resolves.toEqual(REPLY);
  });

  it("shows the server's error.message", async () => {
    const host = stubHost();
    const { promise } = postMessage(host, "https://bot.example.ru", BODY);
    host.last().xhr.rejectWith(429, "rate_limited", "Слишком много вопросов подряд. Подождите минуту.");
    const error = await promise.catch((e: AssistantError) => e);
    expect(error).toBeInstanceOf(AssistantError);
    expect(error).toMatchObject({ kind: "server", status: 429, code: "rate_limited" });
    expect(errorText(error, t)).toBe("Слишком много вопросов подряд. Подождите минуту.");
  });

  it("reads error.message from the text when jQuery did not parse it", () => {
    const e = failure({ status: 503, responseText: JSON.stringify({ error: { code: "llm_unavailable", message: "Сервис недоступен" } }) }, "error");
    expect(errorText(e, t)).toBe("Сервис недоступен");
  });

  it.each([401, 403, 422, 429, 503, 504])("names the status %i when the body has no message", (status) => {
    const e = failure({ status, responseText: "<html>Bad gateway</html>" }, "error");
    expect(errorText(e, t)).toBe(`Salesbot ответил ошибкой (код ${status}). Пожалуйста, попробуйте ещё раз чуть позже.`);
  });

  it("says it could not reach Salesbot when the browser got no answer (CORS, network)", async () => {
    const host = stubHost();
    const { promise } = postMessage(host, "https://bot.example.ru", BODY);
    host.last().xhr.reject({ status: 0 }, "error", "");
    expect(errorText(await promise.catch((e) => e), t)).toMatch(/^Не удалось связаться с Salesbot\./);
  });

  it("refuses a 200 body that breaks the contract", async () => {
    for (const bad of [null, "text", { reply: "x" }, { ...REPLY, mode: "gpt" }, { ...REPLY, conversation_id: "" }, { ...REPLY, reply: 5 }]) {
      const host = stubHost();
      const { promise } = postMessage(host, "https://bot.example.ru", BODY);
      host.last().xhr.resolve(bad);
      await expect(promise).rejects.toMatchObject({ kind: "bad_response" });
    }
    // jQuery's parsererror on a 200 that is not JSON
    expect(failure({ status: 200, responseText: "<html>" }, "parsererror").kind).toBe("bad_response");
  });

  it("drops malformed choices and keeps a missing list empty", () => {
    expect(parseReply({ ...REPLY, choices: [{ label: "A", text: "a" }, { label: "B" }, "x", { text: "c", label: "" }] }).choices).toEqual([
      { label: "A", text: "a" },
      { label: "c", text: "c" },
    ]);
    expect(parseReply({ reply: "ok", mode: "rules", conversation_id: "c" }).choices).toEqual([]);
  });

  it("gives up after 20 s, aborts the request and ignores a late answer", async () => {
    vi.useFakeTimers();
    const host = stubHost();
    const { promise } = postMessage(host, "https://bot.example.ru", BODY);
    const caught = promise.catch((e) => e);
    vi.advanceTimersByTime(REQUEST_TIMEOUT_MS - 1);
    expect(host.last().xhr.abort).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    const error = await caught;
    expect(error).toMatchObject({ kind: "timeout" });
    expect(errorText(error, t)).toBe("Salesbot не ответил за 20 секунд. Пожалуйста, попробуйте ещё раз чуть позже.");
    expect(host.last().xhr.abort).toHaveBeenCalled();
    host.last().xhr.resolve(REPLY); // too late: nothing happens
  });

  it("maps jQuery's own timeout the same way", () => {
    expect(failure({ status: 0 }, "timeout").kind).toBe("timeout");
  });

  it("cancel() aborts and the promise never settles", async () => {
    const host = stubHost();
    const req = postMessage(host, "https://bot.example.ru", BODY);
    const seen = vi.fn();
    req.promise.then(seen, seen);
    req.cancel();
    host.last().xhr.resolve(REPLY);
    await Promise.resolve();
    await Promise.resolve();
    expect(seen).not.toHaveBeenCalled();
    expect(host.last().xhr.abort).toHaveBeenCalled();
  });

  it("a $authorizedAjax that throws is a network error", async () => {
    const host = stubHost();
    host.$authorizedAjax = () => {
      throw new Error("no jQuery");
    };
    await expect(postMessage(host, "https://bot.example.ru", BODY).promise).rejects.toMatchObject({ kind: "network" });
  });
});
