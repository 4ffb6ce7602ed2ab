import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { storageKey } from "../src/store";
import { STYLE_ID } from "../src/ui/styles";
import { createWidget, REVEAL_MS } from "../src/widget";
import { REPLY, flush, stubHost, type StubHost } from "./helpers";

function motion(reduce: boolean): void {
  window.matchMedia = ((q: string) => ({ matches: reduce && q.includes("reduce"), media: q })) as unknown as typeof window.matchMedia;
}

/** amoCRM's sequence on a page: the constructor, then render, init and bind_actions. */
function start(host: StubHost = stubHost()) {
  const widget = createWidget(host);
  const cb = widget.callbacks!;
  expect([cb.render(), cb.init(), cb.bind_actions()]).toEqual([true, true, true]);
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector(sel) as T;
  const qa = (sel: string) => Array.from(document.querySelectorAll<HTMLElement>(sel));
  const launcher = q<HTMLButtonElement>(".sbamo-launcher");
  const dialog = q(".sbamo-dialog");
  const input = q<HTMLTextAreaElement>(".sbamo-input");
  const sendButton = q<HTMLButtonElement>(".sbamo-send");
  const button = (label: string) => qa("button").find((b) => b.textContent === label) as HTMLButtonElement;
  const bubbles = () => qa(".sbamo-msg").map((m) => [m.dataset.role, m.textContent]);
  const status = () => q("[data-testid=sbamo-status]").textContent;
  const badge = () => q("[data-testid=sbamo-mode]");
  const key = (el: Element, k: string, extra: KeyboardEventInit = {}) =>
    el.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...extra }));
  const ask = (text: string) => {
    input.value = text;
    key(input, "Enter");
  };
  return { host, widget, cb, launcher, dialog, input, sendButton, button, bubbles, status, badge, key, ask, qa };
}

beforeEach(() => {
  motion(true);
  window.APP = { data: { current_card: { id: 17657 } } };
});
afterEach(() => {
  document.body.innerHTML = "";
  document.head.innerHTML = "";
  localStorage.clear();
  delete window.APP;
  vi.useRealTimers();
});

describe("amoCRM callbacks", () => {
  it("all answer true; render is idempotent; destroy removes the launcher and its style", () => {
    const { cb } = start();
    expect(cb.settings()).toBe(true);
    expect(cb.onSave()).toBe(true);
    expect(cb.render()).toBe(true);
    expect(document.querySelectorAll(".sbamo-root")).toHaveLength(1);
    expect(document.querySelectorAll(`#${STYLE_ID}`)).toHaveLength(1);
    expect(cb.destroy()).toBe(true);
    expect(document.querySelector(".sbamo-root")).toBeNull();
    expect(document.getElementById(STYLE_ID)).toBeNull();
    expect(cb.render()).toBe(true);
    expect(document.querySelectorAll(".sbamo-root")).toHaveLength(1);
  });

  it("never throws into amoCRM", () => {
    const host = stubHost();
    host.system = () => {
      throw new Error("boom");
    };
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { cb, launcher } = start(host);
    expect(launcher).not.toBeNull();
    expect(cb.destroy()).toBe(true);
  });

  it("styles live in one <style> whose every rule is scoped by the prefix", () => {
    start();
    const css = document.getElementById(STYLE_ID)!.textContent!;
    const selectors = css.split("}").map((r) => r.split("{")[0].trim()).filter(Boolean);
    expect(selectors.length).toBeGreaterThan(10);
    for (const s of selectors) for (const part of s.split(",")) expect(part.trim()).toMatch(/^\.sbamo-root/);
    expect(css).not.toMatch(/@import|url\(/);
  });
});

describe("the window", () => {
  it("is a labelled dialog that opens from the round button and focuses the input", () => {
    const { launcher, dialog, input } = start();
    expect(launcher.getAttribute("aria-label")).toBe("Открыть помощника Salesbot");
    expect(launcher.getAttribute("aria-expanded")).toBe("false");
    expect(dialog.hidden).toBe(true);
    expect(dialog.getAttribute("role")).toBe("dialog");
    const title = document.getElementById(dialog.getAttribute("aria-labelledby")!)!;
    expect(title.textContent).toBe("Помощник Salesbot");
    launcher.click();
    expect(dialog.hidden).toBe(false);
    expect(launcher.getAttribute("aria-expanded")).toBe("true");
    expect(document.activeElement).toBe(input);
    expect(input.maxLength).toBe(2000); // the back end's limit
  });

  it("closes on Escape without letting amoCRM see it, and gives focus back", () => {
    const { launcher, dialog, input, key } = start();
    const amocrm = vi.fn();
    document.addEventListener("keydown", amocrm);
    launcher.click();
    key(input, "Escape");
    expect(dialog.hidden).toBe(true);
    expect(document.activeElement).toBe(launcher);
    expect(amocrm).not.toHaveBeenCalled();
    document.removeEventListener("keydown", amocrm);
  });

  it("every button has an aria-label", () => {
    const { host, launcher, ask, qa } = start();
    launcher.click();
    ask("Что по сделке?");
    host.last().xhr.resolve(REPLY);
    return flush().then(() => {
      const buttons = qa("button");
      expect(buttons.length).toBe(1 + 1 + 1 + 2 + 2); // launcher, close, send, copy+clear, two choices
      for (const b of buttons) expect(b.getAttribute("aria-label")).toBeTruthy();
      expect(qa("[role=log]")).toHaveLength(1);
    });
  });

  it("greets when the history is empty", () => {
    const { bubbles, status, badge } = start();
    expect(bubbles()).toEqual([["greeting", expect.stringMatching(/^Здравствуйте!/)]]);
    expect(status()).toBe("Жду вашего вопроса");
    expect(badge().hidden).toBe(true);
  });
});

describe("asking", () => {
  it("sends the question with the card's context and shows the answer, the mode and the choices", async () => {
    const { host, launcher, input, ask, bubbles, status, badge, qa } = start();
    launcher.click();
    ask("  Что по сделке?  ");
    expect(input.value).toBe("");
    expect(host.last().body).toEqual({
      text: "Что по сделке?",
      context: { area: "lcard", entity_type: "leads", entity_id: 17657 },
      conversation_id: null,
    });
    expect(host.last().options.url).toBe("https://bot.example.ru/api/v1/amocrm-assistant/messages");
    expect(status()).toBe("Думаю…");
    host.last().xhr.resolve(REPLY);
    await flush();
    expect(status()).toBe("Жду вашего вопроса");
    expect(bubbles()).toEqual([
      ["user", "Что по сделке?"],
      ["bot", REPLY.reply],
    ]);
    expect(badge().hidden).toBe(false);
    expect(badge().textContent).toBe("ИИ-режим");
    const choices = qa(".sbamo-choice");
    expect(choices.map((c) => c.textContent)).toEqual(["Показать задачи", "Создать задачу"]);
    expect(qa("[role=group]")[0].getAttribute("aria-label")).toBe("Варианты ответа");
  });

  it("a choice sends its text with the conversation id; old choices go away", async () => {
    const { host, launcher, ask, qa, bubbles, badge } = start();
    launcher.click();
    ask("Что по сделке?");
    host.last().xhr.resolve(REPLY);
    await flush();
    qa(".sbamo-choice")[1].click();
    expect(host.requests).toHaveLength(2);
    expect(host.last().body).toMatchObject({ text: "Создай задачу на завтра", conversation_id: "conv-1" });
    expect(qa(".sbamo-choice")).toHaveLength(0);
    host.last().xhr.resolve({ reply: "Готово.", mode: "rules", choices: [], conversation_id: "conv-1" });
    await flush();
    expect(bubbles().slice(-2)).toEqual([
      ["user", "Создай задачу на завтра"],
      ["bot", "Готово."],
    ]);
    expect(badge().textContent).toBe("Без ИИ: понимаю простые запросы");
    expect(badge().dataset.mode).toBe("rules");
  });

  it("Enter sends, Shift+Enter does not, the send button does, empty text never", () => {
    const { host, launcher, input, key, sendButton } = start();
    launcher.click();
    input.value = "строка 1";
    const shift = new KeyboardEvent("keydown", { key: "Enter", shiftKey: true, bubbles: true, cancelable: true });
    input.dispatchEvent(shift);
    expect(shift.defaultPrevented).toBe(false);
    expect(host.requests).toHaveLength(0);
    input.value = "   ";
    key(input, "Enter");
    sendButton.click();
    expect(host.requests).toHaveLength(0);
    input.value = "строка 1\nстрока 2";
    sendButton.click();
    expect(host.requests).toHaveLength(1);
    expect(host.last().body.text).toBe("строка 1\nстрока 2");
  });

  it("one question at a time: sending waits for the answer", async () => {
    const { host, launcher, ask, sendButton } = start();
    launcher.click();
    ask("Первый");
    expect(sendButton.disabled).toBe(true);
    ask("Второй");
    expect(host.requests).toHaveLength(1);
    host.last().xhr.resolve(REPLY);
    await flush();
    expect(sendButton.disabled).toBe(false);
    ask("Второй");
    expect(host.requests).toHaveLength(2);
  });

  it("sends the area it is asked in, with no entity outside a card", () => {
    const { host, launcher, ask } = start(stubHost({ area: "llist", amouser_id: 42, subdomain: "example" }));
    launcher.click();
    ask("Сколько сделок?");
    expect(host.last().body.context).toEqual({ area: "llist", entity_type: null, entity_id: null });
  });

  it("reads the area and the card at each question (amoCRM changes them without a reload)", async () => {
    const { host, launcher, ask } = start();
    launcher.click();
    host.systemInfo = { ...host.systemInfo, area: "ccard" };
    window.APP = { data: { current_card: { id: 99 } } };
    ask("Кто это?");
    expect(host.last().body.context).toEqual({ area: "ccard", entity_type: "contacts", entity_id: 99 });
  });

  it("shows Отвечаю… while the answer appears", async () => {
    motion(false);
    vi.useFakeTimers();
    const { host, launcher, ask, status, bubbles, qa } = start();
    launcher.click();
    ask("Что по сделке?");
    host.last().xhr.resolve(REPLY);
    await flush();
    expect(status()).toBe("Отвечаю…");
    expect(qa(".sbamo-choice")).toHaveLength(0);
    expect(bubbles()[1][1]!.length).toBeLessThan(REPLY.reply.length);
    vi.advanceTimersByTime(REVEAL_MS + 100);
    expect(status()).toBe("Жду вашего вопроса");
    expect(bubbles()[1]).toEqual(["bot", REPLY.reply]);
    expect(qa(".sbamo-choice")).toHaveLength(2);
  });
});

describe("errors", () => {
  it("shows the server's message in the chat and lets the manager ask again", async () => {
    const { host, launcher, ask, bubbles, status, sendButton } = start();
    launcher.click();
    ask("Что по сделке?");
    host.last().xhr.rejectWith(503, "assistant_unavailable", "Помощник временно недоступен.");
    await flush();
    expect(bubbles().slice(-1)).toEqual([["error", "Помощник временно недоступен."]]);
    expect(status()).toBe("Жду вашего вопроса");
    expect(sendButton.disabled).toBe(false);
  });

  it("says when Salesbot cannot be reached", async () => {
    const { host, launcher, ask, bubbles } = start();
    launcher.click();
    ask("Что по сделке?");
    host.last().xhr.reject({ status: 0 }, "error");
    await flush();
    expect(bubbles().slice(-1)[0][1]).toMatch(/^Не удалось связаться с Salesbot/);
  });

  it("times out after 20 s with a clear message", async () => {
    vi.useFakeTimers();
    const { host, launcher, ask, bubbles, status } = start();
    launcher.click();
    ask("Что по сделке?");
    vi.advanceTimersByTime(20_000);
    await flush();
    expect(bubbles().slice(-1)).toEqual([["error", "Salesbot не ответил за 20 секунд. Пожалуйста, попробуйте ещё раз чуть позже."]]);
    expect(status()).toBe("Жду вашего вопроса");
    expect(host.last().xhr.abort).toHaveBeenCalled();
  });

  it("asks for the server address when backend_url is not set, without a request", () => {
    const { host, launcher, ask, bubbles } = start(stubHost(undefined, ""));
    launcher.click();
    ask("Привет");
    expect(host.requests).toHaveLength(0);
    expect(bubbles().slice(-1)[0]).toEqual(["error", "Не указан адрес сервера Salesbot. Администратор может задать его в настройках виджета."]);
  });
});

describe("history", () => {
  async function converse(s: ReturnType<typeof start>) {
    s.launcher.click();
    s.ask("Что по сделке?");
    s.host.last().xhr.resolve(REPLY);
    await flush();
  }

  it("is kept in localStorage per amoCRM user and comes back after a reload", async () => {
    const first = start(stubHost({ area: "lcard", amouser_id: 42, subdomain: "example" }));
    await converse(first);
    const saved = JSON.parse(localStorage.getItem(storageKey("example", 42))!);
    expect(saved.conversation_id).toBe("conv-1");
    expect(saved.messages).toHaveLength(2);
    first.cb.destroy();

    const again = start(stubHost({ area: "lcard", amouser_id: 42, subdomain: "example" }));
    expect(again.bubbles()).toEqual([
      ["user", "Что по сделке?"],
      ["bot", REPLY.reply],
    ]);
    expect(again.badge().textContent).toBe("ИИ-режим");
    again.launcher.click();
    again.ask("И ещё");
    expect(again.host.last().body.conversation_id).toBe("conv-1");
    again.cb.destroy();

    const other = start(stubHost({ area: "lcard", amouser_id: 7, subdomain: "example" }));
    expect(other.bubbles()).toEqual([["greeting", expect.any(String)]]);
    other.launcher.click();
    other.ask("Привет");
    expect(other.host.last().body.conversation_id).toBeNull();
  });

  it("errors are shown but not kept", async () => {
    const s = start();
    s.launcher.click();
    s.ask("Что по сделке?");
    s.host.last().xhr.rejectWith(429, "rate_limited", "Слишком часто.");
    await flush();
    const saved = JSON.parse(localStorage.getItem(storageKey("example", 42))!);
    expect(saved.messages.map((m: { role: string }) => m.role)).toEqual(["user"]);
  });

  it("Очистить empties the chat, the storage and the conversation", async () => {
    const s = start();
    await converse(s);
    s.button("Очистить").click();
    expect(s.bubbles()).toEqual([["greeting", expect.any(String)]]);
    expect(s.badge().hidden).toBe(true);
    expect(localStorage.getItem(storageKey("example", 42))).toBeNull();
    expect(document.activeElement).toBe(s.input);
    s.ask("Новый вопрос");
    expect(s.host.last().body.conversation_id).toBeNull();
  });

  it("Очистить while waiting drops the answer that comes later", async () => {
    const s = start();
    s.launcher.click();
    s.ask("Что по сделке?");
    const xhr = s.host.last().xhr;
    s.button("Очистить").click();
    expect(xhr.abort).toHaveBeenCalled();
    xhr.resolve(REPLY);
    await flush();
    expect(s.bubbles()).toEqual([["greeting", expect.any(String)]]);
    expect(s.status()).toBe("Жду вашего вопроса");
  });

  it("Копировать puts the history as text on the clipboard", async () => {
    const writeText = vi.fn(async (_: string) => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const s = start();
    await converse(s);
    s.button("Копировать").click();
    await flush();
    expect(writeText).toHaveBeenCalledWith(`Вы: Что по сделке?\n\nSalesbot: ${REPLY.reply}`);
    expect(document.querySelector(".sbamo-notice")!.textContent).toBe("История скопирована");
  });

  it("Копировать says so when the clipboard refuses", async () => {
    Object.defineProperty(navigator, "clipboard", { value: { writeText: vi.fn(async () => Promise.reject(new Error("denied"))) }, configurable: true });
    document.execCommand = vi.fn(() => false);
    const s = start();
    await converse(s);
    s.button("Копировать").click();
    await flush(10);
    expect(document.querySelector(".sbamo-notice")!.textContent).toBe("Не удалось скопировать историю");
  });

  it("survives a broken or full localStorage", async () => {
    localStorage.setItem(storageKey("example", 42), "{not json");
    const s = start();
    expect(s.bubbles()).toEqual([["greeting", expect.any(String)]]);
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("full", "QuotaExceededError");
    });
    await converse(s);
    expect(s.bubbles()).toHaveLength(2);
  });
});
